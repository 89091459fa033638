package dev.go4j.internal.carrier;

/**
 * Whether the JDK's socket pollers have been started, told by their platform threads.
 *
 * <p>Kept apart from {@link JdkPollers}, whose class initializer resolves some twenty
 * method handles into {@code sun.nio.ch}: an M asks this whenever a goroutine unmounts in
 * a JDK park (a lock, a sleep), in programs that may never touch a socket, and must not
 * pay that initialization to learn that the answer is no (a short {@code Go.run} waited
 * for it at shutdown).
 */
public final class JdkPollerThreads {
    private JdkPollerThreads() {}

    /**
     * Whether the JDK's pollers have been started, by whoever: their platform threads
     * ({@code MasterPoller}, or {@code Read-Poller} in the JDK's other mode) are alive.
     * Walks the platform threads (no stacks, no safepoint); callers rate-limit it.
     *
     * @return whether the JDK's poller threads are running
     */
    public static boolean running() {
        ThreadGroup g = Thread.currentThread().getThreadGroup();
        if (g == null) return false;
        while (g.getParent() != null) g = g.getParent();
        Thread[] ts = new Thread[g.activeCount() + 8];
        int n = g.enumerate(ts, true);
        for (int i = 0; i < n; i++) {
            String name = ts[i].getName();
            if (name.equals("MasterPoller") || name.startsWith("Read-Poller")) return true;
        }
        return false;
    }
}
