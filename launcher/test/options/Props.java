import dev.go4j.Go;

public class Props {
    public static void main(String[] args) {
        System.out.println("a=" + System.getProperty("a") + " b=" + System.getProperty("b")
                + " procs=" + Go.gomaxprocs(0) + " args=" + String.join(",", args));
    }
}
