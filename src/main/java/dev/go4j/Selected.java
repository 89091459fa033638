package dev.go4j;

/**
 * The case that a select statement ({@link Select#of}) chose: a {@link Received} value, a
 * {@link Sent} value, or {@link Otherwise} (Go's {@code default}). A sealed type, so that a
 * {@code switch} over it is a Go {@code select} statement whose branches are plain Java:
 * {@code break}, {@code continue}, {@code return} and assignments to locals all work.
 *
 * <pre>{@code
 * for (;;) {                                       // for {
 *     switch (Select.of(send(c, x), recv(quit))) { //     select {
 *         case Sent<?> s -> {                      //     case c <- x:
 *             int t = x; x = y; y = t + y;         //         x, y = y, x+y
 *         }
 *         case Received<?> r -> {                  //     case <-quit:
 *             System.out.println("quit");          //         fmt.Println("quit")
 *             return;                              //         return
 *         }
 *         case Otherwise o -> { }                  //     }
 *     }                                            // }
 * }
 * }</pre>
 */
public sealed interface Selected permits Received, Sent, Otherwise {
}
