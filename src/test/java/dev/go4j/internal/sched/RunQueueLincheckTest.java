package dev.go4j.internal.sched;

import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

/**
 * Issue 9 ("tests and checks": Lincheck on RunQueue). One owner thread puts (with and
 * without runnext) and gets; other threads steal with {@link RunQueue#stealFrom} into a
 * fresh thief queue. Linearizability against the queue run sequentially means no G is
 * lost or handed out twice: each steal reports exactly which G's it took (the one it
 * returns plus whatever it left in the thief ring).
 *
 * <p>Steals here do not take runnext: runqput swaps runnext and only then appends the
 * displaced G to the tail, so for an instant that G is in neither place and a runnext
 * steal can take the newer G while the ring looks empty. Go has the same window and it
 * loses nothing, but it is not linearizable, and Lincheck reports it (putNext, putNext
 * against stealWithRunnext returning [2]). A no-loss/no-duplicate check of runnext
 * stealing needs a custom verifier; the stress run covers it meanwhile.
 */
// Model checking is CPU-bound and slow at one CPU: RunQueueLincheckTest's modelChecking
// alone passed 120 s in a one-CPU suite run beside other load (63 s for the class on a
// quiet CPU). A hang is still caught, later.
@Timeout(300)
public class RunQueueLincheckTest {
    private static final Sched SCHED = new Sched(false, 1);
    private final RunQueue q = new RunQueue();
    private long ids;

    @Operation(nonParallelGroup = "owner")
    public String put() {
        return q.put(new G(SCHED, ++ids, 0, Runnable.class), false) == null ? "ok" : "overflow";
    }

    @Operation(nonParallelGroup = "owner")
    public String putNext() {
        return q.put(new G(SCHED, ++ids, 0, Runnable.class), true) == null ? "ok" : "overflow";
    }

    @Operation(nonParallelGroup = "owner")
    public long get() {
        G g = q.getOwned(new boolean[1]); // the owner's get, which clears the slots G's left
        return g == null ? 0 : g.goid;
    }

    @Operation
    public List<Long> steal() { return steal(false); }

    private List<Long> steal(boolean runnext) {
        RunQueue thief = new RunQueue();
        List<Long> took = new ArrayList<>();
        G g = thief.stealFrom(q, runnext, null);
        if (g != null) took.add(g.goid);
        for (G x; (x = thief.getOwned(new boolean[1])) != null; ) took.add(x.goid);
        return took;
    }

    @Test
    void modelChecking() {
        new ModelCheckingOptions().iterations(15).invocationsPerIteration(500)
                .threads(3).actorsPerThread(3).check(this.getClass());
    }

    @Test
    void stress() {
        new StressOptions().iterations(15).invocationsPerIteration(1000)
                .threads(3).actorsPerThread(3).check(this.getClass());
    }
}
