package dev.go4j.bench;

import dev.go4j.Go;
import dev.go4j.sync.Mutex;
import dev.go4j.sync.WaitGroup;

/** B6 mutex (go4j): 1000 goroutines each do n/1000 lock/increment/unlock on one Mutex; ns per pair. */
public final class B6Mutex {
    static final int GOROUTINES = 1000;
    static long counter; // guarded by mu

    public static void main(String[] args) {
        Harness.go4j("B6", args, n -> {
            long per = Math.max(1, n / GOROUTINES);
            var mu = new Mutex();
            var wg = new WaitGroup();
            counter = 0;
            wg.add(GOROUTINES);
            for (int g = 0; g < GOROUTINES; g++) {
                Go.go(() -> {
                    for (long i = 0; i < per; i++) {
                        mu.lock();
                        counter++;
                        mu.unlock();
                    }
                    wg.done();
                });
            }
            wg.await();
            mu.lock();
            long c = counter;
            mu.unlock();
            Harness.check(c == per * GOROUTINES, "counter " + c + ", want " + per * GOROUTINES);
            return new Harness.Result(per * GOROUTINES);
        });
    }
}
