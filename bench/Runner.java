import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;

/**
 * The benchmark runner behind {@code ./go4j bench} (started by bench/run as a Java
 * source-file program, so it needs nothing but the JDK).
 *
 * <p>Implementation overview. It compiles every workload's JVM programs (one source file a
 * variant, compiled one by one: a go4j program whose primitives are not in the runtime jar
 * yet is skipped with a message, the others still run), builds the Go programs when Go is
 * installed, then for each workload runs its variants in alternation (Go, go4j, go4j on the
 * JDK's scheduler, JDK; then again), each in a fresh process, reads the RESULT line each
 * prints, and prints a table of medians and ratios. Every program checks its own answer;
 * a FAIL, a crash or a timeout fails the run (exit status 1). --quick runs small sizes
 * once: a smoke test of every variant that asserts no timing.
 */
public final class Runner {
    static Path root, bench, target;
    static String java;
    static boolean quick;
    static final List<String> failures = new ArrayList<>();

    /** A metric shown in the table: key in the RESULT line, label, and whether lower is better. */
    record Metric(String key, String label, boolean lowerBetter) {}

    /**
     * A workload: id, title, go4j class, JDK class, Go program, full and quick size, the
     * go4j classes it needs, metrics, GOMAXPROCS (0 = default), repetitions in a full run, and
     * warm-ups: runs at a tenth of the size before the timed one, in the same process (Go's
     * too), 2 unless the timed run is so short that the JVMs would still be compiling
     * through it (B7).
     */
    record Workload(String id, String title, String go4jClass, String jdkClass, String goProg,
                    long fullN, long quickN, List<String> needs, List<Metric> metrics, int procs, int reps,
                    int warmups) {
        Workload(String id, String title, String go4jClass, String jdkClass, String goProg,
                 long fullN, long quickN, List<String> needs, List<Metric> metrics, int procs, int reps) {
            this(id, title, go4jClass, jdkClass, goProg, fullN, quickN, needs, metrics, procs, reps, 2);
        }
    }

    static final Metric NS = new Metric("ns_per_op", null, true);

    static List<Workload> workloads(int cores) {
        List<Workload> w = new ArrayList<>();
        w.add(new Workload("B1", "spawn 1M goroutines + WaitGroup", "B1Spawn", "B1SpawnJdk", "b1_spawn",
                1_000_000, 10_000, List.of("dev.go4j.sync.WaitGroup"), List.of(m("ns_per_op", "ns/goroutine")), 0, 3));
        w.add(new Workload("B2", "skynet, 1M leaves", "B2Skynet", "B2SkynetJdk", "b2_skynet",
                1_000_000, 10_000, List.of("dev.go4j.Chan"), List.of(m("wall_ms", "ms")), 0, 3));
        w.add(new Workload("B0", "the floor: park/unpark ping-pong on a one-thread FIFO scheduler", "B0Floor", "B0Floor", null,
                1_000_000, 10_000, List.of(), List.of(m("ns_per_op", "ns/round trip")), 1, 3));
        w.add(new Workload("B0/s", "B0's ping-pong on go4j's scheduler: gopark/goready, no channel, GOMAXPROCS=1", "B0Sched", "B0Sched", null,
                1_000_000, 10_000, List.of(), List.of(m("ns_per_op", "ns/round trip")), 1, 3));
        w.add(new Workload("B3/1", "ping-pong, unbuffered, GOMAXPROCS=1", "B3PingPong", "B3PingPongJdk", "b3_pingpong",
                1_000_000, 10_000, List.of("dev.go4j.Chan"), List.of(m("ns_per_op", "ns/round trip")), 1, 3));
        w.add(new Workload("B3/" + cores, "ping-pong, unbuffered, GOMAXPROCS=" + cores, "B3PingPong", "B3PingPongJdk", "b3_pingpong",
                1_000_000, 10_000, List.of("dev.go4j.Chan"), List.of(m("ns_per_op", "ns/round trip")), cores, 3));
        w.add(new Workload("B4", "503-goroutine token ring, 10M hops", "B4Ring", "B4RingJdk", "b4_ring",
                10_000_000, 100_000, List.of("dev.go4j.Chan"), List.of(m("ns_per_op", "ns/hop")), 0, 3));
        w.add(new Workload("B5", "producer/consumer 4x4, cap 128, 10M items", "B5ProdCons", "B5ProdConsJdk", "b5_prodcons",
                10_000_000, 100_000, List.of("dev.go4j.Chan", "dev.go4j.sync.WaitGroup"), List.of(m("ns_per_op", "ns/item")), 0, 3));
        w.add(new Workload("B6", "mutex, 1000 goroutines x 1000", "B6Mutex", "B6MutexJdk", "b6_mutex",
                1_000_000, 100_000, List.of("dev.go4j.sync.Mutex", "dev.go4j.sync.WaitGroup"), List.of(m("ns_per_op", "ns/lock+unlock")), 0, 3));
        w.add(new Workload("B7", "100k sleepers, 1..100 ms", "B7Sleepers", "B7SleepersJdk", "b7_sleepers",
                100_000, 1_000, List.of("dev.go4j.time.Time", "dev.go4j.sync.WaitGroup"),
                List.of(m("wall_ms", "wall ms"), m("cpu_ms", "CPU ms")), 0, 3, 10));
        w.add(new Workload("B8", "select fan-in 8 x 1.25M, cap 128", "B8Select", "B8SelectJdk", "b8_select",
                10_000_000, 80_000, List.of("dev.go4j.Chan", "dev.go4j.Select"), List.of(m("ns_per_op", "ns/item")), 0, 3));
        w.add(new Workload("B9", "1M goroutines parked on one channel", "B9Parked", "B9ParkedJdk", "b9_parked",
                1_000_000, 10_000, List.of("dev.go4j.Chan", "dev.go4j.sync.WaitGroup"),
                List.of(m("bytes_per_g", "heap+stack B/goroutine"), m("rss_per_g", "RSS B/goroutine")), 0, 1));
        List<Metric> http = new ArrayList<>();
        for (int c : WRK_CONNS) {
            http.add(new Metric("rps_c" + c, "requests/s, " + c + " conns", false));
            http.add(m("p99_ms_c" + c, "p99 ms, " + c + " conns"));
        }
        w.add(new Workload("B10", "HTTP/1.1 keep-alive hello, a goroutine per connection, wrk", "B10Http", "B10HttpJdk", "b10_http",
                0, 0, List.of(), http, 0, 2));
        w.add(new Workload("B11", "TCP echo, 64 B messages, a goroutine per connection", "B11Echo", "B11EchoJdk", "b11_echo",
                ECHO_FULL[0] * ECHO_FULL[1], ECHO_QUICK[0] * ECHO_QUICK[1], List.of(),
                List.of(new Metric("rtt_per_s", "round trips/s, " + ECHO_FULL[0] + " conns", false), m("p99_us", "p99 us, " + ECHO_FULL[0] + " conns"),
                        new Metric("rtt_per_s_c" + ECHO_LIGHT[0], "round trips/s, " + ECHO_LIGHT[0] + " conns", false),
                        m("p99_us_c" + ECHO_LIGHT[0], "p99 us, " + ECHO_LIGHT[0] + " conns")), 0, 5)); // short rounds on kept servers: see kept
        // B11/busy and B11/spin: the echo server beside goroutines that never stop computing;
        // the part after the slash is the server's switch (busy=1, spin=1).
        for (String[] beside : new String[][] {{"busy", "a CPU-bound goroutine pair"}, {"spin", "two goroutines in endless CPU loops"}}) {
            w.add(new Workload("B11/" + beside[0], "TCP echo at GOMAXPROCS=1 beside " + beside[1] + ", " + ECHO_BUSY[0] + " conns",
                    "B11Echo", "B11EchoJdk", "b11_echo", ECHO_BUSY[0] * ECHO_BUSY[1], ECHO_BUSY_QUICK[0] * ECHO_BUSY_QUICK[1], List.of(),
                    List.of(new Metric("rtt_per_s", "round trips/s", false), m("p99_us", "p99 us")), 1, 2));
        }
        w.add(new Workload("B12", "Jetty 12 on virtual threads, same hello under wrk", "B12Jetty", "B12JettyJdk", null,
                0, 0, List.of(), http, 0, 2));
        return w;
    }

    static Metric m(String key, String label) { return new Metric(key, label, true); }

    /**
     * Whether a workload has a variant: B12 is Jetty inside Go.run (go4j) against the same
     * Jetty on the JDK's scheduler; Go's figure for the same answer is B10's, and "go4j on
     * JDK sched" would be the JDK variant again.
     */
    static boolean has(Workload w, Variant v) {
        if (w.id.startsWith("B0")) return v == Variant.GO4J; // go4j-only programs: the JVM's switch cost, and go4j's without a channel
        if (v == Variant.GO) return w.goProg != null;
        if (v == Variant.GO4J_JDK) return !w.id.equals("B12");
        return true;
    }

    /** Workloads whose JVM programs need a server library from Maven Central (bench/pom.xml). */
    static boolean needsServerDeps(Workload w) { return w.id.equals("B12"); }

    static String serverDeps;

    /**
     * The class path of B12's Jetty (provided scope in bench/pom.xml), asked of Maven once
     * and cached in bench/target; null (B12 is skipped, said so) if Maven cannot get it.
     */
    static String serverDeps() throws Exception {
        if (serverDeps != null) return serverDeps.isEmpty() ? null : serverDeps;
        Path file = target.resolve("server-classpath.txt");
        Path pom = bench.resolve("pom.xml");
        if (Files.exists(file) && Files.getLastModifiedTime(file).compareTo(Files.getLastModifiedTime(pom)) > 0) {
            String cp = Files.readString(file).trim();
            if (!cp.isEmpty() && Arrays.stream(cp.split(File.pathSeparator)).allMatch(j -> Files.exists(Path.of(j)))) {
                return serverDeps = cp;
            }
        }
        List<String> mvn = new ArrayList<>(List.of("mvn", "-q", "-f", pom.toString(),
                "org.apache.maven.plugins:maven-dependency-plugin:3.6.1:build-classpath",
                "-Dmdep.outputFile=" + file, "-DincludeScope=provided", "-DincludeGroupIds=org.eclipse.jetty,org.slf4j"));
        if (System.getenv("CI") != null) mvn.addAll(1, List.of("-B", "-ntp"));
        Process p = new ProcessBuilder(mvn).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0 || !Files.exists(file)) {
            p.destroyForcibly();
            System.out.println("   Maven could not resolve Jetty for B12:");
            log.lines().limit(20).forEach(l -> System.out.println("      | " + l));
            serverDeps = "";
            return null;
        }
        return serverDeps = Files.readString(file).trim();
    }

    /** B10: wrk's connection counts (each needs two descriptors on loopback; bench/run raises ulimit -n). */
    static final int[] WRK_CONNS = {64, 512};
    /** B11: connections x round trips per connection, full and --quick. */
    static final int[] ECHO_FULL = {128, 1000}, ECHO_QUICK = {16, 100};
    /**
     * B11's light load: a few connections, so threads go idle between messages and each
     * round trip pays the wake-up path (socket readiness to running goroutine); full and --quick.
     */
    static final int[] ECHO_LIGHT = {4, 5000}, ECHO_LIGHT_QUICK = {4, 100};
    /**
     * B11/busy: the light load's connections beside a CPU-bound pair at GOMAXPROCS 1, fewer
     * round trips, as each may wait for the pair to be preempted (10 ms in Go).
     */
    static final int[] ECHO_BUSY = {4, 250}, ECHO_BUSY_QUICK = {4, 20};

    /** The variants, in the order they alternate. */
    enum Variant {
        GO("Go"), GO4J("go4j"), GO4J_JDK("go4j on JDK sched"), JDK("JDK vthreads");
        final String label;
        Variant(String label) { this.label = label; }
    }

    public static void main(String[] args) throws Exception {
        root = Path.of(System.getProperty("go4j.root", ".")).toAbsolutePath().normalize();
        bench = root.resolve("bench");
        target = bench.resolve("target");
        java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        int reps = -1;
        double budgetSeconds = 20 * 60;
        boolean jmh = false;
        List<String> names = new ArrayList<>();
        List<String> jmhArgs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (jmh) { // everything after "jmh" goes to JMH (a regex, -wi 2, -prof gc, ...), except --quick
                if (a.equals("--quick")) quick = true; else jmhArgs.add(a);
                continue;
            }
            switch (a) {
                case "--quick" -> quick = true;
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--budget" -> budgetSeconds = Double.parseDouble(args[++i]) * 60;
                case "jmh", "--jmh" -> jmh = true;
                case "-h", "--help" -> { usage(); return; }
                default -> {
                    if (a.startsWith("-")) { System.err.println("bench: unknown option " + a); usage(); System.exit(2); }
                    names.add(a.toUpperCase(Locale.ROOT));
                }
            }
        }
        long start = System.nanoTime();
        int cores = Runtime.getRuntime().availableProcessors();
        if (jmh && names.isEmpty()) {
            System.exit(Jmh.run(quick, jmhArgs));
        }
        List<Workload> all = workloads(cores);
        List<Workload> chosen = new ArrayList<>();
        for (Workload w : all) {
            if (names.isEmpty() || names.contains(w.id.toUpperCase(Locale.ROOT)) || names.contains(w.id.split("/")[0])) chosen.add(w);
        }
        if (chosen.isEmpty()) {
            System.err.println("bench: no workload matches " + names + "; known: B0 .. B12");
            System.exit(2);
        }
        String goVersion = goVersion();
        String wrkVersion = toolVersion(WRK, "-v");
        printMachine(cores, goVersion, wrkVersion);

        Files.createDirectories(target);
        Map<String, String> skipped = compileWorkloads(chosen);
        boolean haveGo = goVersion != null && buildGo();

        Map<String, Map<Variant, Map<String, List<Double>>>> results = new LinkedHashMap<>();
        for (Workload w : chosen) {
            int r = quick ? 1 : reps > 0 ? reps : w.reps;
            List<Variant> vs = new ArrayList<>();
            for (Variant v : Variant.values()) {
                if (!has(w, v)) continue;
                if (v == Variant.GO && !haveGo) continue;
                if ((v == Variant.GO4J || v == Variant.GO4J_JDK) && skipped.containsKey(w.go4jClass)) continue;
                if (v == Variant.JDK && skipped.containsKey(w.jdkClass)) continue;
                vs.add(v);
            }
            if (skipped.containsKey(w.go4jClass)) System.out.println("== " + w.id + ": go4j variants skipped: " + skipped.get(w.go4jClass));
            Map<Variant, Map<String, List<Double>>> res = new LinkedHashMap<>();
            results.put(w.id, res);
            System.out.println("== " + w.id + " " + w.title + " (" + (quick && w.quickN > 0 ? "--quick size n=" + w.quickN + ", " : "")
                    + r + (r == 1 ? " run" : " runs") + " of each variant, alternating)");
            List<Variant> failed = new ArrayList<>();
            long w0 = System.nanoTime();
            firstRoundSetUpNanos = 0;
            for (int i = 0; i < r; i++) {
                if (i == 1 && !quick && reps <= 0) {
                    // keep the full suite inside its time budget: this workload gets its share
                    // of what is left; it runs fewer times (at least once) if a round is too slow
                    // a kept server's first round also started, checked and warmed it: later
                    // rounds do not (see kept)
                    double round = (System.nanoTime() - w0 - firstRoundSetUpNanos) / 1e9;
                    double left = budgetSeconds - (System.nanoTime() - start) / 1e9;
                    int remaining = chosen.size() - chosen.indexOf(w); // this one and those after it
                    int fit = (int) Math.floor((left / remaining + round) / round);
                    if (fit < r) {
                        System.out.printf(Locale.ROOT, "   (a round took %.0f s: %d of %d runs fit this workload's share of the %.0f-minute budget)%n",
                                round, Math.max(1, fit), r, budgetSeconds / 60);
                        r = Math.max(1, fit);
                        if (i >= r) break;
                    }
                }
                for (Variant v : vs) {
                    if (failed.contains(v)) continue;
                    Map<String, Double> one = switch (w.id) {
                        case "B10", "B12" -> runHttp(w, v, wrkVersion != null);
                        case "B11", "B11/busy", "B11/spin" -> runEcho(w, v, haveGo);
                        default -> runOnce(w, v);
                    };
                    if (one == null) { failed.add(v); continue; }
                    one.forEach((k, x) -> res.computeIfAbsent(v, k2 -> new LinkedHashMap<>()).computeIfAbsent(k, k2 -> new ArrayList<>()).add(x));
                    System.out.println("   " + pad(v.label, 18) + " " + summary(w, one));
                }
            }
            closeKeptServers();
        }
        double minutes = (System.nanoTime() - start) / 60e9;
        System.out.println();
        String table = table(chosen, results, skipped, haveGo);
        System.out.println(table);
        Files.writeString(target.resolve(quick ? "results-quick.md" : "results.md"), table);
        System.out.printf(Locale.ROOT, "(%s run took %.1f min; table also in %s)%n", quick ? "quick" : "full", minutes,
                root.relativize(target.resolve(quick ? "results-quick.md" : "results.md")));
        if (!haveGo) System.out.println("Go is not installed, so the Go column is empty: install Go with: apt-get install golang-go");
        if (wrkVersion == null && chosen.stream().anyMatch(w -> w.id.equals("B10") || w.id.equals("B12")))
            System.out.println("wrk is not installed, so B10 and B12 only checked the servers' answers: install wrk with: apt-get install wrk");
        if (!haveGo && chosen.stream().anyMatch(w -> w.id.startsWith("B11")))
            System.out.println("B11's load generator is a Go program, so without Go B11 only checked the servers' echoes");
        if (jmh) {
            int rc = Jmh.run(quick, jmhArgs);
            if (rc != 0) failures.add("JMH");
        }
        if (!stalls.isEmpty())
            System.out.println("stalled (never served beside B11/busy's or B11/spin's computing goroutines; a finding, not a failure): " + String.join(", ", stalls));
        if (!failures.isEmpty()) {
            System.out.println("FAILED: " + String.join(", ", failures));
            System.exit(1);
        }
        System.out.println("all variants that ran computed the right answer");
    }

    static void usage() {
        System.out.println("""
                usage: ./go4j bench [B0 .. B12 ...] [--quick] [--reps N] [--budget MIN] [jmh]
                  no names      every workload B0 .. B12 (B3 runs at GOMAXPROCS 1 and at the core count; B11 names B11/busy and B11/spin too)
                  --quick       small sizes, one run each: checks every variant computes the right answer (no timing)
                  --reps N      runs of each variant in a full run, for every workload (default 3; B9 1, B10 and B12 2, B11 5, B11/busy and B11/spin 2)
                  --budget MIN  time budget of a full run without --reps (default 20): a workload whose first
                                round is too slow for its share runs fewer times (at least once, said so)
                  jmh [ARGS]    the JMH microbenchmarks; ARGS go to JMH (a regex, -wi 2 -i 3, -prof gc ...);
                                alone: ./go4j bench jmh [--quick] [ARGS]""");
    }

    // ------------------------------------------------------------------ machine

    static void printMachine(int cores, String goVersion, String wrkVersion) {
        String cpu = "?";
        try {
            for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (l.startsWith("model name")) { cpu = l.substring(l.indexOf(':') + 1).trim(); break; }
            }
        } catch (IOException ignored) { }
        System.out.println("machine: " + cores + " cores (" + cpu + "), " + System.getProperty("os.name") + " " + System.getProperty("os.arch")
                + ", " + memTotal());
        System.out.println("JDK:     " + System.getProperty("java.vm.vendor") + " " + Runtime.version());
        if (!GO4J_OPTS.isEmpty()) System.out.println("go4j variant's extra JVM options (GO4J_BENCH_OPTS): " + String.join(" ", GO4J_OPTS));
        System.out.println("Go:      " + (goVersion != null ? goVersion : "not installed (install Go with: apt-get install golang-go)"));
        System.out.println("wrk:     " + (wrkVersion != null ? wrkVersion : "not installed (install wrk with: apt-get install wrk); B10 runs a correctness check only"));
        System.out.println("mode:    " + (quick ? "--quick (small sizes, one run each, no timing asserted)" : "full"));
        System.out.println("JVM flags for every JVM variant: " + String.join(" ", jvmFlags()));
    }

    static String memTotal() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (l.startsWith("MemTotal")) return (Long.parseLong(l.replaceAll("\\D", "")) / 1024 / 1024) + " GiB RAM";
            }
        } catch (IOException ignored) { }
        return "";
    }

    /** The go command: $GO if set (e.g. GO=/usr/lib/go-1.22/bin/go, or GO=none to leave Go out), else go on the PATH. */
    static final String GO = System.getenv().getOrDefault("GO", "go");

    static String goVersion() { return toolVersion(GO, "version"); }

    /** The wrk command: $WRK if set (WRK=none leaves B10's load out), else wrk on the PATH. */
    static final String WRK = System.getenv().getOrDefault("WRK", "wrk");
    /** GO4J_BENCH_OPTS: extra JVM options for the go4j variant only (say -Dgo4j.netpoll=false, to compare); shown in the header. */
    static final List<String> GO4J_OPTS = System.getenv().getOrDefault("GO4J_BENCH_OPTS", "").isBlank() ? List.of()
            : List.of(System.getenv("GO4J_BENCH_OPTS").trim().split("\\s+"));

    static String toolVersion(String tool, String arg) {
        try {
            Process p = new ProcessBuilder(tool, arg).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor(10, TimeUnit.SECONDS);
            return out.isEmpty() ? tool : out.lines().findFirst().orElse(tool);
        } catch (IOException | InterruptedException e) {
            return null;
        }
    }

    // ------------------------------------------------------------------ build

    /** Compiles the harness, then each program alone; returns class -> why it is skipped. */
    static Map<String, String> compileWorkloads(List<Workload> chosen) throws Exception {
        Map<String, String> skipped = new LinkedHashMap<>();
        Path jar = root.resolve("target/go4j.jar");
        Path out = target.resolve("workloads");
        Path src = bench.resolve("workloads/dev/go4j/bench");
        Files.createDirectories(out);
        List<String> compiled = new ArrayList<>();
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        String cp = jar + File.pathSeparator + out;
        if (!compile(javac, cp, out, List.of(src.resolve("Harness.java"), src.resolve("Lifetime.java"),
                src.resolve("BlockingHttpServer.java"), src.resolve("EchoServer.java")))) {
            throw new IllegalStateException("bench: the harness does not compile (see above)");
        }
        for (Workload w : chosen) {
            String wcp = cp;
            List<Path> extra = List.of();
            if (needsServerDeps(w)) {
                String deps = serverDeps();
                if (deps == null) {
                    skipped.put(w.go4jClass, "Maven could not resolve its server library");
                    skipped.put(w.jdkClass, "Maven could not resolve its server library");
                    continue;
                }
                wcp = cp + File.pathSeparator + deps;
                extra = List.of(src.resolve("JettyHello.java"));
            }
            List<String> missing = new ArrayList<>();
            try (ZipFile z = new ZipFile(jar.toFile())) {
                for (String c : w.needs) if (z.getEntry(c.replace('.', '/') + ".class") == null) missing.add(c);
            }
            for (String cls : List.of(w.go4jClass, w.jdkClass)) {
                if (skipped.containsKey(cls) || compiled.contains(cls)) continue;
                if (cls.equals(w.go4jClass) && !missing.isEmpty()) {
                    skipped.put(cls, "needs " + String.join(", ", missing) + ", not in the runtime yet");
                    continue;
                }
                List<Path> files = new ArrayList<>(extra);
                files.add(src.resolve(cls + ".java"));
                if (compile(javac, wcp, out, files)) {
                    compiled.add(cls);
                } else {
                    skipped.put(cls, "does not compile (see above)");
                    failures.add(cls + " (compile)");
                }
            }
        }
        return skipped;
    }

    static boolean compile(JavaCompiler javac, String cp, Path out, List<Path> files) throws IOException {
        DiagnosticCollector<JavaFileObject> diags = new DiagnosticCollector<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diags, Locale.ROOT, StandardCharsets.UTF_8)) {
            var units = fm.getJavaFileObjectsFromPaths(files);
            boolean ok = javac.getTask(null, fm, diags,
                    List.of("-d", out.toString(), "-cp", cp, "--release", "25", "-proc:none", "-Xlint:none"), null, units).call();
            if (!ok) diags.getDiagnostics().forEach(d -> System.out.println("   javac: " + d));
            return ok;
        }
    }

    static boolean buildGo() throws Exception {
        Path out = target.resolve("go");
        Files.createDirectories(out);
        Process p = new ProcessBuilder(GO, "build", "-o", out + File.separator, "./...")
                .directory(bench.resolve("go").toFile()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            System.out.println(log);
            failures.add("go build");
            return false;
        }
        return true;
    }

    // ------------------------------------------------------------------ running

    static List<String> jvmFlags() {
        return List.of("--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED",
                "-Xmx8g", "-XX:+UseG1GC");
    }

    static List<String> command(Workload w, Variant v, List<String> args) {
        List<String> cmd = new ArrayList<>();
        if (v == Variant.GO) {
            cmd.add(target.resolve("go").resolve(w.goProg).toString());
        } else {
            cmd.add(java);
            cmd.addAll(jvmFlags());
            if (w.procs > 0) {
                // the same flags for every JVM variant: each reads the one that applies to it
                cmd.add("-Dgo4j.maxprocs=" + w.procs);
                cmd.add("-Djdk.virtualThreadScheduler.parallelism=" + w.procs);
            }
            if (v == Variant.GO4J_JDK) cmd.add("-Dgo4j.scheduler=jdk");
            if (v == Variant.GO4J && !GO4J_OPTS.isEmpty()) cmd.addAll(GO4J_OPTS);
            cmd.add("-cp");
            cmd.add(root.resolve("target/go4j.jar") + File.pathSeparator + target.resolve("workloads")
                    + (needsServerDeps(w) && serverDeps != null && !serverDeps.isEmpty() ? File.pathSeparator + serverDeps : ""));
            cmd.add("dev.go4j.bench." + (v == Variant.JDK ? w.jdkClass : w.go4jClass));
        }
        cmd.addAll(args);
        return cmd;
    }

    static ProcessBuilder builder(Workload w, Variant v, List<String> args) {
        ProcessBuilder pb = new ProcessBuilder(command(w, v, args)).redirectErrorStream(true);
        if (v == Variant.GO && w.procs > 0) pb.environment().put("GOMAXPROCS", Integer.toString(w.procs));
        return pb;
    }

    static final Pattern KV = Pattern.compile("(\\w+)=([-0-9.eE]+)");

    /** One process: returns the RESULT metrics, or null (failure recorded) on FAIL, crash or timeout. */
    static Map<String, Double> runOnce(Workload w, Variant v) throws Exception {
        long n = quick ? w.quickN : w.fullN;
        ProcessBuilder pb = builder(w, v, List.of("n=" + n, "warmups=" + (quick ? 1 : w.warmups)));
        Process p = pb.start();
        StringBuilder all = new StringBuilder();
        Thread reader = Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) synchronized (all) { all.append(l).append('\n'); }
            } catch (IOException ignored) { }
        });
        long timeout = quick ? 120 : 300;
        if (!p.waitFor(timeout, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            reader.join(5000);
            return fail(w, v, "timed out after " + timeout + " s", all.toString());
        }
        reader.join(5000);
        String text;
        synchronized (all) { text = all.toString(); }
        String line = text.lines().filter(l -> l.startsWith("RESULT ")).findFirst().orElse(null);
        if (p.exitValue() != 0 || line == null) return fail(w, v, "exit status " + p.exitValue(), text);
        Map<String, Double> m = new LinkedHashMap<>();
        Matcher mt = KV.matcher(line);
        while (mt.find()) m.put(mt.group(1), Double.parseDouble(mt.group(2)));
        return m;
    }

    static Map<String, Double> fail(Workload w, Variant v, String why, String output) {
        System.out.println("   " + pad(v.label, 18) + " FAILED: " + why);
        output.lines().limit(40).forEach(l -> System.out.println("      | " + l));
        failures.add(w.id + " " + v.label);
        return null;
    }

    /** A server variant of B10/B11: started, its port read from its LISTENING line, stopped by closing its stdin. */
    static final class ServerProcess implements AutoCloseable {
        final Process p;
        final int port;
        private final StringBuilder rest = new StringBuilder();

        private ServerProcess(Process p, int port, BufferedReader r) {
            this.p = p;
            this.port = port;
            // keep reading, so that a chatty server never blocks on its pipe
            Thread.ofPlatform().daemon().start(() -> {
                try {
                    for (String l; (l = r.readLine()) != null; ) synchronized (rest) { if (rest.length() < 100_000) rest.append(l).append('\n'); }
                } catch (IOException ignored) { }
            });
        }

        /** Starts the server; null (failure recorded) if it does not say LISTENING within 30 s. */
        static ServerProcess start(Workload w, Variant v, int lifetimeSeconds, List<String> args) throws Exception {
            List<String> all = new ArrayList<>(args);
            all.add(0, "seconds=" + lifetimeSeconds);
            Process p = builder(w, v, all).start();
            BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            // a library may log before the server is up (SLF4J's notice, Jetty's banner)
            String first;
            long until = System.nanoTime() + 30_000_000_000L;
            do {
                first = readLineWithin(r, (int) Math.max(1, (until - System.nanoTime()) / 1_000_000_000L));
            } while (first != null && !first.startsWith("LISTENING ") && System.nanoTime() < until);
            if (first == null || !first.startsWith("LISTENING ")) {
                fail(w, v, "server did not start: " + first, drain(p, r));
                return null;
            }
            return new ServerProcess(p, Integer.parseInt(first.substring("LISTENING ".length()).trim()), r);
        }

        String output() {
            synchronized (rest) { return rest.toString(); }
        }

        @Override
        public void close() throws Exception {
            p.getOutputStream().close(); // the server exits when its stdin closes
            if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly().waitFor();
        }
    }

    /**
     * How long a kept server (B10, B11, B12) is loaded, unmeasured, before its first
     * measured load: both JVMs are still compiling well after the first seconds of load (a
     * Jetty server under 64 connections, 2026-12-06: go4j's compiled 3,282 methods in its
     * first 10 s and 113 in the next 10, the JDK's scheduler's 2,668 and 51; from 20 s on,
     * 1-5 a second for both), and a full run may give a server workload one round only, so
     * a 3 s warm-up measured the compilers. BENCHMARKS.md, "Warm-up".
     */
    static final int FIRST_WARM_SECONDS = 20;
    /** The warm-up before a fresh server's later loads (the other connection count), and B11/busy's and B11/spin's. */
    static final int WARM_SECONDS = 3;

    /**
     * B10 and B12: start the server (on its first round only, see {@link #kept}), check its
     * answers, warm it, then load it with wrk (when installed) at each connection count.
     */
    static Map<String, Double> runHttp(Workload w, Variant v, boolean haveWrk) throws Exception {
        int dur = quick ? 1 : 8;
        ServerProcess srv = kept.get(v);
        boolean fresh = srv == null;
        long setUp0 = System.nanoTime();
        if (fresh && (srv = startServer(w, v, true, 3600, List.of())) == null) return null;
        boolean finished = false;
        try {
            String url = "http://127.0.0.1:" + srv.port + "/";
            // correctness: every answer is 200 with the exact body
            if (fresh) {
                try (HttpClient c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
                    for (int i = 0; i < (quick ? 50 : 200); i++) {
                        HttpResponse<String> resp = c.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (resp.statusCode() != 200 || !resp.body().equals("Hello, World!\n")) {
                            return fail(w, v, "wrong answer: " + resp.statusCode() + " " + resp.body(), srv.output());
                        }
                    }
                }
            }
            Map<String, Double> m = new LinkedHashMap<>();
            if (!haveWrk) {
                m.put("checked", 1.0);
                return m;
            }
            for (int conns : WRK_CONNS) {
                // --quick: B12 is a smoke test of Jetty on goroutines; B10 covers 512 connections
                if (quick && w.id.equals("B12") && conns != WRK_CONNS[0]) continue;
                // a kept server is warm after its first round
                int warm = quick || !fresh ? 0 : conns == WRK_CONNS[0] ? FIRST_WARM_SECONDS : WARM_SECONDS;
                if (warm > 0) wrk(url, conns, warm);
                if (fresh) firstRoundSetUpNanos += System.nanoTime() - setUp0;
                String out = wrk(url, conns, dur);
                setUp0 = System.nanoTime(); // the next count's warm-up starts here
                Matcher rps = Pattern.compile("Requests/sec:\\s+([0-9.]+)").matcher(out);
                Matcher p99 = Pattern.compile("\\s99%\\s+([0-9.]+)(us|ms|s)").matcher(out);
                Matcher bad = Pattern.compile("BAD_RESPONSES (\\d+)").matcher(out);
                if (!rps.find() || !p99.find() || !bad.find()) return fail(w, v, "cannot read wrk's output (" + conns + " connections)", out);
                if (out.contains("Non-2xx")) return fail(w, v, "wrk saw non-2xx answers", out);
                if (Long.parseLong(bad.group(1)) != 0) return fail(w, v, bad.group(1) + " responses had a wrong status or body", out);
                m.put("rps_c" + conns, Double.parseDouble(rps.group(1)));
                double lat = Double.parseDouble(p99.group(1));
                m.put("p99_ms_c" + conns, switch (p99.group(2)) { case "us" -> lat / 1000; case "s" -> lat * 1000; default -> lat; });
                Matcher err = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)").matcher(out);
                if (err.find()) m.merge("socket_errors", (double) (Long.parseLong(err.group(1)) + Long.parseLong(err.group(2))
                        + Long.parseLong(err.group(3)) + Long.parseLong(err.group(4))), Double::sum);
            }
            finished = true;
            return m;
        } finally {
            endRound(v, srv, finished);
        }
    }

    /**
     * wrk's Lua hooks: every response's status and body are checked (a per-thread global
     * counter, summed in done()); the same script for every variant, so the cost is equal.
     */
    static final String WRK_CHECK = """
            bad = 0
            local threads = {}
            function setup(thread) table.insert(threads, thread) end
            function response(status, headers, body)
              if status ~= 200 or body ~= "Hello, World!\\n" then bad = bad + 1 end
            end
            function done(summary, latency, requests)
              local total = 0
              for _, t in ipairs(threads) do total = total + t:get("bad") end
              io.write(string.format("BAD_RESPONSES %d\\n", total))
            end
            """;

    static String wrk(String url, int conns, int seconds) throws Exception {
        Path script = target.resolve("wrk-check.lua");
        if (!Files.exists(script) || !Files.readString(script).equals(WRK_CHECK)) Files.writeString(script, WRK_CHECK);
        Process p = new ProcessBuilder(WRK, "-t2", "-c" + conns, "-d" + seconds + "s", "--timeout", "5s", "--latency",
                "-s", script.toString(), url).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(seconds + 30L, TimeUnit.SECONDS)) p.destroyForcibly();
        return out;
    }

    /**
     * The servers of B10, B11 and B12, one per variant, kept for the whole workload: the
     * rounds alternate measured passes between servers that all stay up, so that every
     * round measures the variants side by side, within seconds of each other. This
     * machine's speed drifts by 10-15% over minutes (the same server measured minutes
     * apart), which a fresh server per round wrote into the ratios. An idle server costs the
     * others nothing: Go's and go4j's runtimes sleep without a timer, the JDK's threads
     * park. A server is checked and warmed once, in its first round; closed by
     * {@link #closeKeptServers} when the workload's rounds are over. (B11/busy and B11/spin
     * are never kept: their computing goroutines would take the others' CPU.)
     */
    static final Map<Variant, ServerProcess> kept = new java.util.EnumMap<>(Variant.class);

    /** Time the current workload's first round spent starting, checking and warming kept servers. */
    static long firstRoundSetUpNanos;

    /** Starts v's server, kept for the workload's later rounds if {@code keep}; null (failure recorded) if it did not start. */
    static ServerProcess startServer(Workload w, Variant v, boolean keep, int lifetimeSeconds, List<String> args) throws Exception {
        ServerProcess srv = ServerProcess.start(w, v, lifetimeSeconds, args);
        if (srv != null && keep) kept.put(v, srv);
        return srv;
    }

    /** After a round on srv: unless it is kept and its round finished, it is closed (and no longer kept). */
    static void endRound(Variant v, ServerProcess srv, boolean keepIt) throws Exception {
        if (keepIt && kept.get(v) == srv) return;
        kept.remove(v, srv);
        srv.close();
    }

    static void closeKeptServers() throws Exception {
        for (ServerProcess srv : kept.values()) srv.close();
        kept.clear();
    }

    /**
     * B11: start the echo server (plain B11: on its first round only, see {@link #kept}),
     * check a few echoes from here, warm it, then run the Go load generator
     * (bench/go/b11_client), which checks every echo and measures each round trip.
     */
    static Map<String, Double> runEcho(Workload w, Variant v, boolean haveGo) throws Exception {
        // B11/busy and B11/spin: the server beside goroutines that never stop computing (so
        // never kept beside the others: it would take their CPU)
        boolean busy = w.id.startsWith("B11/");
        int[] size = busy ? (quick ? ECHO_BUSY_QUICK : ECHO_BUSY) : quick ? ECHO_QUICK : ECHO_FULL;
        // Those two ask whether the server is served at all beside the computing goroutines:
        // a variant whose scheduler never gets to it is reported as stalled after this long.
        int patience = busy ? 20 : quick ? 60 : 240;
        List<String> serverArgs = busy ? List.of(w.id.substring("B11/".length()) + "=1") : List.of();
        boolean keep = !busy;
        ServerProcess srv = keep ? kept.get(v) : null;
        boolean fresh = srv == null;
        long setUp0 = System.nanoTime();
        if (fresh && (srv = startServer(w, v, keep, keep ? 1800 : 300, serverArgs)) == null) return null;
        boolean finished = false;
        try {
            if (fresh) {
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), srv.port)) {
                    s.setSoTimeout(patience * 1000); // a server that never answers is a finding, not a hang
                    byte[] msg = new byte[64], back = new byte[64];
                    for (int i = 0; i < 10; i++) {
                        Arrays.fill(msg, (byte) i);
                        s.getOutputStream().write(msg);
                        int got;
                        try {
                            got = s.getInputStream().readNBytes(back, 0, 64);
                        } catch (java.net.SocketTimeoutException e) {
                            return stalled(w, v, busy, "no echo within " + patience + " s on round trip " + i, srv.output());
                        }
                        if (got != 64 || !Arrays.equals(msg, back)) return fail(w, v, "wrong echo on round trip " + i, srv.output());
                    }
                }
            }
            Map<String, Double> m = new LinkedHashMap<>();
            if (!haveGo) {
                m.put("checked", 1.0);
                return m;
            }
            int[] light = quick ? ECHO_LIGHT_QUICK : ECHO_LIGHT;
            for (int[] load : busy ? List.of(size) : List.of(size, light)) {
                // Warm-up passes at the same load and size, not measured, for 20 s of load at
                // least before the first load and 3 s before the second, as B10 gives wrk:
                // otherwise the load also times the JIT compiling each JVM variant's socket
                // and scheduler paths. One pass was too short at 4
                // connections (0.5 s): six successive 4 x 5,000 passes against one fresh server
                // settled their p99 from the third or fourth on, on go4j and on the JDK's
                // scheduler alike (the 128-connection load before it does not compile the paths
                // of threads that go idle between messages). A kept server is warm after its
                // first round.
                long warmUntil = System.nanoTime() + (keep && load == size ? FIRST_WARM_SECONDS : WARM_SECONDS) * 1_000_000_000L;
                for (int pass = 0; fresh && !quick && (pass == 0 || System.nanoTime() < warmUntil); pass++) {
                    String[] out = new String[1];
                    Integer rc = echoClient(srv, load, patience, out);
                    if (rc == null) return stalled(w, v, busy, "the load generator's warm-up got no answer for " + patience + " s", out[0] + srv.output());
                    if (rc != 0) return fail(w, v, "warm-up: exit status " + rc, out[0] + srv.output());
                }
                if (fresh && keep) firstRoundSetUpNanos += System.nanoTime() - setUp0;
                String[] out = new String[1];
                Integer rc = echoClient(srv, load, patience, out);
                setUp0 = System.nanoTime(); // the next load's warm-up starts here
                if (rc == null) return stalled(w, v, busy, "the load generator got no answer for " + patience + " s", out[0] + srv.output());
                String line = out[0].lines().filter(l -> l.startsWith("RESULT ")).findFirst().orElse(null);
                if (rc != 0 || line == null) return fail(w, v, "load generator: exit status " + rc, out[0] + srv.output());
                Matcher mt = KV.matcher(line);
                String suffix = load == size ? "" : "_c" + load[0];
                while (mt.find()) m.put(mt.group(1) + suffix, Double.parseDouble(mt.group(2)));
            }
            finished = true;
            return m;
        } finally {
            endRound(v, srv, finished);
        }
    }

    /**
     * One run of B11's load generator against {@code srv}: its exit status, or null if it
     * had not finished after {@code seconds} (then killed); its output in {@code out[0]}.
     */
    static Integer echoClient(ServerProcess srv, int[] load, int seconds, String[] out) throws Exception {
        Process c = new ProcessBuilder(target.resolve("go").resolve("b11_client").toString(),
                "port=" + srv.port, "conns=" + load[0], "trips=" + load[1]).redirectErrorStream(true).start();
        StringBuilder sb = new StringBuilder();
        Thread reader = Thread.ofPlatform().daemon().start(() -> {
            try {
                sb.append(new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException ignored) { }
        });
        boolean ended = c.waitFor(seconds, TimeUnit.SECONDS);
        if (!ended) c.destroyForcibly().waitFor();
        reader.join(5_000);
        out[0] = sb.toString();
        return ended ? c.exitValue() : null;
    }

    /**
     * B11/busy's (and B11/spin's) finding for a variant whose scheduler never served the
     * server beside the computing goroutines: shown as "stalled" in the table, not a failure of the run, except for go4j,
     * which promises that a runnable goroutine is not stranded. Elsewhere a stall fails.
     */
    static Map<String, Double> stalled(Workload w, Variant v, boolean busy, String why, String output) {
        if (!busy || v == Variant.GO4J) return fail(w, v, why, output);
        System.out.println("   " + pad(v.label, 18) + " STALLED: " + why);
        stalls.add(w.id + " " + v.label);
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("stalled", 1.0);
        return m;
    }

    static final java.util.Set<String> stalls = new java.util.LinkedHashSet<>();

    static String readLineWithin(BufferedReader r, int seconds) throws Exception {
        String[] line = new String[1];
        Thread t = Thread.ofPlatform().daemon().start(() -> {
            try { line[0] = r.readLine(); } catch (IOException ignored) { }
        });
        t.join(seconds * 1000L);
        return line[0];
    }

    static String drain(Process p, BufferedReader r) {
        p.destroyForcibly();
        StringBuilder sb = new StringBuilder();
        try { for (String l; (l = r.readLine()) != null; ) sb.append(l).append('\n'); } catch (IOException ignored) { }
        return sb.toString();
    }

    // ------------------------------------------------------------------ reporting

    static String summary(Workload w, Map<String, Double> one) {
        StringBuilder sb = new StringBuilder();
        for (Metric m : w.metrics) {
            Double x = one.get(m.key);
            if (x != null) sb.append(label(m)).append(' ').append(fmt(x)).append("   ");
        }
        if (one.containsKey("socket_errors") && one.get("socket_errors") > 0) sb.append("socket errors ").append(fmt(one.get("socket_errors")));
        if (sb.isEmpty()) sb.append(one.containsKey("stalled") ? "stalled" : "ok (answer checked)");
        return sb.toString().trim();
    }

    static String label(Metric m) { return m.label != null ? m.label : m.key; }

    static String table(List<Workload> ws, Map<String, Map<Variant, Map<String, List<Double>>>> results,
                        Map<String, String> skipped, boolean haveGo) {
        StringBuilder sb = new StringBuilder();
        sb.append("| workload | metric | Go | go4j | go4j on JDK sched | JDK vthreads | go4j/Go | go4j/JDK | go4j/go4j-on-JDK-sched |\n");
        sb.append("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Workload w : ws) {
            Map<Variant, Map<String, List<Double>>> res = results.get(w.id);
            for (Metric m : w.metrics) {
                Double go = median(res, Variant.GO, m.key), g4 = median(res, Variant.GO4J, m.key),
                        g4j = median(res, Variant.GO4J_JDK, m.key), jdk = median(res, Variant.JDK, m.key);
                sb.append("| ").append(w.id).append(' ').append(w.title).append(" | ").append(label(m))
                        .append(m.lowerBetter ? " (lower is better)" : " (higher is better)").append(" | ")
                        .append(cell(go, !has(w, Variant.GO) ? "n/a" : !haveGo ? "no Go" : missing(res, Variant.GO))).append(" | ")
                        .append(cell(g4, skipped.containsKey(w.go4jClass) ? "skipped" : missing(res, Variant.GO4J))).append(" | ")
                        .append(cell(g4j, !has(w, Variant.GO4J_JDK) ? "n/a" : skipped.containsKey(w.go4jClass) ? "skipped" : missing(res, Variant.GO4J_JDK))).append(" | ")
                        .append(cell(jdk, !has(w, Variant.JDK) ? "n/a" : skipped.containsKey(w.jdkClass) ? "skipped" : missing(res, Variant.JDK))).append(" | ")
                        .append(ratio(g4, go)).append(" | ").append(ratio(g4, jdk)).append(" | ").append(ratio(g4, g4j)).append(" |\n");
            }
        }
        sb.append("\nCells are medians over the runs of each variant (runs alternate Go, go4j, go4j on JDK sched, JDK).\n");
        sb.append("A ratio is go4j's median divided by the other's: below 1 go4j is lower, above 1 higher (read it with the metric's direction).\n");
        if (quick) sb.append("--quick: small sizes, one cold run each: the figures only show that every variant ran and computed the right answer.\n");
        return sb.toString();
    }

    static Double median(Map<Variant, Map<String, List<Double>>> res, Variant v, String key) {
        if (res == null || !res.containsKey(v) || !res.get(v).containsKey(key)) return null;
        double[] xs = res.get(v).get(key).stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = xs.length;
        return n % 2 == 1 ? xs[n / 2] : (xs[n / 2 - 1] + xs[n / 2]) / 2;
    }

    /** Why a variant has no figure: it failed, or it ran and checked its answer but this metric was not measured (B10 without wrk). */
    static String missing(Map<Variant, Map<String, List<Double>>> res, Variant v) {
        if (res != null && res.containsKey(v) && res.get(v).containsKey("stalled")) return "stalled";
        return res != null && res.containsKey(v) ? "checked, not measured" : "failed";
    }

    static String cell(Double x, String missing) { return x == null ? missing : fmt(x); }

    static String ratio(Double a, Double b) {
        if (a == null || b == null || b == 0) return "-";
        return String.format(Locale.ROOT, "%.2f", a / b);
    }

    static String fmt(double x) {
        if (Math.abs(x) >= 1000) return String.format(Locale.ROOT, "%,.0f", x);
        if (Math.abs(x) >= 10) return String.format(Locale.ROOT, "%.1f", x);
        return String.format(Locale.ROOT, "%.2f", x);
    }

    static String pad(String s, int n) { return s.length() >= n ? s : s + " ".repeat(n - s.length()); }

    // ------------------------------------------------------------------ JMH

    /** The JMH microbenchmarks: bench/pom.xml builds them; they run with the runtime jar on the class path. */
    static final class Jmh {
        static int run(boolean quick, List<String> filter) throws Exception {
            System.out.println("== JMH microbenchmarks" + (quick ? " (--quick: 1 short iteration each, no timing)" : ""));
            List<String> mvn = new ArrayList<>(List.of("mvn", "-q", "-f", bench.resolve("pom.xml").toString(), "package"));
            if (System.getenv("CI") != null) mvn.addAll(1, List.of("-B", "-ntp"));
            Process b = new ProcessBuilder(mvn).inheritIO().start();
            if (b.waitFor() != 0) {
                System.out.println("bench: building the JMH benchmarks failed");
                return 1;
            }
            List<String> cmd = new ArrayList<>(List.of(java, "-cp",
                    target.resolve("benchmarks.jar") + File.pathSeparator + root.resolve("target/go4j.jar"),
                    "org.openjdk.jmh.Main"));
            if (quick) cmd.addAll(List.of("-f", "1", "-wi", "1", "-w", "200ms", "-i", "1", "-r", "200ms", "-foe", "true"));
            cmd.addAll(filter); // the user's JMH arguments come last and win
            Process p = new ProcessBuilder(cmd).inheritIO().start();
            return p.waitFor();
        }
    }
}
