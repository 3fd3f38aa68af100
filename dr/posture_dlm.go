package dr

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// dlmStartWindowMinutes: DLM starts a scheduled snapshot within one hour of its time ("The operation
// occurs within a one-hour window following the specified time", DLM API Reference, CreateRule.Times).
// The same window is applied to cron schedules, for which DLM documents no other.
const dlmStartWindowMinutes = 60

// dlmPrefix starts the name of every DLM protection (DLMProtection.Label).
const dlmPrefix = "dlm:"

// dlmTimezone: DLM's times and cron expressions are in UTC (CreateRule.Times: "The time, in UTC").
const dlmTimezone = "Etc/UTC"

// dlmMaxRetainCount is the most snapshots a count retention keeps (RetainRule.Count: 1 to 1000).
const dlmMaxRetainCount = 1000

// dlmIntervals are the intervals (hours) DLM accepts (CreateRule.Interval); each divides 24 hours, so
// the gap between two creations is always the interval.
var dlmIntervals = []int{1, 2, 3, 4, 6, 8, 12, 24}

// dlmActive tells whether a DLM entry can contribute a known value: known to target the resource and its
// policy ENABLED. ok false with a reason: unknown (the caller adds it as unknown); ok false without one: a
// disabled policy, which takes no snapshot and contributes nothing.
func dlmActive(d DLMProtection) (ok bool, unknown string) {
	switch {
	case d.State != StateProtected:
		return false, "may target the resource: " + strings.Join(d.Unknown, "; ")
	case d.PolicyState == dlmEnabled:
		return true, ""
	case d.PolicyState == dlmDisabled:
		return false, ""
	case d.PolicyState == "":
		return false, "the policy's state is unknown"
	}
	return false, "the policy is in state " + d.PolicyState + ": it may take no snapshot"
}

// dlmDisabledNote lists the disabled policies that target the resource, for a fail's reason.
func dlmDisabledNote(f Facts) string {
	var labels []string
	for _, d := range f.DLM {
		if d.State == StateProtected && d.PolicyState == dlmDisabled {
			labels = append(labels, d.Label())
		}
	}
	labels = slices.Compact(labels)
	if len(labels) == 0 {
		return ""
	}
	return "; DISABLED, taking no snapshots: " + strings.Join(labels, ", ")
}

// dlmCadence is a DLM schedule's creation pattern: its worst gap, its shortest gap (for count
// retention), and how it was computed.
type dlmCadence struct {
	largest, smallest time.Duration
	evidence          string
}

// cadenceOf computes a DLM schedule's cadence, or why it cannot be: unknown fields, or an invalid
// schedule (also diagnosed, once per policy and schedule).
func (ev *evaluator) cadenceOf(d DLMProtection) (dlmCadence, string) {
	for _, field := range []string{"create_rule", "cron_expression", "interval_hours", "interval_unit"} {
		if hasUnknown(d.Unknown, field) {
			return dlmCadence{}, field + " is unknown"
		}
	}
	switch {
	case d.CronExpression != nil:
		gap, loc, err := ev.worstGap(*d.CronExpression, dlmTimezone)
		if err != nil {
			ev.diagnoseDLM(d, err)
			return dlmCadence{}, "invalid schedule: " + err.Error()
		}
		if gap.Stops {
			return dlmCadence{}, "the schedule " + gap.Describe(loc) + " within a year: it protects nothing from then on"
		}
		smallest := gap.Smallest
		if smallest == 0 {
			smallest = gap.Largest
		}
		return dlmCadence{largest: gap.Largest, smallest: smallest,
			evidence: fmt.Sprintf("%s (UTC): %s", *d.CronExpression, gap.Describe(loc))}, ""
	case d.IntervalHours != nil:
		if d.IntervalUnit != nil && *d.IntervalUnit != "HOURS" {
			err := fmt.Errorf("interval unit %q: DLM accepts HOURS only", *d.IntervalUnit)
			ev.diagnoseDLM(d, err)
			return dlmCadence{}, "invalid schedule: " + err.Error()
		}
		if !slices.Contains(dlmIntervals, *d.IntervalHours) {
			err := fmt.Errorf("interval %d hours: DLM accepts 1, 2, 3, 4, 6, 8, 12 or 24", *d.IntervalHours)
			ev.diagnoseDLM(d, err)
			return dlmCadence{}, "invalid schedule: " + err.Error()
		}
		h := time.Duration(*d.IntervalHours) * time.Hour
		start := "a time DLM picks"
		if len(d.Times) > 0 {
			start = d.Times[0] + " UTC"
		}
		return dlmCadence{largest: h, smallest: h,
			evidence: fmt.Sprintf("every %dh from %s: largest gap %dh", *d.IntervalHours, start, *d.IntervalHours)}, ""
	}
	return dlmCadence{}, "no create rule"
}

// diagnoseDLM reports a DLM schedule that cannot be evaluated, once per policy and schedule.
func (ev *evaluator) diagnoseDLM(d DLMProtection, err error) {
	key := "dlm\x00" + d.Policy + "\x00" + d.Schedule
	if ev.reported[key] {
		return
	}
	ev.reported[key] = true
	diag := Diagnostic{Summary: "invalid DLM schedule", Resource: d.Policy,
		Detail: fmt.Sprintf("DLM policy %s schedule %q: %v; its protection is unknown", d.Policy, d.Schedule, err)}
	if res := ev.byID[d.Policy]; res != nil {
		diag.Source = res.Source
	}
	ev.diags = append(ev.diags, diag)
}

// dlmRPO: a DLM schedule's worst case is its largest gap between creations over RPOSpan, plus DLM's
// one-hour start window.
func (ev *evaluator) dlmRPO(d DLMProtection) (candidate, bool) {
	c := candidate{protection: d.Label()}
	ok, why := dlmActive(d)
	if !ok {
		if why == "" {
			return c, false
		}
		c.unknown = why
		return c, true
	}
	cad, why := ev.cadenceOf(d)
	if why != "" {
		c.unknown = why
		return c, true
	}
	c.known, c.value = true, int64(cad.largest/time.Minute)+dlmStartWindowMinutes
	c.evidence = fmt.Sprintf("%s, plus DLM's start window %dm", cad.evidence, dlmStartWindowMinutes)
	return c, true
}

// dlmRetention: how long a schedule's snapshots (and each of its copies) are kept, in whole days. A
// count retention keeps the last N snapshots, so each lives N creations: N × the interval, or, for a
// cron schedule, N × its shortest gap (the least it can be). An interval retention counts months as 28
// days and years as 365. Rounded down to whole days: never overstated.
func (ev *evaluator) dlmRetention(d DLMProtection) []candidate {
	c := candidate{protection: d.Label()}
	ok, why := dlmActive(d)
	if !ok {
		if why == "" {
			return nil
		}
		c.unknown = why
		return []candidate{c}
	}
	out := []candidate{}
	switch {
	case hasUnknown(d.Unknown, "retain_rule") || hasUnknown(d.Unknown, "retain_count") ||
		hasUnknown(d.Unknown, "retain_interval") || hasUnknown(d.Unknown, "retain_unit"):
		c.unknown = "retain rule is unknown"
	case d.RetainCount != nil && (*d.RetainCount < 1 || *d.RetainCount > dlmMaxRetainCount):
		c.unknown = fmt.Sprintf("retain count %d is outside DLM's 1 to %d", *d.RetainCount, dlmMaxRetainCount)
	case d.RetainCount != nil:
		cad, why := ev.cadenceOf(d)
		if why != "" {
			c.unknown = why
			break
		}
		kept := time.Duration(*d.RetainCount) * cad.smallest
		c.known, c.value = true, int64(kept/(24*time.Hour))
		c.evidence = fmt.Sprintf("keeps the last %d snapshots, at least %s apart: %dh", *d.RetainCount,
			shortDuration(cad.smallest), int64(kept/time.Hour))
	case d.RetainInterval != nil && d.RetainUnit != nil:
		days, ok := dlmRetentionDays(*d.RetainInterval, *d.RetainUnit)
		if !ok {
			c.unknown = fmt.Sprintf("retain interval %d %s is not one DLM accepts", *d.RetainInterval, *d.RetainUnit)
			break
		}
		c.known, c.value = true, int64(days)
		c.evidence = fmt.Sprintf("keeps each snapshot %d %s (%d days)", *d.RetainInterval, strings.ToLower(*d.RetainUnit), days)
	default:
		c.unknown = "no retain rule"
	}
	out = append(out, c)
	for _, cp := range d.Copies {
		cc := candidate{protection: d.Label() + " copy to " + cp.Target}
		switch {
		case hasUnknown(cp.Unknown, "retain_rule") || hasUnknown(cp.Unknown, "retain_interval") || hasUnknown(cp.Unknown, "retain_unit"):
			cc.unknown = "retain rule is unknown"
		case cp.RetainInterval == nil || cp.RetainUnit == nil:
			cc.unknown = "the copy has no retain rule: how long DLM keeps it is not documented"
		default:
			days, ok := dlmRetentionDays(*cp.RetainInterval, *cp.RetainUnit)
			if !ok {
				cc.unknown = fmt.Sprintf("retain interval %d %s is not one DLM accepts", *cp.RetainInterval, *cp.RetainUnit)
				break
			}
			cc.known, cc.value = true, int64(days)
			cc.evidence = fmt.Sprintf("keeps each copy %d %s (%d days)", *cp.RetainInterval, strings.ToLower(*cp.RetainUnit), days)
		}
		out = append(out, cc)
	}
	return out
}

func shortDuration(d time.Duration) string {
	if d%time.Hour == 0 {
		return fmt.Sprintf("%dh", int64(d/time.Hour))
	}
	return fmt.Sprintf("%dm", int64(d/time.Minute))
}

// checkDLMSchedules diagnoses every DLM schedule that targets a protectable resource and AWS would
// reject, whether or not the resource has a tier.
func (ev *evaluator) checkDLMSchedules(ids []string, facts map[string]Facts) {
	for _, id := range ids {
		for _, d := range facts[id].DLM {
			if d.State == StateProtected {
				_, _ = ev.cadenceOf(d)
			}
		}
	}
}

// dlmLiveCopy: on a live collection, a configured copy must be demonstrated by what happened. The live
// evidence vigil reads is AWS Backup's (copy jobs, recovery points), and DLM copies are EBS snapshots in
// the target region, which it does not show: a copy only DLM makes is not demonstrated, so a configured
// pass becomes unknown (never a pass on configuration alone, and not a fail: nothing was seen to refute it).
func (ev *evaluator) dlmLiveCopy(res *ObjectiveResult, f Facts) {
	if ev.liveOf(f) == nil || res.Status != ObjectivePass {
		return
	}
	res.Status = ObjectiveUnknown
	res.Reason = "the configured copy is made by DLM (EBS snapshots), which the live AWS Backup evidence does not show: not demonstrated"
	res.LiveEvidence = append(res.LiveEvidence, res.Protection+": DLM copies are not AWS Backup copy jobs or recovery points")
}
