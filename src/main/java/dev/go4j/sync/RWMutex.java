package dev.go4j.sync;

import dev.go4j.internal.sched.WaitReason;
import dev.go4j.internal.sema.Sema;
import dev.go4j.internal.sema.SemaTable;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Go's sync.RWMutex: a reader/writer mutual exclusion lock, held by any number of readers
 * or one writer. Not bound to a goroutine or thread: any of them may unlock it.
 *
 * <p>Implementation overview (Go's sync/rwmutex.go). {@code readerCount} counts readers; a
 * writer first takes the inner {@link Mutex} (excluding other writers), then subtracts
 * {@code MAX_READERS} from it, which makes it negative: from then on new readers see a
 * pending writer and sleep on {@code readerSem} (writer preference, so readers cannot
 * starve a writer). The readers that were already in are counted into {@code readerWait};
 * the last of them to leave wakes the writer on {@code writerSem}. {@link #unlock} adds
 * {@code MAX_READERS} back, wakes exactly the readers that queued meanwhile and releases
 * the inner mutex. The reader fast paths are one atomic add each.
 *
 * <p>Waiting goroutines park (dumps show {@code [sync.RWMutex.RLock]} or
 * {@code [sync.RWMutex.Lock]}); plain threads block; an interrupt does not end the wait and
 * the thread's interrupt status is set again when the lock is taken.
 */
public final class RWMutex implements Locker {
    /** Go's rwmutexMaxReaders. */
    static final int MAX_READERS = 1 << 30;

    /** Held while a writer is pending or active. */
    private final Mutex w = new Mutex();
    /** Writers wait here for departing readers. */
    private final Sema writerSem = new Sema();
    /** Readers wait here for the writer to finish. */
    private final Sema readerSem = new Sema();
    /** Number of pending readers; minus MAX_READERS while a writer is pending. */
    private volatile int readerCount;
    /** Number of readers a pending writer still waits for. */
    private volatile int readerWait;

    private static final VarHandle READER_COUNT;
    private static final VarHandle READER_WAIT;
    static {
        try {
            var l = MethodHandles.lookup();
            READER_COUNT = l.findVarHandle(RWMutex.class, "readerCount", int.class);
            READER_WAIT = l.findVarHandle(RWMutex.class, "readerWait", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    public RWMutex() {}

    /** Locks for reading; waits while a writer holds or waits for the lock. Mirrors RLock. */
    public void rLock() {
        if ((int) READER_COUNT.getAndAdd(this, 1) + 1 < 0) {
            // A writer is pending: wait for it.
            SemaTable.semacquire(readerSem, false, WaitReason.SYNC_RWMUTEX_RLOCK);
        }
    }

    /** Locks for reading if no writer holds or waits for the lock. Mirrors TryRLock. */
    public boolean tryRLock() {
        for (;;) {
            int c = readerCount;
            if (c < 0) return false;
            if (READER_COUNT.compareAndSet(this, c, c + 1)) return true;
        }
    }

    /**
     * Undoes one {@link #rLock}. Mirrors RUnlock.
     *
     * @throws IllegalStateException "sync: RUnlock of unlocked RWMutex"
     */
    public void rUnlock() {
        int r = (int) READER_COUNT.getAndAdd(this, -1) - 1;
        if (r < 0) rUnlockSlow(r); // outlined slow path
    }

    private void rUnlockSlow(int r) {
        if (r + 1 == 0 || r + 1 == -MAX_READERS) {
            READER_COUNT.getAndAdd(this, 1); // undo, so that the lock stays usable
            throw new IllegalStateException("sync: RUnlock of unlocked RWMutex");
        }
        // A writer is pending; the last departing reader wakes it.
        if ((int) READER_WAIT.getAndAdd(this, -1) - 1 == 0) {
            SemaTable.semrelease(writerSem, false);
        }
    }

    /** Locks for writing; waits for other writers and for the readers already in. Mirrors Lock. */
    @Override
    public void lock() {
        w.lock(); // first resolve competition with other writers
        // Announce the pending writer to readers.
        int r = (int) READER_COUNT.getAndAdd(this, -MAX_READERS);
        // Wait for active readers.
        if (r != 0 && (int) READER_WAIT.getAndAdd(this, r) + r != 0) {
            SemaTable.semacquire(writerSem, false, WaitReason.SYNC_RWMUTEX_LOCK);
        }
    }

    /** Locks for writing if nobody holds the lock. Mirrors TryLock. */
    public boolean tryLock() {
        if (!w.tryLock()) return false;
        if (!READER_COUNT.compareAndSet(this, 0, -MAX_READERS)) {
            w.unlock();
            return false;
        }
        return true;
    }

    /**
     * Undoes {@link #lock}: wakes the readers that queued meanwhile. Mirrors Unlock.
     *
     * @throws IllegalStateException "sync: Unlock of unlocked RWMutex"
     */
    @Override
    public void unlock() {
        // Announce to readers there is no active writer.
        int r = (int) READER_COUNT.getAndAdd(this, MAX_READERS) + MAX_READERS;
        if (r >= MAX_READERS) {
            READER_COUNT.getAndAdd(this, -MAX_READERS); // undo
            throw new IllegalStateException("sync: Unlock of unlocked RWMutex");
        }
        // Unblock the readers that arrived while the writer held the lock.
        for (int i = 0; i < r; i++) SemaTable.semrelease(readerSem, false);
        // Allow other writers to proceed.
        w.unlock();
    }

    /**
     * Read-locks, and returns an {@link Unlocker} whose {@code close()} read-unlocks: the
     * try-with-resources form of {@code rw.RLock(); defer rw.RUnlock()}. ({@link #locked()}
     * is the same for the write lock.)
     *
     * <pre>{@code
     * try (var _ = rw.rLocked()) {
     *     return cache.get(key);
     * }
     * }</pre>
     *
     * @return closes to read-unlock
     */
    public Unlocker rLocked() {
        rLock();
        return this::rUnlock;
    }

    /** A {@link Locker} whose lock and unlock are {@link #rLock} and {@link #rUnlock} (Go's RLocker). */
    public Locker rLocker() {
        Locker l = rlocker;
        if (l == null) {
            l = new Locker() {
                @Override public void lock() { rLock(); }
                @Override public void unlock() { rUnlock(); }
            };
            rlocker = l; // a benign race: any instance will do
        }
        return l;
    }

    private Locker rlocker;

    /** Readers counted now, without a pending writer's offset (tests only). */
    int readers() {
        int c = readerCount;
        return c < 0 ? c + MAX_READERS : c;
    }

    /** Whether a writer holds or waits for the lock (tests only). */
    boolean writerPending() { return readerCount < 0; }

    @Override
    public String toString() {
        return "RWMutex[readers=" + readers() + (writerPending() ? ", writer" : "") + "]";
    }
}
