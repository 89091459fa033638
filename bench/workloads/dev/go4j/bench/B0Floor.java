package dev.go4j.bench;

import dev.go4j.internal.carrier.CarrierAdapter;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.LockSupport;

/**
 * B0, the floor: the fastest goroutine switch this design can have. Two virtual threads
 * whose scheduler is a plain FIFO run by one platform thread (the simplest custom
 * scheduler the carrier adapter allows) ping-pong with {@code LockSupport.park/unpark}
 * and a volatile turn flag: no channel, no run queues, no P's. What is left is the JDK's
 * own cost of parking one virtual thread and resuming another. ns per round trip (two
 * switches), to set beside B3/1.
 */
public final class B0Floor {
    /** A FIFO scheduler run by the thread that calls {@link #loop}. */
    static final class Fifo implements Executor {
        final ConcurrentLinkedQueue<Runnable> q = new ConcurrentLinkedQueue<>();
        volatile Thread runner;
        volatile boolean done;

        @Override
        public void execute(Runnable task) {
            q.add(task);
            Thread r = runner;
            if (r != null && CarrierAdapter.currentCarrierThread() != r) LockSupport.unpark(r); // not from its own carrier
        }

        void loop() {
            runner = Thread.currentThread();
            while (!done) {
                Runnable t = q.poll();
                if (t != null) t.run();
                else LockSupport.park(this);
            }
        }
    }

    static volatile int turn; // 0: ping's turn, 1: pong's

    public static void main(String[] args) {
        Harness.plain("B0", args, n -> {
            Fifo fifo = new Fifo();
            Thread[] th = new Thread[2];
            long[] count = new long[1];
            turn = 0;
            th[0] = CarrierAdapter.newVirtualThread(fifo, "ping", () -> {
                for (long i = 0; i < n; i++) {
                    while (turn != 0) LockSupport.park();
                    turn = 1;
                    LockSupport.unpark(th[1]);
                }
            });
            th[1] = CarrierAdapter.newVirtualThread(fifo, "pong", () -> {
                for (long i = 0; i < n; i++) {
                    while (turn != 1) LockSupport.park();
                    count[0]++;
                    turn = 0;
                    LockSupport.unpark(th[0]);
                }
                fifo.done = true;
                LockSupport.unpark(fifo.runner);
            });
            th[0].start();
            th[1].start();
            fifo.loop();
            Harness.check(count[0] == n, "round trips " + count[0] + ", want " + n);
            return new Harness.Result(n);
        });
    }
}
