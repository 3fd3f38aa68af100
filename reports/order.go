package reports

import (
	"cmp"
	"slices"
	"strings"

	"github.com/vigil-audit/vigil/engine"
)

// This file holds what several formats share: a canonical order for rules and results (so output does not
// depend on the engine's evaluation order) and the names of frameworks and their controls.

// frameworkLabels are the short names used where space is tight (table rows).
var frameworkLabels = map[string]string{
	engine.FrameworkISO27001:  "ISO 27001",
	engine.FrameworkNIST80053: "800-53",
	engine.FrameworkCSF2:      "CSF 2.0",
}

// frameworkLabel returns the short display name of a framework id; unknown ids are shown as they are.
func frameworkLabel(id string) string {
	if l, ok := frameworkLabels[id]; ok {
		return l
	}
	return id
}

// compareIDs orders identifiers naturally, so that "S3.2" sorts before "S3.10": runs of digits compare as
// numbers, everything else byte by byte. Equal-looking ids ("S3.01", "S3.1") fall back to a plain comparison.
func compareIDs(a, b string) int {
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		if isDigit(a[i]) && isDigit(b[j]) {
			ei, ej := digitsEnd(a, i), digitsEnd(b, j)
			na := strings.TrimLeft(a[i:ei], "0")
			nb := strings.TrimLeft(b[j:ej], "0")
			if c := cmp.Compare(len(na), len(nb)); c != 0 {
				return c
			}
			if c := strings.Compare(na, nb); c != 0 {
				return c
			}
			i, j = ei, ej
			continue
		}
		if c := cmp.Compare(a[i], b[j]); c != 0 {
			return c
		}
		i++
		j++
	}
	if c := cmp.Compare(len(a)-i, len(b)-j); c != 0 {
		return c
	}
	return strings.Compare(a, b)
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func digitsEnd(s string, i int) int {
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	return i
}

// statusRank orders statuses as the table lists them: what needs action first.
func statusRank(s engine.Status) int {
	switch s {
	case engine.StatusFail:
		return 0
	case engine.StatusUnknown:
		return 1
	case engine.StatusWaived:
		return 2
	case engine.StatusPass:
		return 3
	default:
		return 4
	}
}

// compareResults is the canonical result order: rule id, resource id, then anything else that could
// differ between two results of the same pair, so that the order is total.
func compareResults(a, b engine.Result) int {
	return cmp.Or(
		compareIDs(a.RuleID, b.RuleID),
		strings.Compare(a.ResourceID, b.ResourceID),
		cmp.Compare(statusRank(a.Status), statusRank(b.Status)),
		strings.Compare(string(a.Status), string(b.Status)),
		strings.Compare(a.Location.File, b.Location.File),
		cmp.Compare(a.Location.StartLine, b.Location.StartLine),
		strings.Compare(a.Message, b.Message),
		strings.Compare(a.Fingerprint, b.Fingerprint),
	)
}

// sortedResults returns a sorted copy of results; the report itself is left untouched.
func sortedResults(results []engine.Result) []engine.Result {
	out := slices.Clone(results)
	slices.SortStableFunc(out, compareResults)
	return out
}

// sortedRules returns a copy of rules sorted by id.
func sortedRules(rules []engine.Rule) []engine.Rule {
	out := slices.Clone(rules)
	slices.SortStableFunc(out, func(a, b engine.Rule) int {
		return cmp.Or(compareIDs(a.ID, b.ID), strings.Compare(a.Package, b.Package))
	})
	return out
}

// frameworkOrder returns the frameworks to show controls for: the report's own list when it has one
// (the frameworks the scan was asked about), otherwise every framework named in the results, known ones
// in engine.Frameworks order and the rest sorted.
func frameworkOrder(r *engine.Report) []string {
	if len(r.Frameworks) > 0 {
		return r.Frameworks
	}
	seen := map[string]bool{}
	for _, res := range r.Results {
		for fw := range res.Controls {
			seen[fw] = true
		}
	}
	for _, rule := range r.Rules {
		for fw := range rule.Controls {
			seen[fw] = true
		}
	}
	var out []string
	for _, fw := range engine.Frameworks {
		if seen[fw] {
			out = append(out, fw)
			delete(seen, fw)
		}
	}
	rest := make([]string, 0, len(seen))
	for fw := range seen {
		rest = append(rest, fw)
	}
	slices.Sort(rest)
	return append(out, rest...)
}

// hasSourceErrors reports whether any source recorded an error.
func hasSourceErrors(r *engine.Report) bool {
	for _, s := range r.Sources {
		if !s.Complete() {
			return true
		}
	}
	return false
}

// incomplete reports whether the results may be missing findings: a source could not be read completely,
// or the engine itself marked the report incomplete.
func incomplete(r *engine.Report) bool {
	return !r.Complete || hasSourceErrors(r)
}
