package dev.go4j;

import dev.go4j.runtime.Goroutines;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static dev.go4j.Go.go;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Taking a goroutine's stack must never look like a deadlock. {@code Thread.getStackTrace}
 * of a parked virtual thread suspends it for the sample (JDK 25); a wake-up that arrives
 * meanwhile is only recorded, and the sampling thread resubmits the goroutine afterwards.
 * In that window the woken goroutine still looks parked with nothing queued, so when its
 * waker parks too and every M goes to sleep, checkdead saw "all goroutines are asleep"
 * while one was about to run (found as a rare DeadlockError in the ping-pong benchmark,
 * where sysmon took the sample).
 *
 * <p>Here a plain thread takes stacks without pause, through go4j's dump and through
 * {@code Thread.getStackTrace} directly (as {@code jcmd Thread.dump_to_file} does), while
 * two goroutines ping-pong at GOMAXPROCS 2; every round trip must complete.
 */
@Timeout(120)
class StackSampleDeadlockTest {
    private static final int ROUNDS = 100_000;
    /**
     * The sampler stops by itself before the class timeout: a test that hangs is
     * interrupted, not unwound, and a sampler left running would fail the tests after it.
     */
    private static final long SAMPLER_NS = 100_000_000_000L;

    @RepeatedTest(3)
    void stackSamplesDuringPingPongAreNoDeadlock() throws Exception {
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong samples = new AtomicLong();
        ConcurrentLinkedQueue<Thread> goroutines = new ConcurrentLinkedQueue<>();
        Thread sampler = Thread.ofPlatform().daemon(true).name("stack-sampler").start(() -> {
            int i = 0;
            long end = System.nanoTime() + SAMPLER_NS;
            while (!done.get() && System.nanoTime() < end) {
                if (i++ % 8 == 0) Goroutines.dump();
                for (Thread t : goroutines) t.getStackTrace();
                samples.incrementAndGet();
            }
        });
        long[] got = new long[1];
        try {
            Go.run(() -> {
                int old = Go.gomaxprocs(2);
                try {
                    Chan<Integer> ping = Chan.make(), pong = Chan.make();
                    goroutines.add(Thread.currentThread());
                    go(() -> {
                        goroutines.add(Thread.currentThread());
                        for (int i = 0; i < ROUNDS; i++) pong.send(ping.recv() + 1);
                    });
                    long sum = 0;
                    for (int i = 0; i < ROUNDS; i++) {
                        ping.send(i);
                        sum += pong.recv() - i;
                    }
                    got[0] = sum;
                } finally {
                    Go.gomaxprocs(old);
                }
            });
        } finally {
            done.set(true);
            sampler.join();
        }
        assertEquals(ROUNDS, got[0], "every round trip adds exactly one");
        assertTrue(samples.get() > 0, "the sampler ran");
    }

    /**
     * A real deadlock is still reported while stacks are being taken without pause. Ten
     * rounds: at GOMAXPROCS 4 on two cores, 6c71795's code hung in 2 of 40 (a duplicate
     * run marked a parked goroutine RUNNING), so three rarely caught it.
     */
    @RepeatedTest(10)
    void realDeadlockIsReportedDespiteStackSamples() throws Exception {
        AtomicBoolean done = new AtomicBoolean();
        ConcurrentLinkedQueue<Thread> goroutines = new ConcurrentLinkedQueue<>();
        Thread sampler = Thread.ofPlatform().daemon(true).name("stack-sampler").start(() -> {
            long end = System.nanoTime() + SAMPLER_NS;
            while (!done.get() && System.nanoTime() < end) {
                Goroutines.dump();
                for (Thread t : goroutines) t.getStackTrace();
            }
        });
        try {
            DeadlockError e = assertThrows(DeadlockError.class, () -> Go.run(() -> {
                Chan<Integer> never = Chan.make();
                for (int i = 0; i < 4; i++) go(() -> { goroutines.add(Thread.currentThread()); never.recv(); });
                goroutines.add(Thread.currentThread());
                never.send(-1); // one receiver takes it; main then blocks on the next send
                never.send(-2);
                never.send(-3);
                never.send(-4);
                never.send(-5);
            }));
            assertTrue(e.dump().contains("goroutine 1 [chan send]:"), e.dump());
        } finally {
            done.set(true);
            sampler.join();
        }
    }
}
