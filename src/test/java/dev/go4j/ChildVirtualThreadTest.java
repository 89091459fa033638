package dev.go4j;

import dev.go4j.internal.sched.G;
import dev.go4j.time.Time;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A virtual thread started inside a runtime without an explicit scheduler (the JDK gives it
 * its creator's) is adopted as a goroutine of that runtime: its own goid, the starter as
 * parent, counted by numGoroutine, seen by deadlock detection, its exception a panic.
 */
@Timeout(60)
class ChildVirtualThreadTest {

    /** Waits (yielding) until the runtime's count settles: a G is uncounted just after its body ends. */
    static void awaitNumGoroutine(int n) {
        while (Go.numGoroutine() != n) Time.sleep(Duration.ofMillis(1));
    }

    static void join(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aChildThreadThatSendsLaterIsNoDeadlock() {
        for (int i = 0; i < 20; i++) {
            AtomicLong childGoid = new AtomicLong(-1);
            Go.run(() -> {
                Chan<String> ch = Chan.make();
                Thread.ofVirtual().start(() -> {
                    childGoid.set(Go.goid());
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                    ch.send("hello");
                });
                assertEquals("hello", ch.recv()); // was: DeadlockError (the child was invisible)
            });
            assertTrue(childGoid.get() > 1, "the child is a goroutine: " + childGoid.get());
        }
    }

    @Test
    void childThreadsAreGoroutinesWithTheStarterAsParent() {
        Go.run(() -> {
            Chan<long[]> ids = Chan.make();
            int n = 20;
            for (int i = 0; i < n; i++) {
                Thread.ofVirtual().start(() -> {
                    G g = G.current();
                    ids.send(new long[] {Go.goid(), g.parentGoid});
                });
            }
            Set<Long> seen = new java.util.HashSet<>();
            for (int i = 0; i < n; i++) {
                long[] id = ids.recv();
                assertTrue(id[0] > 1);
                assertEquals(1, id[1], "started by goroutine 1");
                assertTrue(seen.add(id[0]), "goids are unique");
            }
            awaitNumGoroutine(1);
        });
    }

    @Test
    void childrenOfChildrenAreGoroutinesToo() {
        Go.run(() -> {
            Chan<long[]> out = Chan.make();
            Thread.ofVirtual().start(() -> {
                long mine = Go.goid();
                Thread.ofVirtual().start(() -> {
                    Thread.ofVirtual().start(() -> out.send(new long[] {Go.goid(), G.current().parentGoid, 3}));
                    out.send(new long[] {Go.goid(), G.current().parentGoid, 2});
                });
                out.send(new long[] {mine, G.current().parentGoid, 1});
            });
            long[][] byLevel = new long[4][];
            for (int i = 0; i < 3; i++) {
                long[] r = out.recv();
                byLevel[(int) r[2]] = r;
            }
            assertEquals(1, byLevel[1][1]);
            assertEquals(byLevel[1][0], byLevel[2][1], "the grandchild's parent is the child");
            assertEquals(byLevel[2][0], byLevel[3][1]);
            for (int l = 1; l <= 3; l++) assertTrue(byLevel[l][0] > 1);
            awaitNumGoroutine(1);
        });
    }

    @Test
    void aThreadPerTaskExecutorRunsGoroutines() {
        Go.run(() -> {
            int n = 50;
            Chan<Object> gate = Chan.make();
            Set<Long> goids = ConcurrentHashMap.newKeySet();
            try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < n; i++) {
                    ex.submit(() -> {
                        goids.add(Go.goid());
                        gate.recv();
                    });
                }
                // every task blocks on the gate: all of them are live goroutines now
                awaitNumGoroutine(1 + n);
                gate.close();
            } // close() waits for the tasks
            assertEquals(n, goids.size());
            assertFalse(goids.contains(0L), "no task ran outside go4j");
            awaitNumGoroutine(1);
        });
    }

    @Test
    void aChildThatThrowsPanicsTheRun() {
        RuntimeException boom = new RuntimeException("boom");
        GoroutinePanic p = assertThrows(GoroutinePanic.class, () -> Go.run(() -> {
            Thread.ofVirtual().start(() -> {
                throw boom;
            });
            Select.select(); // blocks forever: the panic ends the run
        }));
        assertSame(boom, p.getCause());
    }

    @Test
    void aChildWithItsOwnHandlerKeepsIt() {
        AtomicLong handled = new AtomicLong();
        Go.run(() -> {
            Thread t = Thread.ofVirtual()
                    .uncaughtExceptionHandler((th, e) -> handled.incrementAndGet())
                    .start(() -> {
                        throw new IllegalStateException("handled by its own handler");
                    });
            join(t);
        });
        assertEquals(1, handled.get());
    }

    @Test
    void childrenAtGomaxprocsOne() {
        for (int round = 0; round < 10; round++) {
            Go.run(() -> {
                Go.gomaxprocs(1);
                Chan<Integer> in = Chan.make(), out = Chan.make();
                Thread.ofVirtual().start(() -> {
                    for (Integer v : in) out.send(v + 1);
                    out.close();
                });
                long sum = 0;
                for (int i = 0; i < 1000; i++) {
                    in.send(i);
                    sum += out.recv();
                }
                in.close();
                assertNull(out.recv());
                assertEquals(1000L * 999 / 2 + 1000, sum);
                awaitNumGoroutine(1);
            });
        }
    }

    /**
     * Thread.join returning means the thread has ended, so it is no longer counted: the
     * end is recorded before the JDK releases the joiners, not after the M's last
     * unmount (which left numGoroutine one too high for a moment after the join).
     */
    @Test
    void aJoinedChildIsNoLongerCounted() {
        int[] stale = {0};
        Go.run(() -> {
            int base = Go.numGoroutine();
            for (int i = 0; i < 5000; i++) {
                Thread t = Thread.ofVirtual().start(() -> { });
                join(t);
                if (Go.numGoroutine() != base) stale[0]++;
            }
        });
        assertEquals(0, stale[0], "joins after which numGoroutine still counted the thread");
    }

    @Test
    void aThousandChildren() {
        Go.run(() -> {
            int n = 1000;
            Chan<Integer> results = Chan.make(16);
            List<Thread> ts = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int v = i;
                ts.add(Thread.ofVirtual().start(() -> results.send(v)));
            }
            long sum = 0;
            for (int i = 0; i < n; i++) sum += results.recv();
            assertEquals((long) n * (n - 1) / 2, sum);
            for (Thread t : ts) join(t);
            awaitNumGoroutine(1);
        });
    }

    @Test
    void aChildBlockedForeverIsADeadlock() {
        DeadlockError e = assertThrows(DeadlockError.class, () -> Go.run(() -> {
            Chan<Integer> never = Chan.make();
            Thread.ofVirtual().start(never::recv);
            never.recv();
        }));
        assertTrue(e.getMessage().contains("all goroutines are asleep"), e.getMessage());
    }

    @Test
    void aChildIsInTheDump() {
        Go.run(() -> {
            Chan<Integer> never = Chan.make(), started = Chan.make();
            Thread.ofVirtual().start(() -> {
                started.send(1);
                never.recv();
            });
            started.recv();
            String dump;
            do {
                dump = dev.go4j.runtime.Goroutines.dump();
            } while (!dump.contains("[chan receive]"));
            assertTrue(dump.contains("in goroutine 1"), dump);
            never.close();
        });
    }
}
