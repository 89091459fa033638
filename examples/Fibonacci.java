import dev.go4j.Chan;
import dev.go4j.Received;
import dev.go4j.Select;
import dev.go4j.Sent;
import dev.go4j.Unit;

import static dev.go4j.Go.go;
import static dev.go4j.Select.recv;
import static dev.go4j.Select.send;
import static dev.go4j.Unit.UNIT;

/**
 * The Go tour's fibonacci with select (https://go.dev/tour/concurrency/5): a select loop
 * that assigns locals and returns from inside a case, written as a switch over Select.of.
 *
 *   ./go4j run examples/Fibonacci.java
 */
public class Fibonacci {
    static void fibonacci(Chan<Integer> c, Chan<Unit> quit) {
        int x = 0, y = 1;
        for (;;) {                                                  // for {
            switch (Select.of(send(c, x), recv(quit))) {           //     select {
                case Sent<?> s -> {                                 //     case c <- x:
                    int t = x;                                      //         x, y = y, x+y
                    x = y;
                    y = t + y;
                }
                case Received<?> r -> {                             //     case <-quit:
                    System.out.println("quit");                     //         fmt.Println("quit")
                    return;                                         //         return
                }
                default -> { }                                      //     }
            }
        }
    }

    public static void main(String[] args) {
        var c = Chan.<Integer>make();
        var quit = Chan.<Unit>make();
        go(() -> {
            for (int i = 0; i < 10; i++) System.out.println(c.recv());
            quit.send(UNIT);
        });
        fibonacci(c, quit);
    }
}

// Output:
// 0
// 1
// 1
// 2
// 3
// 5
// 8
// 13
// 21
// 34
// quit
