package schedule

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Calendar facts the expectations below rest on (checked by hand from
// 1 January 2026 being a Thursday and the month lengths):
//   first of month 2026: Jan Thu, Feb Sun, Mar Sun, Apr Wed, May Fri, Jun Mon,
//   Jul Wed, Aug Sat, Sep Tue, Oct Thu, Nov Sun, Dec Tue; 1 Jan 2027 is a Friday;
//   1 Dec 2025 is a Monday.
//   EU clocks: forward Sun 29 Mar 2026 02:00 CET → 03:00 CEST,
//   back Sun 25 Oct 2026 03:00 CEST → 02:00 CET.
//   US clocks: forward Sun 8 Mar 2026 02:00 EST → 03:00 EDT, back Sun 1 Nov 2026 02:00 EDT → 01:00 EST.

const stamp = "2006-01-02 15:04 MST"

const year = 365 * 24 * time.Hour // 2026 is not a leap year

func mustLoc(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := LoadLocation(name)
	require.NoError(t, err)
	return loc
}

func at(t *testing.T, loc *time.Location, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
	require.NoError(t, err)
	return v
}

func TestWorstGap(t *testing.T) {
	tests := []struct {
		name     string
		expr, tz string
		from     string // local, in tz
		largest  time.Duration
		after    string // local start that opens the largest gap, with its zone ("" = the window's beginning)
		before   string
		smallest time.Duration
		count    int
	}{
		{
			// One start a day: every gap is 24h; the first one met is the one
			// running into the window from 31 Dec 2025.
			name: "daily 05:00 UTC", expr: "cron(0 5 * * ? *)", from: "2026-01-01 00:00",
			largest: 24 * time.Hour, after: "2025-12-31 05:00 UTC", before: "2026-01-01 05:00 UTC",
			smallest: 24 * time.Hour, count: 365,
		},
		{
			// AWS Backup's default expression: 05:00 UTC every day.
			name: "AWS default", expr: "cron(0 5 ? * * *)", from: "2026-01-01 00:00",
			largest: 24 * time.Hour, after: "2025-12-31 05:00 UTC", before: "2026-01-01 05:00 UTC",
			smallest: 24 * time.Hour, count: 365,
		},
		{
			// Thu 1 Jan, Fri 2 Jan, then Mon 5 Jan: Friday to Monday is 72h.
			// 2026 has 261 weekdays (52 weeks × 5 + Thu 31 Dec).
			name: "weekdays 02:00 UTC", expr: "cron(0 2 ? * MON-FRI *)", from: "2026-01-01 00:00",
			largest: 72 * time.Hour, after: "2026-01-02 02:00 UTC", before: "2026-01-05 02:00 UTC",
			smallest: 24 * time.Hour, count: 261,
		},
		{
			// In Paris the weekend of 24-25 Oct has 25 hours on Sunday: Fri 23
			// 02:00 CEST (00:00Z) to Mon 26 02:00 CET (01:00Z) is 73h; the spring
			// weekend is 71h. Clocks change on Sundays, so weekday to weekday stays 24h.
			name: "weekdays 02:00 Paris", expr: "cron(0 2 ? * 2-6 *)", tz: "Europe/Paris", from: "2026-01-01 00:00",
			largest: 73 * time.Hour, after: "2026-10-23 02:00 CEST", before: "2026-10-26 02:00 CET",
			smallest: 24 * time.Hour, count: 261,
		},
		{
			// Last day of each month: the gap ending in a month is that month's
			// length; from 1 Feb the first is Jan 31 → Feb 28 (28 days), then
			// Feb 28 → Mar 31 is the first 31-day gap. 12 starts (Feb 2026-Jan 2027).
			// Smallest counts gaps between starts both in the window: Mar 31 → Apr 30, 30 days.
			name: "L", expr: "cron(0 2 L * ? *)", from: "2026-02-01 00:00",
			largest: 31 * 24 * time.Hour, after: "2026-02-28 02:00 UTC", before: "2026-03-31 02:00 UTC",
			smallest: 30 * 24 * time.Hour, count: 12,
		},
		{
			// Weekday nearest the 15th: Feb 15 and Nov 15 are Sundays (→ 16th),
			// Aug 15 a Saturday (→ Fri 14th). Jan 15 → Feb 16 is 32 days; the
			// shortest is Feb 16 → Mar 16 (28 days).
			name: "15W", expr: "cron(0 3 15W * ? *)", from: "2026-01-01 00:00",
			largest: 32 * 24 * time.Hour, after: "2026-01-15 03:00 UTC", before: "2026-02-16 03:00 UTC",
			smallest: 28 * 24 * time.Hour, count: 12,
		},
		{
			// Last weekday: Jan 30, Feb 27, Mar 31, Apr 30, May 29, Jun 30, Jul 31,
			// Aug 31, Sep 30, Oct 30, Nov 30, Dec 31. Feb 27 → Mar 31 is 32 days
			// (the first of two, with May 29 → Jun 30); Jan 30 → Feb 27 is 28.
			name: "LW", expr: "cron(0 3 LW * ? *)", from: "2026-01-01 00:00",
			largest: 32 * 24 * time.Hour, after: "2026-02-27 03:00 UTC", before: "2026-03-31 03:00 UTC",
			smallest: 28 * 24 * time.Hour, count: 12,
		},
		{
			// Third Friday: Jan 16, Feb 20, Mar 20, Apr 17, May 15, Jun 19, Jul 17,
			// Aug 21, Sep 18, Oct 16, Nov 20, Dec 18: 28 or 35 days apart.
			name: "6#3", expr: "cron(0 4 ? * 6#3 *)", from: "2026-01-01 00:00",
			largest: 35 * 24 * time.Hour, after: "2026-01-16 04:00 UTC", before: "2026-02-20 04:00 UTC",
			smallest: 28 * 24 * time.Hour, count: 12,
		},
		{
			// Last Thursday: 25 Dec 2025, then Jan 29, Feb 26, Mar 26, Apr 30 …
			// Dec 25 → Jan 29 is 35 days and comes first.
			name: "5L", expr: "cron(0 4 ? * 5L *)", from: "2026-01-01 00:00",
			largest: 35 * 24 * time.Hour, after: "2025-12-25 04:00 UTC", before: "2026-01-29 04:00 UTC",
			smallest: 28 * 24 * time.Hour, count: 12,
		},
		{
			// DOW L alone is the last day of the week, Saturday, every week:
			// 52 Saturdays in 2026 (Jan 3 … Dec 26).
			name: "L in day-of-week", expr: "cron(0 6 ? * L *)", from: "2026-01-01 00:00",
			largest: 7 * 24 * time.Hour, after: "2025-12-27 06:00 UTC", before: "2026-01-03 06:00 UTC",
			smallest: 7 * 24 * time.Hour, count: 52,
		},
		{
			// Every 4 hours from midnight: 6 a day. The window opens on a start, so the
			// first interval is 00:00 → 04:00 (31 Dec 20:00 → 1 Jan 00:00 lies before it).
			name: "every 4h UTC", expr: "cron(0 0/4 * * ? *)", from: "2026-01-01 00:00",
			largest: 4 * time.Hour, after: "2026-01-01 00:00 UTC", before: "2026-01-01 04:00 UTC",
			smallest: 4 * time.Hour, count: 365 * 6,
		},
		{
			// Berlin, spring: 00:00 CET (23:00Z) → 04:00 CEST (02:00Z) is 3h.
			// Fall: 00:00 CEST on 25 Oct (22:00Z on the 24th) → 04:00 CET (03:00Z) is 5h.
			name: "every 4h Berlin", expr: "cron(0 0/4 * * ? *)", tz: "Europe/Berlin", from: "2026-01-01 00:00",
			largest: 5 * time.Hour, after: "2026-10-25 00:00 CEST", before: "2026-10-25 04:00 CET",
			smallest: 3 * time.Hour, count: 365 * 6,
		},
		{
			// 02:00 does not exist in Berlin on 29 Mar: that start is skipped, so
			// Sat 28 02:00 CET (01:00Z) → Mon 30 02:00 CEST (00:00Z) is 47h.
			// 364 starts: 365 days minus the skipped one.
			name: "daily 02:00 Berlin skips the spring-forward start", expr: "cron(0 2 * * ? *)", tz: "Europe/Berlin",
			from:    "2026-01-01 00:00",
			largest: 47 * time.Hour, after: "2026-03-28 02:00 CET", before: "2026-03-30 02:00 CEST",
			smallest: 24 * time.Hour, count: 364,
		},
		{
			// 01:30 happens twice in New York on 1 Nov; it runs once, at the first
			// (EDT, 05:30Z); the next day's 01:30 EST is 06:30Z: 25h.
			name: "daily 01:30 New York runs once on the fall-back night", expr: "cron(30 1 * * ? *)",
			tz: "America/New_York", from: "2026-06-01 00:00",
			largest: 25 * time.Hour, after: "2026-11-01 01:30 EDT", before: "2026-11-02 01:30 EST",
			smallest: 23 * time.Hour, count: 365,
		},
		{
			// 01:00 and 03:00: 2h then 22h.
			name: "two starts a day UTC", expr: "cron(0 1,3 * * ? *)", from: "2026-01-01 00:00",
			largest: 22 * time.Hour, after: "2025-12-31 03:00 UTC", before: "2026-01-01 01:00 UTC",
			smallest: 2 * time.Hour, count: 730,
		},
		{
			// Berlin: on 29 Mar 01:00 CET (00:00Z) → 03:00 CEST (01:00Z) is 1h;
			// on 25 Oct 01:00 CEST (23:00Z) → 03:00 CET (02:00Z) is 3h. 22h stays the largest.
			name: "two starts a day Berlin", expr: "cron(0 1,3 * * ? *)", tz: "Europe/Berlin", from: "2026-01-01 00:00",
			largest: 22 * time.Hour, after: "2025-12-31 03:00 CET", before: "2026-01-01 01:00 CET",
			smallest: time.Hour, count: 730,
		},
		{
			// Hourly: the fall-back night in Berlin has a 2h gap, 02:00 CEST
			// (00:00Z) → 03:00 CET (02:00Z), as 02:00 CET does not run again.
			// Spring-forward: 02:00 is skipped, 01:00 CET → 03:00 CEST is 1h.
			// 365×24 − 1 (skipped) − 0 = 8759 starts.
			name: "hourly Berlin", expr: "cron(0 * * * ? *)", tz: "Europe/Berlin", from: "2026-01-01 00:00",
			largest: 2 * time.Hour, after: "2026-10-25 02:00 CEST", before: "2026-10-25 03:00 CET",
			smallest: time.Hour, count: 8759,
		},
		{
			// Lord Howe Island moves its clocks by 30 minutes (Sun 4 Oct 2026
			// 02:00 → 02:30). 01:30 and 02:30 are 60 minutes apart on the wall,
			// which AWS accepts, but that night 01:30 (+10:30, 15:00Z) → 02:30
			// (+11, 15:30Z) is 30 real minutes. Every other gap is 1h, 1h30 (the
			// April fall-back) or 23h.
			name: "half-hour daylight saving", expr: "cron(30 1,2 * * ? *)", tz: "Australia/Lord_Howe", from: "2026-01-01 00:00",
			largest: 23 * time.Hour, after: "2025-12-31 02:30 +11", before: "2026-01-01 01:30 +11",
			smallest: 30 * time.Minute, count: 730,
		},
		{
			// A start only in 2030: nothing before it, so the window is
			// unprotected from its beginning to 1 Jan 2030 05:00 (4 years incl. 2028's 29 Feb).
			name: "first start after the window", expr: "cron(0 5 1 1 ? 2030)", from: "2026-01-01 00:00",
			largest: (4*365+1)*24*time.Hour + 5*time.Hour, after: "", before: "2030-01-01 05:00 UTC",
			count: 0,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			loc := mustLoc(t, tc.tz)
			s, err := Parse(tc.expr)
			require.NoError(t, err)
			g, err := s.WorstGap(loc, at(t, loc, tc.from), year)
			require.NoError(t, err)
			assert.False(t, g.Stops)
			assert.Equal(t, tc.largest, g.Largest, "largest gap: %s", g.Describe(loc))
			if tc.after == "" {
				assert.True(t, g.After.IsZero(), "after %v", g.After)
			} else {
				assert.Equal(t, tc.after, g.After.In(loc).Format(stamp), "after")
			}
			assert.Equal(t, tc.before, g.Before.In(loc).Format(stamp), "before")
			assert.Equal(t, tc.smallest, g.Smallest, "smallest gap")
			assert.Equal(t, tc.count, g.Count, "starts in the window")
		})
	}
}

func TestWorstGapDescribe(t *testing.T) {
	paris := mustLoc(t, "Europe/Paris")
	g, err := WorstGap("cron(0 2 ? * MON-FRI *)", "Europe/Paris", at(t, paris, "2026-01-01 00:00"), 7*24*time.Hour)
	require.NoError(t, err)
	assert.Equal(t, "largest gap 72h between Fri 2026-01-02 02:00 and Mon 2026-01-05 02:00 Europe/Paris", g.Describe(paris))
}

func TestWorstGapBeforeFirstStart(t *testing.T) {
	utc := mustLoc(t, "")
	g, err := WorstGap("cron(0 5 1 1 ? 2030)", "", at(t, utc, "2026-01-01 00:00"), year)
	require.NoError(t, err)
	assert.Equal(t, "largest gap 35069h before the first start Tue 2030-01-01 05:00 Etc/UTC", g.Describe(utc))
}

// TestWorstGapConcurrent: one Schedule shared by goroutines (as a Cache hands
// out) gives each the same answer; run with -race.
func TestWorstGapConcurrent(t *testing.T) {
	s, err := Parse("cron(0 0/4 * * ? *)")
	require.NoError(t, err)
	berlin := mustLoc(t, "Europe/Berlin")
	from := at(t, berlin, "2026-01-01 00:00")
	results := make(chan Gap, 8)
	for range 8 {
		go func() {
			g, err := s.WorstGap(berlin, from, year)
			assert.NoError(t, err)
			results <- g
		}()
	}
	first := <-results
	for range 7 {
		assert.Equal(t, first, <-results)
	}
	assert.Equal(t, 5*time.Hour, first.Largest)
}

func TestWorstGapScheduleThatStops(t *testing.T) {
	utc := mustLoc(t, "")
	tests := []struct {
		name, expr, from string
		last             string // "" = never ran
		describe         string
	}{
		{
			// Runs through 2026 only: the window from 1 Jun 2026 reaches into 2027,
			// where no start follows the last one.
			name: "year ends inside the window", expr: "cron(0 5 * * ? 2026)", from: "2026-06-01 00:00",
			last: "2026-12-31 05:00", describe: "never runs again after Thu 2026-12-31 05:00 Etc/UTC",
		},
		{
			name: "years long past", expr: "cron(0 5 * * ? 2020-2022)", from: "2026-01-01 00:00",
			last: "2022-12-31 05:00", describe: "never runs again after Sat 2022-12-31 05:00 Etc/UTC",
		},
		{
			// 30 February never exists.
			name: "date that never exists", expr: "cron(0 0 30 2 ? *)", from: "2026-01-01 00:00",
			describe: "never runs",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Parse(tc.expr)
			require.NoError(t, err)
			g, err := s.WorstGap(utc, at(t, utc, tc.from), year)
			require.NoError(t, err)
			assert.True(t, g.Stops)
			assert.Zero(t, g.Largest)
			if tc.last == "" {
				assert.True(t, g.LastStart.IsZero())
			} else {
				assert.Equal(t, tc.last, g.LastStart.In(utc).Format("2006-01-02 15:04"))
			}
			assert.Equal(t, tc.describe, g.Describe(utc))
		})
	}
}

// startsOf lists the first n starts after from, in loc, as local "2006-01-02 15:04".
func startsOf(t *testing.T, expr, tz, from string, n int) []string {
	t.Helper()
	s, err := Parse(expr)
	require.NoError(t, err)
	loc := mustLoc(t, tz)
	var out []string
	for v := range s.Starts(loc, at(t, loc, from)) {
		out = append(out, v.In(loc).Format("2006-01-02 15:04"))
		if len(out) == n {
			break
		}
	}
	return out
}

func TestStarts(t *testing.T) {
	tests := []struct {
		name, expr, tz, from string
		want                 []string
	}{
		{
			// Aug 1 2026 is a Saturday: 1W moves forward to Monday 3, not back into July.
			name: "1W", expr: "cron(0 9 1W 8 ? *)", from: "2026-01-01 00:00",
			want: []string{"2026-08-03 09:00", "2027-08-02 09:00"}, // Aug 1 2027 is a Sunday → Mon 2
		},
		{
			name: "31W", expr: "cron(0 9 31W 4-7 ? *)", from: "2026-01-01 00:00",
			// Apr and Jun have 30 days: no start. May 31 Sun → Fri 29. Jul 31 is a Friday.
			want: []string{"2026-05-29 09:00", "2026-07-31 09:00", "2027-05-31 09:00"},
		},
		{
			// Fifth Friday: only in months with five (Jan 30, May 29, Jul 31, Oct 30).
			name: "6#5", expr: "cron(0 4 ? * FRI#5 *)", from: "2026-01-01 00:00",
			want: []string{"2026-01-30 04:00", "2026-05-29 04:00", "2026-07-31 04:00", "2026-10-30 04:00"},
		},
		{
			// Hours from 2 by 10: 2, 12, 22; the 1st of January and July of 2026-2027.
			name: "hour step", expr: "cron(15 2/10 1 jan,jul ? 2026-2027)", from: "2026-01-01 00:00",
			want: []string{"2026-01-01 02:15", "2026-01-01 12:15", "2026-01-01 22:15", "2026-07-01 02:15",
				"2026-07-01 12:15", "2026-07-01 22:15", "2027-01-01 02:15", "2027-01-01 12:15",
				"2027-01-01 22:15", "2027-07-01 02:15", "2027-07-01 12:15", "2027-07-01 22:15"},
		},
		{
			// Sundays of January and July (JAN/6 = JAN, JUL): Jan 4, 11, 18, 25, Jul 5 …
			name: "month step and day name", expr: "cron(0 10 ? JAN/6 sun *)", from: "2026-01-01 00:00",
			want: []string{"2026-01-04 10:00", "2026-01-11 10:00", "2026-01-18 10:00", "2026-01-25 10:00", "2026-07-05 10:00"},
		},
		{
			// The 02:30 of 8 Mar does not exist in New York: skipped.
			name: "spring-forward start skipped", expr: "cron(30 2 * * ? *)", tz: "America/New_York", from: "2026-03-06 00:00",
			want: []string{"2026-03-06 02:30", "2026-03-07 02:30", "2026-03-09 02:30"},
		},
		{
			// 01:30 shown twice on 1 Nov: one start.
			name: "fall-back start once", expr: "cron(30 1 * * ? *)", tz: "America/New_York", from: "2026-10-31 00:00",
			want: []string{"2026-10-31 01:30", "2026-11-01 01:30", "2026-11-02 01:30"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, startsOf(t, tc.expr, tc.tz, tc.from, len(tc.want)))
		})
	}
	// The fall-back start is the first 01:30 (EDT, UTC−4), not the second.
	ny := mustLoc(t, "America/New_York")
	s, err := Parse("cron(30 1 * * ? *)")
	require.NoError(t, err)
	next, ok := s.Next(ny, time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC))
	require.True(t, ok)
	assert.Equal(t, time.Date(2026, 11, 1, 5, 30, 0, 0, time.UTC), next.UTC())
	prev, ok := s.Prev(ny, next)
	require.True(t, ok)
	assert.Equal(t, time.Date(2026, 10, 31, 5, 30, 0, 0, time.UTC), prev.UTC())
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		expr, field, reason string
		sentinel            error
	}{
		{"rate(1 hour)", "", "not allowed in backup rules", ErrNotCron},
		{"at(2026-01-01T00:00:00)", "", "not allowed in backup rules", ErrNotCron},
		{"0 5 * * ? *", "", "want \"cron(", nil},
		{"CRON(0 5 * * ? *)", "", "want \"cron(", nil},
		{"cron(0 5 * * ?)", "", "want 6 fields", nil},
		{"cron(0 5 * * ? * *)", "", "got 7", nil},
		{"cron(*/30 * * * ? *)", "", "00:00 and 00:30 are 30 minutes apart", ErrTooFrequent},
		{"cron(0,30 1 * * ? *)", "", "30 minutes apart", ErrTooFrequent},
		{"cron(0 5 * * ? *)x", "", "want \"cron(", nil},
		{"cron(60 5 * * ? *)", FieldMinutes, "60 is outside 0-59", nil},
		{"cron(a 5 * * ? *)", FieldMinutes, `"A" is not a number 0-59`, nil},
		{"cron(0/0 5 * * ? *)", FieldMinutes, "not a positive whole number", nil},
		{"cron(0/61 5 * * ? *)", FieldMinutes, "larger than the field's range", nil},
		{"cron(0 24 * * ? *)", FieldHours, "24 is outside 0-23", nil},
		{"cron(0 22-2 * * ? *)", FieldHours, "runs backwards", nil},
		{"cron(0 1,,2 * * ? *)", FieldHours, "empty item", nil},
		{"cron(0 ? * * ? *)", FieldHours, `"?" is not a number`, nil},
		{"cron(0 5 0 * ? *)", FieldDayOfMonth, "0 is outside 1-31", nil},
		{"cron(0 5 32 * ? *)", FieldDayOfMonth, "32 is outside 1-31", nil},
		{"cron(0 5 1,L * ? *)", FieldDayOfMonth, "must be the whole field", nil},
		{"cron(0 5 W * ? *)", FieldDayOfMonth, "W needs one day before it", nil},
		{"cron(0 5 L-3 * ? *)", FieldDayOfMonth, "must be the whole field", nil},
		{"cron(0 9 1W,31W * ? *)", FieldDayOfMonth, "W needs one day before it", nil},
		{"cron(0 5 1#2 * ? *)", FieldDayOfMonth, "'#' belongs to day-of-week", nil},
		{"cron(0 5 * 13 ? *)", FieldMonth, "13 is outside 1-12", nil},
		{"cron(0 5 * JANUARY ? *)", FieldMonth, "neither a number 1-12 nor a name", nil},
		{"cron(0 5 * L ? *)", FieldMonth, "neither a number 1-12 nor a name", nil},
		{"cron(0 5 ? * 0 *)", FieldDayOfWeek, "0 is outside 1-7", nil},
		{"cron(0 5 ? * 8 *)", FieldDayOfWeek, "8 is outside 1-7", nil},
		{"cron(0 5 ? * MON/2 *)", FieldDayOfWeek, "'/' is not allowed", nil},
		{"cron(0 5 ? * 3#1,6#3 *)", FieldDayOfWeek, "'#' must be the whole field", nil},
		{"cron(0 5 ? * 6#6 *)", FieldDayOfWeek, "6 is outside 1-5", nil},
		{"cron(0 5 ? * 1L,2 *)", FieldDayOfWeek, "L must be the whole field", nil},
		{"cron(0 5 ? * 1-L *)", FieldDayOfWeek, "L after a day must be the whole field", nil},
		{"cron(0 5 ? * 5W *)", FieldDayOfWeek, "W belongs to day-of-month", nil},
		{"cron(0 5 ? * ? *)", FieldDayOfMonth, "exactly one of them must be '?'", nil},
		{"cron(0 5 * * * *)", FieldDayOfWeek, "exactly one of the two must be '?'", nil},
		{"cron(0 5 1 * MON *)", FieldDayOfWeek, "exactly one of the two must be '?'", nil},
		{"cron(0 5 * * ? 1969)", FieldYear, "1969 is outside 1970-2199", nil},
		{"cron(0 5 * * ? 2200)", FieldYear, "2200 is outside 1970-2199", nil},
		{"cron(0 5 * * ? 2030-2026)", FieldYear, "runs backwards", nil},
		{"cron(0 5 * * ? ?)", FieldYear, "only *, numbers", nil},
	}
	for _, tc := range tests {
		t.Run(tc.expr, func(t *testing.T) {
			_, err := Parse(tc.expr)
			require.Error(t, err)
			var se *SyntaxError
			require.True(t, errors.As(err, &se), "%T", err)
			assert.Equal(t, tc.field, se.Field)
			assert.Contains(t, err.Error(), tc.reason)
			assert.Contains(t, err.Error(), tc.expr, "the message quotes the expression")
			if tc.field != "" {
				assert.Contains(t, err.Error(), tc.field+" field")
			}
			if tc.sentinel != nil {
				assert.ErrorIs(t, err, tc.sentinel)
			}
		})
	}
}

func TestParseAccepts(t *testing.T) {
	tests := []struct{ expr, normal string }{
		{"cron(0 5 ? * * *)", "cron(0 5 ? * * *)"},
		{" cron( 0  2 ? *  mon-fri * ) ", "cron(0 2 ? * MON-FRI *)"},
		{"cron(0 0,23 * * ? *)", "cron(0 0,23 * * ? *)"}, // 23:00 → 00:00 next day is exactly 60 minutes
		{"cron(15 * ? * * *)", "cron(15 * ? * * *)"},     // the AWS Backup API reference's hourly example
		{"cron(0 12 * * ? *)", "cron(0 12 * * ? *)"},
		{"cron(0 2 lw * ? *)", "cron(0 2 LW * ? *)"},
		{"cron(0 2 ? * fril *)", "cron(0 2 ? * FRIL *)"},
		{"cron(0 2 ? * 7L *)", "cron(0 2 ? * 7L *)"},
		{"cron(0 2 1-31/2 * ? 2026,2028-2030/2)", "cron(0 2 1-31/2 * ? 2026,2028-2030/2)"},
	}
	for _, tc := range tests {
		t.Run(tc.expr, func(t *testing.T) {
			s, err := Parse(tc.expr)
			require.NoError(t, err)
			assert.Equal(t, tc.normal, s.String())
		})
	}
}

func TestLoadLocation(t *testing.T) {
	utc, err := LoadLocation("")
	require.NoError(t, err)
	assert.Equal(t, "Etc/UTC", utc.String())
	again, err := LoadLocation("Etc/UTC")
	require.NoError(t, err)
	assert.Same(t, utc, again, "one *time.Location per name, so the cache is shared")
	for _, bad := range []string{"Mars/Olympus", "Local", "../etc/passwd", "UTC+2"} {
		_, err := LoadLocation(bad)
		require.Error(t, err, bad)
		assert.True(t, strings.Contains(err.Error(), bad), err.Error())
	}
}

func TestWorstGapArguments(t *testing.T) {
	s, err := Parse("cron(0 5 * * ? *)")
	require.NoError(t, err)
	_, err = s.WorstGap(nil, time.Time{}, year)
	require.Error(t, err)
	_, err = s.WorstGap(time.UTC, time.Time{}, 0)
	require.ErrorContains(t, err, "span")
	_, err = s.WorstGap(time.UTC, time.Time{}, MaxSpan+time.Hour)
	require.ErrorContains(t, err, "span")
	_, err = WorstGap("cron(0 5 * * ? *)", "Nowhere/Land", time.Time{}, year)
	require.ErrorContains(t, err, "Nowhere/Land")
	_, err = WorstGap("rate(1 day)", "", time.Time{}, year)
	require.ErrorIs(t, err, ErrNotCron)
}

func TestCache(t *testing.T) {
	var c Cache
	a, err := c.Parse("cron(0 5 * * ? *)")
	require.NoError(t, err)
	b, err := c.Parse("cron(0 5 * * ? *)")
	require.NoError(t, err)
	assert.Same(t, a, b)
	_, err = c.Parse("cron(*/5 * * * ? *)")
	require.ErrorIs(t, err, ErrTooFrequent)
}

// TestWorstGapFromAStart: when the window opens on a start, the interval that ends at that start lies wholly
// before the window and does not count (regression: it did, overstating the gap).
func TestWorstGapFromAStart(t *testing.T) {
	tests := []struct {
		name, expr, tz string
		from           time.Time
		span           time.Duration
		largest        time.Duration
		after, before  string // UTC
		smallest       time.Duration
		count          int
	}{
		// 1st of the month, 00:00 UTC, from Wed 1 Apr 2026 00:00 over a day: the only interval overlapping the
		// window is 1 Apr → 1 May = 30 days (720 h); 1 Mar → 1 Apr (31 days) ends where the window opens.
		// One start in the window (1 Apr itself), none between two starts in it.
		{"month start", "cron(0 0 1 * ? *)", "", time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC), 24 * time.Hour,
			720 * time.Hour, "2026-04-01T00:00:00Z", "2026-05-01T00:00:00Z", 0, 1},
		// Every 4 h in Berlin, from Sun 25 Oct 2026 04:00 CET (03:00Z), the first start after the fall-back
		// night's 5 h gap (00:00 CEST → 04:00 CET), over 365 days to 25 Oct 2027 03:00Z = 05:00 CEST: the next
		// fall back (31 Oct 2027) is outside, so the largest gap is the ordinary 4 h, first met at 04:00 →
		// 08:00 CET; the spring change (28 Mar 2027, 00:00 CET → 04:00 CEST) gives the smallest, 3 h. Local
		// 25 Oct 2026 04:00 to 25 Oct 2027 04:00 every 4 h: 365 × 6 + 1 = 2191 starts.
		{"after the fall-back night", "cron(0 0/4 * * ? *)", "Europe/Berlin", time.Date(2026, 10, 25, 3, 0, 0, 0, time.UTC),
			365 * 24 * time.Hour, 4 * time.Hour, "2026-10-25T03:00:00Z", "2026-10-25T07:00:00Z", 3 * time.Hour, 2191},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, err := WorstGap(tt.expr, tt.tz, tt.from, tt.span)
			require.NoError(t, err)
			assert.Equal(t, tt.largest, g.Largest)
			assert.Equal(t, tt.after, g.After.UTC().Format(time.RFC3339))
			assert.Equal(t, tt.before, g.Before.UTC().Format(time.RFC3339))
			assert.Equal(t, tt.smallest, g.Smallest)
			assert.Equal(t, tt.count, g.Count)
			assert.False(t, g.Stops)
		})
	}
}
