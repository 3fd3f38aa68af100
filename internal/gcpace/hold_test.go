package gcpace

import (
	"math"
	"os"
	"runtime/debug"
	"testing"

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
