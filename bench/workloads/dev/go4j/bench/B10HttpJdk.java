package dev.go4j.bench;

/** B10 HTTP (JDK): the same blocking server, a default-scheduler virtual thread per connection. */
public final class B10HttpJdk {
    public static void main(String[] args) throws Exception {
        Thread main = Thread.ofVirtual().start(() -> {
            try {
                BlockingHttpServer.serve(args, r -> Thread.ofVirtual().start(r));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        main.join();
    }
}
