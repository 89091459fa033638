package dev.go4j.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.SynchronousQueue;

/** B4 ring (JDK): 503 virtual threads in a ring of SynchronousQueues pass a token n times. */
public final class B4RingJdk {
    static final int RING = 503;

    public static void main(String[] args) {
        Harness.jdk("B4", args, n -> {
            List<SynchronousQueue<Integer>> qs = new ArrayList<>();
            for (int i = 0; i < RING; i++) qs.add(new SynchronousQueue<>());
            var done = new ArrayBlockingQueue<Integer>(1);
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < RING; i++) {
                int id = i + 1;
                SynchronousQueue<Integer> in = qs.get(i), out = qs.get((i + 1) % RING);
                threads.add(Thread.ofVirtual().start(() -> {
                    try {
                        for (;;) {
                            int t = in.take();
                            if (t == 0) {
                                done.put(id);
                                return;
                            }
                            out.put(t - 1);
                        }
                    } catch (InterruptedException e) {
                        // the JDK's stand-in for close(): the run is over
                    }
                }));
            }
            qs.get(0).put((int) n);
            int winner = done.take();
            for (Thread t : threads) t.interrupt();
            Harness.check(winner == n % RING + 1, "winner " + winner + ", want " + (n % RING + 1));
            return new Harness.Result(n);
        });
    }
}
