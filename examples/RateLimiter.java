import dev.go4j.Chan;
import dev.go4j.time.Time;

import java.time.Duration;
import java.time.Instant;

import static dev.go4j.Go.go;

/**
 * Go by Example's rate limiting: serve requests at most one per tick of a ticker, then
 * allow bursts of up to three with a buffered channel that a ticker refills. The times
 * vary from run to run; the order of the requests and the minimum time they took do not
 * (a ticker never ticks early).
 *
 *   ./go4j run examples/RateLimiter.java
 */
public class RateLimiter {
    static final Duration TICK = Duration.ofMillis(20);

    public static void main(String[] args) {
        var requests = Chan.<Integer>make(5);
        for (int i = 1; i <= 5; i++) requests.send(i);
        requests.close();

        long start = System.nanoTime();
        var limiter = Time.tick(TICK);                       // limiter := time.Tick(20 * time.Millisecond)
        for (int req : requests) {                           // for req := range requests {
            limiter.recv();                                  //     <-limiter
            System.out.println("request " + req);
        }
        System.out.println("5 requests took at least 5 ticks: " + (System.nanoTime() - start >= 5 * TICK.toNanos()));

        var burstyLimiter = Chan.<Instant>make(3);           // burstyLimiter := make(chan time.Time, 3)
        for (int i = 0; i < 3; i++) burstyLimiter.send(Time.now());
        start = System.nanoTime();
        go(() -> {
            for (var t : Time.tick(TICK)) burstyLimiter.send(t);
        });
        var burstyRequests = Chan.<Integer>make(5);
        for (int i = 1; i <= 5; i++) burstyRequests.send(i);
        burstyRequests.close();
        for (int req : burstyRequests) {
            burstyLimiter.recv();
            System.out.println("bursty request " + req);
        }
        System.out.println("3 at once, then 2 more took at least 2 ticks: " + (System.nanoTime() - start >= 2 * TICK.toNanos()));
    }
}

// Output:
// request 1
// request 2
// request 3
// request 4
// request 5
// 5 requests took at least 5 ticks: true
// bursty request 1
// bursty request 2
// bursty request 3
// bursty request 4
// bursty request 5
// 3 at once, then 2 more took at least 2 ticks: true
