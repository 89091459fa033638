package dev.go4j.internal.sched;

/**
 * go4j: while every P is busy, sysmon's sleep between two rounds is cut into pieces of at
 * most {@link #NANOS} (1 ms), and it wakes at the end of each piece to do nothing. Its rounds
 * (preemption, retake, the network poll) keep Go's pace: 20us, doubling after 1 ms of
 * idleness up to 10 ms.
 *
 * <p>Implementation overview. A wake-up is the kernel's chance to switch threads on a CPU
 * between its timer ticks. On the benchmark machine's kernel (HZ=250, no kernel
 * preemption) a thread that keeps its CPU is looked at every 4 ms, so with go4j's M's on
 * every core, a thread woken beside them (the load generator, the JVM's own, another
 * program) can wait milliseconds for one. Go's sysmon wakes far more often under such a
 * load (measured beside {@code net/http} at 64 connections: about 1,900 wake-ups a second):
 * every socket read and write of a Go server is a system call its retake may find, and
 * each retake resets its pace to 20us. go4j's sysmon cannot see the JDK's socket calls, so
 * it backs off to 10 ms and wakes 100-140 times a second; these pieces give back the
 * wake-ups and not the work. Measured on B12 (Jetty, 64 connections; BENCHMARKS.md,
 * "Sysmon's sleep in pieces"): p99 0.83-0.90 of the build without them in five same-run
 * sets, requests/s 0.89-1.04 of it; in four later sets p99 0.85-0.89 and requests/s
 * 0.94-1.02 (BENCHMARKS.md, "B12 at steady state").
 *
 * <p>Only while no P is idle: with a P idle there is a core go4j is not using, and the
 * pieces did not help a lightly loaded server (B11 at 4 connections). Nothing happens while
 * every P is idle, where sysmon parks altogether (Go's sysmonwait).
 * {@code -Dgo4j.kernelTickUs=N} sets the piece, 0 turns the pieces off.
 */
final class KernelTick {
    private KernelTick() {}

    /** {@code -Dgo4j.kernelTickUs}: 1000 if unset, 0 off. */
    private static final MicrosFlag FLAG = new MicrosFlag("go4j.kernelTickUs", 1000, 20, 10_000,
            "microseconds, 0 (off) or from 20 to 10000");

    /** The longest piece of sysmon's sleep while every P is busy; 0: no pieces (-1: a bad value). */
    static final long NANOS = FLAG.nanos;

    /** Called as a runtime starts: a bad value of the property stops it, naming the value. */
    static void check() { FLAG.check(); }

    /** {@link #check()} for a given value. */
    static void check(String v) { FLAG.check(v); }

    /** The property's value in nanoseconds: 1 ms if unset, -1 unless it is 0 or 20 to 10,000 microseconds. */
    static long pieceNanos(String v) { return FLAG.nanos(v); }

    /** How long sysmon may sleep in one piece, of the {@code remaining} nanoseconds of its sleep. */
    static long piece(Sched sched, long remaining) {
        if (NANOS <= 0 || remaining <= NANOS || sched.idle.npidle.get() != 0) return remaining;
        return NANOS;
    }
}
