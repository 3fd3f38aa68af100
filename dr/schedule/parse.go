// Package schedule parses AWS Backup schedule expressions (the six-field
// `cron(...)` dialect of EventBridge) and computes, in a named IANA time zone,
// when a backup rule starts and the largest gap between two consecutive
// starts: the worst-case recovery point gap of the rule, before its start
// window is added. Which resources a rule protects is dr's business (facts);
// this package only knows times.
//
// The dialect and its sources are described in docs/dr.md, section "Schedules".
package schedule

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// ErrNotCron is returned for rate(...) and at(...) expressions: AWS Backup
// rules take cron(...) only.
var ErrNotCron = errors.New("AWS Backup rules take cron(...) expressions only")

// ErrTooFrequent is returned for a schedule whose starts can be less than 60
// minutes apart, which AWS Backup refuses ("The interval between backup jobs
// shouldn't be less than 60 minutes").
var ErrTooFrequent = errors.New("starts less than 60 minutes apart (AWS Backup requires at least 60)")

// MinInterval is the smallest interval between two starts that AWS Backup accepts.
const MinInterval = 60 // minutes

// Field names, in the order of the expression, as the EventBridge reference names them.
const (
	FieldMinutes    = "minutes"
	FieldHours      = "hours"
	FieldDayOfMonth = "day-of-month"
	FieldMonth      = "month"
	FieldDayOfWeek  = "day-of-week"
	FieldYear       = "year"
)

var fieldNames = [6]string{FieldMinutes, FieldHours, FieldDayOfMonth, FieldMonth, FieldDayOfWeek, FieldYear}

// SyntaxError says which field of an expression is wrong and why. The caller
// adds where the expression was written (file:line or resource attribute).
type SyntaxError struct {
	Expr   string // the whole expression as written
	Field  string // one of the Field constants; empty when the problem is not in one field
	Value  string // the field's text
	Reason string
	Err    error // a sentinel (ErrNotCron, ErrTooFrequent) when one applies
}

func (e *SyntaxError) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("schedule %q: %s", e.Expr, e.Reason)
	}
	return fmt.Sprintf("schedule %q: %s field %q: %s", e.Expr, e.Field, e.Value, e.Reason)
}

func (e *SyntaxError) Unwrap() error { return e.Err }

// Year bounds of the EventBridge cron dialect.
const (
	MinYear = 1970
	MaxYear = 2199
)

type domKind uint8

const (
	domSet            domKind = iota // days in domDays
	domLast                          // L: last day of the month
	domLastWeekday                   // LW: last weekday (Mon-Fri) of the month
	domNearestWeekday                // nW: weekday nearest day n, within the month
	domUnspecified                   // ?
)

type dowKind uint8

const (
	dowSet         dowKind = iota // weekdays in dowDays (bit 1 = Sunday … bit 7 = Saturday)
	dowLastOfMonth                // nL: the last weekday n of the month
	dowNth                        // n#k: the k-th weekday n of the month
	dowUnspecified                // ?
)

// Schedule is a parsed cron expression. It is safe for concurrent use; the
// starts it computes are cached per time zone and local year.
type Schedule struct {
	fields  [6]string // normalised text of each field (upper case)
	minutes uint64    // bit m set: minute m
	hours   uint32    // bit h set: hour h
	months  uint16    // bit m set: month m (1-12)
	years   [4]uint64 // bit y-MinYear set
	dom     domKind
	domDays uint32 // bit d set: day d (1-31), for domSet
	domN    int    // day for domNearestWeekday
	dow     dowKind
	dowDays uint8 // bit w set: AWS weekday w (1 = Sunday … 7 = Saturday)
	dowN    int   // weekday for dowLastOfMonth and dowNth
	dowK    int   // occurrence for dowNth (1-5)
	times   []int // minutes after local midnight, sorted: hours × minutes

	cache yearCache
}

var monthNames = map[string]int{"JAN": 1, "FEB": 2, "MAR": 3, "APR": 4, "MAY": 5, "JUN": 6,
	"JUL": 7, "AUG": 8, "SEP": 9, "OCT": 10, "NOV": 11, "DEC": 12}

var dayNames = map[string]int{"SUN": 1, "MON": 2, "TUE": 3, "WED": 4, "THU": 5, "FRI": 6, "SAT": 7}

// Parse reads an AWS Backup schedule expression. Every error is a *SyntaxError.
func Parse(expr string) (*Schedule, error) {
	fail := func(field int, reason string, sentinel error) error {
		e := &SyntaxError{Expr: expr, Reason: reason, Err: sentinel}
		if field >= 0 {
			e.Field = fieldNames[field]
		}
		return e
	}
	text := strings.TrimSpace(expr)
	switch {
	case strings.HasPrefix(text, "rate("), strings.HasPrefix(text, "at("):
		return nil, fail(-1, "rate(...) and at(...) are not allowed in backup rules; use cron(...)", ErrNotCron)
	case !strings.HasPrefix(text, "cron(") || !strings.HasSuffix(text, ")"):
		return nil, fail(-1, `want "cron(Minutes Hours Day-of-month Month Day-of-week Year)"`, nil)
	}
	parts := strings.Fields(text[len("cron(") : len(text)-1])
	if len(parts) != 6 {
		return nil, fail(-1, fmt.Sprintf("want 6 fields (Minutes Hours Day-of-month Month Day-of-week Year), got %d", len(parts)), nil)
	}
	s := &Schedule{}
	for i, p := range parts {
		s.fields[i] = strings.ToUpper(p)
	}
	var err error
	fieldErr := func(i int, err error) error {
		e := &SyntaxError{Expr: expr, Field: fieldNames[i], Value: parts[i], Reason: err.Error()}
		return e
	}
	var set uint64
	if set, err = parseList(s.fields[0], 0, 59, nil); err != nil {
		return nil, fieldErr(0, err)
	}
	s.minutes = set
	if set, err = parseList(s.fields[1], 0, 23, nil); err != nil {
		return nil, fieldErr(1, err)
	}
	s.hours = uint32(set)
	if err = s.parseDayOfMonth(s.fields[2]); err != nil {
		return nil, fieldErr(2, err)
	}
	if set, err = parseList(s.fields[3], 1, 12, monthNames); err != nil {
		return nil, fieldErr(3, err)
	}
	s.months = uint16(set)
	if err = s.parseDayOfWeek(s.fields[4]); err != nil {
		return nil, fieldErr(4, err)
	}
	if err = s.parseYear(s.fields[5]); err != nil {
		return nil, fieldErr(5, err)
	}
	switch {
	case s.dom == domUnspecified && s.dow == dowUnspecified:
		return nil, fail(2, "'?' in both day-of-month and day-of-week; exactly one of them must be '?'", nil)
	case s.dom != domUnspecified && s.dow != dowUnspecified:
		return nil, &SyntaxError{Expr: expr, Field: FieldDayOfWeek, Value: parts[4],
			Reason: fmt.Sprintf("day-of-month is %q, so day-of-week must be '?' (exactly one of the two must be '?')", parts[2])}
	}
	for h := 0; h < 24; h++ {
		if s.hours&(1<<h) == 0 {
			continue
		}
		for m := 0; m < 60; m++ {
			if s.minutes&(1<<m) != 0 {
				s.times = append(s.times, h*60+m)
			}
		}
	}
	if err := s.checkInterval(expr); err != nil {
		return nil, err
	}
	return s, nil
}

// String returns the expression in a normal form (single spaces, upper-case
// names) that parses back to the same schedule.
func (s *Schedule) String() string {
	return "cron(" + strings.Join(s.fields[:], " ") + ")"
}

// checkInterval rejects a schedule whose starts can be under MinInterval apart
// on the wall clock (AWS validates the expression, not a zone's clock changes).
// Checking one day is enough: with two or more minutes, two starts fall in the
// same hour, under 60 minutes apart; with one minute, starts on the same or
// consecutive days are whole hours apart, so the gap across midnight is at
// least 60 minutes.
func (s *Schedule) checkInterval(expr string) error {
	for i := 1; i < len(s.times); i++ {
		if d := s.times[i] - s.times[i-1]; d < MinInterval {
			return &SyntaxError{Expr: expr, Err: ErrTooFrequent,
				Reason: fmt.Sprintf("the starts at %s and %s are %d minutes apart: %s",
					clock(s.times[i-1]), clock(s.times[i]), d, ErrTooFrequent)}
		}
	}
	return nil
}

func clock(minuteOfDay int) string {
	return fmt.Sprintf("%02d:%02d", minuteOfDay/60, minuteOfDay%60)
}

func (s *Schedule) hasYear(y int) bool {
	if y < MinYear || y > MaxYear {
		return false
	}
	i := y - MinYear
	return s.years[i/64]&(1<<(i%64)) != 0
}

// parseList reads a field made of comma-separated items, each `*`, a value, a
// range a-b, or either with a step /n. names maps upper-case names to values.
func parseList(field string, lo, hi int, names map[string]int) (uint64, error) {
	if field == "" {
		return 0, errors.New("empty")
	}
	var set uint64
	for _, item := range strings.Split(field, ",") {
		bitsOf, err := parseItem(item, lo, hi, names)
		if err != nil {
			return 0, err
		}
		set |= bitsOf
	}
	return set, nil
}

func parseItem(item string, lo, hi int, names map[string]int) (uint64, error) {
	if item == "" {
		return 0, errors.New("empty item in a list")
	}
	base, stepText, hasStep := strings.Cut(item, "/")
	step := 1
	if hasStep {
		n, err := strconv.Atoi(stepText)
		if err != nil || n < 1 || strings.HasPrefix(stepText, "+") {
			return 0, fmt.Errorf("step %q is not a positive whole number", stepText)
		}
		if n > hi-lo+1 {
			// A step larger than the field's range can only ever hit its start; AWS
			// documents steps within the range, so reject it rather than guess.
			return 0, fmt.Errorf("step %d is larger than the field's range %d-%d", n, lo, hi)
		}
		step = n
	}
	from, to := lo, hi
	switch {
	case base == "*":
	case strings.Contains(base, "-"):
		a, b, _ := strings.Cut(base, "-")
		var err error
		if from, err = value(a, lo, hi, names); err != nil {
			return 0, err
		}
		if to, err = value(b, lo, hi, names); err != nil {
			return 0, err
		}
		if from > to {
			return 0, fmt.Errorf("range %q runs backwards (wrap-around ranges are not accepted)", base)
		}
	default:
		v, err := value(base, lo, hi, names)
		if err != nil {
			return 0, err
		}
		from = v
		if !hasStep {
			to = v
		}
	}
	var set uint64
	for v := from; v <= to; v += step {
		set |= 1 << v
	}
	return set, nil
}

func value(text string, lo, hi int, names map[string]int) (int, error) {
	if v, ok := names[text]; ok {
		return v, nil
	}
	n, err := strconv.Atoi(text)
	if err != nil || text == "" || text[0] == '+' || text[0] == '-' {
		if names != nil {
			return 0, fmt.Errorf("%q is neither a number %d-%d nor a name", text, lo, hi)
		}
		return 0, fmt.Errorf("%q is not a number %d-%d", text, lo, hi)
	}
	if n < lo || n > hi {
		return 0, fmt.Errorf("%d is outside %d-%d", n, lo, hi)
	}
	return n, nil
}

func (s *Schedule) parseDayOfMonth(field string) error {
	switch {
	case field == "?":
		s.dom = domUnspecified
		return nil
	case field == "L":
		s.dom = domLast
		return nil
	case field == "LW":
		s.dom = domLastWeekday
		return nil
	case strings.HasSuffix(field, "W"):
		n, err := value(strings.TrimSuffix(field, "W"), 1, 31, nil)
		if err != nil {
			return fmt.Errorf("W needs one day before it (like 15W) or L (LW): %w", err)
		}
		s.dom, s.domN = domNearestWeekday, n
		return nil
	case strings.ContainsAny(field, "LW?#"):
		return errors.New("L, LW and nW must be the whole field; '?' stands alone; '#' belongs to day-of-week")
	}
	set, err := parseList(field, 1, 31, nil)
	if err != nil {
		return err
	}
	s.dom, s.domDays = domSet, uint32(set)
	return nil
}

func (s *Schedule) parseDayOfWeek(field string) error {
	switch {
	case field == "?":
		s.dow = dowUnspecified
		return nil
	case field == "L":
		// "L … in the Day-of-week field specifies the last day of the week":
		// Saturday (7), every week.
		s.dow, s.dowDays = dowSet, 1<<7
		return nil
	case strings.Contains(field, "#"):
		a, b, _ := strings.Cut(field, "#")
		if strings.ContainsAny(field, ",-/*L") {
			return errors.New("'#' must be the whole field, as in 6#3 (a list like 3#1,6#3 is not allowed)")
		}
		n, err := value(a, 1, 7, dayNames)
		if err != nil {
			return err
		}
		k, err := value(b, 1, 5, nil)
		if err != nil {
			return fmt.Errorf("occurrence after '#': %w", err)
		}
		s.dow, s.dowN, s.dowK = dowNth, n, k
		return nil
	case strings.HasSuffix(field, "L"):
		n, err := value(strings.TrimSuffix(field, "L"), 1, 7, dayNames)
		if err != nil || strings.ContainsAny(field, ",-/*") {
			return errors.New("L after a day must be the whole field, as in 5L (last Thursday) or FRIL")
		}
		s.dow, s.dowN = dowLastOfMonth, n
		return nil
	case strings.ContainsAny(field, "L?W"):
		return errors.New("L must be the whole field, alone (Saturday) or after one day (5L); '?' stands alone; W belongs to day-of-month")
	case strings.Contains(field, "/"):
		return errors.New("'/' is not allowed in day-of-week")
	}
	set, err := parseList(field, 1, 7, dayNames)
	if err != nil {
		return err
	}
	s.dow, s.dowDays = dowSet, uint8(set)
	return nil
}

func (s *Schedule) parseYear(field string) error {
	if strings.ContainsAny(field, "?LW#") {
		return errors.New("only *, numbers, ranges, lists and steps are allowed in year")
	}
	for _, item := range strings.Split(field, ",") {
		if item == "" {
			return errors.New("empty item in a list")
		}
		// A 64-bit set cannot hold 230 years, so walk the item's years here.
		base, stepText, hasStep := strings.Cut(item, "/")
		step := 1
		if hasStep {
			n, err := strconv.Atoi(stepText)
			if err != nil || n < 1 || stepText[0] == '+' || n > MaxYear-MinYear+1 {
				return fmt.Errorf("step %q is not a whole number 1-%d", stepText, MaxYear-MinYear+1)
			}
			step = n
		}
		from, to := MinYear, MaxYear
		switch {
		case base == "*":
		case strings.Contains(base, "-"):
			a, b, _ := strings.Cut(base, "-")
			var err error
			if from, err = value(a, MinYear, MaxYear, nil); err != nil {
				return err
			}
			if to, err = value(b, MinYear, MaxYear, nil); err != nil {
				return err
			}
			if from > to {
				return fmt.Errorf("range %q runs backwards", base)
			}
		default:
			v, err := value(base, MinYear, MaxYear, nil)
			if err != nil {
				return err
			}
			from = v
			if !hasStep {
				to = v
			}
		}
		for y := from; y <= to; y += step {
			i := y - MinYear
			s.years[i/64] |= 1 << (i % 64)
		}
	}
	return nil
}

// daysIn returns the days of month m of year y on which the schedule runs, as
// a set (bit d = day d), or 0 when the month or year is not selected.
func (s *Schedule) daysIn(y, m int) uint32 {
	if !s.hasYear(y) || s.months&(1<<m) == 0 {
		return 0
	}
	n := daysInMonth(y, m)
	all := uint32(uint64(1)<<(n+1) - 2) // days 1..n
	// weekday (AWS numbering, 1 = Sunday) of day d: (first + d - 1 - 1) % 7 + 1
	first := weekdayAWS(y, m, 1)
	wd := func(d int) int { return (first-1+d-1)%7 + 1 }
	switch s.dom {
	case domSet:
		return s.domDays & all
	case domLast:
		return 1 << n
	case domLastWeekday:
		return 1 << nearestWeekday(n, n, wd)
	case domNearestWeekday:
		if s.domN > n {
			return 0 // e.g. 31W in a 30-day month: that day does not exist, no start
		}
		return 1 << nearestWeekday(s.domN, n, wd)
	}
	// Day-of-month is '?': day-of-week decides.
	var set uint32
	switch s.dow {
	case dowSet:
		for d := 1; d <= n; d++ {
			if s.dowDays&(1<<wd(d)) != 0 {
				set |= 1 << d
			}
		}
	case dowLastOfMonth:
		d := n - (wd(n)-s.dowN+7)%7
		set = 1 << d
	case dowNth:
		d := 1 + (s.dowN-first+7)%7 + 7*(s.dowK-1)
		if d <= n {
			set = 1 << d
		}
	}
	return set
}

// nearestWeekday is the Monday-Friday day of the month nearest day d, never
// leaving the month (the Quartz rule EventBridge's W follows): a Saturday moves
// to Friday unless that is the previous month (then Monday), a Sunday moves to
// Monday unless that is the next month (then Friday).
func nearestWeekday(d, n int, wd func(int) int) int {
	switch wd(d) {
	case 7: // Saturday
		if d == 1 {
			return 3
		}
		return d - 1
	case 1: // Sunday
		if d == n {
			return d - 2
		}
		return d + 1
	}
	return d
}

func daysInMonth(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// weekdayAWS returns the weekday of a date in AWS numbering (1 = Sunday … 7 =
// Saturday), by Sakamoto's method (proleptic Gregorian calendar).
func weekdayAWS(y, m, d int) int {
	t := [12]int{0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4}
	if m < 3 {
		y--
	}
	return (y+y/4-y/100+y/400+t[m-1]+d)%7 + 1
}
