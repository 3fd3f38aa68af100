package evidence

import (
	"github.com/vigil-audit/vigil/engine"
)

// FrameworkEvidence is a framework's controls, each with its state, its rules and their results.
type FrameworkEvidence struct {
	Framework string            `json:"framework"`
	Title     string            `json:"title"`
	Controls  []ControlEvidence `json:"controls"`
}

// ControlEvidence is one control: its state as the engine derives it, every result of the rules that
// evidence it (with the values they looked at) and, when no rule covers it, the manual evidence it needs.
type ControlEvidence struct {
	engine.ControlStatus
	Results []engine.Result `json:"results"`
	// ManualEvidence is set on a control no rule covers: the auditor's evidence goes in Reference.
	ManualEvidence *ManualEvidence `json:"manual_evidence,omitempty"`
}

// ManualEvidence is the place to record the evidence of a control vigil cannot assess.
type ManualEvidence struct {
	Required bool   `json:"required"`
	Title    string `json:"control_title"`
	// Reference is left empty in the pack for the organization to fill (a document, a ticket, a URL).
	Reference string `json:"reference"`
}

// frameworkEvidence builds a framework's control evidence from the (redacted) report.
func frameworkEvidence(rep *engine.Report, cat *engine.Catalog) FrameworkEvidence {
	byControl := map[string][]engine.Result{}
	for _, r := range rep.Results {
		for _, id := range r.Controls[cat.Framework] {
			byControl[id] = append(byControl[id], r)
		}
	}
	out := FrameworkEvidence{Framework: cat.Framework, Title: cat.Title}
	for _, cs := range engine.ControlStatuses(rep, cat) {
		ce := ControlEvidence{ControlStatus: cs, Results: byControl[cs.ID]}
		if ce.Rules == nil {
			ce.Rules = []string{}
		}
		if ce.Results == nil {
			ce.Results = []engine.Result{}
		}
		if cs.State == engine.ControlManual {
			ce.ManualEvidence = &ManualEvidence{Required: true, Title: cs.Title}
		}
		out.Controls = append(out.Controls, ce)
	}
	return out
}
