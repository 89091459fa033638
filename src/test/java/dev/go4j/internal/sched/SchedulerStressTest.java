package dev.go4j.internal.sched;

import dev.go4j.Chan;
import dev.go4j.Go;
import dev.go4j.Select;
import dev.go4j.sync.Mutex;
import dev.go4j.sync.WaitGroup;
import dev.go4j.time.Time;
import dev.go4j.time.Timer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 9 scheduler stress run: a seeded random mix of spawn, channel send/recv
 * (unbuffered and buffered), select with and without default, Mutex, WaitGroup, timers,
 * sleeps, gosched, GOMAXPROCS changes (1..4), lockOSThread, Go.blocking, and wake-ups
 * from plain threads and JDK virtual threads, in rounds until a time budget runs out.
 * Between rounds (only main alive) the scheduler's invariants are checked; at the end the
 * accounting must be exact.
 *
 * <p>The test suite runs it for 15 s with a fresh seed; {@code -Dgo4j.stress=10m} (or 30s,
 * 2h, plain seconds) sets the budget, {@code -Dgo4j.stress.seed=N} replays a run. The seed
 * is in every failure message; a hang prints the lanes' counts, every G's scheduler and
 * virtual-thread state, the goroutine dump and the M's stacks.
 */
class SchedulerStressTest {
    static Duration parseDuration(String s) {
        s = s.trim().toLowerCase();
        char u = s.charAt(s.length() - 1);
        if (Character.isDigit(u)) return Duration.ofSeconds(Long.parseLong(s));
        long n = Long.parseLong(s.substring(0, s.length() - (s.endsWith("ms") ? 2 : 1)));
        if (s.endsWith("ms")) return Duration.ofMillis(n);
        return switch (u) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            default -> throw new IllegalArgumentException("bad go4j.stress duration: " + s);
        };
    }

    // The hang timeout is assertTimeoutPreemptively's below (it grows with the budget), so
    // the suite-wide JUnit default (120 s) is lifted here.
    @Test
    @org.junit.jupiter.api.Timeout(value = 1, unit = java.util.concurrent.TimeUnit.DAYS)
    void randomMix() throws Throwable {
        long seed = Long.getLong("go4j.stress.seed", new Random().nextLong());
        Duration budget = parseDuration(System.getProperty("go4j.stress", "15s"));
        // printed first, so a run killed by the timeout can still be replayed
        System.out.println("SchedulerStressTest: seed " + seed + " budget " + budget);
        try {
            assertTimeoutPreemptively(budget.plusSeconds(80), () -> run(seed, budget),
                    () -> "scheduler stress hung; replay with -Dgo4j.stress.seed=" + seed);
        } catch (Throwable t) {
            Throwable d = t;
            while (d != null && !(d instanceof dev.go4j.DeadlockError)) d = d.getCause();
            String dump = "\n" + (d instanceof dev.go4j.DeadlockError de ? de.dump() : "") + hangReport();
            AssertionError e = new AssertionError("scheduler stress failed; replay with -Dgo4j.stress.seed=" + seed + dump, t);
            throw e;
        }
        System.out.println("SchedulerStressTest: seed " + seed + " passed");
    }

    /** What a hang looks like: the scheduler's state, every goroutine, every M's stack. */
    private static String hangReport() {
        StringBuilder sb = new StringBuilder();
        Sched s = stressSched;
        if (s != null) sb.append(SchedTrace.line(s, 0, true));
        for (Lane l : currentLanes) sb.append(l).append('\n');
        if (s != null) {
            java.util.Set<G> inQueues = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            for (P pp : s.allp) pp.runq.forEach(g -> { inQueues.add(g); return true; });
            s.forEachGlobal(g -> { inQueues.add(g); return true; });
            for (G g : s.allgs()) {
                sb.append("G").append(g.goid).append(" status=").append(GStatus.name(g.status))
                  .append(" reason=").append(g.waitReason).append(" queued=").append(g.isQueued())
                  .append(" inQueue=").append(inQueues.contains(g))
                  .append(" vtstate=").append(field(g.thread(), "state"))
                  .append(" permit=").append(field(g.thread(), "parkPermit"))
                  .append(" param=").append(g.chanWaiter == null ? "-" : field(g.chanWaiter, "param"))
                  .append('\n');
            }
        }
        sb.append(dev.go4j.runtime.Goroutines.dump(2));
        for (var e : Thread.getAllStackTraces().entrySet()) {
            String name = e.getKey().getName();
            if (!name.startsWith("go4j-")) continue;
            sb.append("thread ").append(name).append(" ").append(e.getKey().getState()).append('\n');
            for (StackTraceElement f : e.getValue()) sb.append("\t").append(f).append('\n');
        }
        return sb.toString();
    }

    private static Object field(Object o, String name) {
        try {
            for (Class<?> c = o.getClass(); c != null; c = c.getSuperclass()) {
                try {
                    var f = c.getDeclaredField(name);
                    f.setAccessible(true);
                    return f.get(o);
                } catch (NoSuchFieldException e) { /* up */ }
            }
            return "?";
        } catch (Exception e) {
            return e.toString();
        }
    }

    private static volatile Sched stressSched;
    private static volatile java.util.List<Lane> currentLanes = java.util.List.of();

    private record Lane(int round, int index, int cap, int n, int senderKind, AtomicLong sent, AtomicLong received) {}

    private static void run(long seed, Duration budget) {
        AtomicLong sentSum = new AtomicLong(), recvSum = new AtomicLong();
        AtomicLong sentCount = new AtomicLong(), recvCount = new AtomicLong();
        AtomicLong spawned = new AtomicLong(), completed = new AtomicLong();
        long[] mutexCounter = {0};
        AtomicLong mutexOps = new AtomicLong();
        long deadline = System.nanoTime() + budget.toNanos();
        Go.run(() -> {
            int base = Go.numGoroutine();
            int oldProcs = Go.gomaxprocs(0);
            Sched sched = G.current().sched();
            stressSched = sched;
            Mutex mu = new Mutex();
            SplittableRandom top = new SplittableRandom(seed);
            int round = 0;
            while (System.nanoTime() < deadline) {
                round++;
                SplittableRandom rr = top.split();
                WaitGroup wg = new WaitGroup();
                int lanes = 2 + rr.nextInt(10);
                AtomicBoolean foreignActive = new AtomicBoolean(true);
                AtomicLong foreignLeft = new AtomicLong();
                // keeps the round visibly alive while plain threads/VTs feed goroutines
                // (a plain thread is not seen by deadlock detection)
                wg.add(1);
                spawned.incrementAndGet();
                Go.go(() -> {
                    while (foreignLeft.get() > 0 || foreignActive.get()) Time.sleep(Duration.ofMillis(1));
                    completed.incrementAndGet();
                    wg.done();
                });
                java.util.List<Lane> laneList = new java.util.concurrent.CopyOnWriteArrayList<>();
                currentLanes = laneList;
                for (int l = 0; l < lanes; l++) {
                    SplittableRandom lr = rr.split();
                    int cap = lr.nextInt(3) == 0 ? 0 : 1 + lr.nextInt(4);
                    Chan<Long> c = cap == 0 ? Chan.make() : Chan.make(cap);
                    int n = 1 + lr.nextInt(200);
                    long laneBase = lr.nextLong(1_000_000);
                    int senderKind = lr.nextInt(6); // 0: plain thread, 1: virtual thread, else goroutine
                    SplittableRandom sr = lr.split(), rcv = lr.split();
                    Lane lane = new Lane(round, l, cap, n, senderKind, new AtomicLong(), new AtomicLong());
                    laneList.add(lane);
                    Runnable sender = () -> {
                        for (int i = 0; i < n; i++) {
                            long v = laneBase + i;
                            c.send(v);
                            lane.sent().incrementAndGet();
                            sentSum.addAndGet(v);
                            sentCount.incrementAndGet();
                        }
                    };
                    if (senderKind <= 1) {
                        foreignLeft.incrementAndGet();
                        Runnable body = () -> { try { sender.run(); } finally { foreignLeft.decrementAndGet(); } };
                        if (senderKind == 0) Thread.ofPlatform().daemon().start(body);
                        else Thread.ofVirtual().start(body);
                    } else {
                        wg.add(1);
                        spawned.incrementAndGet();
                        Go.go(() -> {
                            for (int i = 0; i < n; i++) {
                                randomOp(sr, mu, mutexCounter, mutexOps);
                                long v = laneBase + i;
                                // Polling sends only on buffered lanes: on an unbuffered one a
                                // polling sender and a polling receiver never meet (a livelock
                                // in Go as well: neither ever waits for the other).
                                if (cap > 0 && sr.nextInt(4) == 0) {
                                    boolean[] sent = {false};
                                    while (!sent[0]) {
                                        Select.select(Select.send(c, v, () -> sent[0] = true), Select.otherwise(Go::gosched));
                                    }
                                } else {
                                    c.send(v);
                                }
                                lane.sent().incrementAndGet();
                                sentSum.addAndGet(v);
                                sentCount.incrementAndGet();
                            }
                            completed.incrementAndGet();
                            wg.done();
                        });
                    }
                    wg.add(1);
                    spawned.incrementAndGet();
                    Go.go(() -> {
                        Chan<Long> never = Chan.make();
                        for (int i = 0; i < n; i++) {
                            randomOp(rcv, mu, mutexCounter, mutexOps);
                            long[] got = {-1};
                            switch (cap > 0 ? rcv.nextInt(3) : rcv.nextInt(2)) {
                                case 0 -> got[0] = c.recv();
                                case 1 -> Select.select(Select.recv(c, v -> got[0] = v), Select.recv(never, v -> {}));
                                default -> {
                                    while (got[0] < 0) {
                                        Select.select(Select.recv(c, v -> got[0] = v), Select.otherwise(Go::gosched));
                                    }
                                }
                            }
                            lane.received().incrementAndGet();
                            recvSum.addAndGet(got[0]);
                            recvCount.incrementAndGet();
                        }
                        completed.incrementAndGet();
                        wg.done();
                    });
                }
                foreignActive.set(false);
                wg.await();
                // quiescent: only main is alive. A virtual-thread sender is adopted as a
                // goroutine and may still be returning from its last send when the round's
                // WaitGroup opens, so give the count a bounded time to settle.
                long settle = System.nanoTime() + 10_000_000_000L;
                while (Go.numGoroutine() != base && System.nanoTime() < settle) Time.sleep(Duration.ofMillis(1));
                assertEquals(base, Go.numGoroutine(), "round " + round);
                SchedInvariants.check(sched);
            }
            Go.gomaxprocs(oldProcs);
            assertEquals(base, Go.numGoroutine());
        });
        assertEquals(spawned.get(), completed.get(), "every goroutine ran to completion");
        assertEquals(sentCount.get(), recvCount.get(), "values sent vs received");
        assertEquals(sentSum.get(), recvSum.get(), "checksum of values sent vs received");
        assertEquals(mutexOps.get(), mutexCounter[0], "Mutex-protected counter");
    }

    /** One random runtime operation between channel operations. */
    private static void randomOp(SplittableRandom r, Mutex mu, long[] counter, AtomicLong ops) {
        switch (r.nextInt(20)) {
            case 0 -> Go.gosched();
            case 1 -> Time.sleep(Duration.ofNanos(r.nextInt(500_000)));
            case 2 -> { mu.lock(); counter[0]++; mu.unlock(); ops.incrementAndGet(); }
            case 3 -> Time.after(Duration.ofNanos(r.nextInt(300_000))).recv();
            case 4 -> { Timer t = Time.newTimer(Duration.ofMillis(1 + r.nextInt(5))); t.stop(); }
            case 5 -> { if (r.nextInt(10) == 0) Go.gomaxprocs(1 + r.nextInt(4)); }
            case 6 -> { Go.lockOSThread(); Go.gosched(); Go.unlockOSThread(); }
            case 7 -> {
                try {
                    Go.blocking(() -> { Thread.sleep(1); return null; });
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }
            case 9 -> {
                // now and then a full collection: weakly held runtime state (timer channels)
                // must survive it while a goroutine waits on it
                if (r.nextInt(500) == 0) System.gc();
            }
            case 10 -> {
                // a receive on a fresh Time.after channel that nothing else references
                if (r.nextInt(4) == 0) Time.after(Duration.ofNanos(r.nextInt(200_000))).recv();
            }
            case 8 -> {
                // a spawned child, waited for through a buffered channel
                Chan<Boolean> done = Chan.make(1);
                Go.go(() -> done.send(true));
                done.recv();
            }
            default -> { }
        }
    }
}
