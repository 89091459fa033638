// Package harness is the common frame of every Go workload program, the same as
// bench/workloads/dev/go4j/bench/Harness.java: command line "n=SIZE warmups=K"; K runs at
// SIZE/10, then one timed run at SIZE; one line "RESULT wall_ms=.. ns_per_op=.. cpu_ms=.."
// on success, "FAIL ..." and exit status 1 on a wrong answer.
package harness

import (
	"fmt"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Result is what one run reports: the number of operations and extra metrics.
type Result struct {
	Ops   int64
	Extra map[string]float64
}

// Arg returns the value of key=value on the command line, or dflt.
func Arg(key string, dflt int64) int64 {
	for _, a := range os.Args[1:] {
		if strings.HasPrefix(a, key+"=") {
			v, err := strconv.ParseInt(a[len(key)+1:], 10, 64)
			if err != nil {
				Fail("bad argument %q", a)
			}
			return v
		}
	}
	return dflt
}

// Check fails the run loudly when ok is false.
func Check(ok bool, format string, args ...interface{}) {
	if !ok {
		Fail("wrong result: "+format, args...)
	}
}

// Fail prints FAIL and exits with status 1.
func Fail(format string, args ...interface{}) {
	fmt.Printf("FAIL "+format+"\n", args...)
	os.Exit(1)
}

func cpuNanos() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}

// Main runs the workload: warm-ups, then the timed run, then prints RESULT.
func Main(body func(n int64) Result) {
	n, warmups := Arg("n", 1000), Arg("warmups", 2)
	wn := n / 10
	if wn < 1 {
		wn = 1
	}
	for i := int64(0); i < warmups; i++ {
		body(wn)
	}
	cpu0 := cpuNanos()
	t0 := time.Now()
	r := body(n)
	wall := time.Since(t0).Nanoseconds()
	cpu := cpuNanos() - cpu0
	var sb strings.Builder
	fmt.Fprintf(&sb, "RESULT wall_ms=%.3f ns_per_op=%.3f cpu_ms=%.3f", float64(wall)/1e6, float64(wall)/float64(r.Ops), float64(cpu)/1e6)
	keys := make([]string, 0, len(r.Extra))
	for k := range r.Extra {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(&sb, " %s=%.3f", k, r.Extra[k])
	}
	fmt.Println(sb.String())
}

// HeapAfterGC is the heap plus goroutine stacks in use after a full GC, in bytes.
func HeapAfterGC() int64 {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return int64(ms.HeapInuse + ms.StackInuse)
}

// RSS is the resident set size of this process in bytes (Linux /proc/self/statm), or 0.
func RSS() int64 {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b))
	if len(f) < 2 {
		return 0
	}
	pages, _ := strconv.ParseInt(f[1], 10, 64)
	return pages * 4096
}

// SleepMillis is the sleep of sleeper i in B7, 1..100 ms: the same formula in every variant.
func SleepMillis(i int64) int {
	x := uint64(i) * 0x9E3779B97F4A7C15
	x ^= x >> 29
	return int(x%100) + 1
}
