import dev.go4j.Chan;
import dev.go4j.sync.WaitGroup;

import static dev.go4j.Go.go;

/** ./go4j run examples/Hello.java — main is goroutine 1; no Go.run wrapper needed. */
public class Hello {
    public static void main(String[] args) {
        var results = Chan.<Integer>make();
        var wg = new WaitGroup();
        for (int i = 1; i <= 10; i++) {
            int n = i;
            wg.go(() -> results.send(n * n)); // wg.Go(func() { results <- n * n })
        }
        go(() -> {
            wg.await();
            results.close();
        });
        int sum = 0;
        for (int v : results) sum += v; // for v := range results
        System.out.println("hello from goroutine 1: the sum of the first ten squares is " + sum);
    }
}

// Output:
// hello from goroutine 1: the sum of the first ten squares is 385
