package dev.go4j.runtime;

import dev.go4j.Chan;
import dev.go4j.Go;

import static dev.go4j.Go.go;

/** A program for {@link DumpCommandTest} to dump from outside: three goroutines park, main waits for stdin to close. */
public final class DumpTarget {
    private DumpTarget() {}

    static void parkedForDump(Chan<Integer> c) { c.recv(); }

    public static void main(String[] args) {
        Go.run(() -> {
            var c = Chan.<Integer>make();
            for (int i = 0; i < 3; i++) go(() -> parkedForDump(c));
            System.out.println("ready");
            System.out.flush();
            try {
                Go.blocking(() -> System.in.readAllBytes());
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
            for (int i = 0; i < 3; i++) c.send(i);
        });
    }
}
