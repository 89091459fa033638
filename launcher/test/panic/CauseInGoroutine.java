import dev.go4j.Chan;

import java.io.IOException;
import java.io.UncheckedIOException;

import static dev.go4j.Go.go;

// A goroutine panics with a cause: the report has "created by" and "Caused by:".
public class CauseInGoroutine {
    public static void main(String[] args) {
        var never = Chan.<String>make();
        go(CauseInGoroutine::loadConfig);
        never.recv();
    }

    static void loadConfig() {
        try {
            read();
        } catch (UncheckedIOException e) {
            throw new IllegalStateException("loading config", e);
        }
    }

    static void read() {
        throw new UncheckedIOException(new IOException("disk on fire"));
    }
}
