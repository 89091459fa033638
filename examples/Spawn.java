import dev.go4j.Go;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import static dev.go4j.Go.go;

/** Core-only smoke program: spawns goroutines and shows which goroutine runs main. */
public class Spawn {
    public static void main(String[] args) throws InterruptedException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        var latch = new CountDownLatch(n);
        var sum = new AtomicLong();
        for (int i = 0; i < n; i++) {
            long v = i;
            go(() -> { sum.addAndGet(v); latch.countDown(); });
        }
        latch.await();
        System.out.println("goroutine " + Go.goid() + ": " + n + " goroutines ran, sum " + sum.get()
                + ", GOMAXPROCS " + Go.gomaxprocs(0));
    }
}
