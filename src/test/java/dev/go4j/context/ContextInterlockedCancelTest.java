package dev.go4j.context;

import dev.go4j.Chan;
import dev.go4j.Go;
import dev.go4j.Unit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Go's TestInterlockedCancels as written there: a goroutine waits for the parent's done
 * channel and then cancels the child, while the parent's cancel may still be cancelling
 * that child (lock order parent before child must not deadlock). Also the reverse:
 * the child is cancelled first and the parent's cancel must still complete.
 */
@Timeout(60)
class ContextInterlockedCancelTest {

    private static void interlocked(boolean timeoutChild, boolean plainThread) throws InterruptedException {
        Context.Cancelable parent = Context.withCancel(Context.background());
        Context.Cancelable child = timeoutChild
                ? Context.withTimeout(parent, Duration.ofHours(1))
                : Context.withCancel(parent);
        Chan<Unit> childCancelled = Chan.make(1);
        Runnable waiter = () -> {
            parent.done().recv();
            child.cancel();
            childCancelled.send(Unit.UNIT);
        };
        Thread t = null;
        if (plainThread) t = Thread.ofPlatform().start(waiter);
        else Go.go(waiter);
        parent.cancel();
        assertNull(child.done().recv());
        assertSame(Unit.UNIT, childCancelled.recv(), "the child's cancel returned");
        if (t != null) t.join();
        assertSame(Context.CANCELED, child.err());
        assertSame(Context.CANCELED, parent.err());
    }

    @Test
    void interlockedCancelsInGoroutines() {
        Go.run(() -> {
            for (int i = 0; i < 2000; i++) {
                try {
                    interlocked(i % 2 == 0, false);
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }
        });
    }

    @Test
    void interlockedCancelsOnPlainThreads() throws InterruptedException {
        for (int i = 0; i < 300; i++) interlocked(i % 2 == 0, true);
    }

    /** The child's own cancel and the parent's, started together many times: both return, exact errors. */
    @Test
    void childAndParentCancelledTogether() {
        Go.run(() -> {
            for (int i = 0; i < 2000; i++) {
                Context.Cancelable parent = Context.withCancel(Context.background());
                Context.Cancelable mid = Context.withCancel(Context.withValue(parent, "k", i));
                Context.Cancelable child = Context.withTimeout(mid, Duration.ofHours(1));
                Chan<Unit> fin = Chan.make(3);
                for (Context.Cancelable c : new Context.Cancelable[] {child, parent, mid}) {
                    Go.go(() -> {
                        c.cancel();
                        fin.send(Unit.UNIT);
                    });
                }
                for (int k = 0; k < 3; k++) fin.recv();
                assertSame(Context.CANCELED, parent.err());
                assertSame(Context.CANCELED, mid.err());
                assertSame(Context.CANCELED, child.err());
                assertEquals(i, mid.value("k"));
            }
        });
    }
}
