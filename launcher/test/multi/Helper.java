class Helper {
    static String greet(String who) { return "hello, " + who; }
}
