public class UsesLib {
    public static void main(String[] args) {
        System.out.println("cp: " + lib.Greeting.text());
    }
}
