package dev.go4j.launcher;

import dev.go4j.DeadlockError;
import dev.go4j.Go;
import dev.go4j.GoroutinePanic;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code ./go4j run FILE.java... | DIR [args...]}: Go's {@code go run} for Java sources.
 *
 * <p>Implementation overview. The sources are compiled once into a cache directory keyed
 * by their content and the go4j build ({@link CompileCache}); later runs load the cached
 * classes and start at once. Then the program runs the way its author wrote it:
 * <ul>
 * <li>a program that never calls {@code Go.run} (the README's tour) gets its {@code main}
 *     run as goroutine 1 of a {@code Go.run}, so deadlock detection and prompt panics work
 *     as in Go, and the process ends when main returns;</li>
 * <li>a program that calls {@code Go.run} itself (written for plain {@code java}) is run
 *     exactly as {@code java} would run it: {@code main} on the JVM's main thread. Which of
 *     the two is decided at compile time, from the class files' constant pools
 *     ({@link ClassFileRefs}).</li>
 * </ul>
 * Exit status follows {@code go run}: 0 when main returns, 2 after a panic or a deadlock
 * (printed as Go prints them, followed by {@code exit status 2}), 1 when the sources do
 * not compile; {@code System.exit(n)} exits with n.
 *
 * <p>This class is the launcher, not part of the go4j library: it is compiled by
 * {@code ./go4j} into {@code target/launcher} and never goes into the go4j jar.
 */
public final class SourceLauncher {
    private SourceLauncher() {}

    /**
     * Entry point; {@code ./go4j run} passes its arguments after the JVM options.
     *
     * @param args source files or one directory, then the program's arguments
     * @throws Throwable whatever a plain-{@code java} program's main throws
     */
    public static void main(String[] args) throws Throwable {
        int i = 0;
        List<Path> sources = new ArrayList<>();
        if (i < args.length && Files.isDirectory(Path.of(args[i]))) {
            Path dir = Path.of(args[i++]);
            try (Stream<Path> s = Files.walk(dir)) {
                s.filter(p -> p.toString().endsWith(".java") && Files.isRegularFile(p)).sorted().forEach(sources::add);
            }
            if (sources.isEmpty()) fail("no .java files in " + dir);
        } else {
            while (i < args.length && args[i].endsWith(".java")) {
                Path p = Path.of(args[i++]);
                if (!Files.isRegularFile(p)) fail("no such file: " + p);
                sources.add(p);
            }
        }
        if (i < args.length && args[i].equals("--")) i++;
        if (sources.isEmpty()) {
            fail(args.length == 0 ? "usage: go4j run [options] FILE.java... | DIR [args...]; see go4j help"
                    : "no such file or directory: " + args[0] + " (go4j run takes .java files or a directory)");
        }
        String[] programArgs = Arrays.copyOfRange(args, i, args.length);

        CompileCache.Program prog = CompileCache.compile(sources);
        if (prog == null) System.exit(1); // javac printed the errors
        ClassLoader loader = new URLClassLoader(new URL[] {prog.classes().toUri().toURL()},
                SourceLauncher.class.getClassLoader());
        Class<?> mainClass = Class.forName(prog.mainClass(), false, loader);
        Runnable main = entryPoint(mainClass, programArgs);
        Thread.currentThread().setContextClassLoader(loader);
        try {
            if (prog.callsGoRun()) {
                main.run(); // as plain java would; GoroutinePanic and DeadlockError are caught below
                return;     // like java: the JVM ends when its non-daemon threads do
            }
            Go.run(main);
        } catch (GoroutinePanic p) {
            System.out.flush();
            System.err.print(p.traceback() + "exit status 2\n");
            System.exit(2);
        } catch (DeadlockError d) {
            System.out.flush();
            System.err.print("fatal error: " + d.getMessage() + "\n\n" + d.dump() + "exit status 2\n");
            System.exit(2);
        }
        System.exit(0);
    }

    /**
     * The program's {@code main} as a Runnable: static or instance, with or without
     * {@code String[]} (JEP 512). A checked exception from main passes through unwrapped,
     * and the call goes through a method handle, which leaves no reflection frames.
     */
    static Runnable entryPoint(Class<?> k, String[] args) throws Exception {
        Method m = find(k, true);
        boolean withArgs = m != null;
        if (m == null) m = find(k, false);
        if (m == null) fail(k.getName() + " has no main method");
        m.setAccessible(true);
        MethodHandle mh = MethodHandles.lookup().unreflect(m);
        if (!Modifier.isStatic(m.getModifiers())) {
            Constructor<?> c = k.getDeclaredConstructor();
            c.setAccessible(true);
            mh = mh.bindTo(c.newInstance());
        }
        if (withArgs) mh = MethodHandles.insertArguments(mh, 0, (Object) args);
        MethodHandle call = mh.asType(mh.type().changeReturnType(void.class));
        return () -> {
            try {
                call.invokeExact();
            } catch (Throwable t) {
                throw SourceLauncher.<RuntimeException>sneaky(t);
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T sneaky(Throwable t) throws T {
        throw (T) t;
    }

    private static Method find(Class<?> k, boolean withArgs) {
        try {
            return withArgs ? k.getDeclaredMethod("main", String[].class) : k.getDeclaredMethod("main");
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    static void fail(String msg) {
        System.err.println("go4j: " + msg);
        System.exit(1);
    }
}
