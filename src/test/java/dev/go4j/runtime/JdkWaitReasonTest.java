package dev.go4j.runtime;

import dev.go4j.Chan;
import dev.go4j.Go;
import dev.go4j.internal.carrier.VirtualThreadState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

import static dev.go4j.Go.go;
import static org.junit.jupiter.api.Assertions.*;

/**
 * A goroutine blocked by the JDK (not by go4j) shows in dumps with a reason named after
 * what it really waits for; each case makes the real blocking call.
 */
@Timeout(60)
class JdkWaitReasonTest {

    /**
     * The JDK starts its socket pollers (sun.nio.ch.Poller's class initialiser) in the first
     * virtual thread that blocks on a socket; a dump taken then shows that goroutine running
     * the initialiser under NioSocketImpl frames. Start them once before any test, so each
     * test sees its goroutine in the wait itself.
     */
    @org.junit.jupiter.api.BeforeAll
    static void startTheJdkPollers() throws Exception {
        try (var server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             var client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
             var accepted = server.accept()) {
            Thread reader = Thread.ofVirtual().start(() -> {
                try {
                    accepted.getInputStream().read();
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            client.getOutputStream().write(1);
            reader.join();
        }
    }

    /**
     * Starts {@code body} in a goroutine and waits until the dump shows it with
     * {@code reason}; returns that goroutine's dump entry.
     */
    static String awaitReason(String reason, Runnable body) {
        var id = Chan.<Long>make(1);
        Thread[] thread = new Thread[1];
        go(() -> { thread[0] = Thread.currentThread(); id.send(Go.goid()); body.run(); });
        long goid = id.recv();
        Pattern p = Pattern.compile("(?m)^goroutine " + goid + " \\[" + Pattern.quote(reason) + "\\]:\n(.+\n)*");
        for (;;) {
            // Only a goroutine settled in its park is judged: the first socket wait in the
            // JVM runs the JDK's poller start-up (Poller.<clinit>) under NioSocketImpl.park,
            // where a sample already reads "IO wait" while the goroutine still runs JDK code.
            // (Other reasons here are monitor and native waits, which are not parks.)
            boolean ioWait = reason.equals("IO wait");
            if (!ioWait || VirtualThreadState.settledParked(thread[0])) {
                String dump = Goroutines.dump();
                var m = p.matcher(dump);
                if (m.find() && (!ioWait || VirtualThreadState.settledParked(thread[0]))) return m.group();
            }
            Go.gosched();
        }
    }

    @Test
    void socketReadIsIoWait() throws Exception {
        try (var server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             var client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
             var accepted = server.accept()) {
            Go.run(() -> {
                var done = Chan.<Integer>make(1);
                String entry = awaitReason("IO wait", () -> {
                    try (InputStream in = accepted.getInputStream()) {
                        done.send(in.read());
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                });
                assertTrue(entry.contains("JdkWaitReasonTest.lambda$socketReadIsIoWait"), entry);
                assertFalse(entry.contains("jdk.internal") || entry.contains("VirtualThread"), "runtime frames are hidden: " + entry);
                try {
                    client.getOutputStream().write(42);
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
                assertEquals(42, done.recv());
            });
        }
    }

    @Test
    void acceptIsIoWait() throws Exception {
        try (var server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Go.run(() -> {
                var done = Chan.<Boolean>make(1);
                awaitReason("IO wait", () -> {
                    try (var s = server.accept()) {
                        done.send(true);
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                });
                try (var c = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                    assertTrue(done.recv());
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
        }
    }

    @Test
    void reentrantLockIsJdkLock() {
        Go.run(() -> {
            var lock = new ReentrantLock();
            var done = Chan.<Boolean>make(1);
            lock.lock();
            awaitReason("jdk lock", () -> { lock.lock(); lock.unlock(); done.send(true); });
            lock.unlock();
            assertTrue(done.recv());
        });
    }

    @Test
    void conditionAwaitIsJdkConditionWait() {
        Go.run(() -> {
            var lock = new ReentrantLock();
            var cond = lock.newCondition();
            var flag = new boolean[1];
            var done = Chan.<Boolean>make(1);
            awaitReason("jdk condition wait", () -> {
                lock.lock();
                try {
                    while (!flag[0]) cond.awaitUninterruptibly();
                } finally {
                    lock.unlock();
                }
                done.send(true);
            });
            lock.lock();
            flag[0] = true;
            cond.signal();
            lock.unlock();
            assertTrue(done.recv());
        });
    }

    @Test
    void otherJucWaitsAreNamedByClassAndMethod() {
        Go.run(() -> {
            var latch = new java.util.concurrent.CountDownLatch(1);
            var done = Chan.<Boolean>make(1);
            awaitReason("CountDownLatch.await", () -> {
                try {
                    latch.await();
                } catch (InterruptedException e) {
                    throw new RuntimeException(e);
                }
                done.send(true);
            });
            latch.countDown();
            assertTrue(done.recv());
        });
    }

    @Test
    void synchronizedIsMonitorEnter() {
        Go.run(() -> {
            Object monitor = new Object();
            var done = Chan.<Boolean>make(1);
            synchronized (monitor) {
                awaitReason("monitor enter", () -> {
                    synchronized (monitor) { done.send(true); }
                });
            }
            assertTrue(done.recv());
        });
    }

    @Test
    void objectWaitIsMonitorWait() {
        Go.run(() -> {
            Object monitor = new Object();
            var flag = new boolean[1];
            var done = Chan.<Boolean>make(1);
            awaitReason("monitor wait", () -> {
                synchronized (monitor) {
                    while (!flag[0]) {
                        try {
                            monitor.wait();
                        } catch (InterruptedException e) {
                            throw new RuntimeException(e);
                        }
                    }
                }
                done.send(true);
            });
            synchronized (monitor) {
                flag[0] = true;
                monitor.notifyAll();
            }
            assertTrue(done.recv());
        });
    }

    @Test
    void threadSleepIsSleep() {
        Go.run(() -> {
            var done = Chan.<Boolean>make(1);
            var sleeper = new Thread[1];
            awaitReason("sleep", () -> {
                sleeper[0] = Thread.currentThread();
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    done.send(true);
                }
            });
            sleeper[0].interrupt();
            assertTrue(done.recv());
        });
    }

    /** A read from a FIFO with no data blocks the carrier in read(2): the dump says so, and that it is undeclared. */
    @Test
    void blockingFileReadIsMarkedUndeclared() throws Exception {
        Path dir = Files.createTempDirectory("go4j-fifo");
        Path fifo = dir.resolve("fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor(), "mkfifo");
        try (var raf = new RandomAccessFile(fifo.toFile(), "rw")) { // O_RDWR: open does not block
            Go.run(() -> {
                var done = Chan.<Integer>make(1);
                String entry = awaitReason("file read, not in Go.blocking", () -> {
                    try {
                        done.send(raf.read());
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                });
                assertTrue(entry.contains("lambda$blockingFileReadIsMarkedUndeclared"), entry);
                try {
                    raf.write(7);
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
                assertEquals(7, done.recv());

                awaitReason("syscall, file read", () -> {
                    try {
                        done.send(Go.blocking(raf::read));
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                });
                try {
                    raf.write(8);
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
                assertEquals(8, done.recv());
            });
        } finally {
            Files.deleteIfExists(fifo);
            Files.deleteIfExists(dir);
        }
    }
}
