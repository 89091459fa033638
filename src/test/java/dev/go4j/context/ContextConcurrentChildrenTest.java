package dev.go4j.context;

import dev.go4j.Chan;
import dev.go4j.Go;
import dev.go4j.Unit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Children made while their parent is being cancelled (the generalisation of Go's
 * TestWithCancelSimultaneouslyCanceledParent to many creators and every kind of child):
 * each is cancelled exactly once with the parent's cause, and each afterFunc registered
 * during the cancel runs exactly once.
 */
@Timeout(60)
class ContextConcurrentChildrenTest {
    private static final int CREATORS = 4;
    private static final int PER_CREATOR = 50;

    private static void makeChildren(Context parent, List<Context> out, AtomicInteger runs, Chan<Unit> ran) {
        for (int i = 0; i < PER_CREATOR; i++) {
            switch (i % 4) {
                case 0 -> out.add(Context.withCancel(parent));
                case 1 -> out.add(Context.withTimeout(parent, Duration.ofHours(1)));
                case 2 -> out.add(Context.withCancel(Context.withValue(parent, "k", i)));
                default -> Context.afterFunc(parent, () -> {
                    runs.incrementAndGet();
                    ran.send(Unit.UNIT);
                });
            }
        }
    }

    @Test
    void childrenMadeDuringCancelInGoroutines() {
        Go.run(() -> {
            for (int round = 0; round < 200; round++) {
                RuntimeException cause = new RuntimeException("round " + round);
                var parent = Context.withCancelCause(Context.background());
                AtomicInteger runs = new AtomicInteger();
                int afterFuncs = CREATORS * (PER_CREATOR / 4);
                Chan<Unit> ran = Chan.make(afterFuncs);
                Chan<List<Context>> made = Chan.make(CREATORS);
                for (int t = 0; t < CREATORS; t++) {
                    Go.go(() -> {
                        List<Context> mine = new ArrayList<>();
                        makeChildren(parent, mine, runs, ran);
                        made.send(mine);
                    });
                }
                parent.cancel(cause);
                List<Context> all = new ArrayList<>();
                for (int t = 0; t < CREATORS; t++) all.addAll(made.recv());
                checkAllCancelled(all, cause, ran, afterFuncs, runs, round);
            }
        });
    }

    @Test
    void childrenMadeDuringCancelOnPlainThreads() throws InterruptedException {
        for (int round = 0; round < 50; round++) {
            RuntimeException cause = new RuntimeException("round " + round);
            var parent = Context.withCancelCause(Context.background());
            AtomicInteger runs = new AtomicInteger();
            int afterFuncs = CREATORS * (PER_CREATOR / 4);
            Chan<Unit> ran = Chan.make(afterFuncs);
            ConcurrentLinkedQueue<Context> made = new ConcurrentLinkedQueue<>();
            CountDownLatch creators = new CountDownLatch(CREATORS);
            for (int t = 0; t < CREATORS; t++) {
                Thread.ofPlatform().start(() -> {
                    List<Context> mine = new ArrayList<>();
                    makeChildren(parent, mine, runs, ran);
                    made.addAll(mine);
                    creators.countDown();
                });
            }
            parent.cancel(cause);
            creators.await();
            checkAllCancelled(made, cause, ran, afterFuncs, runs, round);
        }
    }

    /** Every child made is cancelled with the parent's cause, and each afterFunc ran exactly once. */
    private static void checkAllCancelled(Iterable<Context> made, Throwable cause, Chan<Unit> ran,
                                          int afterFuncs, AtomicInteger runs, int round) {
        for (Context c : made) {
            assertNull(c.done().recv());
            assertSame(Context.CANCELED, c.err());
            assertSame(cause, Context.cause(c));
        }
        for (int i = 0; i < afterFuncs; i++) ran.recv();
        assertEquals(afterFuncs, runs.get(), "round " + round);
    }

    /** An afterFunc's own stop, called from inside f, reports false (f was started). */
    @Test
    void stopFromInsideFIsFalse() {
        Go.run(() -> {
            for (int i = 0; i < 200; i++) {
                var ctx = Context.withCancel(Context.background());
                Chan<BooleanSupplier> stopc = Chan.make(1);
                Chan<Boolean> result = Chan.make(1);
                stopc.send(Context.afterFunc(ctx, () -> {
                    BooleanSupplier self = stopc.recv();
                    result.send(self.getAsBoolean());
                }));
                ctx.cancel();
                assertFalse(result.recv());
            }
        });
    }
}
