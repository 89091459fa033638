package dev.go4j;

import dev.go4j.internal.sched.WaitReason;
import dev.go4j.sync.GoRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static dev.go4j.Go.go;
import static org.junit.jupiter.api.Assertions.*;

/** Go's {@code v, ok := <-ch}: recvOk, tryRecvOk and Select.recvOk. */
@Timeout(60)
class RecvOkTest {

    @Test
    void recvOkOnValuesThenClose() {
        Chan<Integer> c = Chan.make(3);
        c.send(1);
        c.send(2);
        c.close();
        assertEquals(new Received<>(c, 1, true), c.recvOk());
        assertEquals(new Received<>(c, 2, true), c.recvOk());
        Received<Integer> r = c.recvOk();
        assertFalse(r.ok(), "closed and drained");
        assertNull(r.value());
        assertEquals(0, r.valueOr(0), "Go's zero value, made explicit");
        assertSame(c, r.ch());
        assertNull(c.recv(), "recv() on a closed, drained channel returns null");
    }

    @Test
    void tryRecvOkTellsNotReadyFromClosed() {
        Chan<String> c = Chan.make(1);
        assertNull(c.tryRecvOk(), "open and empty: nothing ready");
        c.send("a");
        assertEquals(new Received<>(c, "a", true), c.tryRecvOk());
        assertNull(c.tryRecvOk());
        c.close();
        Received<String> r = c.tryRecvOk();
        assertNotNull(r, "closed is ready");
        assertFalse(r.ok());
        // unbuffered, with a parked sender: ready
        Chan<Integer> u = Chan.make();
        GoRun.run(1, () -> {
            go(() -> u.send(9));
            Parked.await(1, WaitReason.CHAN_SEND);
            assertEquals(new Received<>(u, 9, true), u.tryRecvOk());
            assertNull(u.tryRecvOk());
        });
    }

    /** A blocked recvOk is woken by close with ok == false, from a goroutine at GOMAXPROCS 1 and 4. */
    @Test
    void blockedRecvOkWokenByClose() {
        for (int procs : new int[] {1, 4}) {
            for (int round = 0; round < 50; round++) {
                List<Received<Integer>> got = new ArrayList<>();
                GoRun.run(procs, () -> {
                    Chan<Integer> c = Chan.make();
                    Chan<Unit> done = Chan.make();
                    go(() -> {
                        Received<Integer> r;
                        while ((r = c.recvOk()).ok()) got.add(r);
                        got.add(r);
                        done.close();
                    });
                    for (int i = 0; i < 5; i++) c.send(i);
                    c.close();
                    done.recv();
                });
                assertEquals(6, got.size());
                for (int i = 0; i < 5; i++) assertEquals(i, got.get(i).value());
                assertFalse(got.get(5).ok());
            }
        }
    }

    /** The same from plain threads. */
    @Test
    void plainThreadRecvOk() throws Exception {
        Chan<Integer> c = Chan.make();
        AtomicReference<Received<Integer>> last = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(() -> {
            Received<Integer> r;
            int n = 0;
            while ((r = c.recvOk()).ok()) n += r.value();
            last.set(new Received<>(c, n, false));
        });
        for (int i = 1; i <= 100; i++) c.send(i);
        c.close();
        t.join();
        assertEquals(5050, last.get().value());
    }

    @Test
    void selectRecvOkHandler() {
        Chan<Integer> c = Chan.make(1);
        List<String> seen = new ArrayList<>();
        c.send(4);
        c.close();
        for (int i = 0; i < 2; i++) {
            Select.select(Select.recvOk(c, (v, ok) -> seen.add(v + "," + ok)), Select.otherwise(() -> seen.add("default")));
        }
        assertEquals(List.of("4,true", "null,false"), seen);
        // in the general (multi-case) path too
        Chan<Integer> d = Chan.make();
        Chan<Integer> never = Chan.make();
        d.close();
        Select.select(Select.recvOk(d, (v, ok) -> seen.add(v + "," + ok)), Select.recv(never));
        assertEquals("null,false", seen.get(2));
    }
}
