package dev.go4j.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * B10's server: a hello-world HTTP/1.1 server written the Go way, one thread of control
 * per connection on blocking {@link ServerSocket}/{@link Socket}, keep-alive. The go4j and
 * the JDK variants run this same source and differ only in {@code spawn}: a goroutine
 * ({@code Go.go}) or a JDK virtual thread. Binds to 127.0.0.1 only, prints
 * {@code LISTENING port}, serves until its stdin closes (bench/run closes it) or
 * {@code seconds=} have passed. Like Go's net/http it reads the request head into a
 * per-connection buffer, skips a body by Content-Length, and answers each request with one
 * write.
 */
final class BlockingHttpServer {
    private BlockingHttpServer() {}

    static final byte[] RESPONSE = ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 14\r\n\r\n"
            + "Hello, World!\n").getBytes(StandardCharsets.US_ASCII);
    static final AtomicLong served = new AtomicLong();

    /** Accepts forever on the calling thread; each connection runs in {@code spawn}. */
    static void serve(String[] args, Consumer<Runnable> spawn) throws IOException {
        ServerSocket listener = new ServerSocket(0, 4096, InetAddress.getLoopbackAddress());
        Lifetime.start(args, "LISTENING " + listener.getLocalPort(), () -> "served " + served.get());
        for (;;) {
            Socket c = listener.accept();
            c.setTcpNoDelay(true);
            spawn.accept(() -> handle(c));
        }
    }

    static void handle(Socket c) {
        try (c) {
            InputStream in = c.getInputStream();
            OutputStream out = c.getOutputStream();
            byte[] buf = new byte[8192];
            int len = 0;
            for (;;) {
                int end;
                while ((end = headEnd(buf, len)) < 0) {
                    if (len == buf.length) return; // head too large: drop the connection
                    int r = in.read(buf, len, buf.length - len);
                    if (r < 0) return; // the client closed: the normal end of a keep-alive connection
                    len += r;
                }
                long body = headerValue(buf, end, "content-length:");
                boolean close = headerContains(buf, end, "connection:", "close");
                // drop the head (and as much of the body as is buffered)
                int consumed = (int) Math.min(len, end + body);
                System.arraycopy(buf, consumed, buf, 0, len - consumed);
                len -= consumed;
                for (long left = end + body - consumed; left > 0; ) {
                    long skipped = in.skip(left);
                    if (skipped <= 0) return;
                    left -= skipped;
                }
                out.write(RESPONSE);
                served.incrementAndGet();
                if (close) return;
            }
        } catch (IOException e) {
            // reset by the client: the connection's goroutine ends, as in net/http
        }
    }

    /** Index just past the "\r\n\r\n" that ends the head, or -1. */
    static int headEnd(byte[] b, int len) {
        for (int i = 3; i < len; i++) {
            if (b[i] == '\n' && b[i - 1] == '\r' && b[i - 2] == '\n' && b[i - 3] == '\r') return i + 1;
        }
        return -1;
    }

    /** The numeric value of a header (name in lower case, with the colon), or 0. */
    static long headerValue(byte[] b, int end, String name) {
        int at = find(b, end, name);
        if (at < 0) return 0;
        long v = 0;
        for (int i = at + name.length(); i < end; i++) {
            byte x = b[i];
            if (x == ' ' || x == '\t') continue;
            if (x < '0' || x > '9') break;
            v = v * 10 + (x - '0');
        }
        return v;
    }

    static boolean headerContains(byte[] b, int end, String name, String token) {
        int at = find(b, end, name);
        if (at < 0) return false;
        int lineEnd = at;
        while (lineEnd < end && b[lineEnd] != '\r') lineEnd++;
        String line = new String(b, at, lineEnd - at, StandardCharsets.US_ASCII).toLowerCase(java.util.Locale.ROOT);
        return line.contains(token);
    }

    /** Start of a header line whose name matches {@code name} case-insensitively, or -1. */
    static int find(byte[] b, int end, String name) {
        outer:
        for (int i = 0; i + name.length() <= end; i++) {
            if (i > 0 && b[i - 1] != '\n') continue;
            for (int k = 0; k < name.length(); k++) {
                int x = b[i + k];
                if (x >= 'A' && x <= 'Z') x += 'a' - 'A';
                if (x != name.charAt(k)) continue outer;
            }
            return i;
        }
        return -1;
    }
}
