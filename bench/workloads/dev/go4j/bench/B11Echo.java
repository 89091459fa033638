package dev.go4j.bench;

import dev.go4j.Go;

/** B11 TCP echo (go4j): a goroutine per connection, inside Go.run. */
public final class B11Echo {
    public static void main(String[] args) {
        Go.run(() -> {
            try {
                EchoServer.serve(args, Go::go);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }
}
