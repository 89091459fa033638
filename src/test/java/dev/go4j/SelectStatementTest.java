package dev.go4j;

import dev.go4j.internal.sched.WaitReason;
import dev.go4j.sync.GoRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static dev.go4j.Go.go;
import static dev.go4j.Select.otherwise;
import static dev.go4j.Select.recv;
import static dev.go4j.Select.send;
import static org.junit.jupiter.api.Assertions.*;

/** Select.of: Go's select as a statement, a switch over Received / Sent / Otherwise. */
@Timeout(60)
class SelectStatementTest {

    /** The tour's fibonacci with quit: break out of the loop with return, assign locals. */
    private static List<Integer> fibonacci(Chan<Integer> c, Chan<Unit> quit) {
        List<Integer> out = new ArrayList<>();
        int x = 0, y = 1;
        for (;;) {
            switch (Select.of(send(c, x), recv(quit))) {
                case Sent<?> s -> {
                    assertTrue(s.to(c));
                    assertEquals(x, s.value());
                    int t = x;
                    x = y;
                    y = t + y;
                }
                case Received<?> r -> {
                    assertTrue(r.from(quit));
                    out.add(-1);
                    return out;
                }
                case Otherwise o -> fail("no otherwise case");
            }
        }
    }

    @Test
    void tourFibonacci() {
        for (int procs : new int[] {1, 4}) {
            List<Integer> got = new ArrayList<>();
            AtomicReference<List<Integer>> end = new AtomicReference<>();
            GoRun.run(procs, () -> {
                var c = Chan.<Integer>make();
                var quit = Chan.<Unit>make();
                go(() -> {
                    for (int i = 0; i < 10; i++) got.add(c.recv());
                    quit.send(Unit.UNIT);
                });
                end.set(fibonacci(c, quit));
            });
            assertEquals(List.of(0, 1, 1, 2, 3, 5, 8, 13, 21, 34), got, "procs " + procs);
            assertEquals(List.of(-1), end.get());
        }
    }

    @Test
    void receivedCarriesChannelValueAndOk() {
        Chan<String> a = Chan.make(1);
        Chan<Integer> b = Chan.make(1);
        a.send("x");
        Received<?> r = Select.of(recv(a), recv(b));
        assertSame(a, r.ch());
        assertTrue(r.from(a));
        assertFalse(r.from(b));
        assertTrue(r.ok());
        String s = r.value(a); // typed by a's element type
        assertEquals("x", s);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.value(b));
        assertTrue(e.getMessage().contains("not from"), e.getMessage());

        b.close();
        Received<?> closed = Select.of(recv(a), recv(b));
        assertSame(b, closed.ch());
        assertFalse(closed.ok());
        assertNull(closed.value(b));
        assertEquals(0, ((Received<Integer>) closed).valueOr(0));
        // record deconstruction
        switch (Select.of(recv(a), recv(b))) {
            case Received(var c, var v, var ok) when c == b && !ok -> assertNull(v);
            case Received<?> other -> fail("expected closed b, got " + other);
        }
    }

    @Test
    void otherwiseWhenNothingReady() {
        Chan<Integer> a = Chan.make();
        Chan<Integer> full = Chan.make(1);
        full.send(1);
        assertSame(Otherwise.OTHERWISE, Select.of(recv(a), otherwise()));
        assertSame(Otherwise.OTHERWISE, Select.of(send(full, 2), otherwise()));
        assertSame(Otherwise.OTHERWISE, Select.of(recv(a), send(full, 2), otherwise()));
        assertSame(Otherwise.OTHERWISE, Select.of(otherwise()));
        // ready beats otherwise, in the one-case fast path and in the general one
        if (!(Select.of(recv(full), otherwise()) instanceof Received<?> r) || r.value(full) != 1) fail();
        assertInstanceOf(Sent.class, Select.of(send(full, 3), recv(a), otherwise()));
        assertEquals(3, full.recv());
    }

    /** Select.select with the handler-less otherwise(): the default's index, in the two-case fast path too (it threw a NullPointerException there). */
    @Test
    void selectWithAHandlerlessOtherwiseReturnsItsIndex() {
        Chan<Integer> a = Chan.make();
        Chan<Integer> full = Chan.make(1);
        full.send(1);
        assertEquals(1, Select.select(send(a, 1), otherwise()));
        assertEquals(1, Select.select(recv(a, v -> fail("nothing was sent")), otherwise()));
        assertEquals(0, Select.select(otherwise(), send(full, 2)));
        assertEquals(2, Select.select(recv(a, v -> fail("nothing was sent")), send(full, 2), otherwise()));
        assertEquals(1, Select.select(recv(Chan.<Integer>nil(), v -> fail("nil")), otherwise()));
        assertEquals(1, full.len());
    }

    @Test
    void handlersStillRun() {
        Chan<Integer> a = Chan.make(1);
        a.send(7);
        AtomicInteger got = new AtomicInteger();
        Selected s = Select.of(recv(a, got::set), otherwise(() -> fail("not ready?")));
        assertEquals(7, got.get());
        assertEquals(new Received<>(a, 7, true), s);
        AtomicInteger dflt = new AtomicInteger();
        assertSame(Otherwise.OTHERWISE, Select.of(recv(a), otherwise(dflt::incrementAndGet)));
        assertEquals(1, dflt.get());
    }

    @Test
    void badCases() {
        Chan<Integer> a = Chan.make();
        assertThrows(NullPointerException.class, () -> Select.of(recv(a), null));
        assertThrows(IllegalArgumentException.class, () -> Select.of(otherwise(), otherwise()));
        Chan<Integer> closed = Chan.make();
        closed.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Select.of(send(closed, 1), recv(a)));
        assertEquals("send on closed channel", e.getMessage());
        assertThrows(NullPointerException.class, () -> send(a, null));
    }

    /** Both ready: each is chosen (Go picks uniformly); 2000 rounds, each side at least once. */
    @Test
    void randomChoiceAmongReady() {
        Chan<Integer> a = Chan.make(1), b = Chan.make(1);
        int na = 0, nb = 0;
        for (int i = 0; i < 2000; i++) {
            a.trySend(1);
            b.trySend(2);
            Received<?> r = Select.of(recv(a), recv(b));
            if (r.from(a)) na++;
            else nb++;
        }
        assertEquals(2000, na + nb);
        assertTrue(na > 0 && nb > 0, na + " / " + nb);
    }

    /** A select loop that parks: two producers, exact sums, at GOMAXPROCS 1 and 4. */
    @Test
    void fanInUntilBothClosed() {
        final int n = 2000;
        for (int procs : new int[] {1, 4}) {
            AtomicLong sumA = new AtomicLong(), sumB = new AtomicLong();
            GoRun.run(procs, () -> {
                Chan<Integer> a = Chan.make(), b = Chan.make(3);
                go(() -> { for (int i = 1; i <= n; i++) a.send(i); a.close(); });
                go(() -> { for (int i = 1; i <= n; i++) b.send(-i); b.close(); });
                Chan<Integer> ra = a, rb = b;
                while (ra != Chan.<Integer>nil() || rb != Chan.<Integer>nil()) {
                    switch (Select.of(recv(ra), recv(rb))) {
                        case Received<?> r when !r.ok() -> {
                            // Go's idiom: a closed channel's case is switched off by nil-ing it
                            if (r.from(ra)) ra = Chan.nil();
                            else rb = Chan.nil();
                        }
                        case Received<?> r when r.from(a) -> sumA.addAndGet(r.value(a));
                        case Received<?> r -> sumB.addAndGet(r.value(b));
                    }
                }
            });
            assertEquals((long) n * (n + 1) / 2, sumA.get(), "procs " + procs);
            assertEquals(-(long) n * (n + 1) / 2, sumB.get(), "procs " + procs);
        }
    }

    /** From plain threads (no Go.run): a blocked of() is woken by another thread. */
    @Test
    void plainThreads() throws Exception {
        Chan<Integer> a = Chan.make();
        Chan<Integer> b = Chan.make();
        Thread t = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < 500; i++) {
                if (i % 2 == 0) a.send(i);
                else assertEquals(i, b.recv());
            }
        });
        int got = 0;
        for (int i = 0; i < 500; i++) {
            Selected s = Select.of(recv(a), send(b, i));
            switch (s) {
                case Received<?> r -> { assertEquals(i, r.value(a)); got++; }
                case Sent<?> x -> { assertEquals(i, x.value()); got++; }
                case Otherwise o -> fail();
            }
        }
        t.join();
        assertEquals(500, got);
    }

    /** A parked Select.of shows as [select] in a dump, like the lambda form. */
    @Test
    void parkedShowsSelect() {
        GoRun.run(2, () -> {
            Chan<Integer> a = Chan.make(), b = Chan.make();
            Chan<Integer> out = Chan.make();
            go(() -> out.send(Select.of(recv(a), recv(b)).value(b)));
            Parked.await(1, WaitReason.SELECT);
            b.send(5);
            assertEquals(5, out.recv());
        });
    }

    /** select {} as a statement: blocks forever, [select (no cases)]; all-nil cases: [select]. */
    @Test
    void emptyAndNilOnlyStatementsDeadlock() {
        DeadlockError e = assertThrows(DeadlockError.class, () -> Go.run(() -> Select.of()));
        assertTrue(e.dump().contains("goroutine 1 [select (no cases)]:"), e.dump());
        e = assertThrows(DeadlockError.class, () -> Go.run(() -> Select.of(recv(Chan.nil()), send(null, 1))));
        assertTrue(e.dump().contains("goroutine 1 [select]:"), e.dump());
    }
}
