package dev.go4j.launcher;

import dev.go4j.DeadlockError;
import dev.go4j.Go;
import dev.go4j.GoroutinePanic;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./go4j run FILE.java}: compiles one Java source file in memory and runs its
 * {@code main} as goroutine 1 of a {@link Go#run}, like {@code go run}. The user writes no
 * {@code Go.run} wrapper. Exit codes follow Go: 0 when main returns, 2 after a panic or a
 * deadlock (printed as Go prints them), 1 when the file does not compile;
 * {@code System.exit(n)} exits with n.
 */
public final class SourceLauncher {
    private SourceLauncher() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: go4j run FILE.java [args...]");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        if (!Files.isRegularFile(file)) {
            System.err.println("go4j: no such file: " + file);
            System.exit(1);
        }
        String[] programArgs = java.util.Arrays.copyOfRange(args, 1, args.length);
        Class<?> mainClass = compile(file);
        Runnable main = entryPoint(mainClass, programArgs);
        try {
            Go.run(main);
        } catch (GoroutinePanic p) {
            System.out.flush();
            StringBuilder sb = new StringBuilder();
            sb.append("panic: ").append(p.getCause()).append(p.hint()).append("\n\n");
            sb.append("goroutine ").append(p.goid()).append(" [running]:\n");
            for (StackTraceElement e : p.getCause().getStackTrace()) {
                if (e.getClassName().startsWith("dev.go4j.internal.") || e.getClassName().startsWith("dev.go4j.launcher.")
                        || e.getClassName().startsWith("java.lang.reflect.") || e.getClassName().startsWith("jdk.internal.")
                        || e.getClassName().startsWith("java.lang.VirtualThread")) continue;
                sb.append(e).append('\n');
            }
            sb.append("exit status 2\n");
            System.err.print(sb);
            System.exit(2);
        } catch (DeadlockError d) {
            System.out.flush();
            System.err.print("fatal error: " + d.getMessage() + "\n\n" + d.dump() + "exit status 2\n");
            System.exit(2);
        }
        System.exit(0);
    }

    /** The program's entry point as a Runnable: static or instance main, with or without args (JEP 512). */
    static Runnable entryPoint(Class<?> k, String[] args) throws Exception {
        Method m = find(k, true);
        boolean withArgs = m != null;
        if (m == null) m = find(k, false);
        if (m == null) throw new IllegalArgumentException("go4j: " + k.getName() + " has no main method");
        m.setAccessible(true);
        Object target = null;
        if (!Modifier.isStatic(m.getModifiers())) {
            Constructor<?> c = k.getDeclaredConstructor();
            c.setAccessible(true);
            target = c.newInstance();
        }
        final Method mm = m;
        final Object t = target;
        final boolean wa = withArgs;
        return () -> {
            try {
                if (wa) mm.invoke(t, (Object) args);
                else mm.invoke(t);
            } catch (InvocationTargetException e) {
                Throwable c = e.getCause();
                if (c instanceof RuntimeException r) throw r;
                if (c instanceof Error err) throw err;
                throw new RuntimeException(c); // a checked exception thrown by main
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    private static Method find(Class<?> k, boolean withArgs) {
        try {
            return withArgs ? k.getDeclaredMethod("main", String[].class) : k.getDeclaredMethod("main");
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    /** Compiles {@code file} in memory; returns its first top-level class. */
    static Class<?> compile(Path file) throws Exception {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) throw new IllegalStateException("go4j run needs a JDK (javac), not a JRE");
        String source = Files.readString(file);
        Map<String, ByteArrayOutputStream> classes = new HashMap<>();
        DiagnosticCollector<JavaFileObject> diags = new DiagnosticCollector<>();
        StandardJavaFileManager std = javac.getStandardFileManager(diags, null, null);
        JavaFileObject unit = std.getJavaFileObjects(file.toFile()).iterator().next();
        var fm = new ForwardingJavaFileManager<StandardJavaFileManager>(std) {
            @Override
            public JavaFileObject getJavaFileForOutput(Location loc, String name, JavaFileObject.Kind kind, FileObject sibling) {
                return new SimpleJavaFileObject(URI.create("mem:///" + name.replace('.', '/') + kind.extension), kind) {
                    @Override
                    public OutputStream openOutputStream() {
                        return classes.computeIfAbsent(name, n -> new ByteArrayOutputStream());
                    }
                };
            }
        };
        List<String> options = List.of("-proc:none", "-Xlint:none", "-cp", System.getProperty("java.class.path"));
        boolean ok = javac.getTask(null, fm, diags, options, null, List.of(unit)).call();
        for (Diagnostic<? extends JavaFileObject> d : diags.getDiagnostics()) {
            if (d.getKind() == Diagnostic.Kind.ERROR || !ok) {
                System.err.println(file + ":" + d.getLineNumber() + ": " + d.getKind().toString().toLowerCase() + ": " + d.getMessage(null));
            }
        }
        if (!ok) System.exit(1);
        ClassLoader loader = new ClassLoader(SourceLauncher.class.getClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                ByteArrayOutputStream b = classes.get(name);
                if (b == null) throw new ClassNotFoundException(name);
                byte[] bytes = b.toByteArray();
                return defineClass(name, bytes, 0, bytes.length);
            }
        };
        String primary = primaryClassName(file, source, classes);
        return loader.loadClass(primary);
    }

    /** The class named like the file, else the first class the file declares with a main. */
    private static String primaryClassName(Path file, String source, Map<String, ByteArrayOutputStream> classes) {
        String base = file.getFileName().toString().replaceFirst("\\.java$", "");
        var pkg = java.util.regex.Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", java.util.regex.Pattern.MULTILINE).matcher(source);
        String prefix = pkg.find() ? pkg.group(1) + "." : "";
        if (classes.containsKey(prefix + base)) return prefix + base;
        return classes.keySet().stream().filter(n -> !n.contains("$")).sorted().findFirst()
                .orElseThrow(() -> new IllegalArgumentException("go4j: " + file + " declares no class"));
    }
}
