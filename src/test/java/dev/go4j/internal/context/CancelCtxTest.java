package dev.go4j.internal.context;

import dev.go4j.context.Context;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.*;

/** Internal bookkeeping of the context tree: children are removed from parents on cancel. */
class CancelCtxTest {
    @Test
    void childLeavesItsParentOnCancel() {
        // TestChildFinishesFirst
        CancelCtx parent = Contexts.withCancel(Context.background());
        Context.Cancelable c1 = Context.withCancel(parent);
        Context.Cancelable c2 = Context.withTimeout(Context.withValue(parent, "k", "v"), Duration.ofHours(1));
        BooleanHolder h = new BooleanHolder();
        var stop = Context.afterFunc(parent, () -> h.ran = true);
        assertEquals(3, parent.childCount());
        c1.cancel();
        assertEquals(2, parent.childCount());
        c2.cancel();
        assertEquals(1, parent.childCount());
        assertTrue(stop.getAsBoolean());
        assertEquals(0, parent.childCount(), "a stopped afterFunc leaves too");
        assertNull(parent.err());
        // children made after the parent is cancelled are cancelled at once and not kept
        parent.cancel();
        Context.Cancelable late = Context.withCancel(parent);
        assertSame(Context.CANCELED, late.err());
        assertEquals(0, parent.childCount());
        assertFalse(h.ran);
    }

    @Test
    void timerOfACancelledTimeoutIsStopped() {
        CancelCtx parent = Contexts.withCancel(Context.background());
        for (int i = 0; i < 1000; i++) Context.withTimeout(parent, Duration.ofHours(1)).cancel();
        assertEquals(0, parent.childCount());
        parent.cancel();
    }

    private static final class BooleanHolder {
        volatile boolean ran;
    }
}
