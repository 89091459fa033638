package dev.go4j;

import dev.go4j.runtime.Goroutines;
import dev.go4j.sync.Mutex;
import dev.go4j.sync.WaitGroup;
import dev.go4j.time.Time;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

/**
 * Port of Go's TestNumGoroutine (runtime/proc_test.go): runtime.NumGoroutine agrees with
 * the number of goroutines a full stack dump lists (Go: {@code runtime.Stack(buf, true)}),
 * retried up to 10 times with a yield between as Go does, since a goroutine may be
 * exiting between the two reads. Here with goroutines in many states at once, and the
 * grouped dump's total checked as well. (Go's other half, a fresh program's count of 1,
 * is GoTest.numGoroutineCountsLiveGoroutines.)
 */
@Timeout(value = 60, threadMode = SEPARATE_THREAD)
class NumGoroutineTest {

    private static final Pattern ENTRY = Pattern.compile("(?m)^goroutine \\d+ \\[");
    private static final Pattern TOTAL = Pattern.compile("(?m)^goroutine profile: total (\\d+)$");

    /** The caller's runtime's part of a dump: it comes first, up to the next runtime's header. */
    private static String ownPart(String dump) {
        if (!dump.startsWith("runtime ")) return dump;
        int start = dump.indexOf('\n') + 1;
        int next = dump.indexOf("\nruntime ", start);
        return next < 0 ? dump.substring(start) : dump.substring(start, next + 1);
    }

    private static int entries(String part) {
        Matcher m = ENTRY.matcher(part);
        int n = 0;
        while (m.find()) n++;
        return n;
    }

    /** Go's loop: yield, compare, up to 10 tries. */
    private static void assertCountMatchesDump(int expected) {
        String last = "";
        for (int i = 0; ; i++) {
            Go.gosched();
            int n = Go.numGoroutine();
            last = ownPart(Goroutines.dump(2));
            int listed = entries(last);
            Matcher t = TOTAL.matcher(ownPart(Goroutines.dump(1)));
            assertTrue(t.find(), "no total in the grouped dump");
            int total = Integer.parseInt(t.group(1));
            if (n == listed && n == total && n == expected) return;
            if (i >= 10) fail("NumGoroutine=" + n + ", dump lists " + listed + ", grouped total " + total
                    + ", expected " + expected + "\n" + last);
        }
    }

    @RepeatedTest(3)
    void numGoroutineAgreesWithTheDump() {
        Go.run(() -> {
            assertCountMatchesDump(1);
            int perKind = 5;
            AtomicBoolean stop = new AtomicBoolean();
            Chan<Boolean> release = Chan.make();
            Mutex mu = new Mutex();
            WaitGroup started = new WaitGroup(), ended = new WaitGroup();
            mu.lock();
            Runnable[] kinds = {
                () -> release.recv(),                                            // chan receive
                () -> Select.select(Select.recv(release, v -> {}), Select.recv(Chan.<Boolean>nil(), v -> {})), // select
                () -> { mu.lock(); mu.unlock(); },                               // sync.Mutex.Lock
                () -> { while (!stop.get()) Time.sleep(Duration.ofMillis(1)); }, // sleep
                () -> { while (!stop.get()) Go.gosched(); },                     // runnable / running
            };
            for (Runnable k : kinds) {
                for (int i = 0; i < perKind; i++) {
                    started.add(1);
                    ended.add(1);
                    Go.go(() -> { started.done(); k.run(); ended.done(); });
                }
            }
            started.await();
            assertCountMatchesDump(1 + perKind * kinds.length);
            stop.set(true);
            mu.unlock();
            release.close();
            ended.await();
            // the goroutines exit after done(): Go's retry loop lets them finish
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (Go.numGoroutine() != 1) {
                assertTrue(System.nanoTime() < deadline, "NumGoroutine=" + Go.numGoroutine());
                Go.gosched();
            }
            assertCountMatchesDump(1);
        });
    }
}
