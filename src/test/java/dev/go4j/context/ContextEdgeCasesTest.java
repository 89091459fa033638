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
import java.util.Optional;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Edge cases that Go handles in propagateCancel and WithDeadline: a parent implemented
 * outside go4j whose done() is {@code null} or the nil channel (never cancelled: no
 * watcher, the child still cancels), and deadlines at the ends of the Instant range.
 */
@Timeout(60)
class ContextEdgeCasesTest {

    private static boolean closedNow(Receiver<Unit> c) {
        return Select.select(Select.recv(c), Select.otherwise(() -> { })) == 0;
    }

    /** A context outside go4j that can never be cancelled. */
    private record NeverDone(Receiver<Unit> doneValue) implements Context {
        @Override public Optional<Instant> deadline() { return Optional.empty(); }
        @Override public Receiver<Unit> done() { return doneValue; }
        @Override public Error err() { return null; }
        @Override public Object value(Object key) { return "never:" + key; }
    }

    @Test
    void parentThatIsNeverDoneNeedsNoWatcher() {
        Go.run(() -> {
            int g = Go.numGoroutine();
            for (Receiver<Unit> d : new Receiver[] {null, Chan.<Unit>nil()}) {
                Context p = new NeverDone(d);
                Context.Cancelable c = Context.withCancel(p);
                Context.Cancelable t = Context.withTimeout(p, Duration.ofHours(1));
                BooleanSupplier stop = Context.afterFunc(p, () -> fail("never runs"));
                assertEquals(g, Go.numGoroutine(), "no goroutine watches a never-done parent (done " + d + ")");
                assertEquals("never:x", c.value("x"));
                assertNull(c.err());
                assertFalse(closedNow(c.done()));
                c.cancel();
                t.cancel();
                assertSame(Context.CANCELED, c.err());
                assertSame(Context.CANCELED, t.err());
                assertTrue(closedNow(t.done()));
                assertTrue(stop.getAsBoolean());
                assertNull(Context.cause(p));
            }
        });
    }

    @Test
    void deadlinesAtTheEndsOfTime() {
        Go.run(() -> {
            Context.Cancelable max = Context.withDeadline(Context.background(), Instant.MAX);
            assertNull(max.err());
            assertEquals(Optional.of(Instant.MAX), max.deadline());
            max.cancel();
            assertSame(Context.CANCELED, max.err());

            Context.Cancelable min = Context.withDeadline(Context.background(), Instant.MIN);
            assertSame(Context.DEADLINE_EXCEEDED, min.err());
            assertTrue(closedNow(min.done()));

            Context.Cancelable epoch = Context.withDeadline(Context.background(), Instant.EPOCH);
            assertSame(Context.DEADLINE_EXCEEDED, epoch.err());

            Context.Cancelable hugeNegative = Context.withTimeout(Context.background(), Duration.ofSeconds(Long.MIN_VALUE));
            assertSame(Context.DEADLINE_EXCEEDED, hugeNegative.err());
            Context.Cancelable hugeNegativeCause = Context.withTimeoutCause(Context.background(),
                    Duration.ofSeconds(Long.MIN_VALUE), new IllegalStateException("late"));
            assertEquals("late", Context.cause(hugeNegativeCause).getMessage());

            Context.Cancelable hugePositive = Context.withTimeout(Context.background(), Duration.ofSeconds(Long.MAX_VALUE, 999_999_999));
            assertNull(hugePositive.err());
            // a child of a never-expiring deadline keeps the earlier of the two
            Instant soon = Instant.now().plusSeconds(3600);
            Context.Cancelable child = Context.withDeadline(hugePositive, soon);
            assertEquals(Optional.of(soon), child.deadline());
            hugePositive.cancel();
            assertSame(Context.CANCELED, child.err());
        });
    }

    /**
     * The go4j form of Go's TestCustomContextAfterFuncUnregister{Cancel,Timeout,AfterFunc}:
     * cancelling a child of a custom parent, or stopping an afterFunc on it, releases the
     * goroutine that watched the parent, and the parent stays uncancelled.
     */
    @Test
    void watcherOfACustomParentEndsWithItsChild() {
        Go.run(() -> {
            int g = Go.numGoroutine();
            for (int i = 0; i < 50; i++) {
                HandmadeContext p = new HandmadeContext();
                Context.Cancelable c1 = Context.withCancel(p);
                Context.Cancelable c2 = Context.withCancel(p);
                Context.Cancelable t = Context.withTimeout(p, Duration.ofHours(1));
                BooleanSupplier stop = Context.afterFunc(p, () -> fail("stopped"));
                assertEquals(g + 4, Go.numGoroutine(), "one watcher each");
                c1.cancel();
                c2.cancel();
                t.cancel();
                assertTrue(stop.getAsBoolean());
                while (Go.numGoroutine() != g) Go.gosched();
                assertNull(p.err());
                assertFalse(closedNow(p.done()));
            }
        });
    }
}
