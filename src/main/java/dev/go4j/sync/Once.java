package dev.go4j.sync;

/**
 * Go's sync.Once: performs one action exactly once.
 *
 * <p>{@link #run} is Go's {@code Do}. The fast path is one volatile read of {@code done};
 * the first call and any call that overlaps it take a {@link Mutex}, so concurrent callers
 * wait until the action has finished (and see all of its effects). If the action throws,
 * the Once still counts as done, as in Go: the exception goes to the caller that ran it,
 * and later calls return without running anything.
 */
public final class Once {
    private volatile boolean done;
    private final Mutex m = new Mutex();

    /** A Once that has not run (Go's zero sync.Once). */
    public Once() {}

    /**
     * Calls f if and only if run is being called for the first time for this Once.
     *
     * @param f the action
     */
    public void run(Runnable f) {
        if (!done) doSlow(f); // outlined slow path keeps the fast path small
    }

    private void doSlow(Runnable f) {
        m.lock();
        try {
            if (!done) {
                try {
                    f.run();
                } finally {
                    done = true; // a throwing f counts as done, as Go's deferred store does
                }
            }
        } finally {
            m.unlock();
        }
    }

    /**
     * Whether the action has run (or thrown).
     *
     * @return whether it has run
     */
    public boolean done() { return done; }
}
