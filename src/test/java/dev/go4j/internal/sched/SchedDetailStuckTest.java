package dev.go4j.internal.sched;

import dev.go4j.Go;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

/**
 * scheddetail's M lines: an M whose P sysmon handed off (its goroutine stuck in a loop)
 * shows no P, like Go's M in a syscall, and no two M's show the same P. The stuck M
 * used to show the P it had lost, beside the M that now owns it.
 */
class SchedDetailStuckTest {
    @Test
    @Timeout(value = 60, threadMode = SEPARATE_THREAD)
    void aStuckMShowsNoP() {
        AtomicBoolean stop = new AtomicBoolean();
        String[] detail = new String[1];
        Go.run(() -> {
            int old = Go.gomaxprocs(1);
            Sched s = G.current().sched();
            try {
                Go.go(() -> { while (!stop.get()) Thread.onSpinWait(); });
                BoundedWait.until(() -> s.preempt.nstuck.get() > 0);
                detail[0] = SchedTrace.line(s, 5, true);
            } finally {
                stop.set(true);
                Go.gomaxprocs(old);
            }
        });
        String d = detail[0];
        Matcher stuck = Pattern.compile("\n  M\\d+: p=(-?\\d+) curg=\\d+ stuck=true ").matcher(d);
        assertTrue(stuck.find(), "a stuck M: " + d);
        assertEquals("-1", stuck.group(1), d);
        Matcher owner = Pattern.compile("\n  M\\d+: p=0 ").matcher(d);
        assertTrue(owner.find(), "P0 has an M (main's): " + d);
        assertFalse(owner.find(), "only one M shows P0: " + d);
    }
}
