package scheduler

import "time"

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
