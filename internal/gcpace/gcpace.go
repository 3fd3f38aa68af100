// Package gcpace paces the garbage collector for vigil's two allocation-heavy phases: Relax while a
// Terraform scan runs, HoldOff while the policy engine evaluates (hold.go).
//
// A scan allocates at a high rate (the HCL parser alone allocates some fifty times the size of the files
// it reads) while its live heap stays small: with the default pacing (a collection each time the heap
// doubles) the collector runs hundreds of times and marks the same long-lived parses and inventories each time: a quarter to a third of the
// CPU of a scan.
//
// While Relax is in effect, after every collection the GC percentage is set so that the next one comes
// when the heap reaches heapGoal, but never later than at maxPercent and never sooner than the default
// (100, the heap doubling): a small live heap is collected half as often, and a large one exactly as
// without Relax, so the peak heap is at most max(heapGoal, twice the live heap), where the default
// pacing would reach twice the live heap.
//
// The collector is left alone when GOGC or GOMEMLIMIT is set in the environment, when the program has
// set a GC percentage of its own, and while a memory limit is set (HoldOff sets one during an evaluation).
package gcpace

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

const (
	// heapGoal is the heap size the collector may wait for while the live heap is small.
	heapGoal = 384 << 20
	// maxPercent bounds the growth between collections of a small live heap, so that the heap follows
	// the live heap rather than staying at heapGoal. Measured on the many-roots tree (bench/README.md):
	// 200 saves nearly as much CPU as 400 (a heap three times the live heap instead of five) with a
	// third less peak RSS.
	maxPercent = 200
	// defaultPercent is the runtime's default GOGC, and the least percentage set.
	defaultPercent = 100
)

var state struct {
	sync.Mutex
	users  int
	active bool
	gen    int // sentinels of an earlier activation stop re-arming
	prev   int // the percentage before the activation
}

// Relax paces the collector for a scan and returns the function that restores the previous pacing once
// the last concurrent Relax has ended.
func Relax() (restore func()) {
	state.Lock()
	defer state.Unlock()
	if state.users == 0 && os.Getenv("GOGC") == "" && os.Getenv("GOMEMLIMIT") == "" && !limited() {
		// A percentage other than the default is the program's choice: keep it.
		if prev := debug.SetGCPercent(percent(liveHeap())); prev == defaultPercent {
			state.active, state.prev = true, prev
			state.gen++
			arm(state.gen)
		} else {
			debug.SetGCPercent(prev)
		}
	}
	state.users++
	return func() {
		state.Lock()
		defer state.Unlock()
		if state.users--; state.users == 0 && state.active {
			state.active = false
			debug.SetGCPercent(state.prev)
		}
	}
}

// limited reports whether a memory limit is set.
func limited() bool { return debug.SetMemoryLimit(-1) != math.MaxInt64 }

// sentinel is an object allocated unreachable: its finalizer runs after the next collection. The pointer
// keeps it out of the tiny allocator, whose blocks are shared with other objects and freed with them.
type sentinel struct{ _ *sentinel }

// arm makes afterGC run after the next collection.
func arm(gen int) {
	s := &sentinel{}
	runtime.SetFinalizer(s, func(*sentinel) { afterGC(gen) })
}

func afterGC(gen int) {
	state.Lock()
	defer state.Unlock()
	if !state.active || gen != state.gen {
		return
	}
	if !limited() {
		debug.SetGCPercent(percent(liveHeap()))
	}
	arm(gen)
}

// percent returns the GC percentage that puts the next collection at heapGoal for a live heap of live
// bytes, within [defaultPercent, maxPercent].
func percent(live uint64) int {
	if live == 0 {
		return maxPercent
	}
	if live >= heapGoal {
		return defaultPercent
	}
	p := (heapGoal - live) * 100 / live
	return int(max(defaultPercent, min(maxPercent, p)))
}

// liveHeap returns the heap marked live by the last collection.
func liveHeap() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return heapGoal // unknown: the default pacing
	}
	return s[0].Value.Uint64()
}
