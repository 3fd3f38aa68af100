package scheduler

import (
	"slices"
	"sync"
	"time"
)

// Clock is the scheduler's time: the wall clock in production, an accelerated one in tests, so that
// a thousand nightly scans run in seconds.
type Clock interface {
	Now() time.Time
	// NewTimer fires once, d from now (at once when d <= 0); stop releases it.
	NewTimer(d time.Duration) (c <-chan time.Time, stop func())
}

// WallClock is the real time.
type WallClock struct{}

// Now returns the current time in UTC.
func (WallClock) Now() time.Time { return time.Now().UTC() }

// NewTimer wraps time.NewTimer.
func (WallClock) NewTimer(d time.Duration) (<-chan time.Time, func()) {
	t := time.NewTimer(d)
	return t.C, func() { t.Stop() }
}

// ManualClock is a clock that moves only when told: tests run days of schedules in moments with it.
type ManualClock struct {
	mu     sync.Mutex
	now    time.Time
	timers []*manualTimer
}

type manualTimer struct {
	at time.Time
	c  chan time.Time
}

// NewManualClock starts at t.
func NewManualClock(t time.Time) *ManualClock { return &ManualClock{now: t.UTC()} }

// Now returns the clock's time.
func (c *ManualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// NewTimer fires when the clock reaches now + d.
func (c *ManualClock) NewTimer(d time.Duration) (<-chan time.Time, func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := &manualTimer{at: c.now.Add(d), c: make(chan time.Time, 1)}
	if d <= 0 {
		t.c <- c.now
		return t.c, func() {}
	}
	c.timers = append(c.timers, t)
	return t.c, func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		c.timers = slices.DeleteFunc(c.timers, func(x *manualTimer) bool { return x == t })
	}
}

// Set moves the clock to t (never backwards) and fires the timers due by then.
func (c *ManualClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if t.After(c.now) {
		c.now = t.UTC()
	}
	c.timers = slices.DeleteFunc(c.timers, func(x *manualTimer) bool {
		if x.at.After(c.now) {
			return false
		}
		x.c <- c.now
		return true
	})
}

// Advance moves the clock by d.
func (c *ManualClock) Advance(d time.Duration) { c.Set(c.Now().Add(d)) }
