package gcpace

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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
	assert.Equal(t, 100, debug.SetGCPercent(100), "the percentage is back at once")
	if relaxed {
		assert.EqualValues(t, evalHeapLimit, debug.SetMemoryLimit(-1), "the limit outlasts the hold")
	}
	waitForTheTail(t)
	assert.EqualValues(t, int64(math.MaxInt64), debug.SetMemoryLimit(-1))
}

// waitForTheTail runs the collections after which the previous limit is back.
func waitForTheTail(t *testing.T) {
	t.Helper()
	assert.Eventually(t, func() bool {
		runtime.GC()
		gcPacing.Lock()
		defer gcPacing.Unlock()
		return gcPacing.tail == 0
	}, 5*time.Second, 10*time.Millisecond)
}

func TestHoldLimit(t *testing.T) {
	assert.EqualValues(t, evalHeapLimit, holdLimit(0, 0))
	assert.EqualValues(t, evalHeapLimit, holdLimit(evalHeapLimit-evalHeadroom, 0))
	assert.EqualValues(t, 512<<20+evalHeadroom, holdLimit(512<<20, 64<<20), "evalHeadroom above the live heap, overhead included")
	assert.EqualValues(t, 4<<30+1<<30+256<<20, holdLimit(4<<30, 256<<20), "a quarter of a live heap of 4 GiB and the overhead")
	assert.Greater(t, overhead(), uint64(0), "stacks and metadata at least")
}

func TestHoldOffDuringTheTailRestoresTheProgramsLimit(t *testing.T) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		t.Skip("GOGC or GOMEMLIMIT is set: the pacing is left alone")
	}
	limit := debug.SetMemoryLimit(math.MaxInt64)
	defer debug.SetMemoryLimit(limit)
	HoldOff()()
	require.Equal(t, tailCollections, gcPacing.tail)
	// The next evaluation starts before the tail has ended: the limit it finds is the hold's, and the
	// one it must restore is the program's.
	restore := HoldOff()
	assert.True(t, gcPacing.relaxed, "held again")
	assert.EqualValues(t, int64(math.MaxInt64), gcPacing.limit)
	restore()
	waitForTheTail(t)
	assert.EqualValues(t, int64(math.MaxInt64), debug.SetMemoryLimit(-1))
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
	require.True(t, gcPacing.relaxed, "a hold whatever the live heap")
	// Keep the live heap near the limit, as the report of a large evaluation does: after a collection
	// the limit must leave evalHeadroom above it instead of collecting again at once.
	live := make([]byte, evalHeapLimit-evalHeadroom/2)
	for i := range live {
		live[i] = 1
	}
	runtime.GC()
	want := holdLimit(liveHeap(), 0)
	require.Greater(t, want, int64(evalHeapLimit))
	assert.Eventually(t, func() bool { return debug.SetMemoryLimit(-1) >= want }, 5*time.Second, 10*time.Millisecond)
	runtime.KeepAlive(live)
	restore()
	waitForTheTail(t)
	assert.EqualValues(t, int64(math.MaxInt64), debug.SetMemoryLimit(-1), "the previous limit is back")
	// A sentinel of the ended hold changes nothing.
	runtime.GC()
	runtime.GC()
	assert.EqualValues(t, int64(math.MaxInt64), debug.SetMemoryLimit(-1))
}

func TestTheTailKeepsALimitTheProgramSetsMeanwhile(t *testing.T) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		t.Skip("GOGC or GOMEMLIMIT is set: the pacing is left alone")
	}
	limit := debug.SetMemoryLimit(math.MaxInt64)
	defer debug.SetMemoryLimit(limit)
	HoldOff()()
	require.Equal(t, tailCollections, gcPacing.tail)
	debug.SetMemoryLimit(3 << 30)
	waitForTheTail(t)
	assert.EqualValues(t, 3<<30, debug.SetMemoryLimit(-1), "the program's limit stays")

	// And when the next evaluation starts during the tail.
	debug.SetMemoryLimit(math.MaxInt64)
	HoldOff()()
	debug.SetMemoryLimit(3 << 30)
	restore := HoldOff()
	assert.False(t, gcPacing.relaxed, "the program's limit: no hold")
	restore()
	assert.EqualValues(t, 3<<30, debug.SetMemoryLimit(-1))
}

func TestCollectBeforeCollectsWhenTheNextPhaseWouldReachTheLimit(t *testing.T) {
	if !canHoldOff() {
		t.Skip("GOGC, GOMEMLIMIT or a memory limit is set: the pacing is left alone")
	}
	collections := func() uint32 {
		var s runtime.MemStats
		runtime.ReadMemStats(&s)
		return s.NumGC
	}
	assert.False(t, CollectBefore(1<<40), "no hold, no collection")

	restore := HoldOff()
	defer func() {
		restore()
		waitForTheTail(t)
	}()
	before := collections()
	assert.False(t, CollectBefore(0), "a small heap far below the hold's limit")
	assert.Equal(t, before, collections())
	assert.True(t, CollectBefore(evalHeapLimit), "the next phase alone would reach the limit")
	assert.Greater(t, collections(), before)
}
