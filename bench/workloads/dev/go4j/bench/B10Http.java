package dev.go4j.bench;

import dev.go4j.Go;

/** B10 HTTP (go4j): the blocking keep-alive server, a goroutine per connection, inside Go.run. */
public final class B10Http {
    public static void main(String[] args) {
        Go.run(() -> {
            try {
                BlockingHttpServer.serve(args, Go::go);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }
}
