// B11's load generator, the same for every server: conns= connections to 127.0.0.1:port=,
// each doing trips= round trips of one 64-byte message (its connection number and trip
// number in the first 16 bytes) and checking every echo byte for byte. Prints
// "RESULT rtt_per_s=.. p99_us=.. round_trips=.." or "FAIL ..." (exit status 1).
package main

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"sort"
	"sync"
	"time"

	"go4jbench/harness"
)

const msgSize = 64

func main() {
	port := harness.Arg("port", 0)
	conns := int(harness.Arg("conns", 64))
	trips := int(harness.Arg("trips", 1000))
	addr := fmt.Sprintf("127.0.0.1:%d", port)

	// connect every client first, so that the timed part is round trips only
	cs := make([]net.Conn, conns)
	for i := range cs {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			harness.Fail("dial %s: %v", addr, err)
		}
		c.(*net.TCPConn).SetNoDelay(true)
		cs[i] = c
	}
	lat := make([][]time.Duration, conns)
	errs := make(chan error, conns)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range cs {
		wg.Add(1)
		go func(id int, c net.Conn) {
			defer wg.Done()
			defer c.Close()
			out, in := make([]byte, msgSize), make([]byte, msgSize)
			for k := range out {
				out[k] = byte(k)
			}
			l := make([]time.Duration, 0, trips)
			<-start
			for t := 0; t < trips; t++ {
				binary.LittleEndian.PutUint64(out[0:], uint64(id))
				binary.LittleEndian.PutUint64(out[8:], uint64(t))
				t0 := time.Now()
				if _, err := c.Write(out); err != nil {
					errs <- fmt.Errorf("conn %d trip %d: write: %v", id, t, err)
					return
				}
				if _, err := io.ReadFull(c, in); err != nil {
					errs <- fmt.Errorf("conn %d trip %d: read: %v", id, t, err)
					return
				}
				l = append(l, time.Since(t0))
				if !bytes.Equal(in, out) {
					errs <- fmt.Errorf("conn %d trip %d: wrong echo", id, t)
					return
				}
			}
			lat[id] = l
		}(i, cs[i])
	}
	t0 := time.Now()
	close(start)
	wg.Wait()
	wall := time.Since(t0)
	close(errs)
	if err := <-errs; err != nil {
		harness.Fail("%v", err)
	}
	all := make([]time.Duration, 0, conns*trips)
	for _, l := range lat {
		all = append(all, l...)
	}
	harness.Check(len(all) == conns*trips, "%d round trips, want %d", len(all), conns*trips)
	sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
	p99 := all[(len(all)*99)/100]
	fmt.Printf("RESULT rtt_per_s=%.1f p99_us=%.1f round_trips=%d\n",
		float64(len(all))/wall.Seconds(), float64(p99.Nanoseconds())/1e3, len(all))
}
