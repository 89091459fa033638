package dev.go4j.bench;

import dev.go4j.Chan;
import dev.go4j.Go;

import java.util.ArrayList;
import java.util.List;

/**
 * B4 ring (go4j): 503 goroutines in a ring of unbuffered channels pass a token n times;
 * the goroutine that receives 0 reports its number. ns per hop.
 */
public final class B4Ring {
    static final int RING = 503;

    public static void main(String[] args) {
        Harness.go4j("B4", args, n -> {
            List<Chan<Integer>> chans = new ArrayList<>();
            for (int i = 0; i < RING; i++) chans.add(Chan.make());
            Chan<Integer> done = Chan.make(1);
            for (int i = 0; i < RING; i++) {
                int id = i + 1;
                Chan<Integer> in = chans.get(i), out = chans.get((i + 1) % RING);
                Go.go(() -> {
                    for (Integer t; (t = in.recv()) != null; ) {
                        if (t == 0) {
                            done.send(id);
                            return;
                        }
                        out.send(t - 1);
                    }
                });
            }
            chans.get(0).send((int) n);
            int winner = done.recv();
            for (Chan<Integer> c : chans) c.close(); // the other 502 goroutines end
            Harness.check(winner == n % RING + 1, "winner " + winner + ", want " + (n % RING + 1));
            return new Harness.Result(n);
        });
    }
}
