package dev.go4j;

import dev.go4j.internal.sched.WaitReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static dev.go4j.Go.go;
import static dev.go4j.Select.recv;
import static dev.go4j.Select.send;
import static org.junit.jupiter.api.Assertions.*;

/**
 * How a parked select is woken, and what it leaves behind on the channels of the cases that
 * did not fire: Go's closechan (runtime/chan.go) and selectgo's pass 3 (runtime/select.go),
 * and test/chan/select6.go (issue 2075).
 */
@Timeout(120)
class SelectWakeUpTest {

    private static final int ROUNDS = 500;

    /** What a select returned, as text, so that a wrong outcome shows in the failure message. */
    private static String outcome(Chan<Integer> c, Case... cases) {
        try {
            return switch (Select.of(cases)) {
                case Received<?> r when r.from(c) -> r.ok() ? "received " + r.value() : "received closed";
                case Received<?> r -> "received from another channel";
                case Sent<?> s -> "sent";
                default -> "otherwise";
            };
        } catch (IllegalStateException e) {
            return "panic: " + e.getMessage();
        }
    }

    /**
     * A select parked on both a send and a receive on one unbuffered channel, then the
     * channel is closed. Go's closechan wakes the receivers first: the select's receive
     * sudog wins its selectDone race, and the send sudog is skipped when the senders are
     * taken off (dequeue skips a select that is already done). So the select returns the
     * receive case with ok == false, and never panics with "send on closed channel".
     */
    @Test
    void closeWakesASelectOnBothEndsOfAChannelThroughItsReceive() {
        Go.run(() -> {
            for (int i = 0; i < ROUNDS; i++) {
                Chan<Integer> c = Chan.make();
                Chan<String> result = Chan.make(1);
                boolean sendFirst = i % 2 == 0;
                go(() -> result.send(sendFirst ? outcome(c, send(c, 1), recv(c)) : outcome(c, recv(c), send(c, 1))));
                Parked.await(1, WaitReason.SELECT);
                c.close();
                assertEquals("received closed", result.recv(), "round " + i);
            }
        });
    }

    /** The same from a plain thread: its select is parked when the thread is WAITING. */
    @Test
    void closeWakesAPlainThreadsSelectOnBothEndsOfAChannelThroughItsReceive() throws Exception {
        for (int i = 0; i < ROUNDS / 5; i++) {
            Chan<Integer> c = Chan.make();
            AtomicReference<String> result = new AtomicReference<>();
            Thread t = Thread.ofPlatform().start(() -> result.set(outcome(c, send(c, 1), recv(c))));
            while (t.getState() != Thread.State.WAITING) Thread.onSpinWait();
            c.close();
            t.join();
            assertEquals("received closed", result.get(), "round " + i);
        }
    }

    /**
     * A select parked on a receive from {@code a} and a send to {@code d}; closing {@code d}
     * makes it panic (selectgo's sclose), after pass 3 has taken its receive sudog off
     * {@code a}. A value sent to {@code a} afterwards must not go to that departed select:
     * on an unbuffered {@code a} a non-blocking send finds no receiver, on a buffered one
     * the value stays in the buffer, and a later receiver gets it.
     */
    @Test
    void aSelectThatPanicsLeavesNoWaiterOnItsOtherChannels() {
        Go.run(() -> {
            for (int i = 0; i < ROUNDS; i++) {
                int cap = i % 2;
                Chan<Integer> a = Chan.make(cap);
                Chan<Integer> d = Chan.make();
                Chan<String> result = Chan.make(1);
                go(() -> result.send(outcome(a, recv(a), send(d, 1))));
                Parked.await(1, WaitReason.SELECT);
                d.close();
                assertEquals("panic: send on closed channel", result.recv(), "round " + i);
                if (cap == 0) {
                    assertFalse(a.trySend(2), "round " + i + ": a departed select took the value");
                } else {
                    assertTrue(a.trySend(2));
                    assertEquals(1, a.len(), "round " + i + ": a departed select took the value");
                    assertEquals(2, a.recv());
                }
                assertEquals(0, a.len());
            }
        });
    }

    /**
     * A select with two receive cases on one channel, woken through a third channel: pass 3
     * takes both of its sudogs off the channel, so a send afterwards finds no receiver
     * (Go's TestSelectDuplicateChannel checks the queue behind them; this checks that none
     * is left).
     */
    @Test
    void aSelectWithADuplicateChannelLeavesNeitherSudogBehind() {
        Go.run(() -> {
            for (int i = 0; i < ROUNDS; i++) {
                Chan<Integer> c = Chan.make();
                Chan<Integer> d = Chan.make();
                Chan<String> result = Chan.make(1);
                go(() -> result.send(outcome(d, recv(c), recv(c), recv(d))));
                Parked.await(1, WaitReason.SELECT);
                d.send(7);
                assertEquals("received 7", result.recv(), "round " + i);
                assertFalse(c.trySend(1), "round " + i + ": a sudog of the departed select is still on c");
                assertEquals(0, c.len());
            }
        });
    }

    /**
     * Go's test/chan/select6.go (issue 2075): a select that is not the first waiter on a
     * channel, woken through another channel, must leave the waiters in front of it intact.
     * The first of two sends on c1 goes to the plain receiver, the second to the select's
     * goroutine, which by then receives from c1 outside the select; a corrupted queue would
     * wake the departed select (whose c1 case panics) or lose a waiter (deadlock).
     */
    @Test
    void issue2075ASelectLastInTheQueueDoesNotCorruptIt() {
        AtomicInteger wrongCase = new AtomicInteger();
        Go.run(() -> {
            for (int i = 0; i < ROUNDS; i++) {
                Chan<Boolean> c1 = Chan.make(), c2 = Chan.make(), c3 = Chan.make();
                Chan<Unit> done = Chan.make(2);
                go(() -> {
                    c1.recv();
                    done.send(Unit.UNIT);
                });
                Parked.await(1, WaitReason.CHAN_RECEIVE); // the plain receiver is first on c1
                go(() -> {
                    switch (Select.of(recv(c1), recv(c2))) {
                        case Received<?> r when r.from(c1) -> wrongCase.incrementAndGet();
                        case Received<?> r -> c3.send(true);
                    }
                    c1.recv();
                    done.send(Unit.UNIT);
                });
                Parked.await(1, WaitReason.SELECT); // the select is last on c1
                go(() -> c2.send(true));
                c3.recv();
                c1.send(true);
                c1.send(true);
                done.recv();
                done.recv();
                assertEquals(0, c1.len());
            }
        });
        assertEquals(0, wrongCase.get(), "a select woken through c2 reported c1");
    }

    /**
     * test/chan/select3.go, "select should not get confused if it sees itself": a select
     * on a send and a receive of one unbuffered channel, with nobody else, never matches
     * itself and blocks for ever; alone in its run that is a deadlock.
     */
    @Test
    void aSelectAloneOnBothEndsOfAChannelBlocksForEver() {
        AtomicInteger fired = new AtomicInteger();
        var e = assertThrows(DeadlockError.class, () -> Go.run(() -> {
            Chan<Integer> c = Chan.make();
            Select.select(Select.send(c, 1, fired::incrementAndGet), Select.recv(c, v -> fired.incrementAndGet()));
        }));
        assertTrue(e.getMessage().contains("all goroutines are asleep"), e.getMessage());
        assertEquals(0, fired.get());
    }

    /** The three ways to receive of test/chan/select7.go: plain, a one-case select, a two-case select. */
    private static final String[] WAYS = {"plain", "select of one", "select of two"};

    private static int receiveBy(int way, Chan<Integer> c) {
        return switch (way) {
            case 0 -> c.recv();
            case 1 -> Select.of(recv(c)).value(c);
            default -> {
                Chan<Integer> other = Chan.make();
                Received<?> r = Select.of(recv(c), recv(other));
                assertTrue(r.from(c));
                yield r.value(c);
            }
        };
    }

    private static void sendBy(int way, Chan<Integer> c, int v) {
        switch (way) {
            case 0 -> c.send(v);
            case 1 -> assertInstanceOf(Sent.class, Select.of(Select.send(c, v)));
            default -> {
                Chan<Integer> other = Chan.make();
                assertEquals(0, Select.select(Select.send(c, v), Select.send(other, v)));
            }
        }
    }

    /**
     * test/chan/select7.go: every way to receive against every way to send on an
     * unbuffered channel, with the receiver parked first (as select7's Gosched arranges)
     * and, here too, with the sender parked first: the value arrives, once.
     */
    @Test
    void everyWayToReceiveMeetsEveryWayToSend() {
        Go.run(() -> {
            for (int round = 0; round < 20; round++) {
                for (int r = 0; r < 3; r++) {
                    for (int s = 0; s < 3; s++) {
                        for (boolean receiverFirst : new boolean[] {true, false}) {
                            String what = WAYS[r] + " receive, " + WAYS[s] + " send, "
                                    + (receiverFirst ? "receiver" : "sender") + " parked first";
                            Chan<Integer> c = Chan.make();
                            Chan<Integer> got = Chan.make(1);
                            int rr = r, ss = s, v = 100 * round + 10 * r + s;
                            if (receiverFirst) {
                                go(() -> got.send(receiveBy(rr, c)));
                                Parked.await(1, r == 2 ? WaitReason.SELECT : WaitReason.CHAN_RECEIVE); // a one-case select is a receive, as Go compiles it
                                sendBy(ss, c, v);
                            } else {
                                go(() -> sendBy(ss, c, v));
                                Parked.await(1, s == 2 ? WaitReason.SELECT : WaitReason.CHAN_SEND);
                                got.send(receiveBy(rr, c));
                            }
                            assertEquals(v, got.recv(), what);
                            assertFalse(c.trySend(0), what + ": a waiter is left on the channel");
                            assertNull(c.tryRecv(), what + ": a waiter is left on the channel");
                        }
                    }
                }
            }
        });
    }
}
