package dev.go4j.sync;

import dev.go4j.Go;

/**
 * Go.run for the sync tests:
 * <ul>
 * <li>GOMAXPROCS is set by goroutine 1 as the run starts, as Go's tests do
 *     ({@code defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(n))}); it belongs to this
 *     runtime alone, so runs need no lock between them and a test that hangs holds up
 *     nobody but itself (it fails by its own timeout);
 * <li>main waits until every other goroutine has exited before returning, so that a
 *     test's goroutines never outlive its assertions.
 * </ul>
 */
public final class GoRun {
    private GoRun() {}

    public static void run(Runnable main) {
        run(0, main);
    }

    /** Go.run with GOMAXPROCS = procs (0: the default). */
    public static void run(int procs, Runnable main) {
        Go.run(() -> {
            if (procs > 0) Go.gomaxprocs(procs);
            main.run();
            while (Go.numGoroutine() > 1) Go.gosched();
        });
    }
}
