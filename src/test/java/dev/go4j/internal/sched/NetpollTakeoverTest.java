package dev.go4j.internal.sched;

import dev.go4j.Chan;
import dev.go4j.ChildJvm;
import dev.go4j.Go;
import dev.go4j.internal.carrier.MasterPollerTakeover;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The netpoll takeover (Netpoll.subPollerParked, MasterPollerTakeover): once go4j's M's
 * poll the JDK's sub-pollers, a parked sub-poller's fd leaves the JDK master poller's
 * epoll set, so go4j's runtime is the only thing watching those sockets. The danger is a
 * socket nobody watches: the JDK's own virtual threads share the sub-pollers, so they must
 * be served while the runtime holds them (even with every M idle and a far timer as the
 * poller's deadline), and again by the JDK's master after the runtime ends. Each case runs
 * in a fresh JVM, where the first socket wait happens inside the runtime (so the
 * sub-pollers are its system goroutines); every echo is checked and counted.
 */
@Timeout(180)
class NetpollTakeoverTest {

    private static final String NETPOLL_FLAG = "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED";
    private static final int TRIPS = 500;

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2})
    void jdkVirtualThreadsAreServedWhileTheRuntimeHoldsTheSubPollersAndAfterItEnds(int procs) throws Exception {
        String out = runChild(TakeoverChild.class, List.of(NETPOLL_FLAG), String.valueOf(procs));
        assertEquals("held=true goEchoed=" + TRIPS + " idleJdkEchoed=" + TRIPS + " busyGoEchoed=" + 4 * TRIPS
                + " busyJdkEchoed=" + 2 * TRIPS + " afterJdkEchoed=" + TRIPS + " orphaned=0", out);
    }

    /** Switched off, or with a netpoll that never sleeps in epoll, nothing is taken and everything still echoes. */
    @Test
    void noTakeoverWhenSwitchedOffOrNonblocking() throws Exception {
        for (String flag : List.of("-Dgo4j.netpoll.takeover=false", "-Dgo4j.netpoll=nonblocking")) {
            String out = runChild(TakeoverChild.class, List.of(NETPOLL_FLAG, flag), "2");
            assertEquals("held=false goEchoed=" + TRIPS + " idleJdkEchoed=" + TRIPS + " busyGoEchoed=" + 4 * TRIPS
                    + " busyJdkEchoed=" + 2 * TRIPS + " afterJdkEchoed=" + TRIPS + " orphaned=0", out, flag);
        }
    }

    /**
     * The takeover's cost, as users meet it: at GOMAXPROCS 1 the one P never idles (a
     * channel ping-pong pair and a CPU-bound loop that only checkpoints), so no M sleeps
     * in epoll and nobody looks before stealing; sysmon's 10 ms poll is then all that
     * serves the sockets, the JDK virtual threads' as well as the goroutines'. Every echo
     * still arrives.
     */
    @Test
    void socketsAreServedWhileTheOnlyPNeverIdles() throws Exception {
        String out = runChild(BusyChild.class, List.of(NETPOLL_FLAG));
        assertEquals("held=true go=" + 2 * BUSY_TRIPS + " jdk=" + 2 * BUSY_TRIPS + " pingpongs>0=true", out);
    }

    private static final int BUSY_TRIPS = 100;

    /** Child JVM of {@link #socketsAreServedWhileTheOnlyPNeverIdles}. */
    static final class BusyChild {
        public static void main(String[] args) throws Exception {
            AtomicLong go = new AtomicLong(), jdk = new AtomicLong(), pingpongs = new AtomicLong();
            boolean[] held = new boolean[1];
            try (ServerSocket plain = new ServerSocket(0, 64, InetAddress.getLoopbackAddress())) {
                Thread.ofPlatform().daemon().start(() -> plainEchoServer(plain));
                Go.run(() -> {
                    Go.gomaxprocs(1);
                    NetpollTest.EchoServer srv = NetpollTest.echoServer(new AtomicLong());
                    clientTrips(srv.port(), 0, BUSY_TRIPS, new AtomicLong()); // the JDK's pollers start here
                    for (int i = 0; i < 200 && !held[0]; i++) {
                        held[0] = G.current().sched().netpoll.holdingSubPollers();
                        if (!held[0]) Time.sleep(Duration.ofMillis(1));
                    }
                    // From here on the P always has something to run.
                    Chan<Integer> ping = Chan.make(0), pong = Chan.make(0);
                    Go.go(() -> { for (;;) { ping.send(1); pong.recv(); pingpongs.incrementAndGet(); } });
                    Go.go(() -> { for (;;) pong.send(ping.recv()); });
                    Go.go(() -> {
                        long x = 0;
                        for (;;) {
                            for (int k = 0; k < 100_000; k++) x += k ^ (x >>> 3);
                            if (x == 42) System.out.print(""); // keeps the loop
                            Go.checkpoint();
                        }
                    });
                    clientsAtOnce(srv.port(), 2, 30, go, plain.getLocalPort(), 2, jdk, BUSY_TRIPS);
                    // main returns: the pair and the loop are abandoned with the run, as in Go
                });
            }
            System.out.println("held=" + held[0] + " go=" + go.get() + " jdk=" + jdk.get() + " pingpongs>0=" + (pingpongs.get() > 0));
        }
    }

    /** A mistyped switch is refused with its name and value, not read as the default. */
    @Test
    void aMistypedSwitchIsRefusedByName() throws Exception {
        for (String flag : List.of("-Dgo4j.netpoll.takeover=flase", "-Dgo4j.netpoll=nonblock")) {
            Child c = child(TakeoverChild.class, List.of(NETPOLL_FLAG, flag), "1");
            assertNotEquals(0, c.exit(), c.out());
            assertTrue(c.out().contains("go4j: " + flag + " is not understood; use one of "), c.out());
        }
    }

    /**
     * Sysmon takes the P of an M while that M waits to take a sub-poller (the takeover's
     * lock is held: here by the test, in real life by another runtime giving the
     * sub-pollers back), and hands the P off before the runtime holds anything. The M then
     * takes the sub-poller and, P-less, goes idle: unless it wakes an M to sleep in epoll,
     * no thread watches that sub-poller's sockets and the JDK virtual thread waiting on one
     * is never woken. Seen as an intermittent hang of the test above; this makes the
     * interleaving happen every time (in the default runtime, where the sub-pollers live
     * once the runtime that started them has ended).
     */
    @Test
    void anMThatLosesItsPWhileTakingASubPollerLeavesAnotherToPoll() throws Exception {
        String out = runChild(RetakenChild.class, List.of(NETPOLL_FLAG));
        assertEquals("handedOff=true echoed=" + (TRIPS + 1) + " orphaned=0", out);
    }

    /** Child JVM of {@link #anMThatLosesItsPWhileTakingASubPollerLeavesAnotherToPoll}. */
    static final class RetakenChild {
        public static void main(String[] args) throws Exception {
            AtomicLong echoed = new AtomicLong();
            boolean[] handedOff = new boolean[1];
            try (ServerSocket plain = new ServerSocket(0, 64, InetAddress.getLoopbackAddress())) {
                Thread.ofPlatform().daemon().start(() -> plainEchoServer(plain));
                int port = plain.getLocalPort();
                Go.run(() -> {
                    NetpollTest.EchoServer srv = NetpollTest.echoServer(new AtomicLong());
                    clientTrips(srv.port(), 0, TRIPS, new AtomicLong()); // the JDK's pollers start here
                    srv.stop();
                });
                Sched d = DefaultRuntime.get();
                java.util.concurrent.SynchronousQueue<Boolean> go = new java.util.concurrent.SynchronousQueue<>();
                Thread client = Thread.ofVirtual().unstarted(() -> { // the JDK's scheduler: started by a plain thread
                    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                        s.setTcpNoDelay(true);
                        for (int i = 0; i <= TRIPS; i++) {
                            if (i == 1) go.take(); // the rest once the takeover's lock is free again
                            byte[] msg = new byte[64], back = new byte[64];
                            Arrays.fill(msg, (byte) (200 + i));
                            s.getOutputStream().write(msg);
                            if (s.getInputStream().readNBytes(back, 0, 64) != 64 || !Arrays.equals(msg, back)) return;
                            echoed.incrementAndGet();
                        }
                    } catch (IOException | InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
                Netpoll.withTakeoverLock(() -> {
                    // The sub-pollers are the default runtime's now. Give them back to the
                    // JDK's master, and (the lock held) nobody takes them again for now.
                    Netpoll.releaseAll();
                    // An M that slept in epoll while the runtime held them may sleep there
                    // still (it watches them too): wake it, so that only the master watches.
                    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    while (d.netpoll.pollingM() != null && System.nanoTime() < until) {
                        d.netpoll.netpollBreak();
                        Thread.yield();
                    }
                    // The first round trip wakes a sub-poller through the master; it parks
                    // again on an M of the default runtime, which then waits for this lock
                    // with its P up for grabs, and sysmon hands that P off: every P idle.
                    client.start();
                    until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                    while (!(handedOff[0] = echoed.get() == 1 && d.idleProcs() == d.gomaxprocs && anMBlocked(d))
                            && System.nanoTime() < until) {
                        Thread.onSpinWait();
                    }
                });
                go.put(true);
                client.join();
            }
            int orphaned = -1;
            for (int i = 0; i < 20 && (orphaned = Netpoll.orphanedSubPollers()) > 0; i++) Thread.sleep(2);
            System.out.println("handedOff=" + handedOff[0] + " echoed=" + echoed.get() + " orphaned=" + orphaned);
        }
    }

    /**
     * Runtimes come and go, two streams of them overlapping, each taking the sub-pollers
     * and giving them back as it ends, while JDK virtual threads and goroutines of the
     * default runtime echo throughout on the same sub-pollers: every echo of every client
     * arrives, and no client is left waiting on a socket nobody watches (the child would
     * hang). A short form of a five-minute soak run while fixing the hang above.
     */
    @Test
    void runtimesComingAndGoingNeverStrandASocket() throws Exception {
        String out = runChild(ComeAndGoChild.class, List.of(NETPOLL_FLAG));
        int perRun = ComeAndGoChild.CLIENTS * ComeAndGoChild.TRIPS;
        assertEquals("runtimes=" + 2 * ComeAndGoChild.RUNS + " runtimeEchoed=" + 2 * ComeAndGoChild.RUNS * perRun
                + " jdkEveryEcho=true defaultEveryEcho=true orphaned=0", out);
    }

    /** Child JVM of {@link #runtimesComingAndGoingNeverStrandASocket}. */
    static final class ComeAndGoChild {
        static final int RUNS = 25, CLIENTS = 3, TRIPS = 100;

        public static void main(String[] args) throws Exception {
            AtomicLong runtimes = new AtomicLong(), runtimeEchoed = new AtomicLong(), jdk = new AtomicLong(), dflt = new AtomicLong();
            boolean jdkEvery, dfltEvery;
            try (ServerSocket plain = new ServerSocket(0, 64, InetAddress.getLoopbackAddress())) {
                Thread.ofPlatform().daemon().start(() -> plainEchoServer(plain));
                int port = plain.getLocalPort();
                Runnable stream = () -> {
                    for (int r = 0; r < RUNS; r++) {
                        int procs = 1 + r % 2;
                        Go.run(() -> {
                            Go.gomaxprocs(procs);
                            NetpollTest.EchoServer srv = NetpollTest.echoServer(new AtomicLong());
                            WaitGroup wg = new WaitGroup();
                            for (int c = 0; c < CLIENTS; c++) {
                                int id = c;
                                wg.go(() -> clientTrips(srv.port(), id, TRIPS, runtimeEchoed));
                            }
                            wg.await();
                            srv.stop();
                        });
                        runtimes.incrementAndGet();
                    }
                };
                // The first runtime starts the JDK's pollers, so they are system goroutines.
                Go.run(() -> clientTrips(port, 0, 1, new AtomicLong()));
                // Beside the runtimes, for as long as they come and go: JDK virtual threads
                // and default-runtime goroutines, counting the round trips they try.
                java.util.concurrent.atomic.AtomicBoolean streamsDone = new java.util.concurrent.atomic.AtomicBoolean();
                AtomicLong jdkTried = new AtomicLong(), dfltTried = new AtomicLong();
                List<Thread> jdkClients = new ArrayList<>();
                for (int c = 0; c < 2; c++) {
                    int id = 110 + c;
                    jdkClients.add(Thread.ofVirtual().start(() -> { // the JDK's scheduler: started by a plain thread
                        do {
                            jdkTried.addAndGet(TRIPS);
                            clientTrips(port, id, TRIPS, jdk);
                        } while (!streamsDone.get());
                    }));
                }
                java.util.concurrent.CountDownLatch dfltDone = new java.util.concurrent.CountDownLatch(2);
                for (int c = 0; c < 2; c++) {
                    int id = 120 + c;
                    Go.go(() -> { // from a plain thread: a goroutine of the default runtime
                        do {
                            dfltTried.addAndGet(TRIPS);
                            clientTrips(port, id, TRIPS, dflt);
                        } while (!streamsDone.get());
                        dfltDone.countDown();
                    });
                }
                Thread other = Thread.ofPlatform().start(stream);
                stream.run();
                other.join();
                streamsDone.set(true);
                for (Thread t : jdkClients) t.join();
                dfltDone.await();
                jdkEvery = jdk.get() == jdkTried.get() && jdk.get() > 0;
                dfltEvery = dflt.get() == dfltTried.get() && dflt.get() > 0;
            }
            int orphaned = -1;
            for (int i = 0; i < 20 && (orphaned = Netpoll.orphanedSubPollers()) > 0; i++) Thread.sleep(2);
            System.out.println("runtimes=" + runtimes.get() + " runtimeEchoed=" + runtimeEchoed.get() + " jdkEveryEcho=" + jdkEvery
                    + " defaultEveryEcho=" + dfltEvery + " orphaned=" + orphaned);
        }
    }

    /** Whether an M of runtime s is blocked on a monitor (here: the takeover's lock). */
    private static boolean anMBlocked(Sched s) {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t instanceof M m && m.sched == s && m.getState() == Thread.State.BLOCKED) return true;
        }
        return false;
    }

    /**
     * An M's poll before stealing ({@link Netpoll#pollSockets}) runs the JDK's
     * {@code Poller.polled}, which takes a monitor of the poller's map (a
     * {@code ConcurrentHashMap} bin). If that monitor is held, the M blocks there; it must
     * not block with its P, or at GOMAXPROCS 1 nothing else of the run can run until the
     * holder lets go, and a holder that waits for the run never does. NetpollTakeoverTest's
     * come-and-go case hung that way in CI: a goroutine that the monitor's exit had picked
     * as next owner needed the only P, held by the M blocked on that monitor. Here a plain
     * thread holds the bin of a goroutine's socket (a {@code compute} on its fd), the peer
     * writes, and the M that finds the socket ready blocks in pollSockets: main's sleep
     * loop must go on meanwhile (sysmon hands the P off, as in a system call).
     */
    @Test
    void anMBlockedInTheJdkPollLosesItsP() throws Exception {
        String out = runChild(PollBlockedChild.class, List.of(NETPOLL_FLAG, "-Dgo4j.maxprocs=1"));
        assertEquals("blockedIn=pollSockets runWentOn=true every42=true", out);
    }

    /** Child JVM of {@link #anMBlockedInTheJdkPollLosesItsP}. */
    static final class PollBlockedChild {
        public static void main(String[] args) throws Exception {
            String[] blockedIn = {"none"};
            boolean[] wentOn = new boolean[1];
            boolean[] every42 = {true};
            InetAddress lo = InetAddress.getLoopbackAddress();
            Go.run(() -> {
                Sched s = G.current().sched();
                try (ServerSocket listener = new ServerSocket(0, 8, lo);
                     Socket peer = new Socket(lo, listener.getLocalPort());
                     Socket served = listener.accept()) {
                    // The JDK's pollers start inside this run: its system goroutines, taken over.
                    NetpollTest.EchoServer srv = NetpollTest.echoServer(new AtomicLong());
                    clientTrips(srv.port(), 0, 10, new AtomicLong());
                    for (int i = 0; i < 2000 && !s.netpoll.holdingSubPollers(); i++) Time.sleep(Duration.ofMillis(1));
                    // Who finds the socket ready is a race (this M before it parks, sysmon when
                    // nobody polled for 10 ms, a sub-poller woken by the JDK's master): try again
                    // until it is an M in pollSockets.
                    for (int attempt = 0; attempt < 50 && !blockedIn[0].equals("pollSockets"); attempt++) {
                        Chan<Integer> read = Chan.make(1);
                        Thread[] reader = new Thread[1];
                        Go.go(() -> {
                            reader[0] = Thread.currentThread();
                            try {
                                read.send(served.getInputStream().read());
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        });
                        // The reader's fd in the JDK poller's map, once it waits there.
                        Object[] entry = null;
                        while (entry == null) {
                            Time.sleep(Duration.ofMillis(1));
                            entry = pollerEntryOf(reader[0]);
                        }
                        @SuppressWarnings("unchecked") java.util.Map<Integer, Thread> map = (java.util.Map<Integer, Thread>) entry[0];
                        int fd = (Integer) entry[1];
                        AtomicLong progress = new AtomicLong();
                        Thread holder = Thread.ofPlatform().start(() -> map.compute(fd, (k, v) -> {
                            try {
                                peer.getOutputStream().write(42);
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
                            String where;
                            while ((where = blockedOnPoller(s)) == null && System.nanoTime() < until) Thread.onSpinWait();
                            blockedIn[0] = String.valueOf(where);
                            if (!"pollSockets".equals(where)) return v;
                            // Main's loop goes on (20 rounds) while that M waits for this monitor.
                            until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                            long p = progress.get();
                            while (!(wentOn[0] = progress.get() >= p + 20) && System.nanoTime() < until) Thread.onSpinWait();
                            return v;
                        }));
                        // A sleep short enough for the idle M to park (not sleep in epoll): it
                        // polls before every park, holding its P.
                        while (holder.isAlive()) {
                            Time.sleep(Duration.ofNanos(200_000));
                            progress.incrementAndGet();
                        }
                        every42[0] &= read.recv() == 42;
                    }
                    srv.stop();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            System.out.println("blockedIn=" + blockedIn[0] + " runWentOn=" + wentOn[0] + " every42=" + every42[0]);
        }
    }

    /** The JDK poller map (of {@code sun.nio.ch.Poller}) in which t waits, and t's fd there; null if none. */
    private static Object[] pollerEntryOf(Thread t) {
        try {
            Class<?> poller = Class.forName("sun.nio.ch.Poller");
            java.lang.reflect.Method readPollers = poller.getDeclaredMethod("readPollers");
            readPollers.setAccessible(true);
            java.lang.reflect.Field mapField = poller.getDeclaredField("map");
            mapField.setAccessible(true);
            for (Object p : (List<?>) readPollers.invoke(null)) {
                @SuppressWarnings("unchecked") java.util.Map<Integer, Thread> map = (java.util.Map<Integer, Thread>) mapField.get(p);
                for (var e : map.entrySet()) if (e.getValue() == t) return new Object[] {map, e.getKey()};
            }
            return null;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Where a platform thread waits for a monitor inside the JDK poller's wake-up
     * ({@code Poller.wakeup}), if one does: for an M of s, its Netpoll method
     * ("pollSockets" holds a P, "poll", the blocking netpoll, does not); for another
     * thread (sysmon, the JDK's master poller) its name. Null if none.
     */
    private static String blockedOnPoller(Sched s) {
        for (var e : Thread.getAllStackTraces().entrySet()) {
            Thread t = e.getKey();
            if (t.getState() != Thread.State.BLOCKED) continue;
            boolean inWakeup = false;
            for (StackTraceElement f : e.getValue()) {
                if (f.getClassName().equals("sun.nio.ch.Poller") && f.getMethodName().equals("wakeup")) inWakeup = true;
                if (inWakeup && t instanceof M m && m.sched == s && f.getClassName().equals(Netpoll.class.getName())) {
                    return f.getMethodName();
                }
            }
            if (inWakeup) return t.getName();
        }
        return null;
    }

    /**
     * Two runtimes at once, each with its own echo server and goroutine clients, and JDK
     * virtual thread clients beside them: the first starts the JDK's pollers (its system
     * goroutines, so it takes them over) and ends while the second is still echoing, so
     * the sub-pollers are given back, move to the default runtime and are taken again
     * under the second's feet. Every echo arrives, exactly once.
     */
    @Test
    void runtimeThatHoldsTheSubPollersEndsWhileAnotherEchoes() throws Exception {
        String out = runChild(TwoRuntimesChild.class, List.of(NETPOLL_FLAG));
        assertEquals("first=" + 2 * TRIPS + " second=" + 8 * TRIPS + " jdk=" + 2 * TRIPS + " orphaned=0", out);
    }

    /** Child JVM of {@link #runtimeThatHoldsTheSubPollersEndsWhileAnotherEchoes}. */
    static final class TwoRuntimesChild {
        public static void main(String[] args) throws Exception {
            AtomicLong first = new AtomicLong(), second = new AtomicLong(), jdk = new AtomicLong();
            java.util.concurrent.CountDownLatch secondStarted = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch firstEnded = new java.util.concurrent.CountDownLatch(1);
            Thread[] other = new Thread[1]; // runs the second runtime
            try (ServerSocket plain = new ServerSocket(0, 64, InetAddress.getLoopbackAddress())) {
                Thread.ofPlatform().daemon().start(() -> plainEchoServer(plain));
                Go.run(() -> {
                    NetpollTest.EchoServer srv = NetpollTest.echoServer(new AtomicLong());
                    clientTrips(srv.port(), 0, TRIPS, first); // the JDK's pollers start here
                    other[0] = Thread.ofPlatform().start(() -> Go.run(() -> {
                        NetpollTest.EchoServer srv2 = NetpollTest.echoServer(new AtomicLong());
                        WaitGroup wg = new WaitGroup();
                        for (int c = 0; c < 4; c++) {
                            int id = 20 + c;
                            wg.go(() -> {
                                clientTrips(srv2.port(), id, TRIPS, second);
                                if (id == 20) secondStarted.countDown();
                                try {
                                    firstEnded.await(); // the rest after the first runtime has ended
                                } catch (InterruptedException e) {
                                    throw new IllegalStateException(e);
                                }
                                clientTrips(srv2.port(), id, TRIPS, second);
                            });
                        }
                        wg.await();
                        srv2.stop();
                    }));
                    try {
                        secondStarted.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    clientTrips(srv.port(), 1, TRIPS, first);
                    srv.stop();
                });
                firstEnded.countDown();
                jdkClient(plain.getLocalPort(), 2, jdk); // beside the second runtime's echoes
                other[0].join();
            }
            int orphaned = -1;
            for (int i = 0; i < 20 && (orphaned = Netpoll.orphanedSubPollers()) > 0; i++) Thread.sleep(2);
            System.out.println("first=" + first.get() + " second=" + second.get() + " jdk=" + jdk.get() + " orphaned=" + orphaned);
        }
    }

    /**
     * Child JVM. In one runtime: goroutines echo (this starts the JDK's pollers as system
     * goroutines of the runtime, which takes them over); then, with no goroutine on a
     * socket, every M idle and a timer ten minutes away, a JDK virtual thread (started by
     * a plain thread, so on the JDK's scheduler) echoes against a plain-thread server;
     * then both at once. After the runtime has ended, the JDK virtual thread once more.
     */
    static final class TakeoverChild {
        public static void main(String[] args) throws Exception {
            int procs = Integer.parseInt(args[0]);
            boolean[] held = new boolean[1];
            int orphaned = -1;
            AtomicLong goEchoed = new AtomicLong(), idleJdk = new AtomicLong(), busyGo = new AtomicLong(),
                    busyJdk = new AtomicLong(), afterJdk = new AtomicLong();
            try (ServerSocket plain = new ServerSocket(0, 64, InetAddress.getLoopbackAddress())) {
                Thread.ofPlatform().daemon().start(() -> plainEchoServer(plain));
                int plainPort = plain.getLocalPort();
                Go.run(() -> {
                    Go.gomaxprocs(procs);
                    NetpollTest.EchoServer srv = NetpollTest.echoServer(new AtomicLong());
                    clientTrips(srv.port(), 0, TRIPS, goEchoed);
                    // The sub-pollers park as the echoes end: look until one is seen taken (or give up).
                    for (int i = 0; i < 200 && !held[0]; i++) {
                        held[0] = G.current().sched().netpoll.holdingSubPollers() && MasterPollerTakeover.unwatchedParked() > 0;
                        if (!held[0]) Time.sleep(Duration.ofMillis(1));
                    }

                    // Idle: only the JDK's virtual thread waits on sockets; go4j's poller's deadline is far.
                    Time.afterFunc(Duration.ofMinutes(10), () -> { });
                    clientsAtOnce(srv.port(), 0, 0, goEchoed, plainPort, 1, idleJdk, TRIPS); // no goroutine client

                    // Busy: goroutine clients and JDK virtual thread clients at once, on the same sub-pollers.
                    clientsAtOnce(srv.port(), 4, 10, busyGo, plainPort, 2, busyJdk, TRIPS);
                    srv.stop();
                });
                // No runtime left: the master poller must watch the sub-pollers again (or a
                // runtime that took them since, the default one: it then watches them).
                for (int i = 0; i < 20 && (orphaned = Netpoll.orphanedSubPollers()) > 0; i++) Thread.sleep(2);
                // The default runtime takes them as the ended runtime's system goroutines move
                // to it; the re-arm itself: give every sub-poller back (no runtime holds any
                // then), and none may be missing from the master's epoll set, unless one
                // parked again since and was taken again.
                Netpoll.releaseAll();
                int again = -1;
                for (int i = 0; i < 20 && (again = Netpoll.orphanedSubPollers()) > 0; i++) Thread.sleep(2);
                orphaned = Math.max(orphaned, again);
                jdkClient(plainPort, 1, afterJdk);
            }
            System.out.println("held=" + held[0] + " goEchoed=" + goEchoed.get() + " idleJdkEchoed=" + idleJdk.get()
                    + " busyGoEchoed=" + busyGo.get() + " busyJdkEchoed=" + busyJdk.get() + " afterJdkEchoed=" + afterJdk.get()
                    + " orphaned=" + orphaned);
        }
    }

    /**
     * From a goroutine: {@code goClients} goroutine clients (ids from {@code firstId}) on
     * {@code goPort} and, at the same time, {@code jdkClients} JDK virtual thread clients on
     * {@code jdkPort} (started from a plain thread, so on the JDK's scheduler), {@code trips}
     * checked round trips each; returns when all are done.
     */
    private static void clientsAtOnce(int goPort, int goClients, int firstId, AtomicLong goEchoed,
                                      int jdkPort, int jdkClients, AtomicLong jdkEchoed, int trips) {
        Chan<Boolean> done = Chan.make(1);
        Thread.ofPlatform().start(() -> {
            jdkClient(jdkPort, jdkClients, jdkEchoed, trips);
            done.send(true);
        });
        WaitGroup wg = new WaitGroup();
        for (int c = 0; c < goClients; c++) {
            int id = firstId + c;
            wg.go(() -> clientTrips(goPort, id, trips, goEchoed));
        }
        wg.await();
        done.recv();
    }

    /** {@code clients} JDK virtual threads (the caller is a plain thread: the JDK's scheduler), TRIPS checked round trips each. */
    private static void jdkClient(int port, int clients, AtomicLong echoed) {
        jdkClient(port, clients, echoed, TRIPS);
    }

    private static void jdkClient(int port, int clients, AtomicLong echoed, int trips) {
        List<Thread> ts = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int id = 100 + c;
            ts.add(Thread.ofVirtual().start(() -> clientTrips(port, id, trips, echoed)));
        }
        for (Thread t : ts) {
            try {
                t.join();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A platform thread per connection (nothing of go4j's or the JDK's pollers on the server side). */
    private static void plainEchoServer(ServerSocket listener) {
        for (;;) {
            Socket c;
            try {
                c = listener.accept();
            } catch (IOException closed) {
                return;
            }
            Thread.ofPlatform().daemon().start(() -> echo(c));
        }
    }

    private static void echo(Socket c) {
        try (c) {
            InputStream in = c.getInputStream();
            OutputStream out = c.getOutputStream();
            byte[] buf = new byte[64];
            while (in.readNBytes(buf, 0, 64) == 64) out.write(buf);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Round trips of distinct 64-byte messages on one connection; counts each echo that matches. */
    private static void clientTrips(int port, int client, int trips, AtomicLong echoed) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setTcpNoDelay(true);
            byte[] msg = new byte[64], back = new byte[64];
            for (int i = 0; i < trips; i++) {
                Arrays.fill(msg, (byte) (client * 31 + i));
                s.getOutputStream().write(msg);
                if (s.getInputStream().readNBytes(back, 0, 64) != 64 || !Arrays.equals(msg, back)) return;
                echoed.incrementAndGet();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs main in a fresh JVM with go4j's required flags and {@code jvmArgs}; returns its output, asserting it exited 0. */
    private static String runChild(Class<?> main, List<String> jvmArgs, String... args) throws Exception {
        Child c = child(main, jvmArgs, args);
        assertEquals(0, c.exit(), c.out());
        return c.out();
    }

    private record Child(int exit, String out) {}

    /** Runs main in a fresh JVM; a child that hangs is dumped (jcmd), killed and reported. */
    private static Child child(Class<?> main, List<String> jvmArgs, String... args) throws Exception {
        List<String> flags = new ArrayList<>(List.of(
                "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED"));
        flags.addAll(jvmArgs);
        ChildJvm.Result r = ChildJvm.run(ChildJvm.command(flags, main, args), Duration.ofSeconds(90));
        assertTrue(r.ended(), "child JVM hung: " + r.out());
        return new Child(r.exit(), r.out());
    }
}
