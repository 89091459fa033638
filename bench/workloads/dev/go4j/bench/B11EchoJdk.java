package dev.go4j.bench;

/** B11 TCP echo (JDK): the same server, a default-scheduler virtual thread per connection. */
public final class B11EchoJdk {
    public static void main(String[] args) throws Exception {
        Thread main = Thread.ofVirtual().start(() -> {
            try {
                EchoServer.serve(args, r -> Thread.ofVirtual().start(r));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        main.join();
    }
}
