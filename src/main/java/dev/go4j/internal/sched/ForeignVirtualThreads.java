package dev.go4j.internal.sched;

import java.util.concurrent.ForkJoinPool;

/**
 * Carriers for virtual threads that are not goroutines but inherited a G as their
 * scheduler: the JDK gives a virtual thread created without an explicit scheduler the
 * scheduler of the virtual thread that creates it, so a plain {@code Thread.ofVirtual()}
 * inside a goroutine, or the JDK's own socket poller threads started lazily from one,
 * would otherwise be run as that goroutine. They run here instead, on a pool like the
 * JDK's default virtual-thread scheduler, and outlive the runtime that created them.
 */
final class ForeignVirtualThreads {
    private ForeignVirtualThreads() {}

    private static final class Holder {
        static final ForkJoinPool POOL = new ForkJoinPool(
                Math.max(1, Runtime.getRuntime().availableProcessors()),
                pool -> {
                    var t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
                    t.setName("go4j-foreign-vthread-" + t.getPoolIndex());
                    t.setDaemon(true);
                    return t;
                },
                null, true);
    }

    static void execute(Runnable task) {
        Holder.POOL.execute(task);
    }
}
