import java.nio.file.Files;
import java.nio.file.Path;

// A checked exception thrown by main itself: the panic shows it, unwrapped, with its stack.
public class CheckedFromMain {
    public static void main(String[] args) throws Exception {
        System.out.println(load(Path.of("/no/such/go4j.conf")));
    }

    static String load(Path p) throws Exception {
        return Files.readString(p);
    }
}
