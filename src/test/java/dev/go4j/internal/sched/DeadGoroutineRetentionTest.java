package dev.go4j.internal.sched;

import dev.go4j.Chan;
import dev.go4j.Go;
import dev.go4j.Select;
import dev.go4j.Unit;
import dev.go4j.context.Context;
import dev.go4j.sync.Mutex;
import dev.go4j.sync.WaitGroup;
import dev.go4j.time.Time;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.go4j.Select.recv;
import static org.junit.jupiter.api.Assertions.*;

/**
 * A goroutine that has ended keeps nothing of its user's data reachable: not its task,
 * not what it sent or received. Two places held dead G's, and through them their
 * virtual threads and the threads' tasks: an M's list of goroutines (for dumps and
 * deadlock detection), which that M sweeps only as it lists more and an idle M never
 * does, and a run queue's slots, which kept the G's that had left them. Found in a heap
 * histogram of Jetty under go4j: 880 ended threads reachable, 64 of them holding their
 * connections' 96 KB parser tables (6 MB the JDK's scheduler freed).
 *
 * <p>Each case makes N goroutines that each hold a payload only they reference, lets them
 * park at least once and end, drops every reference the test holds, and then asks for
 * collections until each payload's weak reference is cleared (bounded: 30 s).
 */
@Timeout(120)
class DeadGoroutineRetentionTest {
    static final int N = 64;
    static final int PAYLOAD = 64 * 1024;

    @Test
    void adoptedThreadsReleaseTheirTasks() {
        Go.run(() -> {
            List<WeakReference<byte[]>> refs = startAndEndChildThreads();
            assertAllCleared(refs, "payload captured by an ended child virtual thread's task");
        });
    }

    /** Child virtual threads that each capture a payload, park on a channel, and end. */
    private static List<WeakReference<byte[]>> startAndEndChildThreads() {
        List<WeakReference<byte[]>> refs = new ArrayList<>();
        Chan<Integer> go = Chan.make();
        Chan<Integer> done = Chan.make();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            byte[] payload = tracked(refs);
            payload[0] = (byte) i;
            threads.add(Thread.ofVirtual().start(() -> {
                int k = go.recv(); // parks: the G is listed on its M
                done.send(payload[0] + k);
            }));
        }
        long sum = 0;
        for (int i = 0; i < N; i++) go.send(1);
        for (int i = 0; i < N; i++) sum += done.recv();
        assertEquals(N + (long) N * (N - 1) / 2, sum);
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        return refs;
    }

    @Test
    void goroutinesReleaseWhatTheyReceivedAndCaptured() {
        Go.run(() -> {
            List<WeakReference<byte[]>> refs = runGoroutinesThatReceive();
            assertAllCleared(refs, "payload received or captured by an ended goroutine");
        });
    }

    /** Goroutines that receive a payload (parking first), lock a Mutex, and end. */
    private static List<WeakReference<byte[]>> runGoroutinesThatReceive() {
        List<WeakReference<byte[]>> refs = new ArrayList<>();
        Chan<byte[]> in = Chan.make();
        Mutex mu = new Mutex();
        WaitGroup wg = new WaitGroup();
        long[] total = new long[1];
        for (int i = 0; i < N; i++) {
            byte[] captured = tracked(refs);
            wg.go(() -> {
                byte[] got = in.recv(); // parks: the G is listed on its M
                mu.lock();
                total[0] += got.length + captured.length;
                mu.unlock();
            });
        }
        mu.lock(); // held while the goroutines arrive: some park on it too
        for (int i = 0; i < N; i++) in.send(tracked(refs));
        mu.unlock();
        wg.await();
        assertEquals(2L * N * PAYLOAD, total[0]);
        return refs;
    }

    @Test
    void goroutinesThatSleptSelectedAndTimedOutReleaseTheirData() {
        Go.run(() -> {
            List<WeakReference<byte[]>> refs = runGoroutinesThatWait();
            assertAllCleared(refs, "payload of an ended goroutine that slept, selected or timed out");
        });
    }

    /**
     * Goroutines that wait in the ways that leave timers and select cases behind: a sleep,
     * a select that times out, a select won by a send, a context that times out.
     */
    private static List<WeakReference<byte[]>> runGoroutinesThatWait() {
        List<WeakReference<byte[]>> refs = new ArrayList<>();
        WaitGroup wg = new WaitGroup();
        Chan<byte[]> in = Chan.make();
        Chan<Unit> never = Chan.make();
        long[] total = new long[1];
        Mutex mu = new Mutex();
        for (int i = 0; i < N; i++) {
            byte[] captured = tracked(refs);
            int kind = i % 4;
            wg.go(() -> {
                long got = 0;
                switch (kind) {
                    case 0 -> Time.sleep(Duration.ofMillis(1));
                    case 1 -> {
                        var r = Select.of(recv(never), recv(Time.after(Duration.ofMillis(1))));
                        if (r.from(never)) throw new AssertionError("never sends");
                    }
                    case 2 -> {
                        var r = Select.of(recv(in), recv(never), recv(Time.after(Duration.ofMinutes(5))));
                        got = r.value(in).length;
                    }
                    default -> {
                        var ctx = Context.withTimeout(Context.background(), Duration.ofMillis(1));
                        try {
                            ctx.done().recv();
                        } finally {
                            ctx.cancel();
                        }
                    }
                }
                mu.lock();
                total[0] += captured.length + got;
                mu.unlock();
            });
        }
        for (int i = 0; i < N / 4; i++) in.send(tracked(refs));
        wg.await();
        assertEquals((long) N * PAYLOAD + (long) (N / 4) * PAYLOAD, total[0]);
        return refs;
    }

    /** A 64 KB payload that only the caller will reference, watched through refs. */
    private static byte[] tracked(List<WeakReference<byte[]>> refs) {
        byte[] p = new byte[PAYLOAD];
        refs.add(new WeakReference<>(p));
        return p;
    }

    private static void assertAllCleared(List<WeakReference<byte[]>> refs, String what) {
        boolean cleared = BoundedWait.until(() -> {
            System.gc();
            return refs.stream().allMatch(r -> r.get() == null);
        });
        long kept = refs.stream().filter(r -> r.get() != null).count();
        assertTrue(cleared, kept + " of " + refs.size() + " still reachable: " + what);
    }
}
