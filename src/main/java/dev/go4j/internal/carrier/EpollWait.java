package dev.go4j.internal.carrier;

import java.io.IOException;

/**
 * The blocking half of go4j's netpoll: an epoll set of go4j's own in which the last M to
 * go idle sleeps until a socket is ready, the next timer is due or someone breaks the
 * sleep (Go's {@code netpoll(delay)} with {@code netpollBreak}).
 *
 * <p>Implementation overview. The set holds, level-triggered: each JDK sub-poller's epoll
 * fd, readable while sockets registered there are ready; the JDK master poller's epoll
 * fd, readable when a sub-poller that parked on it has events or a selector is ready;
 * and an eventfd that {@link #wake} writes (Go's {@code netpollEventFd}). Watching the
 * sub-pollers directly matters: a sub-poller re-arms its master registration only when
 * it runs, and go4j need not run it promptly (see {@code Sched.ready}); and once go4j
 * has taken a sub-poller from the master ({@link MasterPollerTakeover}) this set is the
 * only one that watches it. The JDK's own
 * master thread keeps waiting on the master fd too, so a readiness may wake both;
 * whichever polls first takes the events, and the other finds none, which the JDK's
 * loops and go4j's both treat as "look again later". After {@link #await} returns, the
 * caller polls the sub-pollers and the master without blocking ({@link JdkPollers}), so
 * the goroutines whose sockets are ready are readied by this M, with no other thread in
 * between.
 *
 * <p>{@link #wake} and {@link #close} are serialized, so a wake never writes to an fd
 * number that the close has given back to the kernel (which could by then be someone
 * else's file). Only one thread awaits at a time: the runtime's polling M.
 */
public final class EpollWait {
    private static final int EPOLL_CTL_ADD = 1;
    private static final int EPOLLIN = 0x1;
    private static final int ENOMEM = 12, ENOSPC = 28;

    private final int epfd;
    private final Object eventFd;
    private final int efd;
    private boolean closed;
    /** A wake is written and not yet drained (Go's netpollWakeSig): later wakes need not write. */
    private volatile boolean wakeSig;

    private EpollWait(int epfd, Object eventFd, int efd) {
        this.epfd = epfd;
        this.eventFd = eventFd;
        this.efd = efd;
    }

    /**
     * A new set, or null when the JDK's pollers have no master, the process is out of a
     * resource the set needs, or polling them failed. Running out (EMFILE or ENFILE at
     * {@code epoll_create} or the eventfd, ENOMEM or ENOSPC at {@code epoll_ctl}: a server
     * at its fd limit) costs only this set: its runtime's idle M's then sleep without
     * epoll, as with {@code -Dgo4j.netpoll=nonblocking}, and go4j goes on polling the
     * JDK's pollers everywhere else. Anything else stops go4j's polling ({@link JdkPollers#fail}).
     */
    public static EpollWait open() {
        if (!JdkPollers.resolve() || JdkPollers.master == null) return null;
        int ep = -1;
        Object ev = null;
        try {
            ep = (int) JdkPollers.EPOLL_CREATE.invokeExact();
            ev = (Object) JdkPollers.NEW_EVENTFD.invokeExact();
            int efd = (int) JdkPollers.EVENTFD_FD.invokeExact(ev);
            int err = (int) JdkPollers.EPOLL_CTL.invokeExact(ep, EPOLL_CTL_ADD, JdkPollers.masterFd, EPOLLIN);
            for (int fd : JdkPollers.subPollerFds()) {
                if (err == 0) err = (int) JdkPollers.EPOLL_CTL.invokeExact(ep, EPOLL_CTL_ADD, fd, EPOLLIN);
            }
            if (err == 0) err = (int) JdkPollers.EPOLL_CTL.invokeExact(ep, EPOLL_CTL_ADD, efd, EPOLLIN);
            if (err == ENOMEM || err == ENOSPC) {
                closeQuietly(ep, ev);
                return null;
            }
            if (err != 0) throw new IllegalStateException("epoll_ctl failed: " + err);
            return new EpollWait(ep, ev, efd);
        } catch (IOException e) {
            // The JDK's EPoll.create and EventFD report a failed system call so, with its
            // errno's text ("Too many open files").
            closeQuietly(ep, ev);
            return null;
        } catch (Throwable t) {
            closeQuietly(ep, ev);
            JdkPollers.fail(t);
            return null;
        }
    }

    /**
     * Sleeps until the master poller has events, a {@link #wake}, or {@code timeoutMs}
     * (-1: no timeout). {@code buf} is the caller's {@link JdkPollers#allocBuffer}.
     * Returns the sub-pollers reported readable, as {@link JdkPollers#pollAll(long, long)} takes them.
     */
    public long await(long buf, int timeoutMs) {
        long readable = 0;
        try {
            int n = (int) JdkPollers.WAIT.invokeExact(epfd, buf, JdkPollers.MAX_EVENTS, timeoutMs);
            for (int k = 0; k < n; k++) {
                long ev = (long) JdkPollers.GET_EVENT.invokeExact(buf, k);
                int fd = (int) JdkPollers.GET_DESCRIPTOR.invokeExact(ev);
                if (fd == efd) {
                    JdkPollers.EVENTFD_RESET.invokeExact(eventFd);
                    wakeSig = false;
                } else {
                    int i = JdkPollers.subPollerIndex(fd);
                    if (i >= 0) readable |= 1L << Math.min(i, 63);
                }
            }
        } catch (Throwable t) {
            JdkPollers.fail(t);
        }
        return readable;
    }

    /** Mirrors netpollBreak: ends the current or next {@link #await}. */
    public void wake() {
        if (wakeSig) return;
        synchronized (this) {
            if (closed || wakeSig) return;
            wakeSig = true;
            try {
                JdkPollers.EVENTFD_SET.invokeExact(eventFd);
            } catch (Throwable t) {
                JdkPollers.fail(t);
            }
        }
    }

    /** Gives both fds back; no await may be running. */
    public synchronized void close() {
        if (closed) return;
        closed = true;
        closeQuietly(epfd, eventFd);
    }

    private static void closeQuietly(int ep, Object ev) {
        try {
            if (ev != null) JdkPollers.CLOSE_FD.invokeExact((int) JdkPollers.EVENTFD_FD.invokeExact(ev));
        } catch (Throwable ignored) {
            // closing at shutdown: nothing more to do
        }
        try {
            if (ep >= 0) JdkPollers.CLOSE_FD.invokeExact(ep);
        } catch (Throwable ignored) {
            // as above
        }
    }
}
