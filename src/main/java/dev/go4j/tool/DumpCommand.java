package dev.go4j.tool;

import com.sun.tools.attach.VirtualMachine;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * {@code ./go4j dump PID [1|2]}: prints the goroutine dump of another JVM, Go's SIGQUIT
 * for go4j. It attaches to the process (the JDK's Attach API, as {@code jcmd} does),
 * starts the target's local JMX agent and calls the {@code dump} operation of its
 * {@code dev.go4j:type=Goroutines} MXBean. Nothing listens on the network: the local
 * agent is reachable from the same user's processes only.
 */
public final class DumpCommand {
    private DumpCommand() {}

    /** How long to wait for a freshly started program to publish its MXBean (go4j.jmx.delay). */
    private static final long WAIT_NS = 5_000_000_000L;

    /**
     * Runs the command.
     * @param args the process id, then optionally the debug level (1 grouped, 2 full; default 2)
     * @throws Exception when attaching fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 2) usage();
        String pid = args[0];
        int debug = 2;
        if (args.length == 2) {
            if (!args[1].equals("1") && !args[1].equals("2")) usage();
            debug = Integer.parseInt(args[1]);
        }
        try {
            System.out.print(fetch(pid, debug));
        } catch (IllegalStateException e) {
            System.err.println("go4j dump: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void usage() {
        System.err.println("usage: ./go4j dump PID [1|2]   (1: grouped by stack, 2: every goroutine)");
        System.exit(2);
    }

    /**
     * The dump of process {@code pid}.
     * @param pid the target JVM's process id
     * @param debug 1 or 2
     * @return the dump text
     * @throws Exception when the process cannot be attached to
     * @throws IllegalStateException when the process runs no go4j runtime
     */
    public static String fetch(String pid, int debug) throws Exception {
        VirtualMachine vm;
        try {
            vm = VirtualMachine.attach(pid);
        } catch (Exception e) {
            throw new IllegalStateException("cannot attach to process " + pid + ": " + e.getMessage()
                    + " (it must be a JVM run by the same user)", e);
        }
        try {
            String address = vm.startLocalManagementAgent();
            try (JMXConnector c = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
                MBeanServerConnection mbs = c.getMBeanServerConnection();
                ObjectName name = new ObjectName("dev.go4j:type=Goroutines");
                long deadline = System.nanoTime() + WAIT_NS;
                while (!mbs.isRegistered(name)) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("process " + pid + " runs no go4j runtime (no dev.go4j:type=Goroutines MXBean; -Dgo4j.jmx=false turns it off)");
                    }
                    Thread.sleep(50); // the target registers it shortly after its first runtime starts
                }
                return (String) mbs.invoke(name, "dump", new Object[] {debug}, new String[] {"int"});
            }
        } finally {
            vm.detach();
        }
    }
}
