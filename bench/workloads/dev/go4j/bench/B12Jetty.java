package dev.go4j.bench;

import dev.go4j.Go;
import dev.go4j.Select;

/** B12 Jetty (go4j): Jetty started inside Go.run, so each of its virtual threads is a goroutine. */
public final class B12Jetty {
    public static void main(String[] args) {
        Go.run(() -> {
            try {
                JettyHello.start(args, true);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            Select.select(); // main waits for good (the server ends the process when told)
        });
    }
}
