package dev.go4j;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Runs every program in {@code examples/} that ends with a Go-style {@code // Output:}
 * comment, as {@code ./go4j run} does (its main as goroutine 1 of a Go.run), inside this
 * JVM, and checks that it prints exactly that output (Go's example tests).
 */
@Timeout(120)
class ExamplesTest {
    private static final Path EXAMPLES = Path.of("examples");

    @TestFactory
    Stream<DynamicTest> examplesPrintTheirOutput() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(EXAMPLES)) {
            files = s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        List<Path> withOutput = new ArrayList<>();
        for (Path f : files) if (expectedOutput(f) != null) withOutput.add(f);
        assertTrue(withOutput.size() >= 5, "examples with an Output comment: " + withOutput);
        Path classes = compile(files);
        return withOutput.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            String name = f.getFileName().toString().replaceFirst("\\.java$", "");
            assertEquals(expectedOutput(f), run(classes, name), f.toString());
        }));
    }

    /** The text of the trailing {@code // Output:} comment, one line per {@code //} line; null if none. */
    private static String expectedOutput(Path f) throws IOException {
        List<String> lines = Files.readAllLines(f);
        int at = lines.indexOf("// Output:");
        if (at < 0) return null;
        StringBuilder sb = new StringBuilder();
        for (String l : lines.subList(at + 1, lines.size())) {
            if (!l.startsWith("//")) break;
            sb.append(l.startsWith("// ") ? l.substring(3) : l.substring(2)).append('\n');
        }
        return sb.toString();
    }

    private static Path compile(List<Path> files) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "needs a JDK");
        Path out = Files.createTempDirectory("go4j-examples");
        DiagnosticCollector<JavaFileObject> diags = new DiagnosticCollector<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diags, null, StandardCharsets.UTF_8)) {
            String cp = Path.of(Go.class.getProtectionDomain().getCodeSource().getLocation().getPath()).toString();
            List<String> opts = List.of("-proc:none", "-d", out.toString(), "-cp", cp);
            boolean ok = javac.getTask(null, fm, diags, opts, null, fm.getJavaFileObjectsFromPaths(files)).call();
            StringBuilder errors = new StringBuilder();
            for (Diagnostic<?> d : diags.getDiagnostics()) {
                if (d.getKind() == Diagnostic.Kind.ERROR) errors.append(d).append('\n');
            }
            assertTrue(ok, "examples do not compile:\n" + errors);
        }
        return out;
    }

    /** Runs the example's main as goroutine 1 and returns what it printed. */
    private static String run(Path classes, String name) throws Exception {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, ExamplesTest.class.getClassLoader())) {
            Method main = loader.loadClass(name).getMethod("main", String[].class);
            PrintStream old = System.out;
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            try {
                Go.run(() -> {
                    try {
                        main.invoke(null, (Object) new String[0]);
                    } catch (InvocationTargetException e) {
                        if (e.getCause() instanceof RuntimeException r) throw r;
                        if (e.getCause() instanceof Error err) throw err;
                        throw new RuntimeException(e.getCause());
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                });
            } finally {
                System.out.flush();
                System.setOut(old);
            }
            return buf.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
        }
    }
}
