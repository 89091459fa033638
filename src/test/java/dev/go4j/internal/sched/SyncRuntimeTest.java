package dev.go4j.internal.sched;

import dev.go4j.Go;
import dev.go4j.sync.GoRun;
import dev.go4j.sync.WaitGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.*;

/** sync_runtime_canSpin's rules, as go4j's Mutex sees them. */
@Timeout(60)
class SyncRuntimeTest {
    private static final boolean MULTICORE = Runtime.getRuntime().availableProcessors() > 1;

    @Test
    void neverBeyondActiveSpin() {
        assertFalse(SyncRuntime.canSpin(SyncRuntime.ACTIVE_SPIN));
        assertFalse(SyncRuntime.canSpin(SyncRuntime.ACTIVE_SPIN + 10));
    }

    @Test
    void plainThreadSpinsOnlyOnMulticore() {
        assertEquals(MULTICORE, SyncRuntime.canSpin(0));
    }

    @Test
    void noSpinWithOneP() {
        var result = new AtomicBoolean(true);
        GoRun.run(1, () -> result.set(SyncRuntime.canSpin(0)));
        assertFalse(result.get(), "with GOMAXPROCS=1 nobody else can release the lock while we spin");
    }

    @Test
    void noSpinWhenOwnRunQueueHasWork() {
        var wrong = new AtomicBoolean();
        GoRun.run(4, () -> {
            for (int i = 0; i < 50; i++) {
                var wg = new WaitGroup();
                wg.go(() -> { }); // sits in our P's runnext until we yield or someone steals it
                P p = G.current().m.p;
                // Only this goroutine adds to its P's queue, so non-empty before and after
                // means non-empty throughout the call.
                boolean before = p != null && !p.runq.isEmpty();
                boolean spin = SyncRuntime.canSpin(0);
                boolean after = p != null && !p.runq.isEmpty();
                if (before && after && spin) wrong.set(true);
                wg.await();
            }
        });
        assertFalse(wrong.get(), "spun although its own P had work");
    }
}
