package com.example.app;

import dev.go4j.Chan;
import dev.go4j.Receiver;
import dev.go4j.sync.WaitGroup;

import static dev.go4j.Go.go;

/** A small pipeline: one goroutine per number squares it, one sums the results. */
public final class Squares {
    private Squares() {}

    /** The numbers 1..n, sent by a goroutine that closes the channel when done. */
    static Receiver<Integer> count(int n) {
        var out = Chan.<Integer>make();
        go(() -> {
            for (int i = 1; i <= n; i++) out.send(i);
            out.close();
        });
        return out;
    }

    /** The sum of the squares of 1..n, squared by {@code workers} goroutines. */
    public static long sumOfSquares(int n, int workers) {
        Receiver<Integer> in = count(n);
        var squares = Chan.<Long>make(workers);
        var wg = new WaitGroup();
        for (int w = 0; w < workers; w++) {
            wg.go(() -> {
                for (int v : in) squares.send((long) v * v);
            });
        }
        go(() -> { wg.await(); squares.close(); });
        long sum = 0;
        for (long s : squares) sum += s;
        return sum;
    }
}
