package dev.go4j.internal.carrier;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Takes the JDK's {@code MasterPoller} thread out of the sub-pollers' wake-up path while
 * go4j's M's poll the sub-pollers themselves (the JDK half of go4j's netpoll takeover; the
 * policy, who may disarm and when to re-arm, is {@code Netpoll}'s).
 *
 * <p>Implementation overview. In the JDK's VTHREAD_POLLERS mode a sub-poller that finds
 * no events registers its own epoll fd, one-shot, in the master's epoll set and parks
 * ({@code Poller.subPollerLoop}); the master thread wakes when a socket behind that fd is
 * ready and unparks the sub-poller, which polls. When go4j's M's poll the sub-pollers'
 * fds directly (findRunnable, sysmon, the blocking netpoll's epoll set), each such
 * readiness still wakes the master thread and then the sub-poller, which mostly finds
 * the events already taken: two thread switches per wake-up for nothing. {@link #disarm}
 * removes a parked sub-poller's fd from the master's set ({@code EPOLL_CTL_DEL}), so that
 * only go4j sees its readiness; {@link #rearmAll} puts every parked sub-poller's fd back,
 * one-shot, as the JDK registers it, for when go4j stops polling.
 *
 * <p>Why this cannot confuse the JDK: the sub-poller's own register re-arms with
 * {@code EPOLL_CTL_MOD} and falls back to {@code EPOLL_CTL_ADD} on ENOENT, and its
 * deregister ignores the result of its {@code EPOLL_CTL_DEL}; the master's
 * {@code polled(fd)} removes the map entry first and unparks nobody if there is none. So
 * a disarm or re-arm that races with a sub-poller waking leaves either a registration the
 * JDK made itself or a one-shot event that wakes nobody. Re-arming with events already
 * pending makes the master's epoll report them at once (a sub-poller's fd is readable,
 * level-triggered, while its sockets have events), so no readiness is lost in between.
 */
public final class MasterPollerTakeover {
    private static final int EPOLL_CTL_ADD = 1, EPOLL_CTL_DEL = 2, EPOLL_CTL_MOD = 3;
    private static final int EPOLLIN = 0x1, EPOLLONESHOT = 1 << 30;
    private static final int ENOENT = 2;

    /** {@code Poller.map}: fd -> thread parked on it. */
    private static final VarHandle MAP;

    static {
        VarHandle map = null;
        if (JdkPollers.accessible()) {
            try {
                Class<?> poller = Class.forName("sun.nio.ch.Poller", false, null);
                map = MethodHandles.privateLookupIn(poller, MethodHandles.lookup())
                        .findVarHandle(poller, "map", Map.class);
            } catch (ReflectiveOperationException | RuntimeException e) {
                map = null; // a JDK built otherwise: no takeover
            }
        }
        MAP = map;
    }

    private MasterPollerTakeover() {}

    /** Whether the JDK's pollers have a master whose sub-poller registrations go4j can see (call after {@link JdkPollers#resolve}). */
    public static boolean available() {
        return MAP != null && JdkPollers.master != null && JdkPollers.accessible();
    }

    /**
     * Orders a disarm against a re-arm. A failure ({@link JdkPollers#fail}) marks polling
     * broken and then re-arms, from any thread and without {@code Netpoll}'s takeover lock;
     * a disarm that had checked {@link #available} before the mark would otherwise remove
     * its fd after the re-arm put it back, and then nothing would watch that sub-poller's
     * sockets (go4j no longer polls, the master no longer sees them). Under this lock a
     * disarm either ends before the re-arm begins, which puts its fd back, or begins after
     * it and sees the mark. Found by review; {@code PollingFailureTest} shows it.
     */
    private static final Object REARM_LOCK = new Object();

    /**
     * If {@code t} is a sub-poller parked on the master (its fd in the master's map),
     * removes its fd from the master's epoll set and returns true. Call after t unmounted.
     */
    public static boolean disarm(Thread t) {
        synchronized (REARM_LOCK) {
            if (!available()) return false;
            try {
                Map<?, ?> parked = (Map<?, ?>) MAP.get(JdkPollers.master);
                for (int fd : JdkPollers.subPollerFdsShared()) {
                    if (parked.get(fd) == t) {
                        int err = (int) JdkPollers.EPOLL_CTL.invokeExact(JdkPollers.masterFd, EPOLL_CTL_DEL, fd, 0);
                        return err == 0 || err == ENOENT;
                    }
                }
            } catch (Throwable e) {
                JdkPollers.fail(e);
            }
            return false;
        }
    }

    /**
     * Puts back, one-shot as the JDK registers it, the master registration of every
     * sub-poller parked on the master. Returns how many.
     */
    public static int rearmAll() {
        if (MAP == null || JdkPollers.master == null) return 0;
        synchronized (REARM_LOCK) {
            Map<?, ?> parked = (Map<?, ?>) MAP.get(JdkPollers.master);
            int n = 0;
            for (int fd : JdkPollers.subPollerFdsShared()) {
                Object t = parked.get(fd);
                if (t == null) continue; // running: it registers itself before it parks
                int err;
                try {
                    err = (int) JdkPollers.EPOLL_CTL.invokeExact(JdkPollers.masterFd, EPOLL_CTL_MOD, fd, EPOLLIN | EPOLLONESHOT);
                    if (err == ENOENT) err = (int) JdkPollers.EPOLL_CTL.invokeExact(JdkPollers.masterFd, EPOLL_CTL_ADD, fd, EPOLLIN | EPOLLONESHOT);
                } catch (Throwable e) {
                    err = -1;
                }
                // Could not re-arm: wake the sub-poller instead, which deregisters, polls and
                // registers itself again with the JDK's own code.
                if (err != 0 && t instanceof Thread th) java.util.concurrent.locks.LockSupport.unpark(th);
                n++;
            }
            return n;
        }
    }

    /**
     * For tests and diagnostics: how many sub-pollers parked on the master (in its map)
     * have no armed registration in the master's epoll set, read from
     * {@code /proc/self/fdinfo} (0 where that cannot be read). A sub-poller caught between
     * its map entry and its {@code epoll_ctl}, or the master between its wake-up and the
     * map removal, counts for that instant: callers look more than once.
     */
    public static int unwatchedParked() {
        if (MAP == null || JdkPollers.master == null) return 0; // also after a failure: then above all
        Map<?, ?> parked = (Map<?, ?>) MAP.get(JdkPollers.master);
        Set<Integer> armed = new HashSet<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/fdinfo/" + JdkPollers.masterFd))) {
                // "tfd:        7 events: 40000019 data: ..."; a fired one-shot keeps only the flag bits
                if (!line.startsWith("tfd:")) continue;
                String[] f = line.trim().split("\\s+");
                if ((Long.parseLong(f[3], 16) & EPOLLIN) != 0) armed.add(Integer.parseInt(f[1]));
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        int n = 0;
        for (int fd : JdkPollers.subPollerFdsShared()) {
            if (parked.get(fd) != null && !armed.contains(fd)) n++;
        }
        return n;
    }
}
