package dev.go4j.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * B11's server: TCP echo of fixed 64-byte messages, one thread of control per connection
 * on blocking sockets. The go4j and JDK variants run this same source and differ only in
 * {@code spawn}. 127.0.0.1 only; prints {@code LISTENING port}; the Go program
 * bench/go/b11_client is the load generator and checks every echo.
 */
final class EchoServer {
    private EchoServer() {}

    static final int MSG = 64;
    static final AtomicLong echoed = new AtomicLong();

    /**
     * Serves for ever, a thread of control per connection started by {@code spawn}. With
     * {@code busy=1} among the args, first starts {@code busyPair} (B11/busy: the server shares
     * its P's with a CPU-bound pair, whose hand-off differs per variant); with {@code spin=1},
     * two endless CPU loops (B11/spin).
     */
    static void serve(String[] args, Consumer<Runnable> spawn, Runnable busyPair) throws IOException {
        if (Harness.arg(args, "busy", 0) != 0) busyPair.run();
        if (Harness.arg(args, "spin", 0) != 0) {
            // B11/spin: two threads of control that only compute, with no call into any
            // runtime (no channel, no lock, no sleep) and never end.
            for (int i = 0; i < 2; i++) spawn.accept(() -> { for (long x = 1; ; ) sink = x = burn(x); });
        }
        ServerSocket listener = new ServerSocket(0, 4096, InetAddress.getLoopbackAddress());
        Lifetime.start(args, "LISTENING " + listener.getLocalPort(), () -> "echoed " + echoed.get());
        for (;;) {
            Socket c = listener.accept();
            c.setTcpNoDelay(true);
            spawn.accept(() -> handle(c));
        }
    }

    /**
     * B11/busy's unit of CPU work between two hand-offs of the pair, no runtime call: 20,000
     * steps of a linear congruential generator (2-3 us once C2 has compiled it). The pair is
     * CPU-bound either way: it never waits for anything but the other.
     */
    static long burn(long x) {
        for (int i = 0; i < 20_000; i++) x = x * 6364136223846793005L + 1442695040888963407L;
        return x;
    }

    static volatile long sink;

    static void handle(Socket c) {
        try (c) {
            InputStream in = c.getInputStream();
            OutputStream out = c.getOutputStream();
            byte[] msg = new byte[MSG];
            for (;;) {
                int got = 0;
                while (got < MSG) {
                    int r = in.read(msg, got, MSG - got);
                    if (r < 0) return; // the client is done
                    got += r;
                }
                out.write(msg);
                echoed.incrementAndGet();
            }
        } catch (IOException e) {
            // the client went away
        }
    }
}
