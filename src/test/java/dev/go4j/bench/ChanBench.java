package dev.go4j.bench;

import dev.go4j.Case;
import dev.go4j.Chan;
import dev.go4j.Go;
import dev.go4j.Select;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Channel tuning benchmark (not a unit test; Surefire does not run it): each workload in
 * go4j and with the JDK's closest equivalent on default virtual threads, in one run, with
 * the ratio go4j/JDK (below 1 = go4j faster).
 *
 * <pre>
 * ./go4j build && ./go4j java -cp target/classes:target/test-classes dev.go4j.bench.ChanBench [scale]
 * </pre>
 * {@code scale} (default 1.0) multiplies every operation count; further arguments pick
 * workloads by the start of their names (e.g. {@code buffered ping}). Each figure is the best
 * of {@code go4j.bench.reps} (default 3) runs after one warm-up.
 */
public final class ChanBench {
    private ChanBench() {}

    interface Workload {
        void run() throws Exception;
    }

    static int reps = Integer.getInteger("go4j.bench.reps", 3);

    public static void main(String[] args) throws Exception {
        double scale = args.length > 0 ? Double.parseDouble(args[0]) : 1.0;
        if (args.length > 1) only = java.util.Set.of(args).stream().skip(0).filter(a -> !a.equals(args[0])).collect(java.util.stream.Collectors.toSet());
        int pingPong = (int) (1_000_000 * scale);
        int ringHops = (int) (10_000_000 * scale);
        int items = (int) (10_000_000 * scale);
        int fanIn = (int) (2_000_000 * scale);
        System.out.printf(Locale.ROOT, "%-34s %12s %12s %8s%n", "workload", "go4j ns/op", "jdk ns/op", "ratio");
        report("ping-pong unbuffered, 1 P", pingPong,
                () -> goPingPong(pingPong, 1), () -> jdkPingPong(pingPong));
        report("ping-pong unbuffered, 2 P", pingPong,
                () -> goPingPong(pingPong, 2), () -> jdkPingPong(pingPong));
        report("token ring 503 (per hop)", ringHops,
                () -> goRing(503, ringHops), () -> jdkRing(503, ringHops));
        report("buffered cap 128, 4x4", items,
                () -> goProdCons(items, 128, 4), () -> jdkProdCons(items, 128, 4));
        report("select fan-in 8 (jdk: shared ABQ)", fanIn,
                () -> goFanIn(fanIn, 8), () -> jdkFanIn(fanIn, 8));
    }

    static java.util.Set<String> only = java.util.Set.of();

    static void report(String name, long ops, Workload go4j, Workload jdk) throws Exception {
        if (!only.isEmpty() && only.stream().noneMatch(name::startsWith)) return;
        double g = best(go4j) / ops, j = best(jdk) / ops;
        System.out.printf(Locale.ROOT, "%-34s %12.1f %12.1f %8.2f%n", name, g, j, g / j);
    }

    static double best(Workload w) throws Exception {
        w.run(); // warm-up
        long best = Long.MAX_VALUE;
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            w.run();
            best = Math.min(best, System.nanoTime() - t0);
        }
        return best;
    }

    // ------------------------------------------------------------------ ping-pong

    static void goPingPong(int n, int procs) {
        Go.run(() -> {
            Go.gomaxprocs(procs);
            Chan<Integer> ping = Chan.make(), pong = Chan.make();
            Integer ball = 1;
            Go.go(() -> {
                for (int i = 0; i < n; i++) pong.send(ping.recv());
            });
            for (int i = 0; i < n; i++) {
                ping.send(ball);
                pong.recv();
            }
        });
    }

    static void jdkPingPong(int n) throws Exception {
        SynchronousQueue<Integer> ping = new SynchronousQueue<>(), pong = new SynchronousQueue<>();
        Integer ball = 1;
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                for (int i = 0; i < n; i++) pong.put(ping.take());
            } catch (InterruptedException e) {
                throw new RuntimeException(e);
            }
        });
        Thread m = Thread.ofVirtual().start(() -> {
            try {
                for (int i = 0; i < n; i++) {
                    ping.put(ball);
                    pong.take();
                }
            } catch (InterruptedException e) {
                throw new RuntimeException(e);
            }
        });
        m.join();
        t.join();
    }

    // ------------------------------------------------------------------ token ring

    /** n goroutines in a ring, each passing a counter on until it has made {@code hops} hops. */
    static void goRing(int n, int hops) {
        Go.run(() -> {
            List<Chan<Integer>> cs = new ArrayList<>();
            for (int i = 0; i < n; i++) cs.add(Chan.make());
            Chan<Boolean> done = Chan.make();
            for (int i = 0; i < n; i++) {
                Chan<Integer> in = cs.get(i), out = cs.get((i + 1) % n);
                Go.go(() -> {
                    for (;;) {
                        int v = in.recv();
                        if (v == 0) {
                            done.send(true);
                            return;
                        }
                        out.send(v - 1);
                    }
                });
            }
            cs.get(0).send(hops);
            done.recv();
        });
    }

    static void jdkRing(int n, int hops) throws Exception {
        List<SynchronousQueue<Integer>> cs = new ArrayList<>();
        for (int i = 0; i < n; i++) cs.add(new SynchronousQueue<>());
        SynchronousQueue<Boolean> done = new SynchronousQueue<>();
        List<Thread> ts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            SynchronousQueue<Integer> in = cs.get(i), out = cs.get((i + 1) % n);
            ts.add(Thread.ofVirtual().start(() -> {
                try {
                    for (;;) {
                        int v = in.take();
                        if (v == 0) {
                            done.put(true);
                            return;
                        }
                        out.put(v - 1);
                    }
                } catch (InterruptedException e) {
                    // ended by the interrupt below
                }
            }));
        }
        cs.get(0).put(hops);
        done.take();
        for (Thread t : ts) t.interrupt();
        for (Thread t : ts) t.join();
    }

    // ------------------------------------------------------------------ producer/consumer

    static void goProdCons(int items, int cap, int k) {
        AtomicLong sum = new AtomicLong();
        Go.run(() -> {
            Chan<Integer> c = Chan.make(cap);
            Chan<Boolean> pdone = Chan.make(k), cdone = Chan.make(k);
            int per = items / k;
            for (int p = 0; p < k; p++) {
                Go.go(() -> {
                    for (int i = 0; i < per; i++) c.send(i);
                    pdone.send(true);
                });
                Go.go(() -> {
                    long s = 0;
                    for (int v : c) s += v;
                    sum.addAndGet(s);
                    cdone.send(true);
                });
            }
            for (int p = 0; p < k; p++) pdone.recv();
            c.close();
            for (int p = 0; p < k; p++) cdone.recv();
        });
        check(sum.get(), (long) k * ((long) (items / k) * (items / k - 1) / 2));
    }

    static void jdkProdCons(int items, int cap, int k) throws Exception {
        ArrayBlockingQueue<Integer> q = new ArrayBlockingQueue<>(cap);
        AtomicLong sum = new AtomicLong();
        int per = items / k;
        List<Thread> ps = new ArrayList<>(), cs = new ArrayList<>();
        for (int p = 0; p < k; p++) {
            ps.add(Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < per; i++) q.put(i);
                } catch (InterruptedException e) {
                    throw new RuntimeException(e);
                }
            }));
            cs.add(Thread.ofVirtual().start(() -> {
                long s = 0;
                try {
                    for (;;) {
                        int v = q.take();
                        if (v < 0) break;
                        s += v;
                    }
                } catch (InterruptedException e) {
                    throw new RuntimeException(e);
                }
                sum.addAndGet(s);
            }));
        }
        for (Thread t : ps) t.join();
        for (int p = 0; p < k; p++) q.put(-1); // one end marker per consumer
        for (Thread t : cs) t.join();
        check(sum.get(), (long) k * ((long) per * (per - 1) / 2));
    }

    // ------------------------------------------------------------------ select fan-in

    static void goFanIn(int items, int k) {
        AtomicLong sum = new AtomicLong();
        Go.run(() -> {
            List<Chan<Integer>> cs = new ArrayList<>();
            int per = items / k;
            for (int p = 0; p < k; p++) {
                Chan<Integer> c = Chan.make();
                cs.add(c);
                Go.go(() -> {
                    for (int i = 0; i < per; i++) c.send(i);
                });
            }
            long[] s = {0};
            Case[] cases = new Case[k];
            for (int p = 0; p < k; p++) cases[p] = Select.recv(cs.get(p), v -> s[0] += v);
            for (int i = 0; i < per * k; i++) Select.select(cases);
            sum.set(s[0]);
        });
        check(sum.get(), (long) k * ((long) (items / k) * (items / k - 1) / 2));
    }

    static void jdkFanIn(int items, int k) throws Exception {
        BlockingQueue<Integer> q = new ArrayBlockingQueue<>(1);
        int per = items / k;
        for (int p = 0; p < k; p++) {
            Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < per; i++) q.put(i);
                } catch (InterruptedException e) {
                    throw new RuntimeException(e);
                }
            });
        }
        long[] s = {0};
        Thread m = Thread.ofVirtual().start(() -> {
            try {
                for (int i = 0; i < per * k; i++) s[0] += q.take();
            } catch (InterruptedException e) {
                throw new RuntimeException(e);
            }
        });
        m.join();
        check(s[0], (long) k * ((long) per * (per - 1) / 2));
    }

    static void check(long got, long want) {
        if (got != want) throw new AssertionError("sum " + got + " != " + want);
    }
}
