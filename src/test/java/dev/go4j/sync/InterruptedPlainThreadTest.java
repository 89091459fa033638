package dev.go4j.sync;

import dev.go4j.Chan;
import dev.go4j.Select;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The README's rule for every blocking call, "Go has no interrupts. A plain thread
 * interrupted while blocked in one keeps waiting, and its interrupt flag is set again when
 * the call returns", for the blocking calls of sync and for a channel send and a select
 * (ChanTest and WaitGroupTest check a receive and WaitGroup.await). Each scenario blocks a
 * plain thread, interrupts it once it is parked, checks it has not returned, then releases
 * it: the call must return what the release gives it (the lock, the signal, the value),
 * with the interrupt flag set.
 */
@Timeout(60)
class InterruptedPlainThreadTest {

    /** One scenario: the blocking call, the release, and what the call must have seen. */
    private interface Scenario {
        /** Runs on the blocked thread; returns what it got, checked by {@link #check}. */
        Object block();

        /** Run by the test once the thread is parked and interrupted. */
        void release();

        /** What block() must have returned. */
        Object expected();
    }

    private static Scenario scenario(String name) {
        return switch (name) {
            case "Mutex.lock" -> new Scenario() {
                final Mutex m = new Mutex();
                final AtomicBoolean released = new AtomicBoolean();
                { m.lock(); }
                public Object block() { m.lock(); boolean ok = released.get(); m.unlock(); return ok; }
                public void release() { released.set(true); m.unlock(); }
                public Object expected() { return true; }
            };
            case "RWMutex.lock" -> new Scenario() {
                final RWMutex rw = new RWMutex();
                final AtomicBoolean released = new AtomicBoolean();
                { rw.rLock(); }
                public Object block() { rw.lock(); boolean ok = released.get(); rw.unlock(); return ok; }
                public void release() { released.set(true); rw.rUnlock(); }
                public Object expected() { return true; }
            };
            case "RWMutex.rLock" -> new Scenario() {
                final RWMutex rw = new RWMutex();
                final AtomicBoolean released = new AtomicBoolean();
                { rw.lock(); }
                public Object block() { rw.rLock(); boolean ok = released.get(); rw.rUnlock(); return ok; }
                public void release() { released.set(true); rw.unlock(); }
                public Object expected() { return true; }
            };
            case "Cond.await" -> new Scenario() {
                final Mutex m = new Mutex();
                final Cond c = new Cond(m);
                boolean signalled; // guarded by m
                public Object block() {
                    m.lock();
                    try {
                        c.await();
                        return signalled;
                    } finally {
                        m.unlock();
                    }
                }
                public void release() { m.lock(); signalled = true; c.signal(); m.unlock(); }
                public Object expected() { return true; }
            };
            case "Semaphore.acquire" -> new Scenario() {
                final Semaphore s = new Semaphore(2);
                final AtomicBoolean released = new AtomicBoolean();
                { s.acquire(2); }
                public Object block() { s.acquire(1); return released.get() && s.held() == 2; }
                public void release() { released.set(true); s.release(1); }
                public Object expected() { return true; }
            };
            case "Once.run" -> new Scenario() {
                final Once once = new Once();
                final CountDownLatch inF = new CountDownLatch(1), finishF = new CountDownLatch(1);
                final AtomicBoolean fDone = new AtomicBoolean();
                {
                    Thread.ofPlatform().start(() -> once.run(() -> {
                        inF.countDown();
                        try {
                            finishF.await();
                        } catch (InterruptedException e) {
                            throw new AssertionError(e);
                        }
                        fDone.set(true);
                    }));
                    try {
                        inF.await();
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                }
                public Object block() { once.run(() -> { throw new AssertionError("f ran twice"); }); return fDone.get(); }
                public void release() { finishF.countDown(); }
                public Object expected() { return true; }
            };
            case "Chan.send" -> new Scenario() {
                final Chan<Integer> ch = Chan.make();
                public Object block() { ch.send(42); return "sent"; }
                public void release() { assertEquals(42, ch.recv()); } // a send that gave up would leave this blocked
                public Object expected() { return "sent"; }
            };
            case "Select.of" -> new Scenario() {
                final Chan<Integer> a = Chan.make(), b = Chan.make();
                public Object block() { return Select.of(Select.recv(a), Select.recv(b)).value(); }
                public void release() { b.send(7); }
                public Object expected() { return 7; }
            };
            default -> throw new IllegalArgumentException(name);
        };
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Mutex.lock", "RWMutex.lock", "RWMutex.rLock", "Cond.await", "Semaphore.acquire",
            "Once.run", "Chan.send", "Select.of"})
    void keepsWaitingAndKeepsTheFlag(String name) throws Exception {
        for (int round = 0; round < 20; round++) {
            Scenario s = scenario(name);
            AtomicReference<Object> got = new AtomicReference<>();
            AtomicBoolean returned = new AtomicBoolean();
            AtomicBoolean flag = new AtomicBoolean();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread t = Thread.ofPlatform().start(() -> {
                try {
                    got.set(s.block());
                } catch (Throwable e) {
                    failure.set(e);
                }
                returned.set(true);
                flag.set(Thread.currentThread().isInterrupted());
            });
            while (t.getState() != Thread.State.WAITING) {
                assertFalse(returned.get(), name + " returned before it was released");
                Thread.onSpinWait();
            }
            t.interrupt();
            // However long we look, it must not return until released; one look is all a
            // test without sleeps can take, and a call that returns on the interrupt at once
            // is caught here or by the check of what it returned.
            Thread.yield();
            assertFalse(returned.get(), name + " returned on the interrupt");
            s.release();
            t.join();
            assertNull(failure.get(), () -> name + " threw " + failure.get());
            assertEquals(s.expected(), got.get(), name + ", round " + round);
            assertTrue(flag.get(), name + ": the interrupt flag must be set again when the call returns");
        }
    }
}
