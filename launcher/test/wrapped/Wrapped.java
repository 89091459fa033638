import dev.go4j.Chan;
import dev.go4j.Go;

import static dev.go4j.Go.go;

// Written for plain `java`: main calls Go.run itself. ./go4j run must run it unchanged.
public class Wrapped {
    public static void main(String[] args) {
        Go.run(() -> {
            var ch = Chan.<String>make();
            go(() -> ch.send("pong"));
            System.out.println("wrapped: " + ch.recv() + " in goroutine " + Go.goid());
        });
        System.out.println("after Go.run on goroutine " + Go.goid());
    }
}
