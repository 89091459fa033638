package dev.go4j.internal.jmx;

import dev.go4j.internal.sched.Runtimes;
import dev.go4j.internal.sched.Sched;

import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import java.lang.management.ManagementFactory;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * Keeps the platform MBean server in step with the live runtimes: one
 * {@code dev.go4j:type=Runtime,id=N} per runtime, and {@code dev.go4j:type=Goroutines}.
 *
 * <p>Implementation overview. Creating the platform MBean server costs a few hundred
 * milliseconds of CPU (it builds every platform MXBean), too much for the start of every
 * program. So a runtime's start or end only flags a change; one daemon thread,
 * {@code go4j-jmx}, started with the first runtime, waits {@code go4j.jmx.delay} ms
 * (default 1000) and then brings the server in step, and again after every change. A
 * program that ends within that second never pays for JMX; a JConsole user does not
 * notice. {@code -Dgo4j.jmx=false} turns it off.
 */
public final class JmxPublisher {
    private JmxPublisher() {}

    static final boolean ENABLED = !"false".equals(System.getProperty("go4j.jmx"));
    private static final long DELAY_MS = Long.getLong("go4j.jmx.delay", 1000L);
    private static final String DOMAIN = "dev.go4j";

    private static volatile Thread worker;
    private static volatile boolean dirty;
    /** Runtime ids registered now; guarded by the class lock. */
    private static final Set<Long> registered = new HashSet<>();
    private static boolean globalRegistered;

    /** A runtime started or ended. */
    public static void changed() {
        if (!ENABLED) return;
        dirty = true;
        Thread w = worker;
        if (w == null) {
            synchronized (JmxPublisher.class) {
                w = worker;
                if (w == null) {
                    w = Thread.ofPlatform().daemon(true).name("go4j-jmx").unstarted(JmxPublisher::loop);
                    worker = w;
                    w.start();
                    return;
                }
            }
        }
        LockSupport.unpark(w);
    }

    private static void loop() {
        long until = System.nanoTime() + DELAY_MS * 1_000_000L;
        for (long left; (left = until - System.nanoTime()) > 0; ) LockSupport.parkNanos(left);
        for (;;) {
            if (dirty) {
                dirty = false;
                try {
                    sync();
                } catch (RuntimeException | LinkageError e) {
                    System.err.println("go4j: JMX registration failed: " + e);
                }
            } else {
                LockSupport.park();
            }
        }
    }

    /**
     * The JMX name of a runtime's MXBean.
     * @param id the runtime id
     * @return the JMX name of a runtime's MXBean
     */
    public static ObjectName runtimeName(long id) {
        try {
            return new ObjectName(DOMAIN + ":type=Runtime,id=" + id);
        } catch (JMException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The JMX name of the process-wide MXBean.
     * @return the JMX name of the process-wide MXBean
     */
    public static ObjectName goroutinesName() {
        try {
            return new ObjectName(DOMAIN + ":type=Goroutines");
        } catch (JMException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Registers the beans of live runtimes and unregisters those of ended ones, now, on the caller's thread. */
    public static synchronized void sync() {
        if (!ENABLED) return;
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            if (!globalRegistered) {
                register(server, new StandardMBean(new GoroutinesBean(), dev.go4j.runtime.GoroutinesMXBean.class, true), goroutinesName());
                globalRegistered = true;
            }
            Set<Long> live = new HashSet<>();
            for (Sched s : Runtimes.live()) {
                live.add(s.runtimeId());
                if (registered.add(s.runtimeId())) {
                    register(server, new StandardMBean(new RuntimeBean(s), dev.go4j.runtime.GoRuntimeMXBean.class, true), runtimeName(s.runtimeId()));
                }
            }
            for (var it = registered.iterator(); it.hasNext(); ) {
                long id = it.next();
                if (live.contains(id)) continue;
                it.remove();
                try {
                    server.unregisterMBean(runtimeName(id));
                } catch (InstanceNotFoundException ignored) {
                    // someone else removed it
                }
            }
        } catch (JMException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void register(MBeanServer server, Object bean, ObjectName name) throws JMException {
        try {
            server.registerMBean(bean, name);
        } catch (InstanceAlreadyExistsException e) {
            server.unregisterMBean(name); // a stale one (another class loader's go4j)
            server.registerMBean(bean, name);
        }
    }
}
