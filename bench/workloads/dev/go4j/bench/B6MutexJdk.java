package dev.go4j.bench;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;

/** B6 mutex (JDK): 1000 virtual threads each do n/1000 lock/increment/unlock on one ReentrantLock. */
public final class B6MutexJdk {
    static final int GOROUTINES = 1000;
    static long counter; // guarded by mu

    public static void main(String[] args) {
        Harness.jdk("B6", args, n -> {
            long per = Math.max(1, n / GOROUTINES);
            var mu = new ReentrantLock();
            var done = new CountDownLatch(GOROUTINES);
            counter = 0;
            for (int g = 0; g < GOROUTINES; g++) {
                Thread.ofVirtual().start(() -> {
                    for (long i = 0; i < per; i++) {
                        mu.lock();
                        counter++;
                        mu.unlock();
                    }
                    done.countDown();
                });
            }
            done.await();
            mu.lock();
            long c = counter;
            mu.unlock();
            Harness.check(c == per * GOROUTINES, "counter " + c + ", want " + per * GOROUTINES);
            return new Harness.Result(per * GOROUTINES);
        });
    }
}
