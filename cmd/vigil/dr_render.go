package main

// Renderings of a DR posture: the table (default), markdown, html and the JSON contract (docs/dr.md).

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/vigil-audit/vigil/dr"
	"github.com/vigil-audit/vigil/engine"
	"github.com/vigil-audit/vigil/reports"
)

func writeDR(ctx context.Context, w io.Writer, format string, p dr.Posture) error {
	switch format {
	case "html":
		// The page renders the report model's copy of the posture, as the html report's DR section does.
		raw, err := json.Marshal(p)
		if err != nil {
			return err
		}
		var mirror engine.DRPosture
		if err := json.Unmarshal(raw, &mirror); err != nil {
			return err
		}
		return reports.RenderDRHTML(ctx, w, &mirror, vigilVersion())
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(p)
	case "markdown":
		return writeDRMarkdown(w, p)
	}
	return writeDRTable(w, p)
}

// drGroup is the resources of one system (or of a tier without system, or without tier).
type drGroup struct {
	title     string
	resources []dr.ResourcePosture
}

// drGroups orders the posture for reading: systems by name, then resources in a tier by tag alone,
// then resources in no tier (or whose tier cannot be told).
func drGroups(p dr.Posture) []drGroup {
	bySystem := map[string][]dr.ResourcePosture{}
	var tierOnly, none []dr.ResourcePosture
	for _, r := range p.Resources {
		switch {
		case r.System != nil:
			bySystem[*r.System] = append(bySystem[*r.System], r)
		case r.Tier != nil:
			tierOnly = append(tierOnly, r)
		default:
			none = append(none, r)
		}
	}
	names := make([]string, 0, len(bySystem))
	for n := range bySystem {
		names = append(names, n)
	}
	sort.Strings(names)
	var out []drGroup
	for _, n := range names {
		rs := bySystem[n]
		out = append(out, drGroup{title: fmt.Sprintf("system %s (tier %s)", n, *rs[0].Tier), resources: rs})
	}
	if len(tierOnly) > 0 {
		out = append(out, drGroup{title: "no system (tier by tag)", resources: tierOnly})
	}
	if len(none) > 0 {
		out = append(out, drGroup{title: "no tier", resources: none})
	}
	return out
}

// orderedObjectives lists r's objectives in dr.ObjectiveNames order.
func orderedObjectives(r dr.ResourcePosture) []dr.ObjectiveResult {
	var out []dr.ObjectiveResult
	for _, name := range dr.ObjectiveNames {
		if o, ok := r.Objectives[name]; ok {
			out = append(out, o)
		}
	}
	return out
}

func achievedText(o dr.ObjectiveResult) string {
	if o.AchievedMinutes != nil {
		return fmt.Sprintf("%s (%d min)", o.Achieved, *o.AchievedMinutes)
	}
	return o.Achieved
}

func writeDRTable(w io.Writer, p dr.Posture) error {
	counts := p.Counts()
	var b strings.Builder
	fmt.Fprintf(&b, "DR posture: %d resources; objectives: %d pass, %d fail, %d unknown\n",
		len(p.Resources), counts[dr.ObjectivePass], counts[dr.ObjectiveFail], counts[dr.ObjectiveUnknown])
	for _, g := range drGroups(p) {
		fmt.Fprintf(&b, "\n== %s\n", reports.Printable(g.title))
		for _, r := range g.resources {
			tier := "none"
			if r.Tier != nil {
				tier = *r.Tier
			}
			// The id starts the line: a saved inventory's "::command::" must not reach a CI log as one.
			fmt.Fprintf(&b, "%s  [%s, tier %s]\n", reports.PrintableLine(r.Resource), r.Type, reports.Printable(tier))
			if len(r.Objectives) == 0 {
				fmt.Fprintf(&b, "  %s\n", reports.Printable(r.Reason))
				continue
			}
			for _, o := range orderedObjectives(r) {
				fmt.Fprintf(&b, "  %-7s %-19s want %-10s got %s", strings.ToUpper(o.Status), o.Name,
					reports.Printable(o.Objective), reports.Printable(achievedText(o)))
				if o.Protection != "" {
					fmt.Fprintf(&b, "  by %s", reports.Printable(o.Protection))
				}
				b.WriteString("\n")
				if o.Evidence != "" {
					fmt.Fprintf(&b, "          evidence: %s\n", reports.Printable(o.Evidence))
				}
				for _, l := range o.LiveEvidence {
					fmt.Fprintf(&b, "          live: %s\n", reports.Printable(l))
				}
				if o.Reason != "" {
					fmt.Fprintf(&b, "          reason: %s\n", reports.Printable(o.Reason))
				}
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// mdCell is free text in a markdown table cell.
var mdCell = reports.MarkdownCell

func writeDRMarkdown(w io.Writer, p dr.Posture) error {
	counts := p.Counts()
	var b strings.Builder
	fmt.Fprintf(&b, "## DR posture\n\n%d resources; objectives: %d pass, %d fail, %d unknown\n",
		len(p.Resources), counts[dr.ObjectivePass], counts[dr.ObjectiveFail], counts[dr.ObjectiveUnknown])
	for _, g := range drGroups(p) {
		fmt.Fprintf(&b, "\n### %s\n\n| Resource | Objective | Status | Want | Achieved | Protection | Evidence |\n|---|---|---|---|---|---|---|\n", mdCell(g.title))
		for _, r := range g.resources {
			if len(r.Objectives) == 0 {
				fmt.Fprintf(&b, "| %s | | | | | | %s |\n", reports.MarkdownCode(r.Resource), mdCell(r.Reason))
				continue
			}
			for _, o := range orderedObjectives(r) {
				evidence := o.Evidence
				for _, l := range o.LiveEvidence {
					evidence += "; live: " + l
				}
				if o.Reason != "" {
					evidence += " — " + o.Reason
				}
				fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s |\n", reports.MarkdownCode(r.Resource), o.Name, o.Status,
					mdCell(o.Objective), mdCell(achievedText(o)), mdCell(o.Protection), mdCell(evidence))
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
