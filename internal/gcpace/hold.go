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
// until it doubles, and then leaves evalHeadroom above the live heap (below): an evaluation of 100,000
// resources with every rule collects four times instead of nine, with a heap near 1 GiB at its peak. The
// previous settings come back when the last evaluation ends.
//
// The collector is left alone when GOGC or GOMEMLIMIT is set in the environment, when the program set a
// memory limit itself, and when the live heap is already large (a bigger inventory needs the default
// pacing).
//
// An evaluation whose live heap grows near the limit (every rule over a large estate: the report's
// results, the OPA input and the rules' working sets reached 600 MiB of 768) would make the collector
// run again and again with little room between cycles: nine collections, a third of the CPU, in the
// 100,000-resource benchmark. After every collection during a hold the limit therefore moves to the live
// heap plus evalHeadroom when that is higher, so that each collection is followed by at least that
// much allocation, like the default pacing but with a bounded step.
const (
	evalHeapLimit   = 768 << 20
	evalHeapMaxLive = evalHeapLimit / 3
	evalHeadroom    = 384 << 20
)

var gcPacing struct {
	sync.Mutex
	users   int
	relaxed bool
	percent int
	limit   int64
	// hold counts the holds, so that a collection sentinel of an ended hold does nothing.
	hold uint64
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
		gcPacing.hold++
		armSentinel(gcPacing.hold)
	}
	gcPacing.users++
	return func() {
		gcPacing.Lock()
		defer gcPacing.Unlock()
		if gcPacing.users--; gcPacing.users == 0 && gcPacing.relaxed {
			debug.SetGCPercent(gcPacing.percent)
			debug.SetMemoryLimit(gcPacing.limit)
			gcPacing.relaxed = false
			gcPacing.hold++
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

// holdSentinel is as sentinel (gcpace.go), for the evaluation pacing.
type holdSentinel struct {
	_    *holdSentinel
	hold uint64
}

func armSentinel(hold uint64) {
	runtime.SetFinalizer(&holdSentinel{hold: hold}, afterCollection)
}

// afterCollection moves the hold's memory limit to the live heap plus evalHeadroom when that is above
// evalHeapLimit, and arms a sentinel for the next collection, while the hold that armed it lasts.
func afterCollection(s *holdSentinel) {
	gcPacing.Lock()
	defer gcPacing.Unlock()
	if !gcPacing.relaxed || s.hold != gcPacing.hold {
		return
	}
	debug.SetMemoryLimit(int64(max(evalHeapLimit, liveHeap()+evalHeadroom)))
	armSentinel(s.hold)
}
