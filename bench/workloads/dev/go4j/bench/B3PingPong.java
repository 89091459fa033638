package dev.go4j.bench;

import dev.go4j.Chan;
import dev.go4j.Go;

/** B3 ping-pong (go4j): n round trips over two unbuffered channels; ns per round trip. */
public final class B3PingPong {
    public static void main(String[] args) {
        Harness.go4j("B3", args, n -> {
            Chan<Integer> ping = Chan.make(), pong = Chan.make();
            Integer ball = 1;
            Go.go(() -> {
                for (Integer v; (v = ping.recv()) != null; ) pong.send(v);
            });
            long count = 0;
            for (long i = 0; i < n; i++) {
                ping.send(ball);
                if (pong.recv() == ball) count++;
            }
            ping.close();
            Harness.check(count == n, "round trips " + count + ", want " + n);
            return new Harness.Result(n);
        });
    }
}
