import dev.go4j.Chan;
import dev.go4j.Receiver;
import dev.go4j.Select;
import dev.go4j.Sent;
import dev.go4j.context.Context;
import dev.go4j.sync.WaitGroup;

import java.util.ArrayList;
import java.util.List;

import static dev.go4j.Select.recv;
import static dev.go4j.Select.send;

/**
 * The Go blog's "Pipelines and cancellation": stages connected by channels, fan-out and
 * fan-in, and a context whose cancellation stops every stage, even one blocked on a send
 * nobody will receive. Each send is a select between the send and ctx.done().
 *
 *   ./go4j run examples/Pipeline.java
 */
public class Pipeline {
    /**
     * Sends v on out unless ctx is cancelled first; false if it was (Go:
     * select { case out <- v: case <-ctx.Done(): return }).
     */
    static <T> boolean sendOrStop(Context ctx, Chan<T> out, T v) {
        return Select.of(send(out, v), recv(ctx.done())) instanceof Sent<?>;
    }

    /** Emits 1, 2, 3, ... up to n (n < 0: for ever) until cancelled. */
    static Receiver<Integer> gen(Context ctx, WaitGroup wg, int n) {
        var out = Chan.<Integer>make();
        wg.go(() -> {
            try {
                for (int i = 1; n < 0 || i <= n; i++) {
                    if (!sendOrStop(ctx, out, i)) return;
                }
            } finally {
                out.close();
            }
        });
        return out;
    }

    /** Squares what it receives. */
    static Receiver<Integer> sq(Context ctx, WaitGroup wg, Receiver<Integer> in) {
        var out = Chan.<Integer>make();
        wg.go(() -> {
            try {
                for (int n : in) {
                    if (!sendOrStop(ctx, out, n * n)) return;
                }
            } finally {
                out.close();
            }
        });
        return out;
    }

    /** Fan-in: one goroutine per input copies into out; out is closed when all are done. */
    @SafeVarargs
    static Receiver<Integer> merge(Context ctx, WaitGroup stages, Receiver<Integer>... cs) {
        var out = Chan.<Integer>make();
        var wg = new WaitGroup();
        for (var c : cs) {
            wg.go(() -> {
                for (int n : c) {
                    if (!sendOrStop(ctx, out, n)) return;
                }
            });
        }
        stages.go(() -> {
            wg.await();
            out.close();
        });
        return out;
    }

    public static void main(String[] args) {
        // Fan-out to two squarers, fan-in, read everything.
        var ctx = Context.withCancel(Context.background());
        var wg = new WaitGroup();
        Receiver<Integer> in = gen(ctx, wg, 10);
        var out = merge(ctx, wg, sq(ctx, wg, in), sq(ctx, wg, in));
        List<Integer> squares = new ArrayList<>();
        for (int v : out) squares.add(v);
        squares.sort(null);
        System.out.println("squares of 1..10: " + squares);
        wg.await();
        ctx.cancel();

        // An endless pipeline: take five values, then cancel; every stage stops.
        ctx = Context.withCancel(Context.background());
        wg = new WaitGroup();
        var endless = sq(ctx, wg, sq(ctx, wg, gen(ctx, wg, -1))); // fourth powers
        for (int i = 0; i < 5; i++) System.out.println(endless.recv());
        ctx.cancel();                                  // cancel()
        wg.await();                                    // every stage has returned
        System.out.println("stopped: " + ctx.err().getMessage());
    }
}

// Output:
// squares of 1..10: [1, 4, 9, 16, 25, 36, 49, 64, 81, 100]
// 1
// 16
// 81
// 256
// 625
// stopped: context canceled
