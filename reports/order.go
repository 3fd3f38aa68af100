package reports

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/vigil-audit/vigil/engine"
	"github.com/vigil-audit/vigil/internal/parallel"
	"github.com/vigil-audit/vigil/inventory"
)

// This file holds what several formats share: a canonical order for rules and results (so output does not
// depend on the engine's evaluation order), the order in which findings deserve attention, the names of
// frameworks and their controls, and the wording of waivers.

// frameworkLabels are the short names used where space is tight (table rows).
var frameworkLabels = map[string]string{
	engine.FrameworkISO27001:  "ISO 27001",
	engine.FrameworkNIST80053: "800-53",
	engine.FrameworkCSF2:      "CSF 2.0",
	engine.FrameworkCISAWS6:   "CIS AWS 6.0",
	engine.FrameworkSOC2:      "SOC 2",
	engine.FrameworkPCIDSS4:   "PCI DSS",
	engine.FrameworkHIPAA:     "HIPAA",
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
	case engine.StatusNotApplicable:
		return 4
	default:
		return 5
	}
}

// statusLabel is a status as prose: "not applicable" rather than "not_applicable".
func statusLabel(s engine.Status) string {
	return strings.ReplaceAll(string(s), "_", " ")
}

// compareResults is the canonical result order: rule id, resource id, then anything else that could
// differ between two results of the same pair, so that the order is total.
func compareResults(a, b *engine.Result) int {
	return cmp.Or(
		compareIDs(a.RuleID, b.RuleID),
		strings.Compare(a.ResourceID, b.ResourceID),
		cmp.Compare(statusRank(a.Status), statusRank(b.Status)),
		strings.Compare(string(a.Status), string(b.Status)),
		strings.Compare(a.Where().File, b.Where().File),
		cmp.Compare(a.Where().StartLine, b.Where().StartLine),
		strings.Compare(a.Message, b.Message),
		strings.Compare(a.Fingerprint, b.Fingerprint),
	)
}

// sortedResults returns a sorted copy of results; the report itself is left untouched.
func sortedResults(results []engine.Result) []engine.Result {
	order := resultOrder(results)
	out := make([]engine.Result, len(order))
	for n, i := range order {
		out[n] = results[i]
	}
	return out
}

// resultOrder returns the indexes of results in canonical order. Sorting indexes rather than a copy keeps
// a large report from being held twice: formats that stream walk the order and read results in place.
// Equal results keep the engine's order (the index breaks ties). int32 indexes halve the order's size; a
// report of 2^31 results would not fit in memory anyway.
func resultOrder(results []engine.Result) []int32 {
	order := make([]int32, len(results))
	for i := range order {
		order[i] = int32(i)
	}
	// The index breaks ties, so the order is total and sorting parts on every core gives the same order.
	parallel.SortFunc(order, func(a, b int32) int {
		return cmp.Or(compareResults(&results[a], &results[b]), cmp.Compare(a, b))
	})
	return order
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

// baselineRank puts findings that are new against a baseline first and unchanged ones last; without a
// baseline every result ranks the same.
func baselineRank(b string) int {
	switch b {
	case engine.BaselineNew:
		return 0
	case engine.BaselineUnchanged:
		return 2
	default:
		return 1
	}
}

// compareFindings is the order in which findings deserve attention: new before unchanged (when the run
// was compared with a baseline), failures before unknowns, the most severe first, then canonical order.
func compareFindings(a, b engine.Result) int {
	return cmp.Or(
		cmp.Compare(baselineRank(a.Baseline), baselineRank(b.Baseline)),
		cmp.Compare(statusRank(a.Status), statusRank(b.Status)),
		cmp.Compare(b.Severity.Rank(), a.Severity.Rank()),
		compareResults(&a, &b),
	)
}

// findings returns the fail and unknown results in compareFindings order.
func findings(results []engine.Result) []engine.Result {
	var out []engine.Result
	for _, res := range results {
		if res.IsFinding() {
			out = append(out, res)
		}
	}
	slices.SortStableFunc(out, compareFindings)
	return out
}

// withStatus returns the results of one status, keeping their order.
func withStatus(results []engine.Result, st engine.Status) []engine.Result {
	var out []engine.Result
	for _, res := range results {
		if res.Status == st {
			out = append(out, res)
		}
	}
	return out
}

// baselineCounts counts findings that are new and unchanged against a baseline. Both are zero when the
// run was not compared with one.
func baselineCounts(results []engine.Result) (added, unchanged int) {
	for _, res := range results {
		switch res.Baseline {
		case engine.BaselineNew:
			added++
		case engine.BaselineUnchanged:
			unchanged++
		}
	}
	return added, unchanged
}

// waiversIn returns the report's waivers in one state (engine.WaiverActive, ...), in the report's order:
// the order of the config file, then inline comments.
func waiversIn(r *engine.Report, state string) []engine.WaiverStatus {
	var out []engine.WaiverStatus
	for _, w := range r.Waivers {
		if w.State == state {
			out = append(out, w)
		}
	}
	return out
}

// waiverExpiry is a waiver's last day, or "never" (only inline waivers may omit it).
func waiverExpiry(w *engine.Waiver) string {
	if w.Expires == nil {
		return "never"
	}
	return w.Expires.UTC().Format(time.DateOnly)
}

// waiverValidity names a waiver with its last day: "waiver legacy-ci-user until 2025-09-30".
func waiverValidity(w *engine.Waiver) string {
	if w.Expires == nil {
		return "waiver " + w.ID + ", no expiry"
	}
	return "waiver " + w.ID + " until " + waiverExpiry(w)
}

// waiverScope says what a waiver covers: "rule IAM.4" or "control iso27001-2022:8.13", and on which
// resources.
func waiverScope(w *engine.Waiver) string {
	var what string
	switch {
	case w.Rule != "" && w.Control != "":
		what = "rule " + w.Rule + ", control " + w.Control
	case w.Rule != "":
		what = "rule " + w.Rule
	case w.Control != "":
		what = "control " + w.Control
	default:
		what = "every rule"
	}
	if len(w.Resources) == 0 {
		return what + " on every resource"
	}
	return what + " on " + strings.Join(w.Resources, ", ")
}

// waiverAccountability lists who answers for a waiver: ticket, owner, approver, where it is declared.
func waiverAccountability(w *engine.Waiver) []string {
	var parts []string
	if w.Ticket != "" {
		parts = append(parts, w.Ticket)
	}
	if w.Owner != "" {
		parts = append(parts, "owner "+w.Owner)
	}
	if w.ApprovedBy != "" {
		parts = append(parts, "approved by "+w.ApprovedBy)
	}
	if w.Source != "" {
		parts = append(parts, w.Source)
	}
	return parts
}

// splitSource splits a declaration "file:line" into its parts; without a line number the whole text is
// the file.
func splitSource(src string) (file string, line int) {
	i := strings.LastIndexByte(src, ':')
	if i < 0 {
		return src, 0
	}
	n, err := strconv.Atoi(src[i+1:])
	if err != nil || n <= 0 {
		return src, 0
	}
	return src[:i], n
}

// sourceName names a source in one line: "terraform infra (7 files)".
func sourceName(s inventory.Source) string {
	name := strings.TrimSpace(s.Kind + " " + s.Path)
	if s.Files > 0 {
		name += fmt.Sprintf(" (%s)", plural(s.Files, "file", "files"))
	}
	return name
}
