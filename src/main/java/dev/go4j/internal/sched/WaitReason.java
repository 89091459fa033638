package dev.go4j.internal.sched;

/**
 * Why a goroutine is waiting: Go's waitReason strings (runtime/runtime2.go), which show
 * in goroutine dumps as {@code goroutine 7 [chan receive]:}.
 */
public enum WaitReason {
    ZERO(""),
    CHAN_RECEIVE_NIL_CHAN("chan receive (nil chan)"),
    CHAN_SEND_NIL_CHAN("chan send (nil chan)"),
    CHAN_RECEIVE("chan receive"),
    CHAN_SEND("chan send"),
    SELECT("select"),
    SELECT_NO_CASES("select (no cases)"),
    SLEEP("sleep"),
    SYNC_MUTEX_LOCK("sync.Mutex.Lock"),
    SYNC_RWMUTEX_RLOCK("sync.RWMutex.RLock"),
    SYNC_RWMUTEX_LOCK("sync.RWMutex.Lock"),
    SYNC_WAITGROUP_WAIT("sync.WaitGroup.Wait"),
    SYNC_COND_WAIT("sync.Cond.Wait"),
    SEMACQUIRE("semacquire"),
    IO_WAIT("IO wait"),
    /** Parked by the JDK (a java.util.concurrent lock, Object.wait, a monitor): not go4j's. */
    JDK_PARK("jdk park"),
    PREEMPTED("preempted"),
    // ---- What the JDK blocked a goroutine on (named from its stack, see JdkBlocking) ----
    /** A java.util.concurrent lock: ReentrantLock, ReentrantReadWriteLock, StampedLock, AQS. */
    JDK_LOCK("jdk lock"),
    /** Condition.await of a java.util.concurrent lock. */
    JDK_CONDITION_WAIT("jdk condition wait"),
    /** Entering a synchronized block or method held by another thread. */
    MONITOR_ENTER("monitor enter"),
    /** Object.wait. */
    MONITOR_WAIT("monitor wait"),
    /** A blocking file (or pipe, console) read that holds the carrier thread. */
    FILE_READ("file read"),
    /** A blocking file write that holds the carrier thread. */
    FILE_WRITE("file write");

    private final String text;

    WaitReason(String text) { this.text = text; }

    /** Go's text for this reason. */
    public String text() { return text; }

    @Override public String toString() { return text; }
}
