package app;

import app.util.Squares;

// A directory: ./go4j run tree/ (packages in subdirectories)
public class App {
    public static void main(String[] args) {
        System.out.println("tree: " + Squares.sum(10));
    }
}
