package dev.go4j.internal.sched;

/**
 * Go's schedtrace (runtime/proc.go: schedtrace), printed by sysmon with
 * {@code -Dgo4j.schedtrace=MS}:
 * <pre>
 * SCHED 1004ms: gomaxprocs=2 idleprocs=0 threads=4 spinningthreads=1 needspinning=0 idlethreads=1 runqueue=3 [12 0]
 * </pre>
 * The numbers are read without stopping anything, as in Go, so they may be mutually
 * inconsistent by a little.
 */
public final class SchedTrace {
    private static final StackTraceElement[] NO_STACK = new StackTraceElement[0];

    private SchedTrace() {}

    public static String line(Sched s, long ms, boolean detail) {
        StringBuilder sb = new StringBuilder();
        int procs = s.gomaxprocs;
        sb.append("SCHED ").append(ms).append("ms: gomaxprocs=").append(procs)
          .append(" idleprocs=").append(s.idleProcs())
          .append(" threads=").append(s.threads())
          .append(" spinningthreads=").append(s.spinningThreads())
          .append(" needspinning=").append(s.needSpinning())
          .append(" idlethreads=").append(s.idleThreads())
          .append(" runqueue=").append(s.runq.size());
        P[] ps = s.allp;
        if (!detail) {
            sb.append(" [");
            for (int i = 0; i < Math.min(procs, ps.length); i++) {
                if (i > 0) sb.append(' ');
                sb.append(ps[i].runq.size());
            }
            sb.append("]\n");
            return sb.toString();
        }
        sb.append(" gcount=").append(s.numGoroutine()).append('\n');
        if (!s.isDefault) sb.append("  ").append(s.checkdead.describe()).append('\n');
        for (P pp : ps) {
            M mp = pp.m;
            sb.append("  P").append(pp.id).append(": status=").append(pp.status)
              .append(" schedtick=").append(pp.schedtick).append(" syscalltick=").append(pp.syscalltick)
              .append(" m=").append(mp != null ? mp.mid : -1)
              .append(" runqsize=").append(pp.runq.size()).append(" timerslen=").append(pp.timers.len()).append('\n');
        }
        for (M mp : s.allm) {
            P pp = mp.p;
            // An M whose P sysmon handed off (its G stuck in a loop or blocked in native
            // code) keeps the reference until the G returns; it holds no P, as Go's M in
            // a syscall has none.
            if (pp != null && pp.m != mp) pp = null;
            G g = mp.curg;
            sb.append("  M").append(mp.mid).append(": p=").append(pp != null ? pp.id : -1)
              .append(" curg=").append(g != null ? g.goid : -1)
              .append(" stuck=").append(mp.stuck)
              .append(" spinning=").append(mp.spinning)
              .append(" blocked=").append(mp.getState() != Thread.State.RUNNABLE)
              .append(" lockedg=").append(mp.lockedg != null ? mp.lockedg.goid : -1).append('\n');
        }
        // Mirrors schedtrace's G lines; go4j adds where a runnable G is queued, which is
        // what tells a lost wake-up (runnable, queued nowhere) from a starved G.
        java.util.Map<G, String> where = new java.util.IdentityHashMap<>();
        for (P pp : ps) {
            G next = pp.runq.runnext();
            if (next != null) where.put(next, "P" + pp.id + ".runnext");
            pp.runq.forEach(g -> { if (g != null) where.putIfAbsent(g, "P" + pp.id); return true; });
        }
        s.forEachGlobal(g -> { if (g != null) where.putIfAbsent(g, "global"); return true; });
        for (G g : s.allgs.snapshot()) {
            M mp = g.m;
            int status = g.status;
            String reason = "";
            if (status == GStatus.WAITING) {
                reason = g.waitReason.text();
            } else if (status == GStatus.RUNNING && mp == null) {
                // Parked by the JDK (a socket, a j.u.c lock, a monitor): waiting, as Go
                // would say. Named from the thread state only; a stack would suspend the
                // thread, which a trace printed every few ms must not do (the dump names it).
                Thread vt = g.thread;
                status = GStatus.WAITING;
                reason = JdkBlocking.parkedReason(NO_STACK, vt == null ? null : vt.getState());
            }
            sb.append("  G").append(g.goid).append(": status=").append(status)
              .append('(').append(reason).append(')')
              .append(" m=").append(mp != null ? mp.mid : -1)
              .append(" lockedm=").append(g.lockedm != null ? g.lockedm.mid : -1);
            String q = where.get(g);
            if (q != null) sb.append(" queued=").append(q);
            sb.append('\n');
        }
        return sb.toString();
    }
}
