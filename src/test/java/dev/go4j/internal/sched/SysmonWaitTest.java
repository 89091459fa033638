package dev.go4j.internal.sched;

import dev.go4j.Chan;
import dev.go4j.Go;
import dev.go4j.Received;
import dev.go4j.Select;
import dev.go4j.time.Time;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

/**
 * Issue 9 item 9: with every P idle, sysmon parks (Go's sysmonwait) instead of waking
 * about 100 times a second, and a P leaving the idle list wakes it again.
 */
class SysmonWaitTest {
    @Test
    @Timeout(value = 60, threadMode = SEPARATE_THREAD)
    void sysmonParksWhileEveryPIsIdleAndWakesWithWork() {
        Go.run(() -> {
            Sched s = G.current().sched();
            for (int trial = 0; trial < 5; trial++) {
                Chan<Boolean> seen = Chan.make(1);
                // A plain thread watches sysmon while main waits; the 30 s timer keeps the
                // runtime visibly alive (deadlock detection cannot see plain threads).
                Thread watcher = Thread.ofPlatform().daemon().start(() -> {
                    while (!s.sysmon.isWaiting()) Thread.onSpinWait();
                    seen.send(true);
                });
                dev.go4j.Receiver<java.time.Instant> giveUp = Time.after(Duration.ofSeconds(30));
                Received<?> got = Select.of(Select.recv(seen), Select.recv(giveUp));
                assertSame(seen, got.ch(), "sysmon never parked while every P was idle (trial " + trial + ")");
                // main runs again, so its P left the idle list, and that woke sysmon.
                assertFalse(s.sysmon.isWaiting(), "sysmon still parked while main runs");
                try {
                    watcher.join();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }
        });
    }
}
