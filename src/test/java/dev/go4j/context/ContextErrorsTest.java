package dev.go4j.context;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.*;

/** Context's errors under Go's names: Context.Canceled and Context.DeadlineExceeded. */
@Timeout(30)
class ContextErrorsTest {

    private static String describe(Context ctx) {
        return switch (ctx.err()) {
            case null -> "running";
            case Context.Canceled c -> "canceled: " + c.getMessage();
            case Context.DeadlineExceeded d -> "deadline: " + d.getMessage() + ", timeout " + d.timeout();
        };
    }

    @Test
    void namedTypes() {
        assertInstanceOf(Context.Canceled.class, Context.CANCELED);
        assertInstanceOf(Context.DeadlineExceeded.class, Context.DEADLINE_EXCEEDED);
        Context.Error e = Context.CANCELED; // the old type still works
        assertInstanceOf(RuntimeException.class, e);
        assertEquals("context canceled", Context.CANCELED.getMessage());
        assertEquals("context deadline exceeded", Context.DEADLINE_EXCEEDED.getMessage());
        assertFalse(Context.CANCELED.timeout());
        assertTrue(Context.DEADLINE_EXCEEDED.timeout());
    }

    @Test
    void errIsMatchedByName() {
        var c = Context.withCancel(Context.background());
        assertEquals("running", describe(c));
        c.cancel();
        assertEquals("canceled: context canceled", describe(c));
        assertSame(Context.CANCELED, c.err());

        var t = Context.withTimeout(Context.background(), Duration.ofMillis(1));
        assertNull(t.done().recv());
        assertEquals("deadline: context deadline exceeded, timeout true", describe(t));
        assertSame(Context.DEADLINE_EXCEEDED, t.err());
        t.cancel();
        assertSame(Context.DEADLINE_EXCEEDED, t.err(), "the first cancel counts");
    }
}
