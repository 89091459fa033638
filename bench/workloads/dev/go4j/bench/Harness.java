package dev.go4j.bench;

import dev.go4j.Go;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The common frame of every JVM workload program (the Go programs share the same frame in
 * bench/go/harness).
 *
 * <p>Command line: {@code n=SIZE warmups=K}. The program runs the workload K times at
 * size SIZE/10 (warm-up: lets the JIT compile the hot paths, and grows the heap), then once
 * at SIZE, timed, and prints one line
 * {@code RESULT wall_ms=.. ns_per_op=.. cpu_ms=.. [extra=..]} that bench/run reads. Every
 * workload checks its own answer and throws on a wrong one: the program then prints
 * {@code FAIL ...} and exits with status 1.
 *
 * <p>A go4j program runs everything inside one {@code Go.run} (its main is goroutine 1, as
 * in Go). A JDK program runs everything inside one virtual thread of the JDK's default
 * scheduler, so that "main" is a virtual thread there too.
 */
public final class Harness {
    private Harness() {}

    /** One run of a workload at size n: returns what it measured; throws on a wrong answer. */
    public interface Body {
        Result run(long n) throws Exception;
    }

    /** What one run reports: the number of operations and extra metrics. */
    public static final class Result {
        final long ops;
        final Map<String, String> extra = new LinkedHashMap<>();

        public Result(long ops) { this.ops = ops; }

        public Result with(String key, double value) {
            extra.put(key, String.format(java.util.Locale.ROOT, "%.3f", value));
            return this;
        }
    }

    /** Fails the run loudly: the message names what was expected. */
    public static void check(boolean ok, String what) {
        if (!ok) throw new AssertionError("wrong result: " + what);
    }

    /** The whole number given as {@code key=N}, or {@code dflt}; a value that is not one is refused by name, as the Go harness does. */
    public static long arg(String[] args, String key, long dflt) {
        for (String a : args) {
            if (!a.startsWith(key + "=")) continue;
            try {
                return Long.parseLong(a.substring(key.length() + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad argument \"" + a + "\": " + key + " takes a whole number");
            }
        }
        return dflt;
    }

    /** Entry point of a go4j workload: everything runs in one Go.run. */
    public static void go4j(String name, String[] args, Body body) {
        long n = arg(args, "n", 1000), warmups = arg(args, "warmups", 2);
        Object[] out = new Object[1];
        try {
            Go.run(() -> out[0] = measure(name, n, warmups, body));
        } catch (Throwable t) {
            fail(name, t);
        }
        finish(name, out[0]);
    }

    /** Entry point of a JDK workload: everything runs in one default-scheduler virtual thread. */
    public static void jdk(String name, String[] args, Body body) {
        long n = arg(args, "n", 1000), warmups = arg(args, "warmups", 2);
        Object[] out = new Object[1];
        Throwable[] err = new Throwable[1];
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                out[0] = measure(name, n, warmups, body);
            } catch (Throwable e) {
                err[0] = e;
            }
        });
        try {
            t.join();
        } catch (InterruptedException e) {
            fail(name, e);
        }
        if (err[0] != null) fail(name, err[0]);
        finish(name, out[0]);
    }

    /**
     * Entry point of a program that builds its own threads (the B0 floor): the body runs on
     * the main platform thread.
     */
    public static void plain(String name, String[] args, Body body) {
        long n = arg(args, "n", 1000), warmups = arg(args, "warmups", 2);
        finish(name, measure(name, n, warmups, body));
    }

    private static Object measure(String name, long n, long warmups, Body body) {
        try {
            long wn = Math.max(1, n / 10);
            for (long i = 0; i < warmups; i++) body.run(wn);
            long cpu0 = cpuNanos();
            long t0 = System.nanoTime();
            Result r = body.run(n);
            long wall = System.nanoTime() - t0;
            long cpu = cpuNanos() - cpu0;
            StringBuilder sb = new StringBuilder("RESULT");
            sb.append(String.format(java.util.Locale.ROOT, " wall_ms=%.3f ns_per_op=%.3f cpu_ms=%.3f",
                    wall / 1e6, (double) wall / r.ops, cpu / 1e6));
            r.extra.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
            return sb.toString();
        } catch (Throwable t) {
            return t;
        }
    }

    private static void finish(String name, Object out) {
        if (out instanceof Throwable t) fail(name, t);
        System.out.println(out);
        System.out.flush();
        System.exit(0); // abandon any goroutine or thread still parked
    }

    private static void fail(String name, Throwable t) {
        System.out.println("FAIL " + name + ": " + t);
        t.printStackTrace(System.out);
        // A deadlock report is only useful with the goroutines it saw.
        if (t instanceof dev.go4j.DeadlockError d) System.out.println(d.dump());
        System.out.flush();
        System.exit(1);
    }

    /** CPU time of the whole process (all threads), in ns. */
    public static long cpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) return sun.getProcessCpuTime();
        return 0;
    }

    /** Heap in use after full collections, in bytes. */
    public static long heapAfterGc() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    /** Resident set size of this process, in bytes (Linux /proc/self/statm), or 0. */
    public static long rss() {
        try {
            String[] f = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/statm")).trim().split("\\s+");
            return Long.parseLong(f[1]) * 4096L;
        } catch (Exception e) {
            return 0;
        }
    }

    /** B2's tree is 10-way: its size must be 1, 10, 100, ... */
    public static boolean isPowerOf10(long n) {
        while (n > 1 && n % 10 == 0) n /= 10;
        return n == 1;
    }

    /** The sleep of sleeper i in B7, 1..100 ms: the same formula in every variant. */
    public static int sleepMillis(long i) {
        long x = i * 0x9E3779B97F4A7C15L;
        x ^= x >>> 29;
        return (int) Long.remainderUnsigned(x, 100) + 1;
    }
}
