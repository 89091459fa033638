package dev.go4j.bench;

import dev.go4j.Go;
import dev.go4j.internal.sched.Parking;
import dev.go4j.internal.sched.WaitReason;

/**
 * B0's ping-pong on go4j's scheduler: two goroutines at GOMAXPROCS 1 hand a volatile turn
 * flag back and forth with go4j's own park and ready ({@code Parking.gopark/goready}, what
 * a channel calls once it has matched a sender with a receiver), with no channel. Beside
 * B0 (the JDK's bare switch) and B3/1 (the same round trip through two unbuffered
 * channels) it splits B3/1's time into the floor, the scheduler's share (run queue,
 * runnext, the P, the G's status) and the channel's share (lock, wait queue, hand-off).
 * go4j only; ns per round trip. Run it alone with
 * {@code java <go4j flags> -Dgo4j.maxprocs=1 -cp target/go4j.jar:bench/target/workloads dev.go4j.bench.B0Sched n=1000000}.
 */
public final class B0Sched {
    static volatile int turn; // 0: ping's turn, 1: pong's
    static volatile Thread ping, pong;

    public static void main(String[] args) {
        Harness.go4j("B0s", args, n -> {
            turn = 0;
            long[] count = new long[1];
            dev.go4j.Chan<Boolean> done = dev.go4j.Chan.make(1);
            ping = Thread.currentThread();
            Go.go(() -> {
                pong = Thread.currentThread();
                for (long i = 0; i < n; i++) {
                    while (turn != 1) Parking.gopark(B0Sched.class, WaitReason.CHAN_RECEIVE);
                    count[0]++;
                    turn = 0;
                    Parking.goready(ping);
                }
                done.send(true);
            });
            while (pong == null) Go.gosched();
            Thread p = pong;
            for (long i = 0; i < n; i++) {
                while (turn != 0) Parking.gopark(B0Sched.class, WaitReason.CHAN_RECEIVE);
                turn = 1;
                Parking.goready(p);
            }
            done.recv();
            pong = null;
            Harness.check(count[0] == n, "round trips " + count[0] + ", want " + n);
            return new Harness.Result(n);
        });
    }
}
