package dev.go4j;

import dev.go4j.sync.WaitGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A server written the plain-Java way inside Go.run (an accept loop and a
 * {@code Thread.ofVirtual()} per connection): its threads are goroutines of the run, it
 * serves exact echo counts, and numGoroutine returns to its baseline once clients close.
 */
@Timeout(90)
class ChildThreadSocketServerTest {
    static final int CLIENTS = 100, ROUND_TRIPS = 20;

    @Test
    void echoServerOnChildVirtualThreads() {
        AtomicInteger served = new AtomicInteger(), handlerGoids = new AtomicInteger();
        Go.run(() -> {
            try (ServerSocket server = new ServerSocket(0, CLIENTS, InetAddress.getLoopbackAddress())) {
                Thread acceptor = Thread.ofVirtual().start(() -> {
                    for (;;) {
                        Socket c;
                        try {
                            c = server.accept();
                        } catch (IOException closed) {
                            return; // the server socket was closed: the accept loop ends
                        }
                        Thread.ofVirtual().start(() -> {
                            if (Go.goid() != 0) handlerGoids.incrementAndGet();
                            echo(c, served);
                        });
                    }
                });
                int baseline = 2; // main and the acceptor
                ChildVirtualThreadTest.awaitNumGoroutine(baseline);

                WaitGroup wg = new WaitGroup();
                AtomicInteger ok = new AtomicInteger();
                for (int i = 0; i < CLIENTS; i++) {
                    int id = i;
                    wg.go(() -> client(server.getLocalPort(), id, ok));
                }
                wg.await();
                assertEquals(CLIENTS * ROUND_TRIPS, ok.get());
                ChildVirtualThreadTest.awaitNumGoroutine(baseline); // every handler saw EOF and ended
                server.close();
                acceptor.join();
                ChildVirtualThreadTest.awaitNumGoroutine(1);
            } catch (IOException | InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        assertEquals(CLIENTS * ROUND_TRIPS, served.get());
        assertEquals(CLIENTS, handlerGoids.get(), "every handler ran as a goroutine");
    }

    static void echo(Socket c, AtomicInteger served) {
        try (c; var in = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.UTF_8));
             OutputStream out = c.getOutputStream()) {
            for (String line; (line = in.readLine()) != null; ) {
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                served.incrementAndGet();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void client(int port, int id, AtomicInteger ok) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
             var in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
             OutputStream out = s.getOutputStream()) {
            for (int r = 0; r < ROUND_TRIPS; r++) {
                String msg = "client " + id + " trip " + r;
                out.write((msg + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                assertEquals(msg, in.readLine());
                ok.incrementAndGet();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
