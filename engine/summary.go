package engine

import (
	"strings"

	"github.com/vigil-audit/vigil/inventory"
)

// ControlState is a control's verdict derived from the results of the rules that evidence it.
type ControlState string

// Control states. A control with no automated rule needs manual evidence: it is never "passing". Nor is a
// control whose only results are waived (it is "waived"), nor one whose input was not read completely.
const (
	ControlPassing     ControlState = "passing"
	ControlFailing     ControlState = "failing"
	ControlUnknown     ControlState = "unknown"
	ControlWaived      ControlState = "waived"
	ControlNotAssessed ControlState = "not assessed"
	ControlManual      ControlState = "manual evidence required"
)

// Coverage says how much of a control vigil's rules can decide.
type Coverage string

// Coverages. A control is fully automated only where the catalog data (Catalog.FullyAutomated) says its
// rules decide the whole control; a control with rules but procedural parts too (most: ISO 8.13 also needs
// a backup policy and restore tests) is partly automated; one with no rule needs manual evidence only.
const (
	CoverageFull    Coverage = "full"
	CoveragePartial Coverage = "partial"
	CoverageManual  Coverage = "manual"
)

// Label is the coverage as reports show it.
func (c Coverage) Label() string {
	switch c {
	case CoverageFull:
		return "automated"
	case CoveragePartial:
		return "partly automated"
	default:
		return "manual only"
	}
}

// ControlStatus is one catalog control with the rules mapped to it and their combined result.
type ControlStatus struct {
	Control
	Rules []string `json:"rules"`
	// Coverage is how much of the control the rules decide; see Coverage.
	Coverage      Coverage     `json:"coverage"`
	State         ControlState `json:"state"`
	Pass          int          `json:"pass"`
	Fail          int          `json:"fail"`
	Unknown       int          `json:"unknown"`
	Waived        int          `json:"waived"`
	NotApplicable int          `json:"not_applicable"`
	// Incomplete is true when a source that could hold resources of the control's rules was not read
	// completely: the control is then unknown unless a result already fails it.
	Incomplete bool `json:"incomplete,omitempty"`
}

// ControlStatuses lists every control of a framework's catalog, in catalog order, with the rules of the
// report that map to it and the state their results give it.
func ControlStatuses(rep *Report, cat *Catalog) []ControlStatus {
	return controlStatuses(rep, cat, countByRule(rep.Results), incompleteScope(rep))
}

// statusCounts counts results by status.
type statusCounts struct{ pass, fail, unknown, waived, notApplicable int }

func (c *statusCounts) add(s Status) {
	switch s {
	case StatusPass:
		c.pass++
	case StatusFail:
		c.fail++
	case StatusUnknown:
		c.unknown++
	case StatusWaived:
		c.waived++
	case StatusNotApplicable:
		c.notApplicable++
	}
}

// ruleCounts are the status counts of one rule's results, with the controls they evidence.
type ruleCounts struct {
	statusCounts
	severity Severity
	controls map[string][]string
}

// countByRule counts the results of each rule in one pass (a report holds one per rule and resource).
func countByRule(results []Result) map[string]*ruleCounts {
	byRule := map[string]*ruleCounts{}
	for i := range results {
		res := &results[i]
		c := byRule[res.RuleID]
		if c == nil {
			c = &ruleCounts{severity: res.Severity, controls: res.Controls}
			byRule[res.RuleID] = c
		}
		c.add(res.Status)
	}
	return byRule
}

// scope is the set of resource types that an incomplete input may be missing; all means any type.
type scope struct {
	all   bool
	types []string // prefixes of canonical types ("aws.s3.")
}

// covers reports whether a resource of type t could be among what was not read.
func (s scope) covers(t string) bool {
	if s.all {
		return true
	}
	for _, p := range s.types {
		if strings.HasPrefix(t, p) || t == inventory.TypeAccount {
			return true
		}
	}
	return false
}

// incompleteScope gives the resource types that the report's unread input could hold. A Terraform file
// or plan that did not parse could declare anything; a failed AWS call names its service, which holds
// the types "aws.<service>.*" and may feed the account-wide resource, except AWS Backup, whose plans
// and recovery points are the protection facts of every protectable type.
func incompleteScope(rep *Report) scope {
	var sc scope
	if rep.Complete {
		return sc
	}
	sawError := false
	for _, src := range rep.Sources {
		for _, issue := range src.Errors {
			sawError = true
			if src.Kind != inventory.SourceAWS || issue.Service == "" || strings.EqualFold(issue.Service, "backup") {
				return scope{all: true}
			}
			sc.types = append(sc.types, "aws."+strings.ToLower(issue.Service)+".")
		}
	}
	if !sawError {
		return scope{all: true} // incomplete, but nothing says where
	}
	return sc
}

// ruleAffected reports whether a rule's scope meets the unread input.
func ruleAffected(r Rule, sc scope) bool {
	for _, t := range r.ResourceTypes {
		if sc.covers(t) {
			return true
		}
	}
	return false
}

func controlStatuses(rep *Report, cat *Catalog, byRule map[string]*ruleCounts, unread scope) []ControlStatus {
	rulesByControl := map[string][]string{}
	affected := map[string]bool{}
	for _, r := range rep.Rules {
		if !rep.Complete && ruleAffected(r, unread) {
			affected[r.ID] = true
		}
		for _, id := range r.Controls[cat.Framework] {
			rulesByControl[id] = append(rulesByControl[id], r.ID)
		}
	}
	out := make([]ControlStatus, 0, len(cat.Controls))
	for _, ctl := range cat.Controls {
		cs := ControlStatus{Control: ctl, Rules: rulesByControl[ctl.ID], Coverage: CoverageManual}
		if len(cs.Rules) > 0 {
			cs.Coverage = CoveragePartial
			if _, full := cat.FullyAutomated(ctl.ID); full {
				cs.Coverage = CoverageFull
			}
		}
		for _, rid := range cs.Rules {
			cs.Incomplete = cs.Incomplete || affected[rid]
			if c := byRule[rid]; c != nil {
				cs.Pass += c.pass
				cs.Fail += c.fail
				cs.Unknown += c.unknown
				cs.Waived += c.waived
				cs.NotApplicable += c.notApplicable
			}
		}
		cs.State = controlState(&cs)
		out = append(out, cs)
	}
	return out
}

// controlState combines a control's results: a failure fails it whatever else is known; then unread
// input or an unknown result leaves it unknown; it passes only on at least one pass; waived results
// alone make it waived, never passing.
func controlState(cs *ControlStatus) ControlState {
	switch {
	case len(cs.Rules) == 0:
		return ControlManual
	case cs.Fail > 0:
		return ControlFailing
	case cs.Incomplete || cs.Unknown > 0:
		return ControlUnknown
	case cs.Pass > 0:
		return ControlPassing
	case cs.Waived > 0:
		return ControlWaived
	default:
		return ControlNotAssessed
	}
}

func summarize(rep *Report, resources int, catalogs map[string]*Catalog) Summary {
	s := Summary{
		Resources:        resources,
		ByStatus:         map[Status]int{},
		FailedBySeverity: map[Severity]int{},
	}
	for _, st := range Statuses {
		s.ByStatus[st] = 0
	}
	for _, sev := range Severities {
		s.FailedBySeverity[sev] = 0
	}
	// Every result of a rule has the rule's severity and controls: count once per rule.
	byRule := countByRule(rep.Results)
	for _, c := range byRule {
		s.ByStatus[StatusPass] += c.pass
		s.ByStatus[StatusFail] += c.fail
		s.ByStatus[StatusUnknown] += c.unknown
		s.ByStatus[StatusWaived] += c.waived
		s.ByStatus[StatusNotApplicable] += c.notApplicable
		if c.fail > 0 {
			s.FailedBySeverity[c.severity] += c.fail
		}
	}
	unread := incompleteScope(rep)
	for _, fw := range rep.Frameworks {
		cat := catalogs[fw]
		fs := FrameworkSummary{Framework: fw, Title: cat.Title}
		statuses := controlStatuses(rep, cat, byRule, unread)
		for _, cs := range statuses {
			fs.addControl(cs)
		}
		for _, c := range byRule {
			if len(c.controls[fw]) > 0 {
				fs.addResults(c)
			}
		}
		fs.rate()
		fs.Profiles = profileSummaries(cat, statuses, byRule)
		s.Frameworks = append(s.Frameworks, fs)
	}
	return s
}

// profileSummaries gives the figures of each profile of a catalog's controls; nil when it has none.
func profileSummaries(cat *Catalog, statuses []ControlStatus, byRule map[string]*ruleCounts) []ProfileSummary {
	profiles := cat.Profiles()
	if len(profiles) == 0 {
		return nil
	}
	out := make([]ProfileSummary, len(profiles))
	at := make(map[string]int, len(profiles))
	for i, p := range profiles {
		out[i].Profile = p
		at[p] = i
	}
	rulesOf := make([]map[string]bool, len(profiles))
	for _, cs := range statuses {
		i, ok := at[cs.Profile]
		if !ok {
			continue // a control without a profile counts only in the framework's figures
		}
		ps := &out[i]
		ps.addControl(cs)
		for _, rid := range cs.Rules {
			if rulesOf[i] == nil {
				rulesOf[i] = map[string]bool{}
			}
			rulesOf[i][rid] = true
		}
	}
	for i := range out {
		for rid := range rulesOf[i] {
			if c := byRule[rid]; c != nil {
				out[i].addResults(c)
			}
		}
		out[i].rate()
	}
	return out
}

// addControl counts one control of the set: its coverage and its state. ControlsTotal counts the
// controls added, so a framework's equals its catalog's size.
func (f *ControlFigures) addControl(cs ControlStatus) {
	f.ControlsTotal++
	switch cs.Coverage {
	case CoverageFull:
		f.ControlsFullyAutomated++
		f.ControlsAutomated++
	case CoveragePartial:
		f.ControlsPartlyAutomated++
		f.ControlsAutomated++
	}
	switch cs.State {
	case ControlPassing:
		f.ControlsPassing++
	case ControlFailing:
		f.ControlsFailing++
	case ControlUnknown:
		f.ControlsUnknown++
	case ControlWaived:
		f.ControlsWaived++
	case ControlNotAssessed:
		f.ControlsNotAssessed++
	case ControlManual:
		f.ControlsManual++
	}
}

// addResults counts the results of one rule that evidences controls of the set.
func (f *ControlFigures) addResults(c *ruleCounts) {
	f.Pass += c.pass
	f.Fail += c.fail
	f.Unknown += c.unknown
	f.Waived += c.waived
	f.NotApplicable += c.notApplicable
}

// rate sets PassRate from the result counts.
func (f *ControlFigures) rate() {
	if rated := f.Pass + f.Fail + f.Unknown; rated > 0 {
		f.PassRate = float64(f.Pass) / float64(rated)
	}
}
