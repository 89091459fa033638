package dev.go4j;

import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Lincheck: the non-blocking channel operations (trySend, tryRecv, close, len), including
 * the lock-free fast paths, are linearizable, on a buffered channel (capacity 2). The
 * sequential specification is the channel itself run on one thread.
 */
// Model checking is CPU-bound and slow at one CPU: RunQueueLincheckTest's modelChecking
// alone passed 120 s in a one-CPU suite run beside other load (63 s for the class on a
// quiet CPU). A hang is still caught, later.
@Timeout(300)
@Param(name = "v", gen = IntGen.class, conf = "1:3")
public class ChanLincheckTest {
    private final Chan<Integer> c = Chan.make(2);

    @Operation
    public String trySend(@Param(name = "v") int v) {
        try {
            return c.trySend(v) ? "sent" : "full";
        } catch (IllegalStateException e) {
            return "closed";
        }
    }

    @Operation
    public Integer tryRecv() {
        return c.tryRecv();
    }

    @Operation
    public String close() {
        try {
            c.close();
            return "ok";
        } catch (IllegalStateException e) {
            return "closed twice";
        }
    }

    @Operation
    public int len() {
        return c.len();
    }

    @Test
    void modelChecking() {
        new ModelCheckingOptions().iterations(20).invocationsPerIteration(500)
                .threads(3).actorsPerThread(3).check(this.getClass());
    }

    @Test
    void stress() {
        new StressOptions().iterations(20).invocationsPerIteration(1000)
                .threads(3).actorsPerThread(3).check(this.getClass());
    }
}
