import java.util.List;

public class Broken {
    public static void main(String[] args) {
        List raw = List.of(1);           // an unchecked warning: must not print a note
        int n = undefinedThing + 1;
        System.out.println(raw + " " + n);
    }
}
