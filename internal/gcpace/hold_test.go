package gcpace

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestHoldOffRestoresThePacing(t *testing.T) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		t.Skip("GOGC or GOMEMLIMIT is set: the pacing is left alone")
	}
	percent := debug.SetGCPercent(100)
	defer debug.SetGCPercent(percent)
	limit := debug.SetMemoryLimit(math.MaxInt64)
	defer debug.SetMemoryLimit(limit)

	relaxed := canHoldOff()
	outer := HoldOff()
	inner := HoldOff() // a concurrent evaluation
	if relaxed {
		assert.EqualValues(t, evalHeapLimit, debug.SetMemoryLimit(-1))
	}
	inner()
	if relaxed {
		assert.EqualValues(t, evalHeapLimit, debug.SetMemoryLimit(-1), "kept while an evaluation runs")
	}
	outer()
	assert.EqualValues(t, int64(math.MaxInt64), debug.SetMemoryLimit(-1))
	assert.Equal(t, 100, debug.SetGCPercent(100))
}

func TestHoldOffKeepsALimitTheProgramSet(t *testing.T) {
	limit := debug.SetMemoryLimit(2 << 30)
	defer debug.SetMemoryLimit(limit)
	restore := HoldOff()
	assert.EqualValues(t, 2<<30, debug.SetMemoryLimit(-1))
	restore()
	assert.EqualValues(t, 2<<30, debug.SetMemoryLimit(-1))
}

func TestHoldOffLeavesRoomAboveALargeLiveHeap(t *testing.T) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		t.Skip("GOGC or GOMEMLIMIT is set: the pacing is left alone")
	}
	restore := HoldOff()
	defer restore()
	if !gcPacing.relaxed {
		t.Skip("the live heap is too large to hold collections off")
	}
	// Keep the live heap near the limit, as the report of a large evaluation does: after a collection
	// the limit must leave evalHeadroom above it instead of collecting again at once.
	live := make([]byte, evalHeapLimit-evalHeadroom/2)
	for i := range live {
		live[i] = 1
	}
	runtime.GC()
	want := int64(liveHeap() + evalHeadroom)
	assert.Eventually(t, func() bool { return debug.SetMemoryLimit(-1) >= want }, 5*time.Second, 10*time.Millisecond)
	runtime.KeepAlive(live)
	restore()
	assert.EqualValues(t, int64(math.MaxInt64), debug.SetMemoryLimit(-1), "the previous limit is back")
	// A sentinel of the ended hold changes nothing.
	runtime.GC()
	runtime.GC()
	assert.EqualValues(t, int64(math.MaxInt64), debug.SetMemoryLimit(-1))
}
