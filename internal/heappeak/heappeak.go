// Package heappeak samples the peak of live heap while a benchmark runs, for figures that -benchmem does
// not give: B/op counts every allocation, not how much is held at once.
package heappeak

import (
	"runtime"
	"runtime/metrics"
	"time"
)

const heapObjects = "/memory/classes/heap/objects:bytes"

// Live returns the bytes of heap objects now, live or not yet swept. runtime/metrics reads it without
// stopping the world, so sampling it often does not distort the run.
func Live() uint64 {
	s := []metrics.Sample{{Name: heapObjects}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// Sampler records the highest Live value between Start and Stop.
type Sampler struct {
	base uint64
	stop chan struct{}
	done chan struct{}
	peak uint64
}

// Start collects garbage, takes the heap left as the base and samples every millisecond until Stop.
func Start() *Sampler {
	runtime.GC()
	s := &Sampler{base: Live(), stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(s.done)
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			s.peak = max(s.peak, Live())
			select {
			case <-s.stop:
				return
			case <-t.C:
			}
		}
	}()
	return s
}

// Stop ends sampling and returns the base (the heap at Start) and the peak above it, in MiB.
func (s *Sampler) Stop() (baseMiB, extraMiB float64) {
	close(s.stop)
	<-s.done
	peak := max(s.peak, Live())
	return float64(s.base) / (1 << 20), float64(peak-min(peak, s.base)) / (1 << 20)
}
