package dev.go4j.internal.carrier;

import dev.go4j.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.*;

/**
 * When go4j's polling of the JDK's pollers fails ({@link JdkPollers#fail}: an epoll error,
 * an fd limit), go4j stops polling and puts every sub-poller back in the JDK master
 * poller's epoll set. A runtime may be taking a sub-poller out of that set at the same
 * moment ({@link MasterPollerTakeover#disarm}, as a sub-poller parks). If that removal
 * lands after the re-arm, nothing watches the sub-poller's sockets any more: go4j no
 * longer polls, and the master no longer sees them, so every thread waiting on them waits
 * for ever. Here a thread disarms one parked sub-poller in a loop, as fast as it can, while
 * the failure comes; once it has stopped, the master must be watching every parked
 * sub-poller again. Many rounds, each one a fresh failure, in a fresh JVM (the failure is
 * JVM-wide).
 */
@Timeout(120)
class PollingFailureTest {

    private static final int ROUNDS = 300;

    @Test
    void aFailureWhileASubPollerIsTakenLeavesEverySubPollerWatched() throws Exception {
        ChildJvm.Result r = ChildJvm.run(ChildJvm.command(List.of("--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED"),
                Child.class, String.valueOf(ROUNDS)), Duration.ofSeconds(100));
        String out = r.out();
        assertTrue(r.ended(), "child JVM hung: " + out);
        String last = out.substring(out.lastIndexOf('\n') + 1);
        assertEquals("rounds=" + ROUNDS + " unwatched=0", last, out.length() > 4000 ? out.substring(out.length() - 4000) : out);
        assertEquals(0, r.exit(), out);
    }

    /** The child JVM: the JDK's pollers started by a virtual thread of the JDK's own scheduler, no go4j runtime. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            int rounds = Integer.parseInt(args[0]);
            // A virtual thread waiting in accept starts the JDK's pollers and keeps one socket registered.
            ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().start(() -> {
                try {
                    listener.accept().close();
                } catch (IOException ignored) {
                    // closed at exit
                }
            });
            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!JdkPollers.resolve() || JdkPollers.master == null) {
                if (System.nanoTime() - giveUp > 0) throw new AssertionError("the JDK's pollers (with a master) never started");
                Thread.sleep(1);
            }
            Field broken = JdkPollers.class.getDeclaredField("broken");
            broken.setAccessible(true);
            int unwatched = 0;
            int r = 0;
            for (; r < rounds && unwatched == 0; r++) {
                broken.setBoolean(null, false); // go4j polls again, as in a fresh JVM
                Thread subPoller = parkedSubPoller(System.nanoTime() + TimeUnit.SECONDS.toNanos(20));
                AtomicLong disarms = new AtomicLong();
                Thread taker = Thread.ofPlatform().start(() -> {
                    while (MasterPollerTakeover.disarm(subPoller)) disarms.incrementAndGet();
                });
                while (disarms.get() < 50 && taker.isAlive()) Thread.onSpinWait();
                JdkPollers.fail(new IllegalStateException("failure of round " + r));
                taker.join();
                // A sub-poller between its map entry and its epoll_ctl counts for an instant: look again for a while.
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
                while ((unwatched = MasterPollerTakeover.unwatchedParked()) != 0 && System.nanoTime() - until < 0) {
                    Thread.sleep(1);
                }
                if (unwatched != 0) System.out.println("round " + r + ": " + unwatched + " sub-poller(s) parked and unwatched");
            }
            System.out.println("rounds=" + r + " unwatched=" + unwatched);
            System.exit(0);
        }

        /** A sub-poller thread parked on the master (its epoll fd in the master's map). */
        private static Thread parkedSubPoller(long giveUp) throws Exception {
            Field mapField = Class.forName("sun.nio.ch.Poller").getDeclaredField("map");
            mapField.setAccessible(true);
            Map<?, ?> parked = (Map<?, ?>) mapField.get(JdkPollers.master);
            for (;;) {
                for (int fd : JdkPollers.subPollerFdsShared()) {
                    if (parked.get(fd) instanceof Thread t) return t;
                }
                if (System.nanoTime() - giveUp > 0) throw new AssertionError("no sub-poller parked on the master");
                Thread.sleep(1);
            }
        }
    }
}
