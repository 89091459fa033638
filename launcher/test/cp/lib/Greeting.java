package lib;

public final class Greeting {
    private Greeting() {}

    public static String text() { return "from the class path"; }
}
