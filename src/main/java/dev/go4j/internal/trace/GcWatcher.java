package dev.go4j.internal.trace;

import com.sun.management.GarbageCollectionNotificationInfo;

import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts the JVM's garbage collections into the trace (Go's trace shows GC too), from the
 * collectors' JMX notifications: their start and duration have millisecond precision,
 * which is what the JVM reports.
 */
final class GcWatcher implements NotificationListener {
    private final Tracer tracer;
    private final long jvmStartEpochMs;
    private final long traceStartEpochNs;
    private final long traceStartNano;
    private final List<NotificationEmitter> emitters = new ArrayList<>();

    private GcWatcher(Tracer tracer) {
        this.tracer = tracer;
        this.jvmStartEpochMs = ManagementFactory.getRuntimeMXBean().getStartTime();
        this.traceStartEpochNs = System.currentTimeMillis() * 1_000_000L;
        this.traceStartNano = System.nanoTime();
    }

    /** Listens to every collector; null if the JVM offers no notifications. */
    static GcWatcher start(Tracer tracer) {
        try {
            GcWatcher w = new GcWatcher(tracer);
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                if (gc instanceof NotificationEmitter ne) {
                    ne.addNotificationListener(w, null, null);
                    w.emitters.add(ne);
                }
            }
            return w;
        } catch (RuntimeException | LinkageError e) {
            return null; // no java.management/jdk.management: the trace just has no GC
        }
    }

    void stop() {
        for (NotificationEmitter ne : emitters) {
            try {
                ne.removeNotificationListener(this);
            } catch (ListenerNotFoundException ignored) {
                // already gone
            }
        }
    }

    @Override
    public void handleNotification(Notification n, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) return;
        var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData()).getGcInfo();
        long startEpochNs = (jvmStartEpochMs + info.getStartTime()) * 1_000_000L;
        long startNano = traceStartNano + (startEpochNs - traceStartEpochNs);
        if (startNano < traceStartNano) return; // a collection from before the trace
        tracer.append(TraceEvent.GC, 0, -1, 0, Math.max(1, info.getDuration()) * 1_000_000L, startNano);
    }
}
