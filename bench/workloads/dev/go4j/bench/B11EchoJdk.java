package dev.go4j.bench;

import java.util.concurrent.SynchronousQueue;

/**
 * B11 TCP echo (JDK): the same server, a default-scheduler virtual thread per connection.
 * With {@code busy=1}, B11Echo's CPU-bound pair as two virtual threads handing the token
 * over {@link SynchronousQueue}s.
 */
public final class B11EchoJdk {
    public static void main(String[] args) throws Exception {
        Thread main = Thread.ofVirtual().start(() -> {
            try {
                EchoServer.serve(args, r -> Thread.ofVirtual().start(r), () -> {
                    SynchronousQueue<Long> ping = new SynchronousQueue<>(), pong = new SynchronousQueue<>();
                    Thread.ofVirtual().start(() -> {
                        try {
                            for (long x = 1; ; ) {
                                ping.put(x = EchoServer.burn(x));
                                x = pong.take();
                            }
                        } catch (InterruptedException e) {
                            // the process ends
                        }
                    });
                    Thread.ofVirtual().start(() -> {
                        try {
                            for (;;) {
                                long x = EchoServer.burn(ping.take());
                                EchoServer.sink = x;
                                pong.put(x);
                            }
                        } catch (InterruptedException e) {
                            // the process ends
                        }
                    });
                });
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        main.join();
    }
}
