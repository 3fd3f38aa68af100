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
	rulesByControl := map[string][]string{}
	for _, r := range rep.Rules {
		for _, id := range r.Controls[cat.Framework] {
			rulesByControl[id] = append(rulesByControl[id], r.ID)
		}
	}
	type counts struct{ pass, fail, unknown, waived int }
	byRule := map[string]*counts{}
	for _, res := range rep.Results {
		c := byRule[res.RuleID]
		if c == nil {
			c = &counts{}
			byRule[res.RuleID] = c
		}
		switch res.Status {
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
	for _, res := range rep.Results {
		s.ByStatus[res.Status]++
		if res.Status == StatusFail {
			s.FailedBySeverity[res.Severity]++
		}
	}
	for _, fw := range rep.Frameworks {
		cat := catalogs[fw]
		fs := FrameworkSummary{Framework: fw, Title: cat.Title, ControlsTotal: len(cat.Controls)}
		for _, cs := range ControlStatuses(rep, cat) {
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
		for _, res := range rep.Results {
			if len(res.Controls[fw]) == 0 {
				continue
			}
			switch res.Status {
			case StatusPass:
				fs.Pass++
			case StatusFail:
				fs.Fail++
			case StatusUnknown:
				fs.Unknown++
			case StatusWaived:
				fs.Waived++
			}
		}
		if rated := fs.Pass + fs.Fail + fs.Unknown; rated > 0 {
			fs.PassRate = float64(fs.Pass) / float64(rated)
		}
		s.Frameworks = append(s.Frameworks, fs)
	}
	return s
}
