package dev.go4j.runtime;

import dev.go4j.Chan;
import dev.go4j.Go;
import dev.go4j.internal.sched.G;
import dev.go4j.internal.sched.GStatus;
import dev.go4j.internal.trace.TraceEvent;
import dev.go4j.internal.trace.TraceFile;
import dev.go4j.internal.trace.TraceModel;
import dev.go4j.internal.trace.TraceSwitch;
import dev.go4j.tool.TraceCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static dev.go4j.Go.go;
import static org.junit.jupiter.api.Assertions.*;

/** The execution trace: what a known program records, and what ./go4j trace makes of it. */
@Timeout(60)
class TraceTest {

    /**
     * A known program at GOMAXPROCS 2: goroutine A parks on a channel until main, goroutine 1,
     * wakes it; 8 workers spin a little. The runtime starts with two P's (the property, not
     * {@code Go.gomaxprocs(2)} inside it): one started with the machine's count may run main
     * on P3 before any resize, and the trace then rightly has that lane too (found on
     * {@code -Dgo4j.maxprocs=4}, as on any machine with more than two CPUs).
     */
    static long[] knownProgram() {
        String old = System.getProperty("go4j.maxprocs");
        System.setProperty("go4j.maxprocs", "2");
        try {
            return knownProgramRun();
        } finally {
            if (old == null) System.clearProperty("go4j.maxprocs"); else System.setProperty("go4j.maxprocs", old);
        }
    }

    private static long[] knownProgramRun() {
        var runtime = new AtomicLong();
        var a = new AtomicLong();
        Go.run(() -> {
            assertEquals(2, Go.gomaxprocs(0), "started at two P's");
            runtime.set(G.current().sched().runtimeId());
            var ch = Chan.<Integer>make();
            var done = Chan.<Boolean>make();
            var gA = new G[1];
            go(() -> { gA[0] = G.current(); a.set(Go.goid()); ch.recv(); done.send(true); });
            // parked for real: its virtual thread unmounted (not just about to park), and its
            // M done with it, so its stop is in the trace before main's wake-up (the M records
            // the stop after the unmount, then clears curg)
            while (gA[0] == null || gA[0].status() != GStatus.WAITING || gA[0].thread().getState() != Thread.State.WAITING
                    || java.util.Arrays.stream(G.current().sched().allm()).anyMatch(m -> m.curg() == gA[0])) Go.gosched();
            ch.send(1);
            done.recv();
            // The workers yield until goroutines have run on both P's (P1's M may take longer to
            // start than 800 yields take on P0), so the trace has two P lanes; bounded.
            var wg = new dev.go4j.sync.WaitGroup();
            var seen = new java.util.concurrent.atomic.AtomicInteger(); // bit i: something ran on P i
            for (int i = 0; i < 8; i++) wg.go(() -> {
                for (int k = 0; k < 100 || (seen.get() != 3 && k < 2_000_000); k++) {
                    if (dev.go4j.internal.carrier.CarrierAdapter.currentCarrierThread() instanceof dev.go4j.internal.sched.M m
                            && m.p() != null && m.p().id < 2) seen.getAndUpdate(v -> v | 1 << m.p().id);
                    Go.gosched();
                }
            });
            wg.await();
        });
        return new long[] {runtime.get(), a.get()};
    }

    /** Records the known program into a file; returns {runtime, goid of A}. */
    static long[] recordKnownProgram(Path file) {
        Trace.start(file);
        try {
            return knownProgram();
        } finally {
            Trace.stop();
        }
    }

    @Test
    void recordsCreateParkWakeStartEndWithWakerAndReason() throws Exception {
        Path file = Files.createTempFile("go4j", ".trace");
        try {
            long[] ids = recordKnownProgram(file);
            long rt = ids[0], a = ids[1];
            assertFalse(TraceSwitch.on(), "off again after stop");
            TraceFile t = TraceFile.read(file);
            List<TraceFile.Event> ofA = t.events.stream().filter(e -> e.runtime() == rt && e.goid() == a).toList();
            assertEquals(TraceEvent.GO_CREATE, ofA.getFirst().kind());
            assertEquals(1, ofA.getFirst().arg(), "created by goroutine 1");
            var block = ofA.stream().filter(e -> e.kind() == TraceEvent.GO_BLOCK).findFirst().orElseThrow();
            assertEquals("chan receive", t.reasons.get((int) block.arg()));
            assertTrue(ofA.stream().anyMatch(e -> e.kind() == TraceEvent.GO_UNBLOCK && e.arg() == 1 && e.time() > block.time()),
                    "main woke A after it blocked: " + ofA);
            assertTrue(ofA.stream().filter(e -> e.kind() == TraceEvent.GO_START).count() >= 2, "A ran before and after the park");
            assertEquals(TraceEvent.GO_STOP, ofA.getLast().kind());
            assertEquals(1, ofA.stream().filter(e -> e.kind() == TraceEvent.GO_END).count());
            for (int i = 1; i < t.events.size(); i++) assertTrue(t.events.get(i - 1).time() <= t.events.get(i).time(), "sorted by time");

            TraceModel m = TraceModel.of(t);
            assertEquals(2, m.lanes.stream().filter(l -> l.runtime() == rt && l.kind().equals("P")).count(), "GOMAXPROCS 2: two P lanes");
            assertTrue(m.slices.stream().anyMatch(s -> s.runtime() == rt && s.goid() == a));
            assertTrue(m.arrows.stream().anyMatch(ar -> ar.waker() == 1 && ar.goid() == a), "a wake-up arrow from main to A");
            var stats = m.goroutines.get(rt + "/" + a);
            assertTrue(stats.blocked.getOrDefault("chan receive", 0L) > 0, stats.blocked.toString());
            assertEquals("ended", stats.last);
            assertEquals(10, m.goroutines.keySet().stream().filter(k -> k.startsWith(rt + "/")).count(), "main, A and 8 workers");

            Path[] out = TraceCommand.convert(file);
            String html = Files.readString(out[0]);
            assertFalse(html.matches("(?s).*(src|href)=\"https?:.*"), "the page fetches nothing");
            String json = Files.readString(out[1]);
            assertTrue(json.startsWith("{\"displayTimeUnit\":\"ns\",\"traceEvents\":["), json.substring(0, 80));
            assertTrue(json.contains("\"name\":\"G" + a + "\""), "a slice for A");
            assertTrue(json.contains("\"ph\":\"s\"") && json.contains("\"ph\":\"f\""), "flow arrows");
            Files.deleteIfExists(out[0]);
            Files.deleteIfExists(out[1]);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * A virtual thread a library starts inside a runtime is a goroutine (adopted): the trace
     * shows its whole life, created by its starter and ended, not only its runs. Before, its
     * starts and stops were there but neither end, so the page listed it as never created.
     */
    @Test
    void anAdoptedVirtualThreadIsCreatedAndEndsInTheTrace() throws Exception {
        Path file = Files.createTempFile("go4j", ".trace");
        var runtime = new AtomicLong();
        var child = new AtomicLong();
        var starter = new AtomicLong();
        try {
            Trace.start(file);
            try {
                Go.run(() -> {
                    runtime.set(G.current().sched().runtimeId());
                    starter.set(Go.goid());
                    Thread t = Thread.ofVirtual().start(() -> child.set(Go.goid()));
                    try {
                        t.join(); // before main returns, which would abandon the child
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
            } finally {
                Trace.stop();
            }
            assertNotEquals(0, child.get(), "the child ran as a goroutine");
            TraceFile t = TraceFile.read(file);
            List<TraceFile.Event> ofChild = t.events.stream().filter(e -> e.runtime() == runtime.get() && e.goid() == child.get()).toList();
            assertEquals(TraceEvent.GO_CREATE, ofChild.getFirst().kind(), ofChild.toString());
            assertEquals(starter.get(), ofChild.getFirst().arg(), "created by the goroutine that started it");
            assertEquals(1, ofChild.stream().filter(e -> e.kind() == TraceEvent.GO_END).count(), ofChild.toString());
            assertTrue(ofChild.stream().anyMatch(e -> e.kind() == TraceEvent.GO_START), "it ran");
            assertEquals("ended", TraceModel.of(t).goroutines.get(runtime.get() + "/" + child.get()).last);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void startTwiceIsRefusedAndStopWithoutStartDoesNothing() {
        Trace.stop();
        var sink = new ByteArrayOutputStream();
        Trace.start(sink);
        try {
            assertTrue(Trace.isEnabled());
            var e = assertThrows(IllegalStateException.class, () -> Trace.start(new ByteArrayOutputStream()));
            assertEquals("tracing is already enabled", e.getMessage());
        } finally {
            Trace.stop();
        }
        assertFalse(Trace.isEnabled());
        assertTrue(sink.size() > 0, "stop wrote the trace to the stream");
        Trace.stop();
    }

    @Test
    void aFileThatIsNoTraceIsNamed() throws Exception {
        Path f = Files.createTempFile("not", ".trace");
        try {
            Files.writeString(f, "hello");
            var e = assertThrows(IOException.class, () -> TraceFile.read(f));
            assertTrue(e.getMessage().startsWith(f + " is not a go4j trace"), e.getMessage());
        } finally {
            Files.deleteIfExists(f);
        }
    }
}
