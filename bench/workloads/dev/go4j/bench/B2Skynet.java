package dev.go4j.bench;

import dev.go4j.Chan;
import dev.go4j.Go;

/** B2 skynet (go4j): a 10-way tree of goroutines with n leaves; each node sums its children over an unbuffered channel. */
public final class B2Skynet {
    static void skynet(Chan<Long> c, long num, long size, int div) {
        if (size == 1) {
            c.send(num);
            return;
        }
        Chan<Long> rc = Chan.make();
        for (int i = 0; i < div; i++) {
            long sub = num + i * (size / div);
            Go.go(() -> skynet(rc, sub, size / div, div));
        }
        long sum = 0;
        for (int i = 0; i < div; i++) sum += rc.recv();
        c.send(sum);
    }

    public static void main(String[] args) {
        Harness.go4j("B2", args, n -> {
            Harness.check(Harness.isPowerOf10(n), "n=" + n + " must be a power of 10 (the tree is 10-way)");
            Chan<Long> c = Chan.make();
            Go.go(() -> skynet(c, 0, n, 10));
            long sum = c.recv();
            Harness.check(sum == n * (n - 1) / 2, "sum " + sum + ", want " + n * (n - 1) / 2);
            return new Harness.Result(n);
        });
    }
}
