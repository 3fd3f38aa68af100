// Package heappeak samples the peak heap while a benchmark runs, for figures that -benchmem does not give:
// B/op counts every allocation, not how much is held at once.
package heappeak

import (
	"runtime"
	"runtime/metrics"
	"time"
)

// Two measures of the heap, read without stopping the world so that sampling often does not distort the
// run. Objects counts every object not yet swept, garbage included, so its peak follows the collector's
// target (GOGC) and is what the process's memory sees; live is what the last collection found reachable,
// so its peak is what the code held at once.
const (
	heapObjects = "/memory/classes/heap/objects:bytes"
	heapLive    = "/gc/heap/live:bytes"
)

func read() (objects, live uint64) {
	s := []metrics.Sample{{Name: heapObjects}, {Name: heapLive}}
	metrics.Read(s)
	return s[0].Value.Uint64(), s[1].Value.Uint64()
}

// Sampler records the highest heap between Start and Stop.
type Sampler struct {
	baseObjects, baseLive uint64
	peakObjects, peakLive uint64
	stop, done            chan struct{}
}

// Start collects garbage, takes the heap left as the base and samples every millisecond until Stop.
func Start() *Sampler {
	runtime.GC()
	s := &Sampler{stop: make(chan struct{}), done: make(chan struct{})}
	s.baseObjects, s.baseLive = read()
	go func() {
		defer close(s.done)
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			s.sample()
			select {
			case <-s.stop:
				return
			case <-t.C:
			}
		}
	}()
	return s
}

func (s *Sampler) sample() {
	o, l := read()
	s.peakObjects, s.peakLive = max(s.peakObjects, o), max(s.peakLive, l)
}

// Figures are a run's heap in MiB: the live heap at Start (Base), and the peaks above it of the heap
// objects, garbage included (ExtraObjects), and of the live heap (ExtraLive).
type Figures struct {
	Base, ExtraObjects, ExtraLive float64
}

// Stop ends sampling and returns the figures.
func (s *Sampler) Stop() Figures {
	close(s.stop)
	<-s.done
	s.sample()
	return Figures{
		Base:         mib(s.baseLive),
		ExtraObjects: mib(s.peakObjects - min(s.peakObjects, s.baseObjects)),
		ExtraLive:    mib(s.peakLive - min(s.peakLive, s.baseLive)),
	}
}

// Report writes the figures as benchmark metrics.
func (f Figures) Report(b interface{ ReportMetric(float64, string) }) {
	b.ReportMetric(f.Base, "base-MB")
	b.ReportMetric(f.ExtraLive, "peak-live-extra-MB")
	b.ReportMetric(f.ExtraObjects, "peak-heap-extra-MB")
}

func mib(n uint64) float64 { return float64(n) / (1 << 20) }
