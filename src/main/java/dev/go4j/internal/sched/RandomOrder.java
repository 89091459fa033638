package dev.go4j.internal.sched;

/**
 * Go's randomOrder: visiting all P's in a random order by starting at a random position
 * and stepping by a random stride coprime with the count.
 */
final class RandomOrder {
    private RandomOrder() {}

    /** A stride in [1, n] coprime with n, picked from {@code r}. */
    static int coprime(int n, int r) {
        int c = 1 + Math.floorMod(r, n);
        while (gcd(c, n) != 1) c = c % n + 1;
        return c;
    }

    static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
