package dev.go4j.bench;

import java.util.concurrent.SynchronousQueue;

/** B3 ping-pong (JDK): n round trips over two SynchronousQueues; ns per round trip. */
public final class B3PingPongJdk {
    public static void main(String[] args) {
        Harness.jdk("B3", args, n -> {
            var ping = new SynchronousQueue<Integer>();
            var pong = new SynchronousQueue<Integer>();
            Integer ball = 1, stop = -1;
            Thread.ofVirtual().start(() -> {
                try {
                    for (Integer v; (v = ping.take()) != stop; ) pong.put(v);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            long count = 0;
            for (long i = 0; i < n; i++) {
                ping.put(ball);
                if (pong.take() == ball) count++;
            }
            ping.put(stop); // the JDK's stand-in for close(ping)
            Harness.check(count == n, "round trips " + count + ", want " + n);
            return new Harness.Result(n);
        });
    }
}
