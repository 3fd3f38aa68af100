package engine

// ControlState is a control's verdict derived from the results of the rules that evidence it.
type ControlState string

// Control states. A control with no automated rule needs manual evidence: it is never "passing".
const (
	ControlPassing     ControlState = "passing"
	ControlFailing     ControlState = "failing"
	ControlUnknown     ControlState = "unknown"
	ControlNotAssessed ControlState = "not assessed"
	ControlManual      ControlState = "manual evidence required"
)

// ControlStatus is one catalog control with the rules mapped to it and their combined result.
type ControlStatus struct {
	Control
	Rules   []string     `json:"rules"`
	State   ControlState `json:"state"`
	Pass    int          `json:"pass"`
	Fail    int          `json:"fail"`
	Unknown int          `json:"unknown"`
	Waived  int          `json:"waived"`
}

// ControlStatuses lists every control of a framework's catalog, in catalog order, with the rules of the
// report that map to it and the state their results give it.
func ControlStatuses(rep *Report, cat *Catalog) []ControlStatus {
	return controlStatuses(rep, cat, countByRule(rep.Results))
}

// statusCounts counts results by status.
type statusCounts struct{ pass, fail, unknown, waived int }

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

func controlStatuses(rep *Report, cat *Catalog, byRule map[string]*ruleCounts) []ControlStatus {
	rulesByControl := map[string][]string{}
	for _, r := range rep.Rules {
		for _, id := range r.Controls[cat.Framework] {
			rulesByControl[id] = append(rulesByControl[id], r.ID)
		}
	}
	out := make([]ControlStatus, 0, len(cat.Controls))
	for _, ctl := range cat.Controls {
		cs := ControlStatus{Control: ctl, Rules: rulesByControl[ctl.ID]}
		for _, rid := range cs.Rules {
			if c := byRule[rid]; c != nil {
				cs.Pass += c.pass
				cs.Fail += c.fail
				cs.Unknown += c.unknown
				cs.Waived += c.waived
			}
		}
		switch {
		case len(cs.Rules) == 0:
			cs.State = ControlManual
		case cs.Fail > 0:
			cs.State = ControlFailing
		case cs.Unknown > 0:
			cs.State = ControlUnknown
		case cs.Pass+cs.Waived > 0:
			cs.State = ControlPassing
		default:
			cs.State = ControlNotAssessed
		}
		out = append(out, cs)
	}
	return out
}

func summarize(rep *Report, resources int, catalogs map[string]*Catalog) Summary {
	s := Summary{
		Resources:        resources,
		ByStatus:         map[Status]int{StatusPass: 0, StatusFail: 0, StatusUnknown: 0, StatusWaived: 0},
		FailedBySeverity: map[Severity]int{},
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
		if c.fail > 0 {
			s.FailedBySeverity[c.severity] += c.fail
		}
	}
	for _, fw := range rep.Frameworks {
		cat := catalogs[fw]
		fs := FrameworkSummary{Framework: fw, Title: cat.Title, ControlsTotal: len(cat.Controls)}
		for _, cs := range controlStatuses(rep, cat, byRule) {
			if len(cs.Rules) > 0 {
				fs.ControlsAutomated++
			}
			switch cs.State {
			case ControlPassing:
				fs.ControlsPassing++
			case ControlFailing:
				fs.ControlsFailing++
			case ControlUnknown:
				fs.ControlsUnknown++
			}
		}
		for _, c := range byRule {
			if len(c.controls[fw]) > 0 {
				fs.Pass += c.pass
				fs.Fail += c.fail
				fs.Unknown += c.unknown
				fs.Waived += c.waived
			}
		}
		if rated := fs.Pass + fs.Fail + fs.Unknown; rated > 0 {
			fs.PassRate = float64(fs.Pass) / float64(rated)
		}
		s.Frameworks = append(s.Frameworks, fs)
	}
	return s
}
