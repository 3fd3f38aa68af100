package schedule

import (
	"errors"
	"fmt"
	"iter"
	"sort"
	"sync"
	"time"
	_ "time/tzdata" // zone rules ship with the binary: results do not depend on the machine's zoneinfo
)

// DefaultTimezone is the zone AWS Backup uses when a rule sets no
// schedule_expression_timezone.
const DefaultTimezone = "Etc/UTC"

// MaxSpan bounds WorstGap's window, so a caller's mistake cannot make it walk
// centuries.
const MaxSpan = 5 * 366 * 24 * time.Hour

var locations sync.Map // name → *time.Location, so that each zone has one pointer (the cache key)

// LoadLocation returns the IANA time zone name (DefaultTimezone when empty),
// the same *time.Location for the same name, from the zone data embedded in
// the binary.
func LoadLocation(name string) (*time.Location, error) {
	if name == "" {
		name = DefaultTimezone
	}
	if loc, ok := locations.Load(name); ok {
		return loc.(*time.Location), nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil || name == "Local" {
		return nil, fmt.Errorf("schedule timezone %q is not an IANA time zone name", name)
	}
	actual, _ := locations.LoadOrStore(name, loc)
	return actual.(*time.Location), nil
}

type yearKey struct {
	loc  *time.Location
	year int
}

type yearCache struct {
	mu    sync.Mutex
	years map[yearKey][]time.Time
}

// startsInYear returns the starts whose local date is in year y, in
// chronological order, computed once per (zone, year).
func (s *Schedule) startsInYear(loc *time.Location, y int) []time.Time {
	if !s.hasYear(y) {
		return nil
	}
	key := yearKey{loc, y}
	s.cache.mu.Lock()
	defer s.cache.mu.Unlock()
	if starts, ok := s.cache.years[key]; ok {
		return starts
	}
	var starts []time.Time
	for m := 1; m <= 12; m++ {
		days := s.daysIn(y, m)
		for d := 1; days != 0 && d <= 31; d++ {
			if days&(1<<d) == 0 {
				continue
			}
			for _, t := range s.times {
				if at, ok := resolveWall(loc, y, m, d, t/60, t%60); ok {
					starts = append(starts, at)
				}
			}
		}
	}
	// Wall order is chronological except across a fall-back; sort to be sure,
	// and drop an instant reached twice.
	sort.Slice(starts, func(i, j int) bool { return starts[i].Before(starts[j]) })
	starts = compactTimes(starts)
	if s.cache.years == nil {
		s.cache.years = map[yearKey][]time.Time{}
	}
	s.cache.years[key] = starts
	return starts
}

func compactTimes(ts []time.Time) []time.Time {
	out := ts[:0]
	for i, t := range ts {
		if i == 0 || !t.Equal(out[len(out)-1]) {
			out = append(out, t)
		}
	}
	return out
}

// resolveWall returns the instant at which the clock of loc shows the given
// date and time. Following EventBridge Scheduler's documented daylight-saving
// behaviour: a time skipped when clocks go forward does not run (ok false),
// and a time shown twice when clocks go back runs once, at its first
// occurrence (the earlier instant).
func resolveWall(loc *time.Location, y, m, d, hh, mm int) (time.Time, bool) {
	wall := time.Date(y, time.Month(m), d, hh, mm, 0, 0, time.UTC)
	shows := func(at time.Time) bool {
		local := at.In(loc)
		return local.Year() == y && int(local.Month()) == m && local.Day() == d && local.Hour() == hh && local.Minute() == mm
	}
	offsetAt := func(probe time.Duration) time.Duration {
		_, offset := wall.Add(probe).In(loc).Zone()
		return time.Duration(offset) * time.Second
	}
	// Offsets are within ±14h of UTC, so the offsets that can apply to this
	// wall time are those in effect between wall−26h and wall+26h (read as
	// UTC). Usually there is one: no clock change near this date.
	before, after := offsetAt(-26*time.Hour), offsetAt(26*time.Hour)
	if before == after {
		if at := wall.Add(-before); shows(at) && offsetAt(-13*time.Hour) == before && offsetAt(0) == before && offsetAt(13*time.Hour) == before {
			return at, true
		}
	}
	var best time.Time
	found := false
	for _, probe := range [...]time.Duration{-26 * time.Hour, -13 * time.Hour, 0, 13 * time.Hour, 26 * time.Hour} {
		at := wall.Add(-offsetAt(probe))
		if shows(at) && (!found || at.Before(best)) {
			best, found = at, true
		}
	}
	return best, found
}

// startsFrom yields the starts at or after t in chronological order, walking
// the cached year lists.
func (s *Schedule) startsFrom(loc *time.Location, t time.Time) iter.Seq[time.Time] {
	return func(yield func(time.Time) bool) {
		// A start on local date D can fall on UTC date D±1; begin a year early so
		// no start near New Year is missed.
		for y := max(t.In(loc).Year()-1, MinYear); y <= MaxYear; y++ {
			starts := s.startsInYear(loc, y)
			i := sort.Search(len(starts), func(i int) bool { return !starts[i].Before(t) })
			for _, v := range starts[i:] {
				if !yield(v) {
					return
				}
			}
		}
	}
}

// Next returns the first start strictly after the instant after, in zone loc;
// ok is false when the schedule never starts again (its years have ended).
func (s *Schedule) Next(loc *time.Location, after time.Time) (time.Time, bool) {
	for v := range s.Starts(loc, after) {
		return v, true
	}
	return time.Time{}, false
}

// Prev returns the last start strictly before the instant before, in zone
// loc; ok is false when there is none (from 1970).
func (s *Schedule) Prev(loc *time.Location, before time.Time) (time.Time, bool) {
	for y := min(before.In(loc).Year()+1, MaxYear); y >= MinYear; y-- {
		starts := s.startsInYear(loc, y)
		i := sort.Search(len(starts), func(i int) bool { return !starts[i].Before(before) })
		if i > 0 {
			return starts[i-1], true
		}
	}
	return time.Time{}, false
}

// Starts iterates over the starts strictly after the instant after, in
// chronological order, until the schedule's years end or the loop stops.
func (s *Schedule) Starts(loc *time.Location, after time.Time) iter.Seq[time.Time] {
	return s.startsFrom(loc, after.Add(time.Nanosecond))
}

// Gap describes the starts of a schedule over a window [From, From+Span).
type Gap struct {
	// Largest is the longest time with no start, over every interval between
	// consecutive starts that overlaps the window: the one running into the
	// window from the last start at or before its beginning, and the one from the last start in
	// the window to the first start after it. Zero when Stops.
	Largest time.Duration
	// After and Before are the starts that bound Largest. After is the zero
	// time when no start precedes the window's first start: Largest is then
	// measured from the window's beginning.
	After, Before time.Time
	// Smallest is the shortest interval between consecutive starts in the
	// window (zero with fewer than two).
	Smallest time.Duration
	// Count is the number of starts within the window.
	Count int
	// Stops is true when the schedule has no start at or after the window's
	// end: it never runs again after LastStart (zero: never ran at all), and
	// whatever it protects is unprotected from then on.
	Stops     bool
	LastStart time.Time
}

// Describe says what the gap means, for a report line, in zone loc.
func (g Gap) Describe(loc *time.Location) string {
	const layout = "Mon 2006-01-02 15:04"
	switch {
	case g.Stops && g.LastStart.IsZero():
		return "never runs"
	case g.Stops:
		return "never runs again after " + g.LastStart.In(loc).Format(layout) + " " + loc.String()
	case g.After.IsZero():
		return fmt.Sprintf("largest gap %s before the first start %s %s", hours(g.Largest), g.Before.In(loc).Format(layout), loc.String())
	}
	return fmt.Sprintf("largest gap %s between %s and %s %s", hours(g.Largest),
		g.After.In(loc).Format(layout), g.Before.In(loc).Format(layout), loc.String())
}

func hours(d time.Duration) string {
	if d%time.Hour == 0 {
		return fmt.Sprintf("%dh", d/time.Hour)
	}
	return fmt.Sprintf("%dh%02dm", d/time.Hour, (d%time.Hour)/time.Minute)
}

// WorstGap returns the largest interval between consecutive starts of s that
// overlaps [from, from+span), in zone loc. Pass a year as span for a rule's
// worst-case recovery point gap; from is the caller's reference instant (the
// result depends on nothing else).
func (s *Schedule) WorstGap(loc *time.Location, from time.Time, span time.Duration) (Gap, error) {
	if loc == nil {
		return Gap{}, errors.New("worst gap: no time zone")
	}
	if span <= 0 || span > MaxSpan {
		return Gap{}, fmt.Errorf("worst gap: span %s outside (0, %s]", span, MaxSpan)
	}
	end := from.Add(span)
	var g Gap
	// The interval running in starts at the last start at or before from: when
	// from is itself a start, the interval that ends there lies wholly before the
	// window and is not the window's (it would overstate the gap, e.g. the
	// fall-back night just before a --at set at the next start).
	prev, hasPrev := s.Prev(loc, from.Add(time.Nanosecond))
	if hasPrev {
		g.LastStart = prev
		if prev.Equal(from) {
			g.Count = 1
		}
	}
	for t := range s.Starts(loc, from) {
		g.LastStart = t
		var gap time.Duration
		if hasPrev {
			gap = t.Sub(prev)
		} else {
			gap = t.Sub(from)
		}
		if gap > g.Largest || g.Before.IsZero() {
			g.Largest, g.Before = gap, t
			if hasPrev {
				g.After = prev
			} else {
				g.After = time.Time{}
			}
		}
		if !t.Before(end) {
			return g, nil // the first start after the window closes the last interval
		}
		if hasPrev && !prev.Before(from) && (g.Smallest == 0 || gap < g.Smallest) {
			g.Smallest = gap
		}
		g.Count++
		prev, hasPrev = t, true
	}
	return Gap{Stops: true, LastStart: g.LastStart, Count: g.Count, Smallest: g.Smallest}, nil
}

// WorstGap parses expr and returns its largest gap over [from, from+span) in
// the IANA zone tz (DefaultTimezone when empty). Callers evaluating many
// resources should Parse once and reuse the Schedule, whose starts are cached.
func WorstGap(expr, tz string, from time.Time, span time.Duration) (Gap, error) {
	s, err := Parse(expr)
	if err != nil {
		return Gap{}, err
	}
	loc, err := LoadLocation(tz)
	if err != nil {
		return Gap{}, err
	}
	return s.WorstGap(loc, from, span)
}

// Cache parses each distinct expression once and hands out the same
// *Schedule (with its cached starts) to every rule that uses it.
type Cache struct {
	mu      sync.Mutex
	entries map[string]cacheEntry
}

type cacheEntry struct {
	schedule *Schedule
	err      error
}

// Parse is Parse, memoised.
func (c *Cache) Parse(expr string) (*Schedule, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.entries[expr]; ok {
		return e.schedule, e.err
	}
	s, err := Parse(expr)
	if c.entries == nil {
		c.entries = map[string]cacheEntry{}
	}
	c.entries[expr] = cacheEntry{s, err}
	return s, err
}
