public class Npe {
    public static void main(String[] args) {
        String s = args.length > 5 ? "x" : null;
        System.out.println(s.length());
    }
}
