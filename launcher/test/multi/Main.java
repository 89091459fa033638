// Two files: ./go4j run multi/Main.java multi/Helper.java
public class Main {
    public static void main(String[] args) {
        System.out.println(Helper.greet(args.length > 0 ? args[0] : "nobody"));
    }
}
