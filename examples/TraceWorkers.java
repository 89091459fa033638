import dev.go4j.Chan;
import dev.go4j.Go;
import dev.go4j.sync.Mutex;
import dev.go4j.sync.WaitGroup;
import dev.go4j.time.Time;

import java.time.Duration;

import static dev.go4j.Go.go;

/**
 * A small pipeline to look at with the execution trace: a producer, four workers that
 * share a mutex-guarded total and sleep now and then, and a collector.
 * <pre>
 * GO4J_JVM_OPTS=-Dgo4j.trace=workers.trace ./go4j run examples/TraceWorkers.java
 * ./go4j trace workers.trace    # then open workers.trace.html
 * </pre>
 */
public class TraceWorkers {
    public static void main(String[] args) {
        Go.gomaxprocs(2);
        var jobs = Chan.<Integer>make(8);
        var results = Chan.<Long>make();
        var mu = new Mutex();
        long[] total = {0};
        go(() -> {
            for (int i = 1; i <= 200; i++) jobs.send(i);
            jobs.close();
        });
        var wg = new WaitGroup();
        for (int w = 0; w < 4; w++) {
            wg.go(() -> {
                for (Integer n : jobs) {
                    long x = 0;
                    for (int k = 0; k < 20_000 * n; k++) x += k % 7;
                    if (n % 50 == 0) Time.sleep(Duration.ofMillis(2));
                    mu.lock();
                    total[0] += x;
                    mu.unlock();
                    results.send(x);
                }
            });
        }
        go(() -> { wg.await(); results.close(); });
        long sum = 0;
        for (Long r : results) sum += r;
        System.out.println("sum " + sum + ", total " + total[0]);
    }
}

// Output:
// sum 1205999196, total 1205999196
