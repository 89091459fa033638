package dev.go4j.runtime;

import java.util.Map;

/**
 * The JMX view of one go4j runtime, registered as {@code dev.go4j:type=Runtime,id=N}
 * while the runtime lives (N is the id dumps print in {@code runtime N [...]}). The
 * gauges are the numbers of Go's {@code schedtrace} line, read without stopping anything;
 * the counters count since the runtime started.
 */
public interface GoRuntimeMXBean {
    /**
     * The runtime's id.
     * @return the runtime's id
     */
    long getId();

    /**
     * True for the default runtime (goroutines started from plain threads), false for a {@code Go.run}.
     * @return true for the default runtime (goroutines started from plain threads), false for a {@code Go.run}
     */
    boolean isDefault();

    /**
     * Live goroutines (runtime.NumGoroutine).
     * @return live goroutines (runtime.NumGoroutine)
     */
    int getNumGoroutine();

    /**
     * The number of P's (runtime.GOMAXPROCS).
     * @return the number of P's (runtime.GOMAXPROCS)
     */
    int getGOMAXPROCS();

    /**
     * Sets the number of P's, as {@code Go.gomaxprocs(n)} inside the runtime does.
     * @param n the new number of P's, at least 1
     * @throws IllegalArgumentException when n is below 1 or above the limit
     */
    void setGOMAXPROCS(int n);

    /**
     * M's (platform threads) started and not ended.
     * @return M's (platform threads) started and not ended
     */
    int getThreads();

    /**
     * M's asleep on the idle list.
     * @return M's asleep on the idle list
     */
    int getIdleThreads();

    /**
     * M's out of work and looking for some.
     * @return M's out of work and looking for some
     */
    int getSpinningThreads();

    /**
     * P's on the idle list.
     * @return P's on the idle list
     */
    int getIdleProcs();

    /**
     * Goroutines on the global run queue.
     * @return goroutines on the global run queue
     */
    int getRunQueue();

    /**
     * Goroutines on each P's local run queue, P0 first.
     * @return goroutines on each P's local run queue, P0 first
     */
    int[] getLocalRunQueues();

    /**
     * Goroutines started since the runtime began.
     * @return goroutines started since the runtime began
     */
    long getGoroutinesCreated();

    /**
     * Successful steals from other P's run queues.
     * @return successful steals from other P's run queues
     */
    long getSteals();

    /**
     * P's handed off from an M that blocked (Go.blocking, or a blocked carrier).
     * @return P's handed off from an M that blocked (Go.blocking, or a blocked carrier)
     */
    long getHandoffs();

    /**
     * Goroutines that go4j's own socket polls woke (rather than the JDK's poller threads).
     * @return goroutines woken by go4j's socket polls
     */
    long getNetpollWakeups();

    /**
     * Times a scheduler thread that had run for a while without sleeping gave its CPU up
     * between goroutines, with nothing queued for it ({@code -Dgo4j.yieldAfterUs}).
     * @return the count since the runtime started
     */
    long getCpuYields();

    /**
     * Preemption requests made by sysmon to goroutines that ran over 10 ms.
     * @return preemption requests made by sysmon to goroutines that ran over 10 ms
     */
    long getPreemptions();

    /**
     * Parks on go4j's primitives, by wait reason ({@code chan receive}, {@code sync.Mutex.Lock}...).
     * @return parks on go4j's primitives, by wait reason ({@code chan receive}, {@code sync.Mutex.Lock}...)
     */
    Map<String, Long> getParksByWaitReason();

    /**
     * Scheduling latency, as Go's {@code /sched/latencies:seconds} metric: of one ready
     * in 64 (Go samples one in eight), how long the goroutine then waited runnable, on a
     * run queue, before an M started it. Counts since the runtime started, bucket i holding
     * the waits from bound i-1 (inclusive) to bound i (exclusive) of
     * {@link #getSchedLatencyBoundsMicros()}. A long tail here is time lost in the
     * scheduler (every P busy, or an M slow to wake), not in the goroutine's own work.
     * @return the count of each bucket
     */
    long[] getSchedLatencies();

    /**
     * The bucket bounds of {@link #getSchedLatencies()}, in microseconds: 1, 2, 4 ...
     * 4,194,304, then {@code Long.MAX_VALUE}; the first bucket holds waits under 1 us.
     * @return the exclusive upper bound of each bucket, in microseconds
     */
    long[] getSchedLatencyBoundsMicros();

    /**
     * This runtime's goroutine dump.
     * @param debug 1 for the grouped view, 2 for every goroutine
     * @return the dump
     */
    String dump(int debug);
}
