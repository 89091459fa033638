package dev.go4j.internal.sched;

import dev.go4j.Go;
import dev.go4j.internal.carrier.CarrierAdapter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * -Dgo4j.scheduler=jdk (the benchmark suite's comparison switch) runs goroutines on the
 * JDK's default virtual-thread scheduler. The property is read once per JVM, so each case
 * runs a small child JVM ({@link Child}) and reads what it prints.
 */
class JdkSchedulerSwitchTest {

    /** Prints where goroutine 1 and a goroutine it starts run, and whether park/ready works. */
    public static final class Child {
        public static void main(String[] args) {
            Go.run(() -> {
                boolean known = G.current() != null;
                String carrier = CarrierAdapter.currentCarrierThread() instanceof M ? "M" : "other";
                Thread self = Thread.currentThread();
                AtomicBoolean flag = new AtomicBoolean();
                Go.go(() -> {
                    flag.set(true);
                    Parking.goready(self);
                });
                boolean interrupted = false;
                while (!flag.get()) interrupted |= Parking.gopark(flag, WaitReason.ZERO);
                Parking.restoreInterrupt(interrupted);
                System.out.println("virtual=" + self.isVirtual() + " known=" + known + " carrier=" + carrier
                        + " readied=" + flag.get());
            });
        }
    }

    private static String runChild(String... props) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add(CarrierAdapter.REQUIRED_FLAG.split(" ")[0]);
        cmd.add(CarrierAdapter.REQUIRED_FLAG.split(" ")[1]);
        cmd.add(CarrierAdapter.CONTAINER_FLAG.split(" ")[0]); // else go4j prints a line about thread dumps
        cmd.add(CarrierAdapter.CONTAINER_FLAG.split(" ")[1]);
        cmd.addAll(List.of(props));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Child.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM did not end");
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    @Timeout(120)
    void goroutinesRunOnTheJdkSchedulerWhenAsked() throws Exception {
        assertEquals("virtual=true known=false carrier=other readied=true", runChild("-Dgo4j.scheduler=jdk"));
    }

    @Test
    @Timeout(120)
    void goroutinesRunOnGo4jsSchedulerByDefault() throws Exception {
        assertEquals("virtual=true known=true carrier=M readied=true", runChild());
    }
}
