package gcpace

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// A policy evaluation holds the inventory, its OPA copy and the report while it allocates short-lived
// values at a high rate; one garbage collection cycle, which marks all that long-lived data, costs more
// than a second of CPU for 100,000 resources. While evaluations run (HoldOff), the collector therefore
// waits until the heap reaches evalHeapLimit (a soft limit, see runtime/debug.SetMemoryLimit) rather than
// until it doubles: an evaluation of 100,000 resources then runs without a collection and stays well
// under 1 GiB. The previous settings come back when the last evaluation ends.
//
// The collector is left alone when GOGC or GOMEMLIMIT is set in the environment, when the program set a
// memory limit itself, and when the live heap is already large (a bigger inventory needs the default
// pacing).
const (
	evalHeapLimit   = 768 << 20
	evalHeapMaxLive = evalHeapLimit / 3
)

var gcPacing struct {
	sync.Mutex
	users   int
	relaxed bool
	percent int
	limit   int64
}

// HoldOff applies the evaluation pacing and returns the function that restores the previous one once
// the last concurrent HoldOff has ended.
func HoldOff() (restore func()) {
	gcPacing.Lock()
	defer gcPacing.Unlock()
	if gcPacing.users == 0 && canHoldOff() {
		gcPacing.relaxed = true
		gcPacing.limit = debug.SetMemoryLimit(evalHeapLimit)
		gcPacing.percent = debug.SetGCPercent(-1)
	}
	gcPacing.users++
	return func() {
		gcPacing.Lock()
		defer gcPacing.Unlock()
		if gcPacing.users--; gcPacing.users == 0 && gcPacing.relaxed {
			debug.SetGCPercent(gcPacing.percent)
			debug.SetMemoryLimit(gcPacing.limit)
			gcPacing.relaxed = false
		}
	}
}

func canHoldOff() bool {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" || debug.SetMemoryLimit(-1) != math.MaxInt64 {
		return false
	}
	if heapObjects() < evalHeapMaxLive {
		return true
	}
	// The heap holds what was live at the last collection plus what was allocated since: after a scan,
	// mostly the scanner's garbage. A collection now costs a mark of the live data only, and tells
	// whether the evaluation can start from a small heap.
	runtime.GC()
	return heapObjects() < evalHeapMaxLive
}

// heapObjects returns the bytes of heap objects, live or not yet swept.
func heapObjects() uint64 {
	heap := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(heap)
	if heap[0].Value.Kind() != metrics.KindUint64 {
		return math.MaxUint64
	}
	return heap[0].Value.Uint64()
}
