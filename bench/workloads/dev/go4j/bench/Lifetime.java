package dev.go4j.bench;

import java.util.function.Supplier;

/**
 * The life of a benchmark server (B10, B11): prints its first line (e.g. {@code LISTENING
 * port}) for bench/run, then exits when bench/run closes its stdin or after
 * {@code seconds=}, whichever comes first. Both watchers are platform daemon threads, so
 * they never occupy a goroutine's carrier.
 */
final class Lifetime {
    private Lifetime() {}

    static void start(String[] args, String firstLine, Supplier<String> lastWords) {
        long seconds = Harness.arg(args, "seconds", 300);
        System.out.println(firstLine);
        System.out.flush();
        Thread.ofPlatform().daemon().start(() -> {
            try {
                Thread.sleep(seconds * 1000);
            } catch (InterruptedException e) {
                return;
            }
            System.out.println("server lifetime over after " + seconds + " s; " + lastWords.get());
            System.exit(0);
        });
        Thread.ofPlatform().daemon().start(() -> {
            try {
                while (System.in.read() >= 0) { }
            } catch (java.io.IOException ignored) { }
            System.out.println(lastWords.get());
            System.exit(0);
        });
    }
}
