package gcpace

import (
	"os"
	"runtime"
	"runtime/debug"
	"testing"

	"github.com/stretchr/testify/assert"
)

func skipIfEnv(t *testing.T) {
	t.Helper()
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		t.Skip("GOGC or GOMEMLIMIT set: Relax leaves the collector alone")
	}
}

// gcPercent returns the current GC percentage.
func gcPercent() int {
	p := debug.SetGCPercent(defaultPercent)
	debug.SetGCPercent(p)
	return p
}

func TestPercent(t *testing.T) {
	assert.Equal(t, maxPercent, percent(0))
	assert.Equal(t, maxPercent, percent(8<<20), "a small live heap grows at most maxPercent")
	assert.Equal(t, 150, percent(heapGoal*2/5), "the next collection at heapGoal")
	assert.Equal(t, defaultPercent, percent(heapGoal/2+1), "never sooner than the default pacing")
	assert.Equal(t, defaultPercent, percent(2*heapGoal))
}

func TestRelaxRestores(t *testing.T) {
	skipIfEnv(t)
	outer := Relax()
	inner := Relax() // a concurrent scan
	assert.GreaterOrEqual(t, gcPercent(), defaultPercent)
	runtime.GC() // the sentinel's finalizer sets the percentage again, still within bounds
	runtime.GC()
	p := gcPercent()
	assert.True(t, p >= defaultPercent && p <= maxPercent, "percentage %d", p)
	inner()
	assert.True(t, state.active, "the outer scan still runs")
	outer()
	assert.Equal(t, defaultPercent, gcPercent())
	runtime.GC() // a pending sentinel of the ended activation changes nothing
	runtime.GC()
	assert.Equal(t, defaultPercent, gcPercent())
}

func TestRelaxKeepsTheProgramsSettings(t *testing.T) {
	skipIfEnv(t)
	prev := debug.SetGCPercent(50)
	restore := Relax()
	assert.Equal(t, 50, gcPercent())
	restore()
	assert.Equal(t, 50, gcPercent())
	debug.SetGCPercent(prev)

	limit := debug.SetMemoryLimit(1 << 30)
	defer debug.SetMemoryLimit(limit)
	restore = Relax()
	assert.Equal(t, defaultPercent, gcPercent())
	restore()
	assert.Equal(t, defaultPercent, gcPercent())
}
