package dev.go4j.internal.sched;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Port of Go's TestStealOrder (runtime.RunStealOrderTest): findRunnable's walk over the
 * P's, a random start stepped by a stride coprime with the count, must be able to use
 * every coprime stride (Go's randomOrder keeps the list of all of them), have at least
 * two once there are 3 P's, and visit each P exactly once before it is back at its start,
 * for every start and stride. RunQueueTest.randomOrderVisitsEveryP samples strides;
 * this checks them all, for every count up to 64.
 */
@Timeout(60)
class StealOrderTest {

    @Test
    void everyCoprimeStrideIsUsedAndEveryWalkVisitsEachPOnce() {
        for (int procs = 1; procs <= 64; procs++) {
            TreeSet<Integer> coprimes = new TreeSet<>();
            for (int c = 1; c <= procs; c++) if (RandomOrder.gcd(c, procs) == 1) coprimes.add(c);
            TreeSet<Integer> used = new TreeSet<>();
            // every residue of the random draw, and draws far from 0 either side
            for (int r = 0; r < 3 * procs; r++) {
                for (int draw : new int[] {r, Integer.MAX_VALUE - r, r * 7919}) {
                    int inc = RandomOrder.coprime(procs, draw);
                    assertTrue(inc >= 1 && inc <= procs, "procs=" + procs + " stride " + inc);
                    assertEquals(1, RandomOrder.gcd(inc, procs), "procs=" + procs + " stride " + inc + " is not coprime");
                    used.add(inc);
                }
            }
            assertEquals(coprimes, used, "procs=" + procs + ": strides used");
            if (procs >= 3) assertTrue(used.size() >= 2, "too few coprimes for procs=" + procs);
            for (int inc : used) {
                for (int start = 0; start < procs; start++) {
                    boolean[] checked = new boolean[procs];
                    int pos = start;
                    for (int k = 0; k < procs; k++, pos = (pos + inc) % procs) {
                        assertFalse(checked[pos], "duplicate during enumeration: procs=" + procs + " start=" + start + " inc=" + inc);
                        checked[pos] = true;
                    }
                    assertEquals(start, pos, "not done after procs steps");
                }
            }
        }
    }
}
