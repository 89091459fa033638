package dev.go4j.sync;

import dev.go4j.Go;
import dev.go4j.internal.sched.Procs;

/**
 * Go.run for the sync tests, with two precautions against runtime-side hazards seen under
 * load (reported to the scheduler's owner):
 * <ul>
 * <li>GOMAXPROCS is fixed through the {@code go4j.maxprocs} property when the runtime
 *     starts, instead of calling Go.gomaxprocs from goroutine 1: a goroutine contending
 *     the scheduler's lock there could deadlock with an M blocked on the same lock;
 * <li>main waits until every other goroutine has exited before returning, so that
 *     shutdown never abandons a goroutine in the middle of its exit.
 * </ul>
 * Surefire runs test classes one after another in one JVM, so the property is not shared.
 */
public final class GoRun {
    private GoRun() {}

    public static void run(Runnable main) {
        run(0, main);
    }

    /** Go.run with GOMAXPROCS = procs (0: the default). */
    public static synchronized void run(int procs, Runnable main) {
        String old = System.getProperty(Procs.PROPERTY);
        if (procs > 0) System.setProperty(Procs.PROPERTY, Integer.toString(procs));
        try {
            Go.run(() -> {
                main.run();
                while (Go.numGoroutine() > 1) Go.gosched();
            });
        } finally {
            if (old == null) System.clearProperty(Procs.PROPERTY); else System.setProperty(Procs.PROPERTY, old);
        }
    }
}
