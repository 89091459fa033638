package dev.go4j;

import dev.go4j.runtime.Goroutines;
import dev.go4j.sync.WaitGroup;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A goroutine-per-connection server inside Go.run facing bad clients: one that never
 * sends, one that sends half a request and leaves, many idle ones, one that resets the
 * connection mid-response. As in Go, a handler waits in its read for as long as the peer
 * keeps the connection open and ends when the peer goes; nothing leaks (numGoroutine
 * returns to its baseline), and deadlock detection never fires on a server waiting in
 * accept or read.
 */
@Timeout(120)
class NetworkFaultsTest {
    /** Idle connections with both ends in this JVM (two descriptors each). */
    static final int IDLE_CONNS = Integer.getInteger("go4j.test.idleConns", 1000);
    /**
     * Idle connections whose client ends live in another process, so that the server's
     * JVM needs one descriptor each: 10,000 fit under a 20,000 descriptor limit.
     */
    static final int FAR_IDLE_CONNS = Integer.getInteger("go4j.test.farIdleConns", 10_000);

    /**
     * A line server: "ECHO x" answers "x", "GET n" answers n bytes. Each connection is a
     * goroutine; the acceptor is one too. Started from inside a Go.run.
     */
    static final class LineServer implements AutoCloseable {
        final ServerSocket listener;
        final AtomicInteger accepted = new AtomicInteger(), eof = new AtomicInteger(),
                partial = new AtomicInteger(), ioErrors = new AtomicInteger(), served = new AtomicInteger();
        final Chan<Boolean> acceptorDone = Chan.make(1);

        LineServer() throws IOException {
            listener = new ServerSocket(0, 4096, InetAddress.getLoopbackAddress());
            Go.go(this::acceptLoop);
        }

        int port() { return listener.getLocalPort(); }

        private void acceptLoop() {
            try {
                for (;;) {
                    Socket c;
                    try {
                        c = listener.accept();
                    } catch (IOException closed) {
                        return;
                    }
                    accepted.incrementAndGet();
                    Go.go(() -> handle(c));
                }
            } finally {
                acceptorDone.send(true);
            }
        }

        private void handle(Socket c) {
            try (c) {
                InputStream in = new BufferedInputStream(c.getInputStream());
                OutputStream out = c.getOutputStream();
                for (;;) {
                    String req = readLine(in);
                    if (req == null) {
                        eof.incrementAndGet(); // the peer closed between requests: a clean end
                        return;
                    }
                    if (req.startsWith("ECHO ")) {
                        out.write((req.substring(5) + "\n").getBytes(StandardCharsets.UTF_8));
                    } else if (req.startsWith("GET ")) {
                        long n = Long.parseLong(req.substring(4));
                        byte[] chunk = new byte[64 * 1024];
                        for (long left = n; left > 0; left -= chunk.length) {
                            out.write(chunk, 0, (int) Math.min(chunk.length, left));
                        }
                    }
                    out.flush();
                    served.incrementAndGet();
                }
            } catch (EOFException e) {
                partial.incrementAndGet(); // Go's io.ErrUnexpectedEOF
            } catch (IOException e) {
                ioErrors.incrementAndGet(); // reset, broken pipe
            }
        }

        /** A request line; null at EOF before any byte, EOFException at EOF inside a line. */
        static String readLine(InputStream in) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (;;) {
                int b = in.read();
                if (b < 0) {
                    if (line.size() == 0) return null;
                    throw new EOFException("unexpected EOF after " + line.size() + " bytes");
                }
                if (b == '\n') return line.toString(StandardCharsets.UTF_8);
                line.write(b);
            }
        }

        @Override
        public void close() throws IOException {
            listener.close();
            acceptorDone.recv();
        }
    }

    static Socket connect(int port) {
        try {
            return new Socket(InetAddress.getLoopbackAddress(), port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void awaitNumGoroutine(int n) {
        ChildVirtualThreadTest.awaitNumGoroutine(n);
    }

    static final int BASELINE = 2; // main and the acceptor

    @Test
    void aClientThatNeverSendsKeepsItsHandlerWaitingUntilItCloses() throws Exception {
        Go.run(() -> {
            try (LineServer srv = new LineServer()) {
                Socket silent = connect(srv.port());
                awaitNumGoroutine(BASELINE + 1); // its handler waits in a read, for good
                // a second client is served meanwhile
                try (Socket s = connect(srv.port())) {
                    s.getOutputStream().write("ECHO hi\n".getBytes(StandardCharsets.UTF_8));
                    assertEquals("hi", LineServer.readLine(s.getInputStream()));
                }
                awaitNumGoroutine(BASELINE + 1);
                assertEquals(0, srv.partial.get() + srv.ioErrors.get());
                silent.close();
                awaitNumGoroutine(BASELINE);
                assertEquals(2, srv.eof.get());
                assertEquals(1, srv.served.get());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            awaitNumGoroutine(1);
        });
    }

    // The dump names a goroutine blocked in a socket read or accept "[IO wait]", as Go
    // does (the JDK parks it through LockSupport inside sun.nio.ch: the classifier must
    // look past the park frame).
    @Test
    void aGoroutineBlockedInASocketReadIsInIoWait() throws Exception {
        Go.run(() -> {
            try (LineServer srv = new LineServer(); Socket silent = connect(srv.port())) {
                awaitNumGoroutine(BASELINE + 1);
                // Both may still be on their way into the wait (or starting the JDK's
                // pollers, on the first socket wait of this JVM): look until they are in it,
                // for at most 10 s (a wrong reason never gets there).
                long giveUp = System.nanoTime() + 10_000_000_000L;
                String dump, handler, acceptor;
                do {
                    Go.gosched();
                    dump = Goroutines.dump();
                    handler = null;
                    acceptor = null;
                    for (String entry : dump.split("\n\n")) {
                        if (entry.contains("LineServer.handle")) handler = entry;
                        if (entry.contains("LineServer.acceptLoop")) acceptor = entry;
                    }
                } while ((handler == null || acceptor == null
                        || !handler.contains(" [IO wait]:") || !acceptor.contains(" [IO wait]:"))
                        && System.nanoTime() < giveUp);
                assertNotNull(handler, dump);
                assertNotNull(acceptor, dump);
                assertTrue(handler.startsWith("goroutine ") && handler.contains(" [IO wait]:"), handler);
                assertTrue(acceptor.contains(" [IO wait]:"), acceptor);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Test
    void aClientThatSendsHalfARequestAndLeaves() {
        Go.run(() -> {
            try (LineServer srv = new LineServer()) {
                for (int i = 0; i < 50; i++) {
                    try (Socket s = connect(srv.port())) {
                        s.getOutputStream().write("ECHO half a requ".getBytes(StandardCharsets.UTF_8));
                    }
                }
                while (srv.accepted.get() != 50) dev.go4j.time.Time.sleep(java.time.Duration.ofMillis(1));
                awaitNumGoroutine(BASELINE); // accepted first: a handler is counted from its go
                assertEquals(50, srv.partial.get());
                assertEquals(0, srv.served.get() + srv.eof.get() + srv.ioErrors.get());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            awaitNumGoroutine(1);
        });
    }

    @Test
    void manyIdleConnections() {
        long maxFds = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean u
                ? u.getMaxFileDescriptorCount() : Long.MAX_VALUE;
        Assumptions.assumeTrue(maxFds >= 2L * IDLE_CONNS + 512,
                "ulimit -n is " + maxFds + ": too low for " + IDLE_CONNS + " loopback connections (two descriptors each)");
        Go.run(() -> {
            try (LineServer srv = new LineServer()) {
                List<Socket> idle = new ArrayList<>(IDLE_CONNS);
                try {
                    for (int i = 0; i < IDLE_CONNS; i++) idle.add(connect(srv.port()));
                    awaitNumGoroutine(BASELINE + IDLE_CONNS); // every handler waits in its read
                    // the server still answers
                    try (Socket s = connect(srv.port())) {
                        s.getOutputStream().write("ECHO still here\n".getBytes(StandardCharsets.UTF_8));
                        assertEquals("still here", LineServer.readLine(s.getInputStream()));
                    }
                } finally {
                    for (Socket s : idle) s.close();
                }
                awaitNumGoroutine(BASELINE);
                assertEquals(IDLE_CONNS + 1, srv.accepted.get());
                assertEquals(IDLE_CONNS + 1, srv.eof.get());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            awaitNumGoroutine(1);
        });
    }

    /**
     * 10,000 idle connections from a client process: every handler goroutine waits in its
     * read, all shown as {@code [IO wait]} in one dump; the server still answers a new
     * client; when the client process closes them all, every handler sees its EOF and
     * ends.
     */
    @Test
    @Timeout(300)
    void tenThousandIdleConnectionsFromAnotherProcess() throws Exception {
        long maxFds = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean u
                ? u.getMaxFileDescriptorCount() : Long.MAX_VALUE;
        Assumptions.assumeTrue(maxFds >= FAR_IDLE_CONNS + 512,
                "ulimit -n is " + maxFds + ": too low for " + FAR_IDLE_CONNS + " server-side connections");
        int n = FAR_IDLE_CONNS;
        Go.run(() -> {
            try (LineServer srv = new LineServer()) {
                Process client = new ProcessBuilder(
                        java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp", System.getProperty("java.class.path"), IdleClients.class.getName(),
                        String.valueOf(srv.port()), String.valueOf(n))
                        .redirectErrorStream(true).start();
                java.io.BufferedReader out = new java.io.BufferedReader(
                        new java.io.InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
                try {
                    String line = out.readLine(); // a blocking pipe read in a goroutine, as users write it
                    assertEquals("connected " + n, line);
                    awaitNumGoroutine(BASELINE + n);
                    try (Socket s = connect(srv.port())) {
                        s.getOutputStream().write("ECHO still here\n".getBytes(StandardCharsets.UTF_8));
                        assertEquals("still here", LineServer.readLine(s.getInputStream()));
                    }
                    // Every handler reaches its read (a wrong wait reason never counts).
                    long giveUp = System.nanoTime() + 60_000_000_000L;
                    int inIoWait;
                    String dump;
                    do {
                        dump = Goroutines.dump();
                        inIoWait = 0;
                        for (String entry : dump.split("\n\n")) {
                            if (entry.contains("LineServer.handle") && entry.contains(" [IO wait]:")) inIoWait++;
                        }
                    } while (inIoWait != n && System.nanoTime() < giveUp && sleptOneTick());
                    assertEquals(n, inIoWait, () -> "handlers in [IO wait]; the dump starts:\n"
                            + Goroutines.dump().lines().limit(60).reduce("", (a, b) -> a + b + "\n"));
                } finally {
                    client.getOutputStream().close(); // the client closes every connection and exits
                }
                assertEquals("closed " + n, out.readLine());
                assertTrue(client.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "the client process ended");
                assertEquals(0, client.exitValue());
                awaitNumGoroutine(BASELINE);
                assertEquals(n + 1, srv.accepted.get());
                assertEquals(n + 1, srv.eof.get());
                assertEquals(0, srv.partial.get() + srv.ioErrors.get());
            } catch (IOException | InterruptedException e) {
                throw new AssertionError(e);
            }
            awaitNumGoroutine(1);
        });
    }

    private static boolean sleptOneTick() {
        dev.go4j.time.Time.sleep(java.time.Duration.ofMillis(20));
        return true;
    }

    /** The client process of {@link #tenThousandIdleConnectionsFromAnotherProcess}: args port, count. */
    static final class IdleClients {
        public static void main(String[] args) throws IOException {
            int port = Integer.parseInt(args[0]), n = Integer.parseInt(args[1]);
            List<Socket> idle = new ArrayList<>(n);
            for (int i = 0; i < n; i++) idle.add(new Socket(InetAddress.getLoopbackAddress(), port));
            System.out.println("connected " + n);
            System.out.flush();
            while (System.in.read() >= 0) { } // until the test closes our stdin
            for (Socket s : idle) s.close();
            System.out.println("closed " + n);
        }
    }

    @Test
    void aPeerThatResetsMidResponse() {
        Go.run(() -> {
            try (LineServer srv = new LineServer()) {
                int n = 20;
                for (int i = 0; i < n; i++) {
                    Socket s = connect(srv.port());
                    s.getOutputStream().write("GET 67108864\n".getBytes(StandardCharsets.UTF_8));
                    byte[] first = s.getInputStream().readNBytes(4096); // the response has started
                    assertEquals(4096, first.length);
                    s.setSoLinger(true, 0); // close sends RST, discarding the unread data
                    s.close();
                }
                awaitNumGoroutine(BASELINE); // each writer saw the reset and ended
                assertEquals(n, srv.ioErrors.get());
                assertEquals(0, srv.served.get());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            awaitNumGoroutine(1);
        });
    }

    /**
     * Short-lived connections, as an HTTP/1.0 client makes them, from goroutines and plain
     * threads at once, beside slow readers whose large responses keep the server's writers
     * blocked (the JDK's write poller). Closed sockets' descriptor numbers are reused by
     * the next connection at once, so a readiness report meant for a closed socket, or a
     * registration left behind by one, would strand a handler or a client here. Counts are
     * exact: every request answered with its own line, every connection ended by EOF.
     */
    @Test
    @Timeout(180)
    void shortLivedConnectionsBesideSlowReadersLoseNothing() {
        int goClients = 12, threadClients = 4, cycles = Integer.getInteger("go4j.test.churnCycles", 150), slowReaders = 2;
        long slowBytes = 8L << 20;
        Go.run(() -> {
            try (LineServer srv = new LineServer()) {
                WaitGroup wg = new WaitGroup();
                AtomicInteger answered = new AtomicInteger(), wrong = new AtomicInteger();
                AtomicInteger requests = new AtomicInteger();
                List<Thread> threads = new ArrayList<>();
                java.util.function.IntConsumer client = id -> {
                    for (int i = 0; i < cycles; i++) {
                        try (Socket s = connect(srv.port())) {
                            // every third connection asks twice (keep-alive), the others once
                            int asks = i % 3 == 0 ? 2 : 1;
                            InputStream in = new BufferedInputStream(s.getInputStream());
                            for (int k = 0; k < asks; k++) {
                                String want = id + "-" + i + "-" + k;
                                requests.incrementAndGet();
                                s.getOutputStream().write(("ECHO " + want + "\n").getBytes(StandardCharsets.UTF_8));
                                if (want.equals(LineServer.readLine(in))) answered.incrementAndGet();
                                else wrong.incrementAndGet();
                            }
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }
                };
                long[] slowRead = new long[slowReaders];
                for (int r = 0; r < slowReaders; r++) {
                    int me = r;
                    wg.add(1);
                    Go.go(() -> {
                        try (Socket s = new Socket()) {
                            // a small window, so the server's writer blocks on it, many times over
                            s.setReceiveBufferSize(16 * 1024);
                            s.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), srv.port()));
                            requests.incrementAndGet();
                            s.getOutputStream().write(("GET " + slowBytes + "\n").getBytes(StandardCharsets.UTF_8));
                            InputStream in = s.getInputStream();
                            byte[] small = new byte[1024];
                            long got = 0;
                            int n;
                            while (got < slowBytes && (n = in.read(small)) > 0) {
                                got += n;
                                if ((got & 0xFFFF) < n) Go.gosched(); // let the writer fill the buffer again
                            }
                            slowRead[me] = got;
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        } finally {
                            wg.done();
                        }
                    });
                }
                for (int c = 0; c < goClients; c++) {
                    int id = c;
                    wg.add(1);
                    Go.go(() -> {
                        try {
                            client.accept(id);
                        } finally {
                            wg.done();
                        }
                    });
                }
                for (int c = 0; c < threadClients; c++) {
                    int id = goClients + c;
                    threads.add(Thread.ofPlatform().start(() -> client.accept(id)));
                }
                wg.await();
                for (Thread t : threads) t.join();
                int connections = (goClients + threadClients) * cycles + slowReaders;
                awaitNumGoroutine(BASELINE);
                assertEquals(0, wrong.get());
                assertEquals(requests.get() - slowReaders, answered.get());
                for (long got : slowRead) assertEquals(slowBytes, got);
                assertEquals(connections, srv.accepted.get());
                assertEquals(requests.get(), srv.served.get());
                assertEquals(connections, srv.eof.get());
                assertEquals(0, srv.partial.get() + srv.ioErrors.get());
            } catch (IOException | InterruptedException e) {
                throw new AssertionError(e);
            }
            awaitNumGoroutine(1);
        });
    }

    @Test
    void aServerWaitingForConnectionsIsNoDeadlock() throws Exception {
        // The client is a plain thread, invisible to the runtime: for a while every goroutine
        // waits (main on a channel, the acceptor in accept) and nothing in the runtime will
        // wake them. A goroutine in a socket wait can be woken from outside, as in Go.
        Go.run(() -> {
            try (LineServer srv = new LineServer()) {
                Thread client = Thread.ofPlatform().start(() -> {
                    try {
                        Thread.sleep(300); // long enough for every M to go idle
                    } catch (InterruptedException e) {
                        return;
                    }
                    try (Socket s = connect(srv.port())) {
                        s.getOutputStream().write("ECHO from outside\n".getBytes(StandardCharsets.UTF_8));
                        LineServer.readLine(s.getInputStream());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                while (srv.eof.get() == 0) dev.go4j.time.Time.sleep(java.time.Duration.ofMillis(50));
                client.join();
                assertEquals(1, srv.served.get());
            } catch (IOException | InterruptedException e) {
                throw new AssertionError(e);
            }
        });
    }
}
