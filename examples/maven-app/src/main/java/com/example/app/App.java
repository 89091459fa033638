package com.example.app;

import dev.go4j.Go;

/** Runs the pipeline as goroutine 1 of a go4j runtime and says where go4j was loaded from. */
public final class App {
    private App() {}

    public static void main(String[] args) {
        Go.run(() -> {
            long sum = Squares.sumOfSquares(1000, 8);
            Module m = Go.class.getModule();
            System.out.println("sum of squares 1..1000 = " + sum + " (go4j on the "
                    + (m.isNamed() ? "module path, module " + m.getName() : "class path") + ")");
        });
    }
}
