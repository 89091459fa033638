package dev.go4j.bench;

/** B12 Jetty (JDK): the same Jetty, started on a plain thread: its virtual threads are the JDK's. */
public final class B12JettyJdk {
    public static void main(String[] args) throws Exception {
        JettyHello.start(args, false);
        Thread.currentThread().join(); // the server ends the process when told
    }
}
