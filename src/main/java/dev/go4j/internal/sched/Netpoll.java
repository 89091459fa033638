package dev.go4j.internal.sched;

import dev.go4j.internal.carrier.EpollWait;
import dev.go4j.internal.carrier.JdkPollerThreads;
import dev.go4j.internal.carrier.JdkPollers;
import dev.go4j.internal.carrier.MasterPollerTakeover;

import java.util.ArrayList;
import java.util.List;

/**
 * Go's netpoll in go4j: the non-blocking socket poll of findRunnable and sysmon, and the
 * timed sleep of the last M to go idle (Go's netpoll(0), netpoll(delay), injectglist,
 * netpollBreak and wakeNetPoller).
 *
 * <p>Implementation overview. go4j has no epoll instance of its own: a goroutine blocked on
 * a socket is a virtual thread parked on one of the JDK's pollers ({@link JdkPollers}).
 * <ul>
 * <li><b>Sockets.</b> Once the JDK has started its pollers (go4j notices when it adopts a
 * sub-poller, or, if a virtual thread of the JDK's own scheduler started them, by their
 * threads when a goroutine first parks in the JDK), an M whose
 * local and global queues are empty polls them without blocking before it steals, as Go's
 * findRunnable calls {@code netpoll(0)}: the goroutines whose sockets are ready are
 * readied onto a list, not one by one, and {@link Sched#injectglist} spreads them (one
 * to each idle P, with an M to run it; the rest onto this P's queue), and the M runs the
 * first. Sysmon polls when nobody has for 10 ms. The last M to go idle while sockets
 * are waited on sleeps in epoll ({@link EpollWait}, a set holding the sub-pollers' epoll
 * fds), so a wake-up while every M sleeps costs one thread switch too.
 * <li><b>The takeover.</b> The JDK's {@code MasterPoller} thread also watches each
 * parked sub-poller (a system goroutine, see {@link ChildThreads}) and wakes it on every
 * readiness, which go4j's polls have mostly taken already. When a sub-poller of this
 * runtime parks on the master, {@link #subPollerParked} takes its fd out of the master's
 * set, and this runtime holds the sub-pollers until it ends (see there for the
 * invariant that keeps every socket watched).
 * Needs {@link JdkPollers#FLAG}; without it (or with {@code -Dgo4j.netpoll=false}) only
 * the JDK's threads poll.
 * <li><b>Timers.</b> An
 * M that finds no work but sees a pending timer becomes <em>the</em> polling M and sleeps
 * until the earliest timer ({@code pollUntil}); at most one M does so. Whoever adds an
 * earlier timer, or an M going idle that knows of one, breaks that sleep
 * ({@link #netpollBreak}) so the poller recomputes its deadline, exactly Go's two
 * branches: wakeNetPoller's {@code pollUntil == 0 || pollUntil > when}, and findRunnable's
 * {@code else if pollUntil != 0 && pollerPollUntil > pollUntil { netpollBreak() }}.
 *
 * <p>The poll sleep has its own wake flag ({@link M#pollSleep}/{@link M#pollBreak}),
 * separate from the park note that {@code stopm} sleeps on: a break that arrives after
 * the poller already woke can at worst end a later poll sleep early (harmless, it just
 * looks again), never an idle M's sleep, which would leave that M on the idle list while
 * it runs.
 */
final class Netpoll {
    private static final String MODE = option("go4j.netpoll", "true", "false", "nonblocking");
    /** {@code -Dgo4j.netpoll=false}: M's never poll the JDK's socket pollers (to compare). */
    static final boolean SOCKETS = !"false".equals(MODE);
    /**
     * {@code -Dgo4j.netpoll=nonblocking}: M's poll sockets before stealing, sysmon every
     * 10 ms, but the last M to go idle sleeps in its park, not in epoll (to compare).
     */
    static final boolean BLOCK = SOCKETS && !"nonblocking".equals(MODE);
    /**
     * {@code -Dgo4j.netpoll.takeover=false}: the JDK's master poller keeps watching the
     * sub-pollers while go4j's M's poll them too (to compare; see {@link #subPollerParked}).
     */
    static final boolean TAKEOVER = BLOCK && !"false".equals(option("go4j.netpoll.takeover", "true", "false"));
    /** Go's sysmon polls the network if nobody has for this long. */
    static final long SYSMON_POLL_NS = 10_000_000;

    /** The JDK started its socket pollers inside a runtime (JVM-wide, as the pollers are): Go's netpollinited. */
    private static volatile boolean pollersStarted;
    private static boolean flagNoticeGiven;
    /** The pollers started but go4j may not poll them (no flag, or not epoll): stop looking. */
    private static volatile boolean cannotPoll;

    private final Sched sched;
    /** When an M or sysmon of this runtime last polled the sockets (Go's sched.lastpoll), coarse nanoTime. */
    private volatile long lastpoll;
    /** When {@link #noticeJdkPark} last looked for the JDK's poller threads. */
    private long lastLook;
    /** The polling M sleeps in epoll (Go: sched.lastpoll == 0): non-blocking polls are left to it. */
    private volatile boolean epolling;
    /** The blocking netpoll's epoll set (guarded by this for open and close). */
    private EpollWait epoll;
    private boolean epollFailed;

    /** Guards the takeover: {@link #holders}, every {@link #holding}, the disarms and the re-arm. */
    private static final Object TAKEOVER_LOCK = new Object();
    /** The runtimes that took the master poller's place (guarded by TAKEOVER_LOCK). */
    private static final List<Netpoll> holders = new ArrayList<>();
    /**
     * This runtime took a sub-poller from the master poller: until the re-arm, its last
     * idle M always sleeps in epoll, since it may be the only thread watching that
     * sub-poller's sockets (written under TAKEOVER_LOCK).
     */
    private volatile boolean holding;

    /** The M in the timed sleep, or null (Go: sched.lastpoll == 0 while someone polls). */
    private volatile M pollingM;
    /** When pollingM wakes on its own (nanoTime), 0 if it sleeps without deadline (Go's sched.pollUntil). */
    private volatile long pollUntil;

    Netpoll(Sched sched) { this.sched = sched; }

    /**
     * The value of system property {@code name}, null if unset; a value not in
     * {@code allowed} stops the first runtime with an error that names it, rather than
     * quietly meaning the default (a mistyped switch would otherwise measure nothing).
     */
    static String option(String name, String... allowed) {
        String v = System.getProperty(name);
        if (v == null) return null;
        for (String a : allowed) if (a.equals(v)) return v;
        throw new IllegalArgumentException("go4j: -D" + name + "=" + v + " is not understood; use one of "
                + String.join(", ", allowed));
    }

    /** Whether an M is in the poll sleep (checkdead counts it as idle). */
    M pollingM() { return pollingM; }

    /**
     * Makes mp the polling M until {@code until}, unless another M already is. Called
     * with the sched lock held and mp's P already released.
     */
    boolean becomePollerLocked(M mp, long until) {
        if (pollingM != null) return false;
        pollUntil = until;
        pollingM = mp;
        return true;
    }

    /**
     * The poll sleep itself: sleeps until {@code until} or a break, then gives the role
     * up. No lock held. With {@code sockets} (some goroutine waits on one), the sleep is
     * Go's blocking netpoll: in epoll, woken by a ready socket too, and the goroutines
     * readied meanwhile are left on mp's netpoll list for the caller (findRunnable) to
     * run and inject. A deadline under 1 ms sleeps in the park instead, as epoll counts
     * in milliseconds; the JDK's poller thread serves sockets meanwhile.
     */
    void poll(M mp, long until, boolean sockets) {
        try {
            // holding is read after pollingM was written (becomePollerLocked): see subPollerParked.
            EpollWait w = sockets || (holding && JdkPollers.accessible()) ? epollWait() : null;
            long now = 0;
            if (w != null && (until == 0 || until - (now = System.nanoTime()) >= 1_000_000)) {
                if (mp.pollBuf == 0) mp.pollBuf = JdkPollers.allocBuffer();
                epolling = true;
                try {
                    // Dekker with netpollBreak: epolling is written before pollWake is read,
                    // pollWake before epolling by the breaker, so one of us sees the other.
                    long readable = 0;
                    if (!mp.pollWakePending()) {
                        readable = w.await(mp.pollBuf, until == 0 ? -1 : (int) Math.min(Integer.MAX_VALUE, (until - now) / 1_000_000));
                        mp.awakeSince = System.nanoTime(); // for CpuYield
                    }
                    mp.netpolling = true;
                    if (!mp.handsOver) {
                        mp.handsOver = true;
                        handingOver.incrementAndGet();
                    }
                    try {
                        JdkPollers.pollAll(mp.pollBuf, readable);
                        JdkPollers.pollMaster(mp.pollBuf);
                    } finally {
                        mp.netpolling = false;
                    }
                } finally {
                    epolling = false;
                }
                mp.clearPollWake();
                if (mp.netpollCount > 0) sched.events.counters.netpollWakeups.add(mp.netpollCount);
                lastpoll = System.nanoTime();
            } else {
                mp.pollSleep(until);
            }
        } finally {
            pollUntil = 0;
            pollingM = null;
            closeIfShutdown();
        }
    }

    /**
     * M's between their blocking poll's wake-ups ({@code pollAll}, which readies goroutines
     * onto the M's own list, the M counted asleep and holding no P) and findRunnable taking
     * a P or queueing that list ({@link #handedOver}): another runtime's {@link CheckDead}
     * counts this runtime as awake meanwhile, since those goroutines are in no queue yet.
     */
    private final java.util.concurrent.atomic.AtomicInteger handingOver = new java.util.concurrent.atomic.AtomicInteger();

    boolean handingOver() { return handingOver.get() != 0; }

    /** findRunnable after a blocking poll: mp took a P, or found none idle (every P busy). */
    void handedOver(M mp) {
        if (mp.handsOver) {
            mp.handsOver = false;
            handingOver.decrementAndGet();
        }
    }

    /** Mirrors netpollBreak: ends the current poll sleep, if any. */
    void netpollBreak() {
        M poller = pollingM;
        if (poller != null) {
            poller.pollBreak();
            if (epolling) {
                EpollWait w = epoll;
                if (w != null) w.wake();
            }
        }
    }

    /** The epoll set for the blocking netpoll, opened on first use; null if the JDK's pollers allow none. */
    private synchronized EpollWait epollWait() {
        if (epoll == null && !epollFailed && !sched.shutdown) {
            epoll = EpollWait.open();
            epollFailed = epoll == null;
        }
        return epoll;
    }

    /** For tests: this runtime tried to open its epoll set and could not. */
    synchronized boolean epollUnavailable() { return epollFailed && !sched.shutdown; }

    /** Closes the epoll set once the runtime has ended and no M sleeps in it. */
    private synchronized void closeIfShutdown() {
        if (sched.shutdown && pollingM == null && epoll != null) {
            epoll.close();
            epoll = null;
            epollFailed = true;
        }
    }

    /**
     * Mirrors findRunnable's last check before stopm: this M knows of a timer at
     * {@code until} that the poller would sleep past; wake the poller to recompute.
     */
    void breakIfLater(long until) {
        if (pollingM == null) return;
        long ppu = pollUntil;
        if (ppu == 0 || ppu > until) netpollBreak();
    }

    /**
     * Mirrors wakeNetPoller: a timer due at {@code when} was added; make sure some M will
     * notice it in time. Safe from goroutines: the sched lock is a spin lock that never
     * unmounts its caller.
     */
    void wakeNetPoller(long when) {
        if (pollingM != null) {
            // In findRunnable we ensure that when polling the pollUntil field is either
            // zero or the time to which the current poll is expected to run. This can
            // have a spurious wakeup but should never miss a wakeup.
            long pu = pollUntil;
            if (pu == 0 || pu > when) netpollBreak();
        } else {
            // There are no threads in the poll sleep, try to get one there so it can
            // handle new timers.
            sched.idle.wakep();
        }
    }

    // ------------------------------------------------------------------ sockets

    /**
     * The JDK has started its socket pollers (a sub-poller was adopted, or their threads
     * were seen): from now on M's poll them. Mirrors netpollGenericInit. If go4j may not
     * poll them, it stops looking, and says once if that is because the flag is missing.
     */
    static void pollersStarted() {
        if (!SOCKETS || pollersStarted || cannotPoll) return;
        if (JdkPollers.accessible()) {
            pollersStarted = true;
            return;
        }
        cannotPoll = true;
        synchronized (Netpoll.class) {
            if (flagNoticeGiven || !JdkPollers.flagMissing()) return;
            flagNoticeGiven = true;
        }
        System.err.println("go4j: socket wake-ups go through the JDK's poller threads only; add the JVM flag "
                + JdkPollers.FLAG + " to let go4j's M's poll sockets as Go's scheduler does");
    }

    /**
     * A goroutine unmounted in a JDK park (a socket, a sleep, a lock) and go4j has not seen
     * the JDK's pollers start: they may have been started outside any runtime (by a
     * virtual thread of the JDK's scheduler), so no sub-poller was adopted. Looks for
     * their threads, at most every 10 ms.
     */
    void noticeJdkPark() {
        long now = sched.coarseNanos;
        if (now - lastLook < SYSMON_POLL_NS && lastLook != 0) return;
        lastLook = now;
        if (JdkPollerThreads.running()) pollersStarted();
    }

    /** Whether go4j has settled on the JDK's pollers (polls them, or cannot); static: they are the JVM's. */
    static boolean socketsInited() { return pollersStarted || cannotPoll || !SOCKETS; }

    /**
     * findRunnable's condition for its blocking poll: {@code netpollinited() &&
     * netpollAnyWaiters()}; one volatile read when no socket was ever used.
     */
    boolean socketsWaiting() {
        return BLOCK && pollersStarted && JdkPollers.resolve() && JdkPollers.accessible()
                && (holding || JdkPollers.anyWaiters());
    }

    /**
     * The takeover: gp, a JDK sub-poller (a system goroutine of this runtime), just
     * unmounted; if it parked on the JDK's master poller, its fd leaves the master's epoll
     * set ({@link MasterPollerTakeover}), so that a socket ready there wakes go4j's M's
     * alone instead of the master thread, then the sub-poller, which would mostly find its
     * events taken by an M already (measured: a master thread switch per wake-up).
     *
     * <p>Invariant: while a sub-poller's fd is out of the master's set, a live runtime
     * that took it is {@link #holding}, and a holding runtime watches the sub-pollers as
     * the master did: its last M to go idle sleeps in epoll on them (even with no
     * goroutine of its own waiting: the JDK's own virtual threads and other runtimes'
     * goroutines share the sub-pollers), its busy M's poll them before stealing, and its
     * sysmon every 10 ms. Who keeps a poller: the M that goes idle last (findRunnable); an
     * M that lost its P while in here (Schedule.execute wakes one); handoffp for the last
     * P; and, should a race still leave none, sysmon, which starts an M rather than sleep
     * while {@link #needsPoller} (Sysmon.sysmonwait). A runtime that ends re-arms the
     * master first ({@link #shutdown}). If go4j's polling fails (JdkPollers.fail), holders
     * stop watching and every sub-poller is re-armed at once, ordered against any disarm
     * still in flight (MasterPollerTakeover's lock).
     * Only a runtime whose M's can sleep in epoll takes over (Go's blocking netpoll, not
     * {@code nonblocking}, and an epoll set opened).
     */
    void subPollerParked(G gp) {
        if (!TAKEOVER || gp.thread == null || !JdkPollers.resolve() || !MasterPollerTakeover.available()) return;
        if (epollWait() == null) return;
        synchronized (TAKEOVER_LOCK) {
            if (sched.shutdown || !MasterPollerTakeover.disarm(gp.thread)) return;
            if (!holding) {
                holding = true;
                holders.add(this);
            }
        }
        // Dekker with poll(): holding is written before pollingM is read here, pollingM
        // before holding there; a poller that went to sleep without sockets is woken to
        // sleep again in epoll. A runtime with no poller has an M running: this one, or,
        // if sysmon took this M's P while it was in here, whichever M execute wakes when
        // it finds its P gone (see needsPoller).
        if (pollingM != null && !epolling) netpollBreak();
    }

    /**
     * Go's {@code sched.lastpoll != 0 && netpollAnyWaiters()}: sockets are waited on (or
     * this runtime holds the sub-pollers) and no M is in the poll sleep, so some M must
     * come through findRunnable's blocking poll before every P idles. Read by an M that
     * lost its P while it ran a G ({@link Schedule#execute}) and by handoffp.
     */
    boolean needsPoller() {
        return pollingM == null && socketsWaiting();
    }

    /** Whether this runtime has taken a sub-poller from the JDK's master poller (tests). */
    boolean holdingSubPollers() { return holding; }

    /**
     * For tests: sub-pollers parked on the master that nothing watches, neither the master
     * (their fd disarmed) nor a runtime holding them; the takeover's invariant keeps this 0
     * (but see {@link MasterPollerTakeover#unwatchedParked} on instants).
     */
    static int orphanedSubPollers() {
        synchronized (TAKEOVER_LOCK) {
            // A holder watches nothing once polling failed (JdkPollers.fail): the master must then watch all.
            return holders.isEmpty() || !JdkPollers.accessible() ? MasterPollerTakeover.unwatchedParked() : 0;
        }
    }

    /**
     * Gives every sub-poller back to the JDK's master poller, for every holder at once
     * (the sub-pollers go back to being taken as each next parks). Called as a holder ends.
     */
    private void releaseTakeover() {
        synchronized (TAKEOVER_LOCK) {
            if (holding) releaseAll();
        }
    }

    /** For tests: runs r holding the takeover's lock, so an M taking a sub-poller meanwhile waits for it. */
    static void withTakeoverLock(Runnable r) {
        synchronized (TAKEOVER_LOCK) {
            r.run();
        }
    }

    /** Re-arms the master for every parked sub-poller; no runtime holds any after this. */
    static void releaseAll() {
        synchronized (TAKEOVER_LOCK) {
            MasterPollerTakeover.rearmAll();
            for (Netpoll h : holders) h.holding = false;
            holders.clear();
        }
    }

    /** An M sleeps in the blocking netpoll (in epoll, watching every sub-poller's sockets). */
    boolean epolling() { return epolling; }

    /**
     * findRunnable's condition for its non-blocking socket poll: sockets wait and no M
     * sleeps in the blocking one (Go's {@code sched.lastpoll != 0}), which gets the events.
     */
    boolean shouldPollSockets() {
        return pollersStarted && !epolling && JdkPollers.resolve() && JdkPollers.anyWaiters();
    }

    /**
     * Mirrors findRunnable's {@code netpoll(0)} and {@code injectglist}: polls the JDK's
     * pollers without blocking; of the goroutines of this runtime made ready, returns the
     * first for mp to run and injects the rest. Null if none. mp holds its P.
     */
    G pollSockets(M mp) {
        if (mp.pollBuf == 0) mp.pollBuf = JdkPollers.allocBuffer();
        // The JDK's poll takes monitors of its poller map (ConcurrentHashMap bins) that
        // goroutines registering sockets take too. A goroutine that a monitor's exit picked
        // as its next owner needs a P to take it, and until it has, HotSpot wakes nobody
        // else: this M, blocked entering that monitor with the only P, waited for it for
        // ever (NetpollTakeoverTest hung in CI at GOMAXPROCS 1). So during the poll the P
        // is retakeable, as in a Go.blocking call: sysmon hands it off if the poll blocks
        // (NetpollTakeoverTest.anMBlockedInTheJdkPollLosesItsP).
        P pp = mp.p;
        boolean retakeable = pp.casStatus(P.LOCKED, P.SYSCALL);
        if (retakeable) pp.syscalltick++;
        mp.netpolling = true;
        try {
            JdkPollers.pollAll(mp.pollBuf);
        } finally {
            mp.netpolling = false;
        }
        boolean lost = retakeable && !pp.casStatus(P.SYSCALL, P.LOCKED);
        lastpoll = sched.coarseNanos;
        sched.events.counters.netpollPolls.increment();
        G head = mp.netpollHead;
        int n = mp.netpollCount;
        mp.netpollHead = mp.netpollTail = null;
        mp.netpollCount = 0;
        if (lost) {
            // Sysmon handed the P to another M: what this poll readied goes to the global queue.
            mp.p = null;
            mp.locksP = false;
            if (head != null) sched.injectglist(null, head, n);
            return null;
        }
        if (head == null) return null;
        sched.events.counters.netpollWakeups.add(n);
        G rest = head.schedlink;
        head.schedlink = null;
        if (rest != null) sched.injectglist(mp, rest, n - 1);
        return head;
    }

    /**
     * Mirrors sysmon's "poll network if not polled for more than 10ms". Sysmon has no P:
     * what it readies goes to the global queue, and M's are started for idle P's.
     * Returns the buffer to use next time (allocated here on first use; the caller frees it).
     */
    long sysmonPoll(long now, long buf) {
        if (!pollersStarted || epolling || now - lastpoll < SYSMON_POLL_NS) return buf;
        lastpoll = now;
        if (!JdkPollers.anyWaiters() || !JdkPollers.resolve()) return buf;
        if (buf == 0) buf = JdkPollers.allocBuffer();
        int n = JdkPollers.pollAll(buf);
        if (n > 0) sched.events.counters.netpollWakeups.add(n);
        return buf;
    }

    /** Shutdown: ends the poll sleep; the epoll set is closed by whoever is last out. */
    void shutdown() {
        releaseTakeover(); // before anything else: this runtime's M's stop polling
        netpollBreak();
        closeIfShutdown();
    }
}
