package dev.go4j.internal.sched;

/**
 * Names what a goroutine is blocked on when the JDK, not go4j, blocked it: a socket, a
 * {@code java.util.concurrent} lock, a monitor, {@code Thread.sleep}, a file read.
 *
 * <p>Implementation overview. Such a goroutine never went through go4j's gopark, so it
 * has no wait reason of its own; its stack says what it waits for. Only the run of JDK
 * frames on top of the stack counts (below the first frame of user code or of go4j's
 * public API), and within it the <em>outermost</em> recognisable frame wins over the
 * innermost: a socket read parks through {@code LockSupport}, and the socket frames
 * further out are what the user called. Go's words are used where Go has one
 * ({@code IO wait}, {@code sleep}); plain words otherwise ({@code jdk lock},
 * {@code monitor enter}, {@code file read}, or {@code CountDownLatch.await} style for the
 * rest of {@code java.util.concurrent}).
 */
final class JdkBlocking {
    private JdkBlocking() {}

    /** Appended to the reason of a goroutine that blocks its carrier outside {@code Go.blocking}. */
    static final String UNDECLARED = "not in Go.blocking";

    /**
     * The reason a goroutine that is unmounted but not parked by go4j waits for.
     * {@code state} is its virtual thread's state.
     */
    static String parkedReason(StackTraceElement[] stack, Thread.State state) {
        if (state == Thread.State.BLOCKED) return WaitReason.MONITOR_ENTER.text();
        String r = classify(stack);
        return r != null ? r : WaitReason.JDK_PARK.text();
    }

    /**
     * For a goroutine that holds its carrier: a reason if it is blocked in the JDK
     * without {@code Go.blocking} (a file read, or a park or monitor that pinned the
     * carrier: {@code carrierState} is the M's thread state), else null (running).
     */
    static String pinnedReason(StackTraceElement[] stack, Thread.State carrierState) {
        String io = fileIo(stack);
        if (io != null) return io;
        if (carrierState == Thread.State.BLOCKED) return WaitReason.MONITOR_ENTER.text();
        if (carrierState == Thread.State.WAITING || carrierState == Thread.State.TIMED_WAITING) {
            String r = classify(stack);
            return r != null ? r : WaitReason.JDK_PARK.text();
        }
        return null;
    }

    /** The file read or write on top of the stack, if any (the carrier sits in a read(2)). */
    static String fileIo(StackTraceElement[] stack) {
        int n = jdkTop(stack);
        for (int i = 0; i < n; i++) {
            String c = stack[i].getClassName(), m = stack[i].getMethodName();
            boolean fileClass = c.equals("java.io.FileInputStream") || c.equals("java.io.FileOutputStream")
                    || c.equals("java.io.RandomAccessFile") || c.equals("sun.nio.ch.FileChannelImpl")
                    || c.endsWith("FileDispatcherImpl") || c.equals("java.io.Console")
                    || c.startsWith("jdk.internal.io.JdkConsole");
            if (!fileClass) continue;
            if (m.startsWith("read") || m.equals("transferTo") || m.equals("available0")) return WaitReason.FILE_READ.text();
            if (m.startsWith("write") || m.startsWith("force")) return WaitReason.FILE_WRITE.text();
        }
        return null;
    }

    /** Classifies the JDK frames on top of the stack; null if none is recognised. */
    static String classify(StackTraceElement[] stack) {
        int n = jdkTop(stack);
        String found = null;
        for (int i = 0; i < n; i++) { // innermost to outermost: later (outer) matches win
            StackTraceElement e = stack[i];
            String c = e.getClassName(), m = e.getMethodName();
            String r = null;
            if (c.equals("java.lang.Thread") && m.startsWith("sleep")) r = WaitReason.SLEEP.text();
            else if (c.equals("java.lang.Object") && m.startsWith("wait")) r = WaitReason.MONITOR_WAIT.text();
            else if (isIo(c)) r = WaitReason.IO_WAIT.text();
            else if (c.startsWith("java.util.concurrent.locks.")) {
                if (c.endsWith("$ConditionObject")) r = WaitReason.JDK_CONDITION_WAIT.text();
                else if (!c.equals("java.util.concurrent.locks.LockSupport")) r = WaitReason.JDK_LOCK.text();
            } else if (c.startsWith("java.util.concurrent.") && !c.startsWith("java.util.concurrent.atomic.")) {
                r = simpleName(c) + "." + m;
            }
            if (r == null) continue;
            // IO wait is decisive: a socket read may wait on the socket's own lock, inside.
            if (found == null || !found.equals(WaitReason.IO_WAIT.text())) found = r;
        }
        return found;
    }

    private static boolean isIo(String c) {
        if (c.startsWith("sun.nio.ch.")) return !c.startsWith("sun.nio.ch.FileChannelImpl") && !c.endsWith("FileDispatcherImpl");
        return c.startsWith("java.net.") || c.startsWith("java.nio.channels.") || c.startsWith("sun.net.")
                || c.startsWith("java.lang.ProcessImpl") || c.startsWith("java.lang.ProcessHandleImpl");
    }

    /** How many frames from the top belong to the JDK (or go4j's internals) before the first frame of other code. */
    private static int jdkTop(StackTraceElement[] stack) {
        int i = 0;
        while (i < stack.length && isJdk(stack[i].getClassName())) i++;
        return i;
    }

    private static boolean isJdk(String c) {
        return c.startsWith("java.") || c.startsWith("jdk.") || c.startsWith("sun.") || c.startsWith("javax.")
                || c.startsWith("com.sun.") || c.startsWith("dev.go4j.internal.");
    }

    private static String simpleName(String c) {
        String s = c.substring(c.lastIndexOf('.') + 1);
        int inner = s.indexOf('$');
        return inner > 0 ? s.substring(0, inner) : s;
    }
}
