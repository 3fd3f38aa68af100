package schedule

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// oracleDay decides whether a date runs for the special day forms, written
// differently from daysIn: with Go's calendar (time.Date normalisation,
// time.Weekday) and by searching rather than by arithmetic.
func oracleDay(form string, n, k int, date time.Time) bool {
	y, m, d := date.Date()
	last := time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
	awsWeekday := int(date.Weekday()) + 1
	isWeekday := func(day int) bool {
		w := time.Date(y, m, day, 0, 0, 0, 0, time.UTC).Weekday()
		return w != time.Saturday && w != time.Sunday
	}
	nearest := func(target int) int {
		// The weekday of the month closest to target; ties cannot happen for a
		// Saturday or Sunday target except at month edges, where only one side exists.
		for dist := 0; dist <= 3; dist++ {
			for _, c := range []int{target - dist, target + dist} {
				if c >= 1 && c <= last && isWeekday(c) {
					return c
				}
			}
		}
		return -1
	}
	switch form {
	case "L":
		return d == last
	case "LW":
		return d == nearest(last)
	case "W":
		return n <= last && d == nearest(n)
	case "#":
		return awsWeekday == n && (d-1)/7+1 == k
	case "dowL":
		return awsWeekday == n && d+7 > last
	}
	panic(form)
}

func TestDaysAgainstOracle(t *testing.T) {
	tests := []struct {
		expr string
		form string
		n, k int
	}{
		{"cron(0 0 L * ? *)", "L", 0, 0},
		{"cron(0 0 LW * ? *)", "LW", 0, 0},
		{"cron(0 0 ? * L *)", "dowL-every-saturday", 0, 0},
	}
	for d := 1; d <= 31; d++ {
		tests = append(tests, struct {
			expr string
			form string
			n, k int
		}{expr: "cron(0 0 " + itoa(d) + "W * ? *)", form: "W", n: d})
	}
	for w := 1; w <= 7; w++ {
		tests = append(tests, struct {
			expr string
			form string
			n, k int
		}{expr: "cron(0 0 ? * " + itoa(w) + "L *)", form: "dowL", n: w})
		for k := 1; k <= 5; k++ {
			tests = append(tests, struct {
				expr string
				form string
				n, k int
			}{expr: "cron(0 0 ? * " + itoa(w) + "#" + itoa(k) + " *)", form: "#", n: w, k: k})
		}
	}
	// 28 years cover every calendar (weekday of 1 January × leap year).
	for _, tc := range tests {
		s, err := Parse(tc.expr)
		require.NoError(t, err, tc.expr)
		for day := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC); day.Year() < 2052; day = day.AddDate(0, 0, 1) {
			y, m, d := day.Date()
			got := s.daysIn(y, int(m))&(1<<d) != 0
			var want bool
			if tc.form == "dowL-every-saturday" {
				want = day.Weekday() == time.Saturday
			} else {
				want = oracleDay(tc.form, tc.n, tc.k, day)
			}
			if got != want {
				assert.Equal(t, want, got, "%s on %s", tc.expr, day.Format("Mon 2006-01-02"))
				break
			}
		}
	}
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return string(rune('0'+n/10)) + string(rune('0'+n%10))
}

// TestMinutesAgainstOracle walks every minute of two months in UTC and checks
// each against the fields as plain sets, for expressions without special days.
func TestMinutesAgainstOracle(t *testing.T) {
	tests := []struct {
		expr                     string
		minute, hour, dom, month func(int) bool
		dow                      func(time.Weekday) bool
	}{
		{
			expr:   "cron(7 1/6 ? * TUE-THU,SAT *)",
			minute: func(m int) bool { return m == 7 }, hour: func(h int) bool { return h%6 == 1 },
			dom: func(int) bool { return true }, month: func(int) bool { return true },
			dow: func(w time.Weekday) bool { return w >= time.Tuesday && w <= time.Thursday || w == time.Saturday },
		},
		{
			expr:   "cron(45 22 1-10/3,20 FEB,3 ? 2026)",
			minute: func(m int) bool { return m == 45 }, hour: func(h int) bool { return h == 22 },
			dom:   func(d int) bool { return d == 1 || d == 4 || d == 7 || d == 10 || d == 20 },
			month: func(m int) bool { return m == 2 || m == 3 }, dow: func(time.Weekday) bool { return true },
		},
	}
	utc := mustLoc(t, "")
	for _, tc := range tests {
		s, err := Parse(tc.expr)
		require.NoError(t, err)
		var want []time.Time
		from := time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)
		to := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
		for m := from; m.Before(to); m = m.Add(time.Minute) {
			if tc.minute(m.Minute()) && tc.hour(m.Hour()) && tc.dom(m.Day()) && tc.month(int(m.Month())) && tc.dow(m.Weekday()) {
				want = append(want, m)
			}
		}
		var got []time.Time
		for v := range s.Starts(utc, from.Add(-time.Nanosecond)) {
			if !v.Before(to) {
				break
			}
			got = append(got, v.UTC())
		}
		require.NotEmpty(t, want)
		assert.Equal(t, want, got, tc.expr)
	}
}
