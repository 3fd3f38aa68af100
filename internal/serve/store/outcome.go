package store

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/vigil-audit/vigil/engine"
)

// FromReport builds what Complete stores from a scan's report: catalogs are the framework catalogs
// (engine.LoadCatalogs) the control states are derived with, reportJSON the report as served back, and
// inventoryDigest identifies the inventory the scan read. Every list is in a deterministic order.
func FromReport(rep *engine.Report, catalogs map[string]*engine.Catalog, reportJSON []byte, inventoryDigest string) *Outcome {
	out := &Outcome{
		InventoryDigest: inventoryDigest,
		Passing:         map[string]string{},
		ReportJSON:      reportJSON,
		Summary:         ScanSummary{FailedBySeverity: map[string]int{}},
	}
	if rep == nil {
		return out
	}
	out.Complete = rep.Complete
	sum := &out.Summary
	sum.Resources = rep.Summary.Resources
	sum.Results = len(rep.Results)

	for i := range rep.Results {
		r := &rep.Results[i]
		switch r.Status {
		case engine.StatusFail:
			sum.Fail++
			sum.FailedBySeverity[string(r.Severity)]++
		case engine.StatusUnknown:
			sum.Unknown++
		case engine.StatusPass:
			sum.Pass++
		case engine.StatusWaived:
			sum.Waived++
		case engine.StatusNotApplicable:
			sum.NotApplicable++
		}
		fp := r.Fingerprint
		if fp == "" {
			fp = engine.Fingerprint(r.RuleID, r.ResourceID)
		}
		if !r.IsFinding() {
			out.Passing[fp] = string(r.Status)
			continue
		}
		out.Findings = append(out.Findings, Finding{
			Fingerprint:  fp,
			RuleID:       r.RuleID,
			RuleTitle:    r.RuleTitle,
			Severity:     string(r.Severity),
			Status:       string(r.Status),
			ResourceID:   r.ResourceID,
			ResourceType: r.ResourceType,
			Location:     r.Where().Short(),
			Message:      r.Message,
			Controls:     r.Controls,
		})
	}
	// Most severe first, failures before unknowns; a fingerprint listed twice keeps its first (and worst) entry.
	sort.SliceStable(out.Findings, func(i, j int) bool {
		a, b := &out.Findings[i], &out.Findings[j]
		if ra, rb := engine.Severity(a.Severity).Rank(), engine.Severity(b.Severity).Rank(); ra != rb {
			return ra > rb
		}
		if a.RuleID != b.RuleID {
			return a.RuleID < b.RuleID
		}
		if a.ResourceID != b.ResourceID {
			return a.ResourceID < b.ResourceID
		}
		if a.Status != b.Status {
			return a.Status == string(engine.StatusFail)
		}
		return a.Fingerprint < b.Fingerprint
	})
	seen := make(map[string]bool, len(out.Findings))
	findings := out.Findings[:0]
	for _, f := range out.Findings {
		if !seen[f.Fingerprint] {
			seen[f.Fingerprint] = true
			findings = append(findings, f)
			delete(out.Passing, f.Fingerprint) // a finding is never also a resolution
		}
	}
	out.Findings = findings

	for _, s := range rep.Sources {
		if s.Complete() {
			continue
		}
		for _, e := range s.Errors {
			sum.Errors = append(sum.Errors, fmt.Sprintf("%s %s: %s", s.Kind, s.Path, e.String()))
		}
	}

	for _, f := range rep.Summary.Frameworks {
		out.Frameworks = append(out.Frameworks, FrameworkPosture{
			Framework:   f.Framework,
			Title:       f.Title,
			Controls:    f.ControlsTotal,
			Passing:     f.ControlsPassing,
			Failing:     f.ControlsFailing,
			Unknown:     f.ControlsUnknown,
			Waived:      f.ControlsWaived,
			NotAssessed: f.ControlsNotAssessed,
			Manual:      f.ControlsManual,
		})
	}
	for _, fw := range rep.Frameworks {
		cat := catalogs[fw]
		if cat == nil {
			continue
		}
		for _, cs := range engine.ControlStatuses(rep, cat) {
			out.Controls = append(out.Controls, ControlState{
				Framework: fw,
				Control:   cs.ID,
				Title:     cs.Title,
				State:     string(cs.State),
				Rules:     slices.Clone(cs.Rules),
				Fail:      cs.Fail,
				Unknown:   cs.Unknown,
				Pass:      cs.Pass,
			})
		}
	}

	out.DR = drObjectives(rep.DR)
	for _, o := range out.DR {
		switch o.Status {
		case "pass":
			sum.DRMet++
		case "fail":
			sum.DRMissed++
		case "unknown":
			sum.DRUnknown++
		}
	}

	for _, w := range rep.Waivers {
		out.Waivers = append(out.Waivers, Waiver{
			ID:         w.ID,
			Rule:       w.Rule,
			Control:    w.Control,
			Reason:     w.Reason,
			ApprovedBy: w.ApprovedBy,
			Ticket:     w.Ticket,
			Expires:    w.Expires,
			State:      w.State,
			Matched:    w.Matched,
		})
	}
	sort.SliceStable(out.Waivers, func(i, j int) bool {
		a, b := &out.Waivers[i], &out.Waivers[j]
		if a.ID != b.ID {
			return a.ID < b.ID
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		return a.Control < b.Control
	})
	return out
}

// drObjectives flattens a DR posture: resources in id order, objectives in the order reports show them.
func drObjectives(p *engine.DRPosture) []DRObjective {
	if p == nil {
		return nil
	}
	rank := make(map[string]int, len(engine.DRObjectiveNames))
	for i, n := range engine.DRObjectiveNames {
		rank[n] = i
	}
	resources := slices.Clone(p.Resources)
	sort.SliceStable(resources, func(i, j int) bool { return resources[i].Resource < resources[j].Resource })
	var out []DRObjective
	for _, r := range resources {
		names := make([]string, 0, len(r.Objectives))
		for n := range r.Objectives {
			names = append(names, n)
		}
		sort.Slice(names, func(i, j int) bool {
			ri, oki := rank[names[i]]
			rj, okj := rank[names[j]]
			switch {
			case oki && okj:
				return ri < rj
			case oki != okj:
				return oki // known objectives first, then any other in name order
			default:
				return strings.Compare(names[i], names[j]) < 0
			}
		})
		for _, n := range names {
			o := r.Objectives[n]
			out = append(out, DRObjective{
				System:    deref(r.System),
				Tier:      deref(r.Tier),
				Resource:  r.Resource,
				Objective: n,
				Status:    o.Status,
				Declared:  o.Objective,
				Achieved:  o.Achieved,
			})
		}
	}
	return out
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
