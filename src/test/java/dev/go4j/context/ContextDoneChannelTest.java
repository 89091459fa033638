package dev.go4j.context;

import dev.go4j.Chan;
import dev.go4j.Go;
import dev.go4j.Receiver;
import dev.go4j.Select;
import dev.go4j.Unit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Context.done() as the API promises: the same channel on every call, before and after
 * cancel, also when first asked for after the cancel (then already closed; Go's
 * closedchan); receives return null once closed, for every receiver. Also Go's
 * TestWithValueChecksKey message ("nil key") and TestInvalidDerivedFail for the
 * remaining constructors.
 */
@Timeout(60)
class ContextDoneChannelTest {

    private static boolean closedNow(Receiver<Unit> c) {
        return Select.select(Select.recv(c), Select.otherwise(() -> { })) == 0;
    }

    private static List<Context.Cancelable> fresh() {
        return List.of(Context.withCancel(Context.background()),
                Context.withCancelCause(Context.background()),
                Context.withTimeout(Context.background(), Duration.ofHours(1)),
                Context.withDeadline(Context.background(), Instant.now().plusSeconds(3600)));
    }

    private static void sameChannel() {
        for (Context.Cancelable c : fresh()) {
            Receiver<Unit> d = c.done();
            assertSame(d, c.done(), c.toString());
            assertFalse(closedNow(d));
            c.cancel();
            assertSame(d, c.done(), c + ": the same channel after cancel");
            assertTrue(closedNow(d));
            assertNull(d.recv());
            assertNull(d.recv(), "a closed channel stays ready");
        }
        for (Context.Cancelable c : fresh()) {
            c.cancel(); // done() never asked for before the cancel
            Receiver<Unit> d = c.done();
            assertTrue(closedNow(d), c + ": done() first asked after cancel is closed");
            assertSame(d, c.done());
        }
        // a value child shares its parent's channel
        Context.Cancelable p = Context.withCancel(Context.background());
        assertSame(p.done(), Context.withValue(p, "k", "v").done());
        p.cancel();
    }

    @Test
    void sameChannelFromAGoroutine() {
        Go.run(() -> {
            for (int i = 0; i < 100; i++) sameChannel();
        });
    }

    @Test
    void sameChannelFromAPlainThread() {
        for (int i = 0; i < 100; i++) sameChannel();
    }

    /** Many goroutines blocked on one done channel are all released by one cancel. */
    @Test
    void cancelReleasesEveryWaiter() {
        Go.run(() -> {
            for (int round = 0; round < 50; round++) {
                int n = 50;
                Context.Cancelable c = Context.withCancel(Context.background());
                Context child = Context.withValue(c, "k", "v");
                Chan<Integer> released = Chan.make(n);
                for (int i = 0; i < n; i++) {
                    int id = i;
                    Go.go(() -> {
                        (id % 2 == 0 ? c : child).done().recv();
                        released.send(id);
                    });
                }
                c.cancel();
                boolean[] seen = new boolean[n];
                for (int i = 0; i < n; i++) {
                    int id = released.recv();
                    assertFalse(seen[id], "released twice: " + id);
                    seen[id] = true;
                }
            }
        });
    }

    @Test
    void invalidArguments() {
        // TestWithValueChecksKey
        var e = assertThrows(NullPointerException.class, () -> Context.withValue(Context.background(), null, "bar"));
        assertEquals("nil key", e.getMessage());
        // TestInvalidDerivedFail, for the constructors not covered elsewhere
        assertThrows(NullPointerException.class, () -> Context.withDeadlineCause(null, Instant.now(), null));
        assertThrows(NullPointerException.class, () -> Context.withTimeoutCause(null, Duration.ZERO, null));
        assertThrows(NullPointerException.class, () -> Context.withDeadline(Context.background(), null));
        assertThrows(NullPointerException.class, () -> Context.withTimeout(Context.background(), null));
        assertThrows(NullPointerException.class, () -> Context.afterFunc(null, () -> { }));
        assertThrows(NullPointerException.class, () -> Context.afterFunc(Context.background(), null));
        assertThrows(NullPointerException.class, () -> Context.cause(null));
        assertSame(Chan.nil(), Context.todo().done());
    }
}
