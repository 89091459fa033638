package dev.go4j.runtime;

import dev.go4j.Chan;
import dev.go4j.Go;
import dev.go4j.internal.jmx.JmxPublisher;
import dev.go4j.internal.sched.G;
import dev.go4j.internal.sched.GStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.management.Attribute;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicReference;

import static dev.go4j.Go.go;
import static org.junit.jupiter.api.Assertions.*;

/** Each runtime is an MXBean on the platform MBean server, as JConsole and VisualVM see it. */
@Timeout(60)
class JmxTest {
    static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();

    static Object attr(ObjectName n, String a) {
        try {
            return SERVER.getAttribute(n, a);
        } catch (Exception e) {
            throw new AssertionError(a, e);
        }
    }

    static Object invoke(ObjectName n, String op, int arg) {
        try {
            return SERVER.invoke(n, op, new Object[] {arg}, new String[] {"int"});
        } catch (Exception e) {
            throw new AssertionError(op, e);
        }
    }

    static void set(ObjectName n, String a, Object v) throws Exception {
        SERVER.setAttribute(n, new Attribute(a, v));
    }

    static long parks(ObjectName n, String reason) {
        TabularData t = (TabularData) attr(n, "ParksByWaitReason");
        CompositeData row = t.get(new Object[] {reason});
        return row == null ? 0 : (Long) row.get("value");
    }

    @Test
    void runtimeMBeanShowsGaugesCountersAndDumpAndGoesAwayWithTheRuntime() throws Exception {
        var nameRef = new AtomicReference<ObjectName>();
        Go.run(() -> {
            long id = G.current().sched().runtimeId();
            ObjectName name = JmxPublisher.runtimeName(id);
            nameRef.set(name);
            JmxPublisher.sync();
            assertTrue(SERVER.isRegistered(name), name.toString());
            assertEquals(name.toString(), "dev.go4j:type=Runtime,id=" + id);
            assertEquals(false, attr(name, "Default"));

            // NumGoroutine and parks by reason, with goroutines that are surely parked
            final int n = 20;
            var ch = Chan.<Integer>make();
            var gs = new java.util.concurrent.ConcurrentLinkedQueue<G>();
            long before = parks(name, "chan receive");
            long created = (Long) attr(name, "GoroutinesCreated");
            for (int i = 0; i < n; i++) go(() -> { gs.add(G.current()); ch.recv(); });
            while (gs.size() < n || !gs.stream().allMatch(g -> g.status() == GStatus.WAITING)) Go.gosched();
            assertEquals(n + 1, attr(name, "NumGoroutine"));
            assertEquals(created + n, (Long) attr(name, "GoroutinesCreated"));
            assertTrue(parks(name, "chan receive") >= before + n, "every receiver parked once at least");
            String dump = (String) invoke(name, "dump", 1);
            assertTrue(dump.startsWith("goroutine profile: total " + (n + 1) + "\n" + n + " [chan receive]:\n"), dump);
            for (int i = 0; i < n; i++) ch.send(i);

            // scheduling latency: one bucket a power of two of microseconds; a ping-pong
            // of 1000 round trips readies each side once a trip, one ready in 64 is timed
            var ping = Chan.<Integer>make();
            var pong = Chan.<Integer>make();
            go(() -> { for (int i = 0; i < 1000; i++) pong.send(ping.recv()); });
            for (int i = 0; i < 1000; i++) { ping.send(i); pong.recv(); }
            long[] bounds = (long[]) attr(name, "SchedLatencyBoundsMicros");
            assertEquals(24, bounds.length);
            assertEquals(1, bounds[0]);
            assertEquals(Long.MAX_VALUE, bounds[23]);
            long[] lat = (long[]) attr(name, "SchedLatencies");
            assertEquals(24, lat.length);
            assertTrue(java.util.Arrays.stream(lat).sum() >= 1000 / 64 - 2, java.util.Arrays.toString(lat));

            // GOMAXPROCS is settable; the per-P queue lengths follow it
            try {
                set(name, "GOMAXPROCS", 3);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            assertEquals(3, Go.gomaxprocs(0));
            assertEquals(3, ((int[]) attr(name, "LocalRunQueues")).length);
            var bad = assertThrows(Exception.class, () -> set(name, "GOMAXPROCS", 0));
            assertTrue(String.valueOf(rootCause(bad).getMessage()).contains("not 0"), rootCause(bad).toString());
            for (String a : new String[] {"Threads", "IdleThreads", "SpinningThreads", "IdleProcs", "RunQueue"}) {
                assertTrue((Integer) attr(name, a) >= 0, a);
            }

            // a goroutine that spins gets preemption requests from sysmon
            var stop = new java.util.concurrent.atomic.AtomicBoolean();
            var spun = Chan.<Boolean>make(1);
            go(() -> { while (!stop.get()) Go.checkpoint(); spun.send(true); });
            while ((Long) attr(name, "Preemptions") == 0) Go.gosched();
            stop.set(true);
            assertTrue(spun.recv());

            // a goroutine blocked in Go.blocking loses its P to another M
            var release = new java.util.concurrent.atomic.AtomicBoolean(); // spun on: the carrier stays blocked
            var blocked = Chan.<Boolean>make(1);
            long handoffs = (Long) attr(name, "Handoffs");
            go(() -> {
                try {
                    Go.blocking(() -> { while (!release.get()) Thread.onSpinWait(); return null; });
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
                blocked.send(true);
            });
            while ((Long) attr(name, "Handoffs") == handoffs) Go.gosched();
            release.set(true);
            assertTrue(blocked.recv());

            // the process-wide bean lists this runtime and dumps it
            ObjectName global = JmxPublisher.goroutinesName();
            long[] ids = (long[]) attr(global, "RuntimeIds");
            assertTrue(java.util.Arrays.stream(ids).anyMatch(x -> x == id));
            String all = (String) invoke(global, "dump", 2);
            assertTrue(all.contains("JmxTest.lambda$runtimeMBeanShowsGaugesCountersAndDumpAndGoesAwayWithTheRuntime"), all);
        });
        JmxPublisher.sync();
        assertFalse(SERVER.isRegistered(nameRef.get()), "the bean goes when the runtime ends");
    }

    static Throwable rootCause(Throwable t) {
        while (t.getCause() != null) t = t.getCause();
        return t;
    }
}
