package dev.go4j.internal.sched;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/** The local run queue on its own (Go's runq tests in proc_test.go: TestRunqput etc.). */
@Timeout(60)
class RunQueueTest {
    private final Sched sched = new Sched(false, 1);
    private long ids;

    private G newG() { return new G(sched, ++ids, 0, Runnable.class); }

    @Test
    void fifoOrderWithoutRunnext() {
        RunQueue q = new RunQueue();
        List<G> in = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            G g = newG();
            in.add(g);
            assertNull(q.put(g, false));
        }
        assertEquals(100, q.size());
        for (G g : in) assertSame(g, q.get(null));
        assertNull(q.get(null));
        assertTrue(q.isEmpty());
    }

    @Test
    void runnextRunsFirstAndDisplacedGoesToTail() {
        RunQueue q = new RunQueue();
        G a = newG(), b = newG(), c = newG();
        q.put(a, false);
        q.put(b, true);   // runnext = b
        q.put(c, true);   // runnext = c, b kicked to the tail after a
        boolean[] inherit = new boolean[1];
        assertSame(c, q.get(inherit));
        assertTrue(inherit[0], "a G from runnext inherits the time slice");
        assertSame(a, q.get(inherit));
        assertFalse(inherit[0]);
        assertSame(b, q.get(inherit));
        assertNull(q.get(inherit));
    }

    @Test
    void overflowMovesHalfPlusOneAndKeepsEveryG() {
        RunQueue q = new RunQueue();
        Set<G> all = new HashSet<>();
        for (int i = 0; i < RunQueue.SIZE; i++) {
            G g = newG();
            all.add(g);
            assertNull(q.put(g, false), "ring has room for " + RunQueue.SIZE);
        }
        G extra = newG();
        all.add(extra);
        G batch = q.put(extra, false);
        assertNotNull(batch, "a full ring hands half of itself plus the new G to the global queue");
        Set<G> seen = new HashSet<>();
        List<G> batchList = new ArrayList<>();
        for (G g = batch; g != null; g = g.schedlink) batchList.add(g);
        assertEquals(RunQueue.SIZE / 2 + 1, batchList.size());
        assertSame(extra, batchList.get(batchList.size() - 1), "the new G is last in the batch");
        seen.addAll(batchList);
        for (G g; (g = q.get(null)) != null; ) assertTrue(seen.add(g), "G seen twice");
        assertEquals(all, seen, "no G lost");
    }

    @Test
    void stealTakesHalf() {
        RunQueue victim = new RunQueue(), thief = new RunQueue();
        for (int i = 0; i < 10; i++) victim.put(newG(), false);
        G got = thief.stealFrom(victim, false, null);
        assertNotNull(got);
        assertEquals(5, victim.size());
        assertEquals(4, thief.size(), "one of the five stolen is returned to run");
    }

    @Test
    void stealRunnextOnlyWhenAsked() {
        RunQueue victim = new RunQueue(), thief = new RunQueue();
        G g = newG();
        victim.put(g, true);
        assertNull(thief.stealFrom(victim, false, null));
        assertSame(g, thief.stealFrom(victim, true, null));
        assertTrue(victim.isEmpty());
    }

    /**
     * A G that has left the queue is not kept reachable by it: once the owner has taken
     * what is left, every slot is empty, whether its G was taken by the owner, stolen, or
     * moved to the global queue by an overflow, and across the ring's wrap-around (a dead
     * G would otherwise keep its thread and the user's task alive).
     */
    @Test
    void slotsAGLeftAreClearedByTheOwner() {
        RunQueue q = new RunQueue(), thief = new RunQueue();
        boolean[] inherit = new boolean[1];
        java.util.Random rnd = new java.util.Random(42);
        Set<G> out = new HashSet<>();
        int in = 0;
        for (int round = 0; round < 2_000; round++) {
            int k = rnd.nextInt(40);
            for (int i = 0; i < k; i++, in++) {
                for (G g = q.put(newG(), rnd.nextInt(4) == 0); g != null; g = g.schedlink) assertTrue(out.add(g));
            }
            if (rnd.nextBoolean()) {
                for (G g = thief.stealFrom(q, rnd.nextBoolean(), null); g != null; g = thief.getOwned(inherit)) assertTrue(out.add(g));
            }
            for (int i = rnd.nextInt(40); i > 0; i--) {
                G g = q.getOwned(inherit);
                if (g == null) break;
                assertTrue(out.add(g));
            }
            for (int i = q.headAcquire(), t = q.tailAcquire(); i != t; i++) {
                assertNotNull(q.buf[i & (RunQueue.SIZE - 1)], "queued slot " + i + " was cleared");
            }
        }
        for (G g; (g = q.getOwned(inherit)) != null; ) assertTrue(out.add(g));
        assertEquals(in, out.size(), "every G taken exactly once");
        assertNoSlotHeld(q, "owner");
        assertNoSlotHeld(thief, "thief");
    }

    /**
     * A P whose G's were all stolen, and which then goes idle without its owner taking
     * from it again (handed off by sysmon, or its M found nothing after the thief), keeps
     * no G: pidleput clears what the thieves left, or the stolen G's, once dead, stay
     * reachable for as long as the P idles.
     */
    @Test
    void aPGoingIdleKeepsNoStolenG() {
        P pp;
        sched.lock.lock();
        try {
            pp = sched.idle.pidleget();
        } finally {
            sched.lock.unlock();
        }
        assertNotNull(pp);
        RunQueue thief = new RunQueue();
        for (int i = 0; i < 10; i++) assertNull(pp.runq.put(newG(), false));
        boolean[] inherit = new boolean[1];
        int taken = 0;
        while (!pp.runq.isEmpty()) {
            for (G g = thief.stealFrom(pp.runq, false, pp); g != null; g = thief.getOwned(inherit)) taken++;
        }
        assertEquals(10, taken);
        assertTrue(pp.runq.isEmpty());
        sched.lock.lock();
        try {
            sched.idle.pidleput(pp);
        } finally {
            sched.lock.unlock();
        }
        assertNoSlotHeld(pp.runq, "idle P's");
        assertNoSlotHeld(thief, "thief");
    }

    /**
     * One producer (the owner) puts and gets while two thieves steal: every G is taken
     * exactly once, across many rounds (Go's TestStealOrder / runq stress idea).
     */
    @Test
    void concurrentStealsLoseNothingAndDuplicateNothing() throws Exception {
        final int rounds = 200, perRound = 1000;
        for (int r = 0; r < rounds / 20; r++) {
            RunQueue owner = new RunQueue();
            RunQueue[] thieves = {new RunQueue(), new RunQueue()};
            int total = perRound * 20;
            G[] gs = new G[total];
            for (int i = 0; i < total; i++) gs[i] = newG();
            AtomicInteger[] taken = new AtomicInteger[total];
            for (int i = 0; i < total; i++) taken[i] = new AtomicInteger();
            AtomicBoolean done = new AtomicBoolean();
            CyclicBarrier start = new CyclicBarrier(3);
            long base = gs[0].goid;
            List<Thread> ts = new ArrayList<>();
            for (RunQueue thiefQ : thieves) {
                Thread t = new Thread(() -> {
                    try { start.await(); } catch (Exception e) { throw new RuntimeException(e); }
                    while (true) {
                        boolean finished = done.get();
                        G g = thiefQ.stealFrom(owner, true, null);
                        if (g != null) taken[(int) (g.goid - base)].incrementAndGet();
                        boolean[] it = new boolean[1];
                        for (G h; (h = thiefQ.getOwned(it)) != null; ) taken[(int) (h.goid - base)].incrementAndGet();
                        if (finished && g == null && owner.isEmpty()) break;
                    }
                });
                t.start();
                ts.add(t);
            }
            start.await();
            boolean[] inherit = new boolean[1];
            for (int i = 0; i < total; i++) {
                G batch = owner.put(gs[i], (i & 3) == 0);
                for (G g = batch; g != null; g = g.schedlink) taken[(int) (g.goid - base)].incrementAndGet();
                if ((i & 7) == 0) {
                    G g = owner.getOwned(inherit);
                    if (g != null) taken[(int) (g.goid - base)].incrementAndGet();
                }
            }
            for (G g; (g = owner.getOwned(inherit)) != null; ) taken[(int) (g.goid - base)].incrementAndGet();
            done.set(true);
            for (Thread t : ts) t.join();
            for (int i = 0; i < total; i++) assertEquals(1, taken[i].get(), "G " + i + " taken " + taken[i].get() + " times");
            // A thief whose CAS lost copied slots beyond its own tail; a dead G kept there
            // keeps its thread and the user's task reachable for as long as the P idles.
            assertNoSlotHeld(owner, "owner");
            for (RunQueue thiefQ : thieves) assertNoSlotHeld(thiefQ, "thief");
        }
    }

    private static void assertNoSlotHeld(RunQueue q, String whose) {
        for (int i = 0; i < RunQueue.SIZE; i++) assertNull(q.buf[i], whose + " slot " + i + " still holds a G that left");
    }

    @Test
    void randomOrderVisitsEveryP() {
        for (int n = 1; n <= 64; n++) {
            for (int r = 0; r < 50; r++) {
                int inc = RandomOrder.coprime(n, r * 7919 + n);
                boolean[] seen = new boolean[n];
                int pos = r % n;
                for (int k = 0; k < n; k++, pos = (pos + inc) % n) seen[pos] = true;
                for (boolean b : seen) assertTrue(b, "n=" + n + " inc=" + inc);
            }
        }
    }
}
