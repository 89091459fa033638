package dev.go4j.internal.sched;

import dev.go4j.Chan;
import dev.go4j.Go;
import dev.go4j.sync.WaitGroup;
import dev.go4j.time.Time;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Socket readiness through the scheduler (Netpoll, JdkPollers, EpollWait): go4j's M's poll
 * the JDK's socket pollers before stealing, the last M to go idle sleeps in epoll, sysmon
 * polls every 10 ms. Every echo is checked byte for byte and counted; the runtime's
 * netpoll counter shows that go4j's own polls, not only the JDK's poller threads, woke
 * goroutines (the suite runs with the flag that allows it).
 */
@Timeout(120)
class NetpollTest {

    /**
     * An echo server: one goroutine per connection, echoing 64-byte messages until EOF.
     * {@link #stop} closes the listener and waits for every handler, so no socket outlives
     * the runtime.
     */
    record EchoServer(ServerSocket listener, WaitGroup handlers) {
        int port() { return listener.getLocalPort(); }

        void stop() {
            try {
                listener.close();
            } catch (IOException ignored) {
                // ends the acceptor
            }
            handlers.await();
        }
    }

    static EchoServer echoServer(AtomicLong echoed) {
        ServerSocket listener;
        try {
            listener = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        WaitGroup handlers = new WaitGroup();
        handlers.add(1);
        Go.go(() -> {
            try {
                acceptLoop(listener, handlers, echoed);
            } finally {
                handlers.done();
            }
        });
        return new EchoServer(listener, handlers);
    }

    private static void acceptLoop(ServerSocket listener, WaitGroup handlers, AtomicLong echoed) {
        for (;;) {
            Socket c;
            try {
                c = listener.accept();
            } catch (IOException closed) {
                return;
            }
            handlers.go(() -> {
                try (c) {
                    InputStream in = c.getInputStream();
                    OutputStream out = c.getOutputStream();
                    byte[] buf = new byte[64];
                    for (;;) {
                        int n = in.readNBytes(buf, 0, 64);
                        if (n < 64) return;
                        echoed.incrementAndGet(); // before the write: the client may finish on reading it
                        out.write(buf);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    /** Round trips of distinct 64-byte messages on one connection, each echo checked. */
    private static void roundTrips(int port, int client, int trips) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setTcpNoDelay(true);
            byte[] msg = new byte[64], back = new byte[64];
            for (int i = 0; i < trips; i++) {
                Arrays.fill(msg, (byte) (client * 31 + i));
                s.getOutputStream().write(msg);
                int got = s.getInputStream().readNBytes(back, 0, 64);
                assertEquals(64, got, "short echo");
                assertArrayEquals(msg, back, "client " + client + " trip " + i);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2})
    void goroutineClientsGetEveryEchoAndNetpollWakesThem(int procs) {
        final int clients = 8, trips = 500;
        AtomicLong echoed = new AtomicLong();
        long[] wakeups = new long[1];
        Go.run(() -> {
            Go.gomaxprocs(procs);
            EchoServer srv = echoServer(echoed);
            WaitGroup wg = new WaitGroup();
            for (int c = 0; c < clients; c++) {
                int id = c;
                wg.go(() -> roundTrips(srv.port(), id, trips));
            }
            wg.await();
            wakeups[0] = SchedCounters.of(G.current().sched()).netpollWakeups();
            srv.stop();
        });
        assertEquals((long) clients * trips, echoed.get());
        assertTrue(wakeups[0] > 0, "go4j's own socket polls woke no goroutine in " + clients * trips + " round trips");
    }

    /**
     * A plain Java thread is the client: between its messages the runtime has nothing to
     * run, so its last M sleeps in epoll (the blocking netpoll) and the echo goroutine is
     * woken from there.
     */
    @Test
    void plainThreadClientWakesTheIdleRuntime() throws Exception {
        final int trips = 2_000;
        AtomicLong echoed = new AtomicLong();
        CountDownLatch listening = new CountDownLatch(1);
        CountDownLatch clientDone = new CountDownLatch(1);
        int[] port = new int[1];
        long[] wakeups = new long[1];
        Thread client = Thread.ofPlatform().start(() -> {
            try {
                listening.await();
                roundTrips(port[0], 1, trips);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                clientDone.countDown();
            }
        });
        Go.run(() -> {
            EchoServer srv = echoServer(echoed);
            port[0] = srv.port();
            listening.countDown();
            Chan<Boolean> done = Chan.make(0);
            Thread.ofPlatform().start(() -> {
                try {
                    clientDone.await();
                } catch (InterruptedException ignored) {
                    // fall through: report done
                }
                done.send(true);
            });
            done.recv();
            wakeups[0] = SchedCounters.of(G.current().sched()).netpollWakeups();
            srv.stop();
        });
        client.join();
        assertEquals(trips, echoed.get());
        assertTrue(wakeups[0] > 0, "no goroutine was woken by go4j's socket polls in " + trips + " round trips");
    }

    /**
     * The last M sleeps in epoll with no deadline (a goroutine waits in accept, no timer
     * anywhere); a timer added from a plain thread must break that sleep (Go's
     * netpollBreak through the eventfd) and fire.
     */
    @Test
    void timerAddedWhileTheLastMSleepsInEpollFires() {
        final int rounds = 20;
        AtomicLong fired = new AtomicLong();
        Go.run(() -> {
            EchoServer srv = echoServer(new AtomicLong());
            for (int i = 0; i < rounds; i++) {
                Chan<Boolean> done = Chan.make(1);
                // A plain thread arms the timer while this goroutine is parked in recv,
                // so the runtime's only M's are idle or sleeping in epoll.
                Thread.ofPlatform().start(() -> Time.afterFunc(Duration.ofMillis(2), () -> {
                    fired.incrementAndGet();
                    done.send(true);
                }));
                assertTrue(done.recv());
            }
            srv.stop();
        });
        assertEquals(rounds, fired.get());
    }

    /** Each runtime's epoll set and eventfd are closed when it ends: no fd grows per Go.run. */
    @Test
    void runtimesThatUsedSocketsLeaveNoFileDescriptors() throws Exception {
        Path fds = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fds)) return; // not Linux: nothing to count
        oneRuntimeWithSockets(); // warm up: the JDK's own pollers, class loading
        long before = count(fds);
        final int runtimes = 30;
        for (int i = 0; i < runtimes; i++) oneRuntimeWithSockets();
        long after = count(fds);
        // A leak of the epoll set and its eventfd would add 2 per runtime.
        assertTrue(after - before < runtimes, "open fds grew from " + before + " to " + after + " over " + runtimes + " runtimes");
    }

    private static void oneRuntimeWithSockets() {
        AtomicLong echoed = new AtomicLong();
        Go.run(() -> {
            EchoServer srv = echoServer(echoed);
            roundTrips(srv.port(), 0, 20);
            srv.stop();
        });
        assertEquals(20, echoed.get());
    }

    private static long count(Path dir) throws IOException {
        // Every socket here is closed before Go.run returns (EchoServer.stop waits for its handlers).
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    /**
     * The JDK's pollers started outside any runtime (a virtual thread of the JDK's own
     * scheduler waited on a socket first), so no sub-poller is a system goroutine: go4j
     * must still notice them and poll. Needs a fresh JVM, where nothing started them yet.
     */
    @Test
    void pollersStartedOutsideAnyRuntimeArePolledToo() throws Exception {
        String out = runChild(PollersFirstChild.class, NETPOLL_FLAG);
        assertAllEchoed(out);
        assertTrue(wakeups(out) > 0, "pollers started by a JDK virtual thread were never polled by go4j: " + out);
    }

    /**
     * Without the flag go4j cannot poll: it says so once, naming the flag, and the JDK's
     * threads alone serve the sockets, every echo intact.
     */
    @Test
    void withoutTheFlagOneLineNamesItAndSocketsStillWork() throws Exception {
        String flag = "--add-opens java.base/sun.nio.ch=ALL-UNNAMED";
        // Pollers started by a goroutine (adopted), and by a JDK virtual thread before any runtime.
        for (Class<?> child : java.util.List.of(EchoChild.class, PollersFirstChild.class)) {
            String out = runChild(child);
            assertEquals(1, out.lines().filter(l -> l.startsWith("go4j: ") && l.contains(flag)).count(), child + ": " + out);
            assertTrue(out.endsWith("echoed=2000 netpollWakeups=0"), child + ": " + out);
        }
    }

    /**
     * {@code -Dgo4j.netpoll=nonblocking}: M's still poll before stealing, every echo intact.
     * At GOMAXPROCS 2, whatever the CPUs: in this mode the JDK's master poller thread still
     * wakes the sub-pollers at once, and with one P the only M mostly finds the woken
     * sub-poller queued before it runs out of work, so it does not reach its poll (0 polls
     * in 2,000 round trips every time on one CPU, in some runs on two). An idle second M
     * polls, on one CPU too.
     */
    @Test
    void nonblockingModeStillPolls() throws Exception {
        String out = runChild(EchoChild.class, NETPOLL_FLAG, "-Dgo4j.netpoll=nonblocking", "-Dgo4j.maxprocs=2");
        assertAllEchoed(out);
        String polls = out.lines().filter(l -> l.startsWith("netpollPolls=")).findFirst().orElseThrow(() -> new AssertionError(out));
        assertTrue(Long.parseLong(polls.substring("netpollPolls=".length())) > 0, "no M polled the sockets: " + out);
        assertTrue(wakeups(out) > 0, "no M's poll found a ready socket: " + out);
    }

    private static final String NETPOLL_FLAG = "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED";

    /** Runs main in a fresh JVM (go4j's required flags, plus {@code jvmArgs}); returns its output. */
    private static String runChild(Class<?> main, String... jvmArgs) throws Exception {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED"));
        cmd.addAll(java.util.List.of(jvmArgs));
        cmd.addAll(java.util.List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM did not end");
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    /** The child's last line: every one of its 2,000 round trips was echoed intact. */
    private static void assertAllEchoed(String out) {
        String last = out.substring(out.lastIndexOf('\n') + 1);
        assertTrue(last.startsWith("echoed=2000 netpollWakeups="), out);
    }

    private static long wakeups(String out) {
        return Long.parseLong(out.substring(out.lastIndexOf('=') + 1));
    }

    /** 2,000 checked round trips inside one runtime; prints the echo count and go4j's netpoll wake-ups. */
    private static void echoRun() {
        AtomicLong echoed = new AtomicLong();
        long[] wakeups = new long[1];
        Go.run(() -> {
            EchoServer srv = echoServer(echoed);
            roundTrips(srv.port(), 0, 2000);
            SchedCounters c = SchedCounters.of(G.current().sched());
            wakeups[0] = c.netpollWakeups();
            System.out.println("netpollPolls=" + c.netpollPolls());
            srv.stop();
        });
        System.out.println("echoed=" + echoed.get() + " netpollWakeups=" + wakeups[0]);
    }

    /** Child JVM: {@link #echoRun} alone. */
    static final class EchoChild {
        public static void main(String[] args) {
            echoRun();
        }
    }

    /** Child JVM of {@link #pollersStartedOutsideAnyRuntimeArePolledToo}. */
    static final class PollersFirstChild {
        public static void main(String[] args) throws Exception {
            try (ServerSocket ss = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
                CountDownLatch accepted = new CountDownLatch(1);
                Thread t = Thread.ofVirtual().start(() -> {
                    try (Socket s = ss.accept()) {
                        accepted.countDown();
                        s.getInputStream().read(); // parks on the JDK's read poller: started here
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                try (Socket c = new Socket(InetAddress.getLoopbackAddress(), ss.getLocalPort())) {
                    accepted.await();
                    c.getOutputStream().write(1);
                }
                t.join();
            }
            echoRun();
        }
    }

}
