package dev.go4j;

import dev.go4j.internal.chan.TimerChannels;
import dev.go4j.internal.sched.WaitReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static dev.go4j.Go.go;
import static org.junit.jupiter.api.Assertions.*;

/** The basic behaviours of Chan and Select: the stage-1 smoke tests. */
@Timeout(60)
class ChanBasicTest {

    @Test
    void unbufferedHandsValuesAcrossGoroutines() {
        AtomicInteger sum = new AtomicInteger();
        Go.run(() -> {
            Chan<Integer> c = Chan.make();
            go(() -> {
                for (int i = 1; i <= 1000; i++) c.send(i);
                c.close();
            });
            for (int v : c) sum.addAndGet(v);
        });
        assertEquals(500500, sum.get());
    }

    @Test
    void bufferedLenCapAndFifo() {
        Chan<String> c = Chan.make(3);
        assertEquals(3, c.cap());
        assertEquals(0, c.len());
        assertTrue(c.trySend("a"));
        assertTrue(c.trySend("b"));
        assertTrue(c.trySend("c"));
        assertFalse(c.trySend("d"));
        assertEquals(3, c.len());
        assertEquals("a", c.recv());
        assertEquals("b", c.tryRecv());
        assertEquals(1, c.len());
        c.close();
        assertEquals("c", c.recv());
        assertNull(c.recv());
        assertNull(c.tryRecv());
    }

    @Test
    void closeWakesParkedReceiversAndSenders() {
        List<String> got = new ArrayList<>();
        Go.run(() -> {
            Chan<Integer> r = Chan.make();
            Chan<Integer> s = Chan.make();
            Chan<String> out = Chan.make(10);
            for (int i = 0; i < 3; i++) go(() -> out.send("recv " + r.recv()));
            for (int i = 0; i < 3; i++) {
                go(() -> {
                    try {
                        s.send(1);
                        out.send("sent");
                    } catch (IllegalStateException e) {
                        out.send(e.getMessage());
                    }
                });
            }
            Parked.await(3, WaitReason.CHAN_RECEIVE);
            Parked.await(3, WaitReason.CHAN_SEND);
            r.close();
            s.close();
            for (int i = 0; i < 6; i++) got.add(out.recv());
        });
        assertEquals(6, got.size());
        assertEquals(3, got.stream().filter("recv null"::equals).count(), got::toString);
        assertEquals(3, got.stream().filter("send on closed channel"::equals).count(), got::toString);
    }

    @Test
    void plainThreadsBlockAndHandOff() throws Exception {
        Chan<Integer> c = Chan.make();
        AtomicInteger sum = new AtomicInteger();
        Thread t = new Thread(() -> {
            for (Integer v : c) sum.addAndGet(v);
        });
        t.start();
        for (int i = 1; i <= 100; i++) c.send(i);
        c.close();
        t.join();
        assertEquals(5050, sum.get());
    }

    @Test
    void selectPicksReadyCaseAndDefault() {
        Chan<Integer> a = Chan.make(1);
        Chan<Integer> b = Chan.make(1);
        AtomicReference<Integer> got = new AtomicReference<>();
        assertEquals(2, Select.select(Select.recv(a, got::set), Select.recv(b, got::set), Select.otherwise(() -> {})));
        b.send(7);
        assertEquals(1, Select.select(Select.recv(a, got::set), Select.recv(b, got::set), Select.otherwise(() -> {})));
        assertEquals(7, got.get());
        assertEquals(0, Select.select(Select.send(a, 5), Select.recv(b)));
        assertEquals(5, a.recv());
    }

    @Test
    void blockingSelectAcrossGoroutines() {
        AtomicInteger sum = new AtomicInteger();
        Go.run(() -> {
            Chan<Integer> a = Chan.make();
            Chan<Integer> b = Chan.make();
            Chan<Boolean> quit = Chan.make();
            go(() -> { for (int i = 0; i < 100; i++) a.send(1); });
            go(() -> { for (int i = 0; i < 100; i++) b.send(2); });
            go(() -> {
                int n = 0;
                while (n < 200) {
                    Select.select(Select.recv(a, sum::addAndGet), Select.recv(b, sum::addAndGet));
                    n++;
                }
                quit.send(true);
            });
            quit.recv();
        });
        assertEquals(300, sum.get());
    }

    @Test
    void timerChannelLooksSynchronous() {
        Go.run(() -> {
            Chan<String> t = TimerChannels.make();
            assertEquals(0, t.cap());
            assertTrue(TimerChannels.offer(TimerChannels.core(t), "tick"));
            assertEquals(0, t.len());
            assertFalse(TimerChannels.offer(TimerChannels.core(t), "tock"));
            TimerChannels.drain(TimerChannels.core(t));
            assertNull(t.tryRecv());
            Chan<String> got = Chan.make(1);
            go(() -> got.send(t.recv()));
            // offer wakes a parked receiver (or buffers if it has not parked yet)
            assertTrue(TimerChannels.offer(TimerChannels.core(t), "fire"));
            assertEquals("fire", got.recv());
        });
    }

    @Test
    void badInput() {
        Chan<Integer> c = Chan.make();
        assertThrows(NullPointerException.class, () -> c.send(null));
        assertThrows(NullPointerException.class, () -> c.trySend(null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Chan.make(-3));
        assertTrue(e.getMessage().contains("-3"), e.getMessage());
        c.close();
        assertEquals("close of closed channel", assertThrows(IllegalStateException.class, c::close).getMessage());
        assertEquals("send on closed channel", assertThrows(IllegalStateException.class, () -> c.send(1)).getMessage());
        assertEquals("send on closed channel", assertThrows(IllegalStateException.class, () -> c.trySend(1)).getMessage());
        assertThrows(NullPointerException.class, () -> Select.select((Case[]) null));
        assertThrows(NullPointerException.class, () -> Select.select(Select.recv(c), null));
    }

    /** A select parked on a timer channel is woken by TimerChannels.offer (as a timer fires). */
    @Test
    void timerOfferWakesParkedSelect() {
        Go.run(() -> {
            Chan<String> t = TimerChannels.make();
            Chan<String> other = Chan.make();
            Chan<String> got = Chan.make(1);
            go(() -> Select.select(Select.recv(other, got::send), Select.recv(t, v -> got.send("timer " + v))));
            Parked.await(1, WaitReason.SELECT);
            // the scheduler-thread path: never parks, hands the value to the parked select
            assertTrue(TimerChannels.offer(TimerChannels.core(t), "fired"));
            assertEquals("timer fired", got.recv());
            assertFalse(TimerChannels.drain(TimerChannels.core(t)), "handed off, not buffered");
            assertTrue(TimerChannels.offer(TimerChannels.core(t), "again"));
            assertTrue(TimerChannels.drain(TimerChannels.core(t)));
            assertNull(t.tryRecv());
        });
    }

    /** Goroutines of the default runtime (go from a plain thread) and plain threads share channels. */
    @Test
    void defaultRuntimeGoroutinesAndPlainThreads() {
        Chan<Integer> in = Chan.make();
        Chan<Integer> out = Chan.make(4);
        for (int g = 0; g < 4; g++) {
            go(() -> {
                for (Integer v : in) out.send(v * 2);
            });
        }
        long sum = 0;
        Thread feeder = Thread.ofPlatform().start(() -> {
            for (int i = 1; i <= 1000; i++) in.send(i);
            in.close();
        });
        for (int i = 0; i < 1000; i++) sum += out.recv();
        assertEquals(1000 * 1001, sum);
        assertDoesNotThrow(() -> feeder.join());
    }
}
