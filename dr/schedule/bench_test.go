package schedule

import (
	"testing"
	"time"
)

func BenchmarkParse(b *testing.B) {
	for b.Loop() {
		for _, e := range seedExpressions {
			_, _ = Parse(e)
		}
	}
}

// BenchmarkWorstGapHourlyYear: an hourly schedule over a year in a zone with
// daylight saving (8,759 starts), computed from scratch each time.
func BenchmarkWorstGapHourlyYear(b *testing.B) {
	loc, err := LoadLocation("Europe/Berlin")
	if err != nil {
		b.Fatal(err)
	}
	from := time.Date(2026, 1, 1, 0, 0, 0, 0, loc)
	for b.Loop() {
		s, err := Parse("cron(0 * * * ? *)")
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.WorstGap(loc, from, 365*24*time.Hour); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWorstGapCached: the same schedule for many resources: starts come from the cache.
func BenchmarkWorstGapCached(b *testing.B) {
	loc, err := LoadLocation("Europe/Berlin")
	if err != nil {
		b.Fatal(err)
	}
	from := time.Date(2026, 1, 1, 0, 0, 0, 0, loc)
	s, err := Parse("cron(0 * * * ? *)")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := s.WorstGap(loc, from, 365*24*time.Hour); err != nil {
			b.Fatal(err)
		}
	}
}
