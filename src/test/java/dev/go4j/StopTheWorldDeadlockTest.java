package dev.go4j;

import dev.go4j.runtime.Goroutines;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

/**
 * Port of Go's TestStopTheWorldDeadlock (runtime/proc_test.go): while a chain of
 * goroutines keeps spawning its successor ("perpetuumMobile"), one goroutine makes 1000
 * calls that look at or change every P and goroutine and another 1000 GOMAXPROCS calls.
 * Go's first goroutine calls runtime.GC; go4j has no GC, and its nearest whole-runtime
 * operation is a full goroutine dump (Go's runtime.Stack(buf, true) stops the world for
 * it). Go's loop sets GOMAXPROCS to 3 every time, which after the first call does not
 * stop the world; here it alternates 3 and 2 so that every call resizes. A deadlock
 * between them hangs and the timeout fails it; the chain must then stop when told.
 */
@Timeout(value = 120, threadMode = SEPARATE_THREAD)
class StopTheWorldDeadlockTest {

    private static void perpetuumMobile(Chan<Boolean> stop, AtomicLong spawned, Chan<Boolean> ended) {
        int k = Select.select(Select.recv(stop, v -> {}), Select.otherwise(() -> {}));
        if (k == 0) {
            ended.send(true);
            return;
        }
        spawned.incrementAndGet();
        Go.go(() -> perpetuumMobile(stop, spawned, ended));
    }

    @RepeatedTest(2)
    void dumpsAndResizesBesideASpawnChain() {
        int rounds = 1000;
        AtomicInteger dumps = new AtomicInteger(), resizes = new AtomicInteger();
        AtomicLong spawned = new AtomicLong();
        long[] spawnedAtStop = {0}, spawnedAtEnd = {0};
        Go.run(() -> {
            int maxprocs = Go.gomaxprocs(3);
            try {
                Chan<Boolean> stop = Chan.make(1), ended = Chan.make(1), compl = Chan.make(2);
                Go.go(() -> {
                    for (int i = 0; i < rounds; i++) {
                        assertTrue(Goroutines.dump(2).contains("goroutine "), "an empty dump");
                        dumps.incrementAndGet();
                    }
                    compl.send(true);
                });
                Go.go(() -> {
                    for (int i = 0; i < rounds; i++) {
                        Go.gomaxprocs(i % 2 == 0 ? 2 : 3);
                        resizes.incrementAndGet();
                    }
                    compl.send(true);
                });
                Go.go(() -> perpetuumMobile(stop, spawned, ended));
                compl.recv();
                compl.recv();
                spawnedAtStop[0] = spawned.get();
                stop.send(true);
                ended.recv();
                spawnedAtEnd[0] = spawned.get(); // the chain is linear: whoever took stop spawned no one
            } finally {
                Go.gomaxprocs(maxprocs);
            }
        });
        assertEquals(rounds, dumps.get());
        assertEquals(rounds, resizes.get());
        assertTrue(spawnedAtStop[0] > 0, "the chain never spawned");
        assertEquals(spawnedAtEnd[0], spawned.get(), "the chain went on after it was stopped");
    }
}
