import dev.go4j.Chan;

public class Deadlock {
    public static void main(String[] args) {
        Chan.<Integer>make().recv();
    }
}
