package dev.go4j;

import dev.go4j.context.Context;
import dev.go4j.sync.GoRun;
import dev.go4j.sync.WaitGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.atomic.AtomicInteger;

import static dev.go4j.Go.go;
import static dev.go4j.Unit.UNIT;
import static org.junit.jupiter.api.Assertions.*;

/** Go's chan struct{} as Chan of Unit: tokens, close-broadcast, and context's done(). */
@Timeout(60)
class SignalChanTest {

    @Test
    void unitIsAValue() {
        Chan<Unit> c = Chan.make(1);
        c.send(UNIT);
        assertSame(UNIT, c.recv());
        assertEquals("{}", UNIT.toString());
    }

    /** A counting semaphore: at most 3 holders at a time, exact counts, GOMAXPROCS 1 and 4. */
    @Test
    void semaphoreOfTokens() {
        for (int procs : new int[] {1, 4}) {
            AtomicInteger inside = new AtomicInteger(), max = new AtomicInteger(), done = new AtomicInteger();
            GoRun.run(procs, () -> {
                Chan<Unit> sem = Chan.make(3);
                var wg = new WaitGroup();
                for (int i = 0; i < 50; i++) {
                    wg.go(() -> {
                        sem.send(UNIT);
                        int n = inside.incrementAndGet();
                        max.accumulateAndGet(n, Math::max);
                        Go.gosched();
                        inside.decrementAndGet();
                        done.incrementAndGet();
                        sem.recv();
                    });
                }
                wg.await();
            });
            assertEquals(50, done.get());
            assertTrue(max.get() >= 1 && max.get() <= 3, "max " + max.get());
        }
    }

    /** close() wakes every waiter: Go's close(done) broadcast. */
    @Test
    void closeBroadcasts() {
        AtomicInteger woke = new AtomicInteger();
        GoRun.run(2, () -> {
            Chan<Unit> stop = Chan.make();
            var wg = new WaitGroup();
            for (int i = 0; i < 20; i++) wg.go(() -> { assertNull(stop.recv()); woke.incrementAndGet(); });
            stop.close();
            wg.await();
        });
        assertEquals(20, woke.get());
    }

    @Test
    void contextDoneIsASignalChannel() {
        Context.Cancelable ctx = Context.withCancel(Context.background());
        Receiver<Unit> done = ctx.done();
        assertSame(done, ctx.done(), "one done channel");
        assertNull(done.tryRecvOk(), "open");
        ctx.cancel();
        Received<Unit> r = done.recvOk();
        assertFalse(r.ok(), "closed, never sent on");
    }
}
