package dev.go4j.launcher;

import dev.go4j.Go;

import javax.tools.ToolProvider;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The compile cache of {@code ./go4j run}, like {@code go run}'s build cache: compiled
 * classes live in {@code $GO4J_CACHE/run/<key>/} (default {@code ~/.cache/go4j}), where the
 * key is a SHA-256 of every source file's path and content, the go4j jar's content, the
 * class path and the JDK's version. A hit costs a few file reads; a miss runs javac in
 * this JVM (its usual diagnostics: file, line, the source line and a caret) and stores the
 * result with an atomic rename, so concurrent runs never see half a directory.
 */
final class CompileCache {
    private CompileCache() {}

    /** Bump when the cache layout or the compile options change. */
    private static final String VERSION = "go4j-run-cache 2";
    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);

    /** A compiled program: its classes directory, main class, and whether it calls Go.run itself. */
    record Program(Path classes, String mainClass, boolean callsGoRun) {}

    /** The cached or freshly compiled program; null when javac reported errors. */
    static Program compile(List<Path> sources) throws Exception {
        String classPath = System.getProperty("java.class.path");
        Path dir = cacheRoot().resolve("run").resolve(key(sources, classPath));
        Path info = dir.resolve("main");
        if (Files.isRegularFile(info)) return read(dir);

        var javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) SourceLauncher.fail("go4j run needs a JDK (javac), not a JRE");
        Files.createDirectories(dir.getParent());
        Path tmp = Files.createTempDirectory(dir.getParent(), "tmp-");
        try {
            Path classes = tmp.resolve("classes");
            List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-g", "-proc:none", "-implicit:none",
                    "-encoding", "UTF-8", "-Xlint:none", "-nowarn", "-XDsuppressNotes", "-cp", classPath));
            for (Path s : sources) args.add(s.toString());
            System.out.flush();
            if (javac.run(null, System.out, System.err, args.toArray(String[]::new)) != 0) return null;
            String main = mainClass(sources, classes);
            boolean callsGoRun = callsGoRun(classes);
            Files.writeString(tmp.resolve("main"), main + "\n" + callsGoRun + "\n");
            try {
                Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException | AtomicMoveNotSupportedException e) {
                // another run stored the same key first; its result is as good as ours
            } catch (java.nio.file.FileSystemException e) {
                // Linux's rename onto a non-empty directory (ENOTEMPTY) arrives as a plain
                // FileSystemException: the same race, when two runs compile one program at once.
                if (!Files.isRegularFile(info)) throw e;
            }
        } finally {
            deleteTree(tmp);
        }
        return read(dir);
    }

    private static Program read(Path dir) throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve("main"));
        return new Program(dir.resolve("classes"), lines.get(0), Boolean.parseBoolean(lines.get(1)));
    }

    static Path cacheRoot() {
        String c = System.getProperty("go4j.cache");
        if (c != null && !c.isEmpty()) return Path.of(c);
        String xdg = System.getenv("XDG_CACHE_HOME");
        return (xdg != null && !xdg.isEmpty() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache"))
                .resolve("go4j");
    }

    static String key(List<Path> sources, String classPath) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        add(md, VERSION);
        add(md, System.getProperty("java.runtime.version"));
        add(md, classPath);
        for (String e : classPath.split(File.pathSeparator)) {
            Path p = Path.of(e);
            if (Files.isRegularFile(p)) add(md, e + " " + Files.size(p) + " " + Files.getLastModifiedTime(p).toMillis());
        }
        // the go4j build itself, by content (a rebuilt jar with the same size and time is still new)
        Path go4j = Path.of(Go.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (Files.isRegularFile(go4j)) md.update(Files.readAllBytes(go4j));
        for (Path s : sources) {
            add(md, s.toAbsolutePath().normalize().toString());
            md.update(Files.readAllBytes(s));
        }
        return HexFormat.of().formatHex(md.digest(), 0, 16);
    }

    private static void add(MessageDigest md, String s) {
        md.update(s.getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
    }

    /**
     * The class to run: the one named like the first source file (in that file's package),
     * as {@code java File.java} does; otherwise the only top-level class with a main.
     */
    private static String mainClass(List<Path> sources, Path classes) throws Exception {
        Path first = sources.get(0);
        Matcher pkg = PACKAGE.matcher(Files.readString(first));
        String base = first.getFileName().toString().replaceFirst("\\.java$", "");
        String primary = (pkg.find() ? pkg.group(1) + "." : "") + base;
        List<String> withMain = new ArrayList<>();
        try (URLClassLoader l = new URLClassLoader(new URL[] {classes.toUri().toURL()}, CompileCache.class.getClassLoader());
             Stream<Path> s = Files.walk(classes)) {
            List<String> names = s.map(p -> classes.relativize(p).toString())
                    .filter(n -> n.endsWith(".class") && !n.contains("$") && !n.endsWith("module-info.class")
                            && !n.endsWith("package-info.class"))
                    .map(n -> n.substring(0, n.length() - 6).replace(File.separatorChar, '.')).sorted().toList();
            for (String n : names) {
                if (hasMain(Class.forName(n, false, l))) {
                    if (n.equals(primary)) return n;
                    withMain.add(n);
                }
            }
        }
        if (withMain.size() == 1) return withMain.get(0);
        SourceLauncher.fail(withMain.isEmpty() ? "no main method in " + sources
                : "several classes have a main method " + withMain + "; put the one to run first: go4j run Main.java Other.java");
        return null;
    }

    private static boolean hasMain(Class<?> k) {
        for (Method m : k.getDeclaredMethods()) {
            if (m.getName().equals("main") && (m.getParameterCount() == 0
                    || m.getParameterCount() == 1 && m.getParameterTypes()[0] == String[].class)) return true;
        }
        return false;
    }

    private static boolean callsGoRun(Path classes) throws IOException {
        try (Stream<Path> s = Files.walk(classes)) {
            return s.filter(p -> p.toString().endsWith(".class")).anyMatch(p -> {
                try (InputStream in = Files.newInputStream(p)) {
                    return ClassFileRefs.callsGoRun(in);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(q);
        }
    }
}
