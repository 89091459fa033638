package dev.go4j.bench;

import dev.go4j.Chan;
import dev.go4j.Go;

/**
 * B11 TCP echo (go4j): a goroutine per connection, inside Go.run. With {@code busy=1}
 * (B11/busy), a CPU-bound pair runs beside it: two goroutines that burn CPU (EchoServer.burn)
 * and hand a token to each other over unbuffered channels, for ever (Go's case of a pair
 * that would keep its P through runnext without preemption).
 */
public final class B11Echo {
    public static void main(String[] args) {
        Go.run(() -> {
            try {
                EchoServer.serve(args, Go::go, () -> {
                    Chan<Long> ping = Chan.make(), pong = Chan.make();
                    Go.go(() -> {
                        for (long x = 1; ; ) {
                            ping.send(x = EchoServer.burn(x));
                            x = pong.recv();
                        }
                    });
                    Go.go(() -> {
                        for (;;) {
                            long x = EchoServer.burn(ping.recv());
                            EchoServer.sink = x;
                            pong.send(x);
                        }
                    });
                });
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }
}
