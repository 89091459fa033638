package dev.go4j;

import dev.go4j.internal.sched.WaitReason;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static dev.go4j.Go.go;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The order in which parked goroutines are served: Go's waitq (runtime/chan.go) is a FIFO
 * queue, so the receivers (or senders) of a channel are matched in the order they parked,
 * whatever the buffer size; test/chan/fifo.go checks the values come out in order. A
 * select's sudog sits in the same queue, at the place where the select parked.
 */
@Timeout(60)
class ChanWaitQueueOrderTest {

    static final int N = 10;

    /** Receivers parked one after the other get the values in the order they were sent. */
    @ParameterizedTest(name = "cap {0}")
    @ValueSource(ints = {0, 1, 5})
    void parkedReceiversAreServedInArrivalOrder(int cap) {
        Go.run(() -> {
            for (int round = 0; round < 20; round++) {
                Chan<Integer> c = Chan.make(cap);
                Chan<int[]> got = Chan.make(N);
                for (int i = 0; i < N; i++) {
                    int me = i;
                    if (i % 3 == 2) {
                        // every third receiver is a select, whose other case never fires
                        Chan<Integer> never = Chan.make();
                        go(() -> got.send(new int[] {me, Select.of(Select.recv(c), Select.recv(never)).value(c)}));
                        Parked.await(1 + i / 3, WaitReason.SELECT);
                    } else {
                        go(() -> got.send(new int[] {me, c.recv()}));
                        Parked.await(i + 1 - i / 3, WaitReason.CHAN_RECEIVE);
                    }
                }
                for (int i = 0; i < N; i++) c.send(i);
                for (int i = 0; i < N; i++) {
                    int[] r = got.recv();
                    assertEquals(r[0], r[1], "round " + round + ": receiver " + r[0] + " got value " + r[1]);
                }
            }
        });
    }

    /** Senders parked one after the other are received from in the order they parked. */
    @ParameterizedTest(name = "cap {0}")
    @ValueSource(ints = {0, 1, 5})
    void parkedSendersAreServedInArrivalOrder(int cap) {
        Go.run(() -> {
            for (int round = 0; round < 20; round++) {
                Chan<Integer> c = Chan.make(cap);
                List<Integer> want = new ArrayList<>();
                for (int i = 0; i < cap; i++) {
                    c.send(-1 - i);
                    want.add(-1 - i);
                }
                // Each sender says when its send is over, and the round waits for all of
                // them: Parked counts goroutines by status, and a sender readied while its
                // park was still under way reads as parked until it runs again, which would
                // let the next round start its next sender too early.
                Chan<Unit> sent = Chan.make(N);
                for (int i = 0; i < N; i++) {
                    int me = i;
                    if (i % 3 == 2) {
                        Chan<Integer> never = Chan.make();
                        go(() -> {
                            Select.select(Select.send(c, me), Select.recv(never));
                            sent.send(Unit.UNIT);
                        });
                        Parked.await(1 + i / 3, WaitReason.SELECT);
                    } else {
                        go(() -> {
                            c.send(me);
                            sent.send(Unit.UNIT);
                        });
                        Parked.await(i + 1 - i / 3, WaitReason.CHAN_SEND);
                    }
                    want.add(me);
                }
                List<Integer> got = new ArrayList<>();
                for (int i = 0; i < cap + N; i++) got.add(c.recv());
                for (int i = 0; i < N; i++) sent.recv();
                assertEquals(want, got, "round " + round);
                assertEquals(0, c.len());
            }
        });
    }
}
