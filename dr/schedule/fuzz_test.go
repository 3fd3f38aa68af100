package schedule

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var seedExpressions = []string{
	"cron(0 5 ? * * *)", "cron(0 2 ? * MON-FRI *)", "cron(0 2 L * ? *)", "cron(0 3 15W * ? *)",
	"cron(0 3 LW * ? *)", "cron(0 4 ? * 6#3 *)", "cron(0 4 ? * 5L *)", "cron(0 0/4 * * ? *)",
	"cron(0 1,3 * * ? *)", "cron(*/30 * * * ? *)", "cron(0 5 * * ? 2026)", "cron(0 5 * * ? 2020-2022)",
	"cron(15 2/10 1 jan,jul ? 2026-2027)", "cron(0 10 ? JAN/6 sun *)", "cron(0 6 ? * L *)",
	"cron(0 5 1,15 */2 ? 1970/7)", "rate(1 hour)", "cron(0 5 ? * 3#1,6#3 *)", "cron(0 5 * * * *)",
	"cron(0 0 30 2 ? *)", "cron(0 9 31W 4-7 ? *)", "cron(0 2 1-31/2 * ? 2026,2028-2030/2)",
}

func sameSpec(a, b *Schedule) bool {
	if len(a.times) != len(b.times) {
		return false
	}
	for i := range a.times {
		if a.times[i] != b.times[i] {
			return false
		}
	}
	return a.minutes == b.minutes && a.hours == b.hours && a.months == b.months && a.years == b.years &&
		a.dom == b.dom && a.domDays == b.domDays && a.domN == b.domN &&
		a.dow == b.dow && a.dowDays == b.dowDays && a.dowN == b.dowN && a.dowK == b.dowK
}

// FuzzParse: no panic; every error is a *SyntaxError; an accepted expression
// prints to a normal form that parses back to the same schedule, and that
// schedule has at least one start time a day, none under 60 minutes apart.
func FuzzParse(f *testing.F) {
	for _, e := range seedExpressions {
		f.Add(e)
	}
	f.Fuzz(func(t *testing.T, expr string) {
		s, err := Parse(expr)
		if err != nil {
			var se *SyntaxError
			require.True(t, errors.As(err, &se), "%T: %v", err, err)
			return
		}
		again, err := Parse(s.String())
		require.NoError(t, err, "normal form %q of %q", s.String(), expr)
		require.Equal(t, s.String(), again.String())
		require.True(t, sameSpec(s, again), "%q and its normal form %q differ", expr, s.String())
		require.NotEmpty(t, s.times)
		for i := 1; i < len(s.times); i++ {
			require.GreaterOrEqual(t, s.times[i]-s.times[i-1], MinInterval)
		}
	})
}

var fuzzZones = []string{"Etc/UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Pacific/Apia", "Asia/Kolkata"}

// FuzzWorstGap: on bounded windows (2020-2031, up to 400 days), the result
// agrees with a walk over the starts: starts are increasing, on whole minutes,
// at a time of day the expression names; Largest is the largest interval
// between consecutive starts around the window and Count the starts in it.
func FuzzWorstGap(f *testing.F) {
	for i, e := range seedExpressions {
		f.Add(e, uint8(i), uint16(i*97), uint16(365))
	}
	f.Fuzz(func(t *testing.T, expr string, zone uint8, startDay, spanDays uint16) {
		s, err := Parse(expr)
		if err != nil {
			return
		}
		loc, err := LoadLocation(fuzzZones[int(zone)%len(fuzzZones)])
		require.NoError(t, err)
		from := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(startDay%4000) * 24 * time.Hour).Add(time.Duration(startDay%1440) * time.Minute)
		span := time.Duration(1+spanDays%400) * 24 * time.Hour
		g, err := s.WorstGap(loc, from, span)
		require.NoError(t, err)

		end := from.Add(span)
		prev, hasPrev := s.Prev(loc, from)
		var largest time.Duration
		count := 0
		last := time.Time{}
		if hasPrev {
			last = prev
		}
		closed := false
		for v := range s.Starts(loc, from.Add(-time.Nanosecond)) {
			require.Zero(t, v.Second())
			require.Zero(t, v.Nanosecond())
			local := v.In(loc)
			require.True(t, s.hours&(1<<local.Hour()) != 0 && s.minutes&(1<<local.Minute()) != 0, "%v", local)
			base := from
			if !last.IsZero() {
				require.True(t, v.After(last))
				base = last
			}
			largest = max(largest, v.Sub(base))
			if !v.Before(end) {
				closed = true
				break
			}
			count++
			last = v
		}
		if !closed {
			assert.True(t, g.Stops, "no start after the window: %s", expr)
			assert.Equal(t, count, g.Count)
			return
		}
		assert.False(t, g.Stops)
		assert.Equal(t, largest, g.Largest)
		assert.Equal(t, count, g.Count)
		opened := g.After
		if opened.IsZero() {
			opened = from
		}
		assert.Equal(t, largest, g.Before.Sub(opened), "Largest is the interval between After and Before")
		if g.Count >= 2 {
			assert.Positive(t, g.Smallest)
			assert.LessOrEqual(t, g.Smallest, g.Largest)
		}
	})
}
