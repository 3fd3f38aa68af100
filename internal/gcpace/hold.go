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
// waits until the heap reaches a soft memory limit (see runtime/debug.SetMemoryLimit) rather than until
// it doubles: at first evalHeapLimit, or the live heap plus its headroom when that is more, and after
// every collection the live heap plus its headroom (holdLimit), so that each collection is followed by
// at least that much allocation, like the default pacing but with a bounded step. An evaluation of
// 100,000 resources with every rule collects four times instead of nine.
//
// A large live heap (an inventory of several hundred thousand resources) is held too: the default
// pacing would let the heap reach twice the live heap, several GiB; the headroom grows with the live
// heap (a quarter of it, plus the runtime's other memory) so that the collector neither runs without
// pause nor lets the heap double.
//
// When the last evaluation ends, the GC percentage comes back at once, the memory limit only after
// tailCollections more collections: OPA's evaluators return to sync.Pools that keep them, and through
// them the last queries' state (the policy input, bindings: 180 MB after 215 rules over 100,000
// resources, 505 MB before the engine emptied each query's virtual documents), until the second
// collection after their last use. Under the default pacing alone the
// report that follows would let the heap grow to twice that stale heap; under the hold's last limit the
// two collections that free it come at the evaluation's peak instead of above it.
//
// The collector is left alone when GOGC or GOMEMLIMIT is set in the environment and when the program
// set a memory limit itself.
const (
	evalHeapLimit = 768 << 20
	evalHeadroom  = 384 << 20
	// tailCollections is how many collections the hold's limit outlasts the hold: a sync.Pool drops
	// what it holds at the second collection after it was put there.
	tailCollections = 2
)

var gcPacing struct {
	sync.Mutex
	users   int
	relaxed bool
	percent int
	limit   int64
	// tail counts the collections left before the previous limit comes back after a hold.
	tail int
	// set is the limit the hold set last: a different one during the tail is the program's own.
	set int64
	// hold counts the holds, so that a collection sentinel of an ended hold does nothing.
	hold uint64
}

// HoldOff applies the evaluation pacing and returns the function that restores the previous one once
// the last concurrent HoldOff has ended.
func HoldOff() (restore func()) {
	gcPacing.Lock()
	defer gcPacing.Unlock()
	if gcPacing.users == 0 {
		if gcPacing.tail > 0 {
			// The tail of the previous hold: its limit is ours, not the program's.
			endTail()
		}
		if canHoldOff() {
			gcPacing.relaxed = true
			gcPacing.set = startLimit()
			gcPacing.limit = debug.SetMemoryLimit(gcPacing.set)
			gcPacing.percent = debug.SetGCPercent(-1)
			gcPacing.hold++
			armSentinel(gcPacing.hold)
		}
	}
	gcPacing.users++
	return func() {
		gcPacing.Lock()
		defer gcPacing.Unlock()
		if gcPacing.users--; gcPacing.users == 0 && gcPacing.relaxed {
			debug.SetGCPercent(gcPacing.percent)
			gcPacing.relaxed = false
			gcPacing.tail = tailCollections
		}
	}
}

// CollectBefore is called by a holder between two phases of its work, when it is about to allocate
// about expect bytes that it keeps (an evaluation's results): while the hold is in effect, and when that
// allocation would bring the heap to the hold's limit, it collects now, and reports whether it did.
//
// A collection is due either way. Between two phases the holder waits and the collector has the cores
// to itself; during the next phase every pointer that phase writes would pass a write barrier, and the
// memory it allocates would be marked too. Building the 492,500 results of 100,000 resources took 0.13 s
// without a collection and 0.25–0.9 s while one ran (bench/README.md).
func CollectBefore(expect uint64) bool {
	gcPacing.Lock()
	held := gcPacing.relaxed
	gcPacing.Unlock()
	if !held {
		return false
	}
	limit, heap := debug.SetMemoryLimit(-1), heapObjects()
	if limit <= 0 || heap == math.MaxUint64 {
		return false
	}
	// The collector starts before the heap reaches the limit: a sixteenth of it is kept as margin.
	if heap+overhead()+expect < uint64(limit)-uint64(limit)/16 {
		return false
	}
	runtime.GC()
	return true
}

func canHoldOff() bool {
	return os.Getenv("GOGC") == "" && os.Getenv("GOMEMLIMIT") == "" && debug.SetMemoryLimit(-1) == math.MaxInt64
}

// startLimit is the hold's first limit. The heap holds what was live at the last collection plus what
// was allocated since: after a scan, mostly the scanner's garbage. When it is large, a collection now
// costs a mark of the live data only, and tells how much room to leave above it.
func startLimit() int64 {
	if heapObjects() < evalHeapLimit/3 {
		return evalHeapLimit
	}
	runtime.GC()
	return holdLimit(liveHeap(), overhead())
}

// holdLimit is the limit for a live heap of live bytes and overhead bytes of other memory the runtime
// counts against the limit (see overhead): evalHeadroom above the live heap, overhead included, as
// measured for 100,000 resources (bench/README.md); above a large live heap, where evalHeadroom would be
// mostly overhead and the collector would run without pause, a quarter of the live heap plus the
// overhead. Never below evalHeapLimit.
func holdLimit(live, overhead uint64) int64 {
	return int64(max(evalHeapLimit, live+max(evalHeadroom, live/4+overhead)))
}

// overhead returns the memory that a memory limit counts besides heap objects and free pages: space
// left in partly used spans, stacks, the collector's metadata; hundreds of MiB above a live heap of
// several GiB, where a limit of the live heap plus evalHeadroom made the collector run without pause
// (twice the CPU of the default pacing for 300,000 resources).
func overhead() uint64 {
	s := []metrics.Sample{
		{Name: "/memory/classes/total:bytes"}, {Name: "/memory/classes/heap/released:bytes"},
		{Name: "/memory/classes/heap/free:bytes"}, {Name: "/memory/classes/heap/objects:bytes"},
	}
	metrics.Read(s)
	for _, x := range s {
		if x.Value.Kind() != metrics.KindUint64 {
			return 0
		}
	}
	counted := s[0].Value.Uint64() - s[1].Value.Uint64()
	if used := s[2].Value.Uint64() + s[3].Value.Uint64(); counted > used {
		return counted - used
	}
	return 0
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

// afterCollection moves the hold's memory limit to holdLimit of the live heap and arms a sentinel for
// the next collection, while the hold that armed it lasts; in its tail it only raises the limit, and
// restores the previous one after the last collection of the tail.
func afterCollection(s *holdSentinel) {
	gcPacing.Lock()
	defer gcPacing.Unlock()
	if s.hold != gcPacing.hold || (!gcPacing.relaxed && gcPacing.tail == 0) {
		return
	}
	limit := holdLimit(liveHeap(), overhead())
	if !gcPacing.relaxed {
		if gcPacing.tail--; gcPacing.tail == 0 || debug.SetMemoryLimit(-1) != gcPacing.set {
			endTail()
			return
		}
		// The report being written may hold more than the evaluation did (a whole-document format):
		// the limit follows the live heap up, never down.
		limit = max(limit, gcPacing.set)
	}
	gcPacing.set = limit
	debug.SetMemoryLimit(limit)
	armSentinel(s.hold)
}

// endTail ends the tail of a hold: the previous limit comes back unless the program has set one of its
// own since, and the tail's sentinel stops.
func endTail() {
	if debug.SetMemoryLimit(-1) == gcPacing.set {
		debug.SetMemoryLimit(gcPacing.limit)
	}
	gcPacing.tail = 0
	gcPacing.hold++
}
