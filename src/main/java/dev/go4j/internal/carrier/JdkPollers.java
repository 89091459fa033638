package dev.go4j.internal.carrier;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * The JDK's socket pollers, as go4j's M's poll them (the JDK half of Go's
 * {@code netpoll(0)}).
 *
 * <p>Implementation overview. A virtual thread that blocks on a socket registers the
 * socket's fd, one-shot, with one of the JDK's epoll instances ({@code sun.nio.ch.Poller},
 * its read and write "sub-pollers") and parks; whoever polls that epoll instance and sees
 * the fd calls the poller's {@code polled(fd)}, which removes the fd's thread from the
 * poller's map and unparks it. On Linux the JDK's own sub-poller threads do that, woken
 * by the platform {@code MasterPoller}. This class lets go4j's M's do it too, without
 * blocking, exactly as the JDK's sub-poller loop does: {@code epoll_wait(epfd, buf, 64, 0)}
 * then {@code polled(fd)} for each event. The two never deliver one readiness twice: the
 * kernel reports a one-shot registration to one {@code epoll_wait} only, and
 * {@code polled} removes the map entry before unparking, so a late or second report
 * unparks nobody. A sub-poller that finds its events already taken finds nothing, and
 * parks until the master poller wakes it: nothing in the JDK's scheme depends on who
 * polls.
 *
 * <p>Access: the poller classes are package-private in {@code sun.nio.ch}, so this needs
 * {@link #FLAG}. Without it {@link #accessible()} is false and go4j leaves socket
 * readiness to the JDK's own threads. Nothing here touches the pollers before the JDK
 * has started them: {@link #resolve()} reads {@code Poller.POLLERS}, and reading it
 * before the JDK's first socket wait would start the pollers from this thread, off any
 * runtime.
 */
public final class JdkPollers {
    /** The JVM flag that lets go4j's M's poll the JDK's socket pollers. */
    public static final String FLAG = "--add-opens java.base/sun.nio.ch=" + CarrierAdapter.flagTarget();

    /** epoll_wait's maxevents per poll, the JDK sub-poller's own figure. */
    public static final int MAX_EVENTS = 64;

    static final MethodHandle WAIT, GET_EVENT, GET_DESCRIPTOR, ALLOC, FREE, POLLED, REGISTERED, FD_VAL;
    private static final MethodHandle READ_POLLERS, WRITE_POLLERS, MASTER_POLLER;
    static final MethodHandle EPOLL_CREATE, EPOLL_CTL, CLOSE_FD, NEW_EVENTFD, EVENTFD_FD, EVENTFD_SET, EVENTFD_RESET;
    private static final VarHandle POLLERS;

    static {
        MethodHandle wait = null, getEvent = null, getDescriptor = null, alloc = null, free = null,
                polled = null, registered = null, fdVal = null, readPollers = null, writePollers = null, masterPoller = null,
                create = null, ctl = null, closeFd = null, newEventFd = null, eventFdFd = null, eventFdSet = null, eventFdReset = null;
        VarHandle pollers = null;
        if (Object.class.getModule().isOpen("sun.nio.ch", JdkPollers.class.getModule())) {
            try {
                // Class.forName(.., false, ..): loaded, not initialized (initializing Poller starts the JDK's pollers).
                Class<?> poller = Class.forName("sun.nio.ch.Poller", false, null);
                Class<?> pollersClass = Class.forName("sun.nio.ch.Poller$Pollers", false, null);
                Class<?> epoll = Class.forName("sun.nio.ch.EPoll", false, null);
                MethodHandles.Lookup pl = MethodHandles.privateLookupIn(poller, MethodHandles.lookup());
                MethodHandles.Lookup el = MethodHandles.privateLookupIn(epoll, MethodHandles.lookup());
                MethodHandles.Lookup sl = MethodHandles.privateLookupIn(pollersClass, MethodHandles.lookup());
                wait = el.findStatic(epoll, "wait", MethodType.methodType(int.class, int.class, long.class, int.class, int.class));
                getEvent = el.findStatic(epoll, "getEvent", MethodType.methodType(long.class, long.class, int.class));
                getDescriptor = el.findStatic(epoll, "getDescriptor", MethodType.methodType(int.class, long.class));
                alloc = el.findStatic(epoll, "allocatePollArray", MethodType.methodType(long.class, int.class));
                free = el.findStatic(epoll, "freePollArray", MethodType.methodType(void.class, long.class));
                polled = pl.findVirtual(poller, "polled", MethodType.methodType(void.class, int.class))
                        .asType(MethodType.methodType(void.class, Object.class, int.class));
                registered = pl.findVirtual(poller, "registered", MethodType.methodType(int.class))
                        .asType(MethodType.methodType(int.class, Object.class));
                fdVal = pl.findVirtual(poller, "fdVal", MethodType.methodType(int.class))
                        .asType(MethodType.methodType(int.class, Object.class));
                readPollers = sl.findVirtual(pollersClass, "readPollers", MethodType.methodType(List.class))
                        .asType(MethodType.methodType(List.class, Object.class));
                writePollers = sl.findVirtual(pollersClass, "writePollers", MethodType.methodType(List.class))
                        .asType(MethodType.methodType(List.class, Object.class));
                masterPoller = sl.findVirtual(pollersClass, "masterPoller", MethodType.methodType(poller))
                        .asType(MethodType.methodType(Object.class, Object.class));
                pollers = pl.findStaticVarHandle(poller, "POLLERS", pollersClass);
                // For EpollWait: an epoll set of go4j's own, with an eventfd to break its wait.
                create = el.findStatic(epoll, "create", MethodType.methodType(int.class));
                ctl = el.findStatic(epoll, "ctl", MethodType.methodType(int.class, int.class, int.class, int.class, int.class));
                Class<?> dispatcher = Class.forName("sun.nio.ch.UnixFileDispatcherImpl", false, null);
                closeFd = MethodHandles.privateLookupIn(dispatcher, MethodHandles.lookup())
                        .findStatic(dispatcher, "closeIntFD", MethodType.methodType(void.class, int.class));
                Class<?> eventFd = Class.forName("sun.nio.ch.EventFD", false, null);
                MethodHandles.Lookup fl = MethodHandles.privateLookupIn(eventFd, MethodHandles.lookup());
                newEventFd = fl.findConstructor(eventFd, MethodType.methodType(void.class))
                        .asType(MethodType.methodType(Object.class));
                eventFdFd = fl.findVirtual(eventFd, "efd", MethodType.methodType(int.class))
                        .asType(MethodType.methodType(int.class, Object.class));
                eventFdSet = fl.findVirtual(eventFd, "set", MethodType.methodType(void.class))
                        .asType(MethodType.methodType(void.class, Object.class));
                eventFdReset = fl.findVirtual(eventFd, "reset", MethodType.methodType(void.class))
                        .asType(MethodType.methodType(void.class, Object.class));
            } catch (ReflectiveOperationException | RuntimeException e) {
                wait = null; // a JDK whose pollers are built otherwise (not epoll): leave them to it
            }
        }
        WAIT = wait;
        GET_EVENT = getEvent;
        GET_DESCRIPTOR = getDescriptor;
        ALLOC = alloc;
        FREE = free;
        POLLED = polled;
        REGISTERED = registered;
        FD_VAL = fdVal;
        READ_POLLERS = readPollers;
        WRITE_POLLERS = writePollers;
        MASTER_POLLER = masterPoller;
        EPOLL_CREATE = create;
        EPOLL_CTL = ctl;
        CLOSE_FD = closeFd;
        NEW_EVENTFD = newEventFd;
        EVENTFD_FD = eventFdFd;
        EVENTFD_SET = eventFdSet;
        EVENTFD_RESET = eventFdReset;
        POLLERS = wait == null ? null : pollers;
    }

    /** The JDK's read and write sub-pollers, once resolved; their epoll fds, same order. */
    private static volatile Object[] pollers;
    private static int[] epfds;
    /** The JDK's master poller (its platform thread waits in epoll for the sub-pollers' fds), or null (no such mode); its epoll fd. */
    static Object master;
    static int masterFd = -1;
    /** Polling failed once (an epoll_wait error): go4j stops polling and says so. */
    private static volatile boolean broken;

    private JdkPollers() {}

    /** Whether {@link #FLAG} is missing (as opposed to a JDK whose pollers are not epoll's). */
    public static boolean flagMissing() {
        return !Object.class.getModule().isOpen("sun.nio.ch", JdkPollers.class.getModule());
    }

    /** Whether go4j may poll the JDK's pollers: the flag is given and the JDK's pollers are epoll's. */
    public static boolean accessible() { return WAIT != null && !broken; }

    /**
     * Resolves the JDK's pollers; true once they are known. Call only after the JDK has
     * started them (a socket wait happened): this reads {@code Poller.POLLERS}, which
     * otherwise starts them. If another thread is still initializing {@code Poller} this
     * waits for it to finish, which takes microseconds (its initializer only starts threads).
     */
    public static boolean resolve() {
        if (pollers != null) return true;
        if (!accessible()) return false;
        synchronized (JdkPollers.class) {
            if (pollers != null) return true;
            try {
                Object all = POLLERS.get();
                List<Object> ps = new ArrayList<>();
                for (Object p : (List<?>) READ_POLLERS.invokeExact(all)) ps.add(p);
                for (Object p : (List<?>) WRITE_POLLERS.invokeExact(all)) ps.add(p);
                int[] fds = new int[ps.size()];
                for (int i = 0; i < fds.length; i++) fds[i] = (int) FD_VAL.invokeExact(ps.get(i));
                Object m = (Object) MASTER_POLLER.invokeExact(all);
                if (m != null) {
                    masterFd = (int) FD_VAL.invokeExact(m);
                    master = m;
                }
                epfds = fds;
                pollers = ps.toArray();
                return true;
            } catch (Throwable t) {
                // SYSTEM_THREADS pollers of a JDK without fdVal, or anything unexpected.
                fail(t);
                return false;
            }
        }
    }

    /** The sub-pollers' epoll fds (read pollers, then write pollers); empty before {@link #resolve}. */
    static int[] subPollerFds() {
        return pollers == null ? new int[0] : epfds.clone();
    }

    /** {@link #subPollerFds} without the copy, for callers in this package that do not write it. */
    static int[] subPollerFdsShared() {
        return pollers == null ? new int[0] : epfds;
    }

    /** The index of sub-poller epoll fd {@code fd} in {@link #subPollerFds}, or -1. */
    static int subPollerIndex(int fd) {
        if (pollers == null) return -1;
        int[] fds = epfds;
        for (int i = 0; i < fds.length; i++) if (fds[i] == fd) return i;
        return -1;
    }

    /** Whether some thread waits on one of the pollers (Go's netpollAnyWaiters); cheap, no system call. */
    public static boolean anyWaiters() {
        Object[] ps = pollers;
        if (ps == null) return false;
        try {
            for (Object p : ps) if ((int) REGISTERED.invokeExact(p) > 0) return true;
        } catch (Throwable t) {
            fail(t);
        }
        return false;
    }

    /** A native event buffer for {@link #pollAll}; free it with {@link #freeBuffer}. */
    public static long allocBuffer() {
        try {
            return (long) ALLOC.invokeExact(MAX_EVENTS);
        } catch (Throwable t) {
            throw new IllegalStateException("go4j: cannot allocate an epoll buffer: " + t, t);
        }
    }

    public static void freeBuffer(long address) {
        if (address == 0) return;
        try {
            FREE.invokeExact(address);
        } catch (Throwable ignored) {
            // only at thread exit; nothing to do
        }
    }

    /**
     * Polls every JDK poller once without blocking (as the JDK's sub-poller loop does) and
     * unparks the thread waiting on each ready fd. Returns the number of fds polled.
     * {@code buf} comes from {@link #allocBuffer} and belongs to the calling thread.
     */
    public static int pollAll(long buf) {
        return pollAll(buf, 0);
    }

    /**
     * {@link #pollAll}, and also the sub-pollers whose bit (their index in
     * {@link #subPollerFds}; bit 63 for every index from 63 on) is set in {@code readable},
     * even with nobody registered: an epoll set that reported one of them readable must
     * see its events taken (a stale one-shot event of a waiter that already left), or a
     * level-triggered wait on it would return at once for ever.
     */
    public static int pollAll(long buf, long readable) {
        Object[] ps = pollers;
        if (ps == null || broken) return 0;
        int total = 0;
        try {
            for (int i = 0; i < ps.length; i++) {
                Object p = ps[i];
                boolean reported = (readable & (1L << Math.min(i, 63))) != 0;
                // nobody waits here: skip the system call
                if (!reported && (int) REGISTERED.invokeExact(p) == 0) continue;
                total += poll(p, epfds[i], buf);
            }
        } catch (Throwable t) {
            fail(t);
        }
        return total;
    }

    /**
     * Does once what the JDK's master poller thread does in a loop, without blocking:
     * takes its ready fds (sub-pollers that have events, selectors) and unparks the
     * thread parked on each. Returns the number of fds polled.
     */
    public static int pollMaster(long buf) {
        Object m = master;
        if (m == null || broken) return 0;
        try {
            return poll(m, masterFd, buf);
        } catch (Throwable t) {
            fail(t);
            return 0;
        }
    }

    /**
     * One non-blocking poll of {@code poller}'s epoll fd, as the JDK's {@code
     * EPollPoller.poll(0)}: {@code polled(fd)} for each ready fd. Returns how many (0 if
     * interrupted).
     */
    private static int poll(Object poller, int epfd, long buf) throws Throwable {
        int n = (int) WAIT.invokeExact(epfd, buf, MAX_EVENTS, 0);
        for (int k = 0; k < n; k++) {
            long ev = (long) GET_EVENT.invokeExact(buf, k);
            int fd = (int) GET_DESCRIPTOR.invokeExact(ev);
            POLLED.invokeExact(poller, fd);
        }
        return Math.max(n, 0);
    }

    static void fail(Throwable t) {
        if (broken) return;
        broken = true;
        // go4j stops polling: the master must watch every sub-poller again.
        MasterPollerTakeover.rearmAll();
        System.err.println("go4j: stopped polling the JDK's socket pollers (" + t + "); sockets are served by the JDK's poller threads alone");
    }
}
