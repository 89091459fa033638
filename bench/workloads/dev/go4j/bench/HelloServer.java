package dev.go4j.bench;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * B10's hello-world HTTP/1.1 server (JDK's com.sun.net.httpserver), shared by the go4j and
 * the JDK variant, which differ only in the executor that runs each exchange. Binds to
 * 127.0.0.1 only, prints {@code LISTENING port}, and exits by itself after
 * {@code seconds=} (bench/run also stops it).
 */
final class HelloServer {
    private HelloServer() {}

    static final byte[] BODY = "Hello, World!\n".getBytes(StandardCharsets.US_ASCII);

    static void serve(String[] args, Executor executor) throws IOException {
        long seconds = Harness.arg(args, "seconds", 300);
        var served = new AtomicLong();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        server.createContext("/", ex -> {
            try (ex) {
                ex.getRequestBody().readAllBytes();
                ex.getResponseHeaders().set("Content-Type", "text/plain");
                ex.sendResponseHeaders(200, BODY.length);
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(BODY);
                }
                served.incrementAndGet();
            }
        });
        server.setExecutor(executor);
        server.start();
        System.out.println("LISTENING " + server.getAddress().getPort());
        System.out.flush();
        Thread killer = new Thread(() -> {
            try {
                Thread.sleep(seconds * 1000);
            } catch (InterruptedException e) {
                return;
            }
            System.out.println("server lifetime over after " + seconds + " s; served " + served);
            System.exit(0);
        });
        killer.setDaemon(true);
        killer.start();
        // bench/run closes our stdin to stop us
        while (System.in.read() >= 0) { }
        System.out.println("served " + served);
        System.exit(0);
    }
}
