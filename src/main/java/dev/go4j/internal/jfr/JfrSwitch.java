package dev.go4j.internal.jfr;

import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.MutableCallSite;

/**
 * Whether go4j's JFR events may be in use: false until JFR is initialized in this JVM
 * (a recording was created, by {@code -XX:StartFlightRecording}, {@code jcmd JFR.start}
 * or {@code new Recording()}), and a JIT constant either way.
 *
 * <p>Why a switch in front of {@code isEnabled()}: the first initialization of any JFR
 * event class initializes JFR's metadata, about 100 ms on this kind of machine, which
 * every program paid at its first goroutine although nothing was recording. Until JFR is initialized no event can be enabled, so the scheduler does not
 * touch the event classes at all. When JFR initializes, the listener initializes them
 * all on that thread first and only then turns the switch, so an M never initializes an
 * event class (class initialization takes locks a goroutine may hold; see
 * {@code SchedEvents}). Settings for go4j's events apply as they register, so a
 * recording loses nothing it could have had.
 */
public final class JfrSwitch {
    private JfrSwitch() {}

    private static final MutableCallSite SITE = new MutableCallSite(MethodType.methodType(boolean.class));
    private static final MethodHandle ON = SITE.dynamicInvoker();

    static {
        SITE.setTarget(MethodHandles.constant(boolean.class, false));
        // Called at once, on this thread, if JFR is already initialized.
        FlightRecorder.addListener(new FlightRecorderListener() {
            @Override
            public void recorderInitialized(FlightRecorder recorder) {
                turnOn();
            }
        });
    }

    /**
     * True once JFR is initialized and go4j's event classes are ready: only then is it
     * worth creating an event to ask {@code isEnabled()}.
     * @return whether go4j's events may be enabled
     */
    public static boolean on() {
        try {
            return (boolean) ON.invokeExact();
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    private static synchronized void turnOn() {
        if (on()) return;
        for (Class<?> c : new Class<?>[] {Deadlock.class, GomaxprocsChange.class, GoroutineCreate.class, GoroutineEnd.class,
                GoroutinePark.class, GoroutinePreempt.class, GoroutineSteal.class, ProcHandoff.class}) {
            try {
                Class.forName(c.getName(), true, c.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
        SITE.setTarget(MethodHandles.constant(boolean.class, true));
        MutableCallSite.syncAll(new MutableCallSite[] {SITE});
    }
}
