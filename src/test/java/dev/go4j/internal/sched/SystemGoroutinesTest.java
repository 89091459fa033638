package dev.go4j.internal.sched;

import dev.go4j.Chan;
import dev.go4j.DeadlockError;
import dev.go4j.Go;
import dev.go4j.internal.carrier.CarrierAdapter;
import dev.go4j.runtime.Goroutines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JDK's socket sub-pollers, started lazily by the first virtual thread that blocks on a
 * socket, become system goroutines when that thread is a goroutine: not counted, no
 * obstacle to deadlock detection, hidden from dumps unless asked, and still serving the
 * JVM after their runtime ends. Which thread starts them is decided once per JVM, so each
 * case runs a fresh child JVM ({@link Child}) and reads what it prints.
 */
class SystemGoroutinesTest {

    public static final class Child {
        public static void main(String[] args) throws Exception {
            try {
                Go.run(() -> {
                    roundTrip(); // the first socket wait in this JVM: the JDK starts its pollers here
                    while (Go.numGoroutine() != 1) Go.gosched();
                    System.out.println("numGoroutine=" + Go.numGoroutine());
                    System.out.println("pollerInDump=" + Goroutines.dump().contains("sun.nio.ch.Poller"));
                    long[] childGoid = new long[1];
                    Thread t = Thread.ofVirtual().start(() -> childGoid[0] = Go.goid());
                    join(t);
                    System.out.println("childIsGoroutine=" + (childGoid[0] != 0));
                    Chan.<Integer>make().recv(); // nothing else can run: a deadlock, pollers or not
                });
                System.out.println("deadlock=false");
            } catch (DeadlockError e) {
                System.out.println("deadlock=true");
            }
            // the runtime that adopted the pollers has ended: sockets still work, in a new
            // runtime and on the JDK's own scheduler
            Go.run(Child::roundTrip);
            Thread t = Thread.ofVirtual().start(Child::roundTrip);
            t.join();
            System.out.println("afterwards=ok");
        }

        static void join(Thread t) {
            try {
                t.join();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }

        /** One echo over loopback from a virtual thread: both sides block in socket reads. */
        static void roundTrip() {
            try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                Thread peer = Thread.ofVirtual().start(() -> {
                    try (Socket c = server.accept(); InputStream in = c.getInputStream(); OutputStream out = c.getOutputStream()) {
                        out.write(in.readNBytes(5));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                    s.getOutputStream().write("hello".getBytes(StandardCharsets.UTF_8));
                    String got = new String(s.getInputStream().readNBytes(5), StandardCharsets.UTF_8);
                    if (!got.equals("hello")) throw new AssertionError(got);
                }
                join(peer);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static String runChild(String... props) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add(CarrierAdapter.REQUIRED_FLAG.split(" ")[0]);
        cmd.add(CarrierAdapter.REQUIRED_FLAG.split(" ")[1]);
        cmd.addAll(List.of("--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED")); // no thread-container notice
        cmd.addAll(List.of("--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED")); // no netpoll notice
        cmd.addAll(List.of(props));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Child.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM did not end");
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    @Timeout(120)
    void thePollersAreSystemGoroutines() throws Exception {
        assertEquals(String.join("\n", "numGoroutine=1", "pollerInDump=false", "childIsGoroutine=true",
                "deadlock=true", "afterwards=ok"), runChild());
    }

    @Test
    @Timeout(120)
    void tracebackSystemShowsThem() throws Exception {
        String out = runChild("-Dgo4j.traceback=system");
        assertTrue(out.contains("pollerInDump=true"), out);
        assertTrue(out.endsWith("afterwards=ok"), out);
    }

    @Test
    @Timeout(120)
    void thePoolSwitchKeepsChildThreadsOutOfTheRuntime() throws Exception {
        String out = runChild("-Dgo4j.childThreads=pool");
        assertTrue(out.contains("childIsGoroutine=false"), out);
        assertTrue(out.endsWith("afterwards=ok"), out);
    }
}
