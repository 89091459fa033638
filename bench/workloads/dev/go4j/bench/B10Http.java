package dev.go4j.bench;

import dev.go4j.Go;

/** B10 HTTP (go4j): the JDK's HttpServer with a go4j goroutine per exchange. */
public final class B10Http {
    public static void main(String[] args) throws Exception {
        HelloServer.serve(args, Go::go);
    }
}
