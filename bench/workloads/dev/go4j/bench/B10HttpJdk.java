package dev.go4j.bench;

import java.util.concurrent.Executors;

/** B10 HTTP (JDK): the JDK's HttpServer with a default-scheduler virtual thread per exchange. */
public final class B10HttpJdk {
    public static void main(String[] args) throws Exception {
        HelloServer.serve(args, Executors.newVirtualThreadPerTaskExecutor());
    }
}
