package app.util;

import dev.go4j.Chan;
import dev.go4j.sync.WaitGroup;

import static dev.go4j.Go.go;

public final class Squares {
    private Squares() {}

    public static int sum(int n) {
        var results = Chan.<Integer>make();
        var wg = new WaitGroup();
        for (int i = 1; i <= n; i++) {
            int k = i;
            wg.go(() -> results.send(k * k));
        }
        go(() -> { wg.await(); results.close(); });
        int s = 0;
        for (int v : results) s += v;
        return s;
    }
}
