package dev.go4j.internal.sched;

import dev.go4j.ChildJvm;
import dev.go4j.Go;
import dev.go4j.internal.carrier.JdkPollers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A server at its fd limit: a runtime whose idle M would sleep in an epoll set of its own
 * cannot open one (EMFILE). That runtime serves its sockets without the set, and go4j's
 * polling of the JDK's pollers goes on for everyone: the limit is the process's, not a
 * fault in the pollers, so it must not switch go4j's polling off for the rest of the JVM
 * (before, it did, with "stopped polling the JDK's socket pollers"). In a child JVM under
 * {@code ulimit -n}; every round trip is checked.
 */
@Timeout(120)
class NetpollFdLimitTest {

    static final int TRIPS = 200;

    @Test
    void aRuntimeThatCannotOpenItsEpollSetLeavesPollingOnForEveryoneElse() throws Exception {
        // exec keeps the child's pid the JVM's, for the dump of a hung child
        String cmd = "ulimit -n 512 && exec '" + ChildJvm.java() + "' --add-opens java.base/java.lang=ALL-UNNAMED"
                + " --add-exports java.base/jdk.internal.vm=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED"
                + " -cp '" + System.getProperty("java.class.path") + "' '" + Child.class.getName() + "'";
        ChildJvm.Result r = ChildJvm.run(List.of("bash", "-c", cmd), Duration.ofSeconds(100));
        String out = r.out();
        assertTrue(r.ended(), "child JVM hung: " + out);
        assertEquals("atLimit=true setFailed=true limitedEchoed=" + TRIPS + " pollingOn=true afterEchoed=" + TRIPS, out);
        assertEquals(0, r.exit(), out);
    }

    /** The child JVM. */
    static final class Child {
        public static void main(String[] args) throws Exception {
            ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread.ofPlatform().daemon().start(() -> {
                try {
                    for (;;) {
                        Socket c = listener.accept();
                        Thread.ofPlatform().daemon().start(() -> echo(c));
                    }
                } catch (IOException ignored) {
                    // the listener closed
                }
            });
            int port = listener.getLocalPort();
            // A first runtime starts the JDK's pollers and opens its own epoll set.
            AtomicLong warm = new AtomicLong();
            Go.run(() -> trips(port, TRIPS, warm));
            if (warm.get() != TRIPS) throw new AssertionError("warm-up echoed " + warm.get());

            // Connections made (and accepted) while fds are left; then none are. The quiet
            // one's peer sends only once the runtime below has tried to open its epoll set.
            Socket conn = new Socket(InetAddress.getLoopbackAddress(), port);
            roundTrip(conn, 0);
            Socket quietPeer;
            Socket quiet;
            try (ServerSocket quietListener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                quiet = new Socket(InetAddress.getLoopbackAddress(), quietListener.getLocalPort());
                quietPeer = quietListener.accept();
            }
            List<FileInputStream> filler = new ArrayList<>();
            boolean atLimit = false;
            try {
                for (;;) filler.add(new FileInputStream("/dev/null"));
            } catch (IOException e) {
                atLimit = e.getMessage() != null && e.getMessage().contains("Too many open files");
            }
            // A new runtime's M's go idle while its goroutine waits on the quiet socket, and
            // the last of them would sleep in its epoll set, which cannot open.
            AtomicLong limited = new AtomicLong();
            java.util.concurrent.atomic.AtomicReference<Sched> limitedRuntime = new java.util.concurrent.atomic.AtomicReference<>();
            boolean[] setFailed = new boolean[1];
            Thread releaser = Thread.ofPlatform().start(() -> {
                long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (System.nanoTime() - giveUp < 0) {
                    Sched s = limitedRuntime.get();
                    if (s != null && s.netpoll.epollUnavailable()) {
                        setFailed[0] = true;
                        break;
                    }
                    java.util.concurrent.locks.LockSupport.parkNanos(100_000);
                }
                try {
                    quietPeer.getOutputStream().write(1);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            Go.run(() -> {
                try {
                    limitedRuntime.set(G.current().sched());
                    if (quiet.getInputStream().read() != 1) throw new IOException("the quiet socket's byte is wrong");
                    for (int i = 1; i <= TRIPS; i++) {
                        roundTrip(conn, i);
                        limited.incrementAndGet();
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            releaser.join();
            for (FileInputStream f : filler) f.close();
            conn.close();
            quiet.close();
            quietPeer.close();
            boolean pollingOn = JdkPollers.accessible();
            // A runtime after it serves as before (with the fds back).
            AtomicLong after = new AtomicLong();
            Go.run(() -> trips(port, TRIPS, after));
            System.out.println("atLimit=" + atLimit + " setFailed=" + setFailed[0] + " limitedEchoed=" + limited.get()
                    + " pollingOn=" + pollingOn + " afterEchoed=" + after.get());
            System.exit(0);
        }

        private static void trips(int port, int n, AtomicLong echoed) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                for (int i = 0; i < n; i++) {
                    roundTrip(s, i);
                    echoed.incrementAndGet();
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        private static void roundTrip(Socket s, int i) throws IOException {
            s.getOutputStream().write(i & 0xff);
            int b = s.getInputStream().read();
            if (b != (i & 0xff)) throw new IOException("echo of " + (i & 0xff) + " came back as " + b);
        }

        private static void echo(Socket c) {
            try (c; InputStream in = c.getInputStream(); OutputStream out = c.getOutputStream()) {
                for (int b; (b = in.read()) >= 0; ) out.write(b);
            } catch (IOException ignored) {
                // the client left
            }
        }
    }
}
