package dev.go4j.runtime;

import dev.go4j.Chan;
import dev.go4j.DeadlockError;
import dev.go4j.Go;
import dev.go4j.internal.sched.G;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import static dev.go4j.Go.go;
import static org.junit.jupiter.api.Assertions.*;

/** go4j's JFR events, recorded with the settings of go4j.jfc and read back from the file. */
@Timeout(120)
class JfrTest {

    /** With no recording, the events are off: the hot paths see isEnabled() false. */
    @Test
    void offWithoutARecording() {
        assertFalse(new dev.go4j.internal.jfr.GoroutinePark().isEnabled());
        assertFalse(new dev.go4j.internal.jfr.GoroutineCreate().isEnabled());
    }

    @Test
    void eventsAreRecordedWithGo4jJfc() throws Exception {
        Configuration go4j = Configuration.create(Path.of("src/main/resources/go4j.jfc"));
        assertEquals("false", go4j.getSettings().get("go4j.GoroutineCreate#enabled"), "off even in go4j.jfc");
        assertEquals("true", go4j.getSettings().get("go4j.GoroutinePark#enabled"));
        Path file = Files.createTempFile("go4j", ".jfr");
        var runtime = new AtomicLong();
        var deadRuntime = new AtomicLong();
        try (Recording r = new Recording(go4j)) {
            r.enable("go4j.GoroutinePark").withThreshold(java.time.Duration.ZERO);
            r.enable("go4j.GoroutineCreate"); // off in go4j.jfc: costly per goroutine
            r.enable("go4j.GoroutineEnd");
            r.start();
            Go.run(() -> {
                runtime.set(G.current().sched().runtimeId());
                var ch = Chan.<Integer>make();
                var parked = new java.util.concurrent.ConcurrentLinkedQueue<G>();
                for (int i = 0; i < 5; i++) go(() -> { parked.add(G.current()); ch.recv(); });
                while (parked.size() < 5 || !parked.stream().allMatch(g -> g.waitReason().text().equals("chan receive"))) Go.gosched();
                for (int i = 0; i < 5; i++) ch.send(i);
                Go.gomaxprocs(3);
                var release = new java.util.concurrent.atomic.AtomicBoolean(); // spun on: the carrier stays blocked
                var done = Chan.<Boolean>make(1);
                long handoffs = dev.go4j.internal.sched.SchedCounters.of(G.current().sched()).handoffs();
                go(() -> {
                    try {
                        Go.blocking(() -> { while (!release.get()) Thread.onSpinWait(); return null; });
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                    done.send(true);
                });
                while (dev.go4j.internal.sched.SchedCounters.of(G.current().sched()).handoffs() == handoffs) Go.gosched();
                release.set(true);
                assertTrue(done.recv());
                // every other goroutine has ended (its end event is written before it counts as gone)
                while (Go.numGoroutine() > 1) Go.gosched();
            });
            assertThrows(DeadlockError.class, () -> Go.run(() -> {
                deadRuntime.set(G.current().sched().runtimeId());
                Chan.<Integer>make().recv();
            }));
            r.stop();
            r.dump(file);
        }
        try {
            List<RecordedEvent> events = RecordingFile.readAllEvents(file);
            long rt = runtime.get();
            assertEquals(7, count(events, "go4j.GoroutineCreate", rt), "main, 5 receivers, the blocker");
            assertEquals(7, count(events, "go4j.GoroutineEnd", rt));
            List<RecordedEvent> parks = events.stream().filter(e -> e.getEventType().getName().equals("go4j.GoroutinePark")
                    && e.getLong("runtime") == rt && e.getString("reason").equals("chan receive")).toList();
            assertTrue(parks.size() >= 5, "each receiver parked: " + parks.size());
            RecordedEvent park = parks.getFirst();
            assertTrue(park.getStackTrace().getFrames().stream().anyMatch(f -> f.getMethod().getName().contains("eventsAreRecordedWithGo4jJfc")),
                    "a park has the goroutine's stack");
            assertEquals("go4j", park.getEventType().getCategoryNames().getFirst());
            RecordedEvent procs = events.stream().filter(e -> e.getEventType().getName().equals("go4j.GomaxprocsChange")
                    && e.getLong("runtime") == rt).findFirst().orElseThrow();
            assertEquals(3, procs.getInt("newProcs"));
            assertTrue(count(events, "go4j.ProcHandoff", rt) >= 1, "the blocked goroutine's P was handed off");
            assertEquals(1, count(events, "go4j.Deadlock", deadRuntime.get()));
            assertEquals(1, events.stream().filter(e -> e.getEventType().getName().equals("go4j.Deadlock")
                    && e.getLong("runtime") == deadRuntime.get()).findFirst().orElseThrow().getInt("goroutines"));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * JFR initialized only after a runtime started (the usual jcmd JFR.start case): until
     * then go4j never touches its event classes (initializing one initializes JFR, about
     * 100 ms of start-up), and from then on its events are recorded. A fresh JVM, since
     * this one's JFR is already initialized.
     */
    @Test
    void aRecordingStartedWhileARuntimeRunsGetsGo4jsEvents() throws Exception {
        String javaCmd = ProcessHandle.current().info().command().orElseThrow();
        List<String> cmd = new java.util.ArrayList<>(List.of(javaCmd));
        cmd.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-")).toList());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), LateRecording.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertEquals("before: jfr false, switch false\nafter: switch true, parks 3, creates 3\n", out);
    }

    /** Run by the child JVM of {@link #aRecordingStartedWhileARuntimeRunsGetsGo4jsEvents}. */
    public static final class LateRecording {
        public static void main(String[] args) throws Exception {
            Path file = Files.createTempFile("go4j-late", ".jfr");
            var runtime = new AtomicLong();
            Go.run(() -> {
                runtime.set(G.current().sched().runtimeId());
                Go.gomaxprocs(1);
                // a goroutine that parks: every hook ran once with JFR off
                var warm = Chan.<Integer>make();
                go(() -> warm.send(1));
                warm.recv();
                System.out.println("before: jfr " + jdk.jfr.FlightRecorder.isInitialized()
                        + ", switch " + dev.go4j.internal.jfr.JfrSwitch.on());
                try (Recording r = new Recording(Configuration.create(Path.of("src/main/resources/go4j.jfc")))) {
                    r.enable("go4j.GoroutinePark").withThreshold(java.time.Duration.ZERO);
                    r.enable("go4j.GoroutineCreate");
                    r.start();
                    // One park a round: main in its receive, or (if sysmon preempted main at
                    // the go statement, after the slow recording set-up) the sender in its send.
                    var ch = Chan.<Integer>make();
                    for (int i = 0; i < 3; i++) {
                        go(() -> ch.send(1));
                        ch.recv();
                    }
                    // a sender that parked commits its event when it runs again
                    while (Go.numGoroutine() > 1) Go.gosched();
                    r.stop();
                    r.dump(file);
                } catch (java.io.IOException | java.text.ParseException e) {
                    throw new RuntimeException(e);
                }
            });
            List<RecordedEvent> events = RecordingFile.readAllEvents(file);
            Files.deleteIfExists(file);
            long rt = runtime.get();
            long parks = events.stream().filter(e -> e.getEventType().getName().equals("go4j.GoroutinePark")
                    && e.getLong("runtime") == rt && (e.getString("reason").equals("chan receive") || e.getString("reason").equals("chan send"))).count();
            System.out.println("after: switch " + dev.go4j.internal.jfr.JfrSwitch.on() + ", parks " + parks
                    + ", creates " + count(events, "go4j.GoroutineCreate", rt));
        }
    }

    static long count(List<RecordedEvent> events, String type, long runtime) {
        return events.stream().filter(e -> e.getEventType().getName().equals(type) && e.getLong("runtime") == runtime).count();
    }
}
