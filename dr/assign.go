package dr

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/vigil-audit/vigil/config"
	"github.com/vigil-audit/vigil/internal/idglob"
	"github.com/vigil-audit/vigil/inventory"
)

// Assignment statuses.
const (
	// StatusAssigned: the resource is in Tier, by its tier tag, its system, or both agreeing (Basis).
	StatusAssigned = "assigned"
	// StatusNoObjective: no tag and no system puts the resource in a tier. It is listed so that reports
	// show it: a resource nobody declared an objective for is a finding in itself, never a silent pass.
	StatusNoObjective = "no objective declared"
	// StatusUnknown: whether a tier applies cannot be told, because the resource's tags are unknown (a
	// Terraform value known only after apply, a denied ListTags call); Reason says what is not known.
	StatusUnknown = "unknown"
	// StatusInvalid: the declarations disagree about the resource (a tag naming no tier, a tag and a
	// system naming different tiers, two systems); a Diagnostic says so, and the run cannot be trusted.
	StatusInvalid = "invalid"
)

// Bases of an assignment: what put the resource in its tier.
const (
	BasisTag          = "tag"        // the tier tag alone
	BasisSystem       = "system"     // the system alone
	BasisTagAndSystem = "tag+system" // both, naming the same tier
)

// Assignment is one protectable resource's place among the declared objectives.
type Assignment struct {
	// Resource and Type are the inventory id and canonical type.
	Resource string `json:"resource"`
	Type     string `json:"type"`
	// Tier is the dr_tier the resource is in; "" unless Status is StatusAssigned.
	Tier string `json:"tier"`
	// System is the dr_system holding the resource, "" when none does (or Status is not StatusAssigned).
	System string `json:"system"`
	Status string `json:"status"`
	// Basis is BasisTag, BasisSystem or BasisTagAndSystem when Status is StatusAssigned.
	Basis string `json:"basis,omitempty"`
	// Reason explains StatusUnknown and StatusInvalid, and notes what could not be checked on an
	// assignment that still holds (tags unknown on a resource that a system matches by id or type).
	Reason string `json:"reason,omitempty"`
}

// Assignments are sorted by resource id, then type.
type Assignments []Assignment

// Find returns the assignment of the resource with id, or nil.
func (as Assignments) Find(id string) *Assignment {
	i, found := slices.BinarySearchFunc(as, id, func(a Assignment, id string) int { return cmp.Compare(a.Resource, id) })
	if !found {
		return nil
	}
	return &as[i]
}

// Diagnostic is a declaration that the inventory proves wrong. Every diagnostic is an error: the DR
// posture it concerns cannot be trusted, and a command reports it and exits 2.
type Diagnostic struct {
	Summary string
	Detail  string
	// Subject locates the declaration in vigil.hcl the problem is about (a dr_system block or one of its
	// match blocks), when it is about one.
	Subject *hcl.Range
	// Resource is the id of the resource the problem is about, and Source where it is declared, when it
	// is about a resource.
	Resource string
	Source   inventory.Location
}

// String renders the diagnostic on one line: "vigil.hcl:12:1: summary: detail" for a declaration,
// "main.tf:4: summary: detail" for a resource read from a file (its detail names the resource), and
// "summary: detail" for a live resource (its detail names the ARN).
func (d Diagnostic) String() string {
	var b strings.Builder
	switch {
	case d.Subject != nil:
		fmt.Fprintf(&b, "%s:%d:%d: ", d.Subject.Filename, d.Subject.Start.Line, d.Subject.Start.Column)
	case d.Source.File != "" && d.Source.StartLine > 0:
		fmt.Fprintf(&b, "%s:%d: ", d.Source.File, d.Source.StartLine)
	case d.Source.File != "":
		fmt.Fprintf(&b, "%s: ", d.Source.File)
	}
	b.WriteString(d.Summary)
	if d.Detail != "" {
		b.WriteString(": ")
		b.WriteString(d.Detail)
	}
	return b.String()
}

// Error is diagnostics as one error, one line each in the order Assign returns them.
type Error struct {
	Diagnostics []Diagnostic
}

func (e *Error) Error() string {
	lines := make([]string, len(e.Diagnostics))
	for i, d := range e.Diagnostics {
		lines[i] = d.String()
	}
	return strings.Join(lines, "\n")
}

// Err returns nil when there is no diagnostic, else an *Error holding them.
func Err(diags []Diagnostic) error {
	if len(diags) == 0 {
		return nil
	}
	return &Error{Diagnostics: diags}
}

// Assign puts every protectable resource of inv (see ProtectableTypes) in its tier and system:
//
//   - a resource carrying the tier tag (decl.TierTagKey(), "dr-tier" by default) is in the tier it names;
//     a value that names no declared tier is a Diagnostic;
//   - a resource that a dr_system matches is in that system, and in the system's tier; matched by two
//     systems or more, it is a Diagnostic naming each (a resource has one owner and one set of objectives);
//   - a tag and a system that name different tiers are a Diagnostic: either could hide the other's
//     objectives (a tag lowering one database of a critical system, a system claiming a resource tagged
//     for another tier), so neither wins;
//   - a resource neither puts in a tier is listed with StatusNoObjective;
//   - a resource whose tags are unknown is StatusUnknown, unless a system matches it by id or type alone,
//     which then decides (a disagreeing tag or another system could only make the run an error).
//
// A system that matches no protectable resource, or whose match block lists a type that is not
// protectable, is a Diagnostic at its declaration. Assignments are sorted by resource id then type;
// diagnostics come in the order of the systems in the file, then of the resources.
func Assign(decl config.DR, inv *inventory.Inventory) (Assignments, []Diagnostic) {
	a := assigner{dr: &decl, tagKey: decl.TierTagKey(), matched: make([]int, len(decl.Systems)), maybe: make([]int, len(decl.Systems))}
	var resources []*inventory.Resource
	if inv != nil {
		for i := range inv.Resources {
			if Protectable(inv.Resources[i].Type) {
				resources = append(resources, &inv.Resources[i])
			}
		}
	}
	slices.SortStableFunc(resources, func(x, y *inventory.Resource) int {
		return cmp.Or(cmp.Compare(x.ID, y.ID), cmp.Compare(x.Type, y.Type))
	})

	out := make(Assignments, 0, len(resources))
	var resourceDiags []Diagnostic
	for _, r := range resources {
		as, diag := a.assign(r)
		out = append(out, as)
		if diag != nil {
			resourceDiags = append(resourceDiags, *diag)
		}
	}
	return out, append(a.systemDiagnostics(inv), resourceDiags...)
}

// assigner holds what Assign learns while it goes through the resources.
type assigner struct {
	dr     *config.DR
	tagKey string
	// matched and maybe count, per system (index in dr.Systems), the protectable resources it matches
	// and those it may match (their tags are unknown).
	matched, maybe []int
}

// match is a three-valued answer: whether a system matches a resource, or whether it cannot be told.
type match int

const (
	matchNo match = iota
	matchMaybe
	matchYes
)

// matchSystem tells whether s holds r: any of its match blocks does.
func matchSystem(s *config.DRSystem, r *inventory.Resource) match {
	best := matchNo
	for i := range s.Match {
		best = max(best, matchBlock(&s.Match[i], r))
	}
	return best
}

// matchBlock tells whether every criterion of m holds for r. Types and ids are always known; tags are
// not known when the resource's tags are unknown, since a known value may be overridden by an unknown one
// (a provider default tag under a resource tag whose value is known only after apply).
func matchBlock(m *config.DRMatch, r *inventory.Resource) match {
	if len(m.Types) > 0 && !slices.Contains(m.Types, r.Type) {
		return matchNo
	}
	if len(m.IDs) > 0 && !slices.ContainsFunc(m.IDs, func(p string) bool { return idglob.Match(p, r.ID) }) {
		return matchNo
	}
	if len(m.Tags) == 0 {
		return matchYes
	}
	if r.IsUnknown("tags") {
		return matchMaybe
	}
	for k, v := range m.Tags {
		if got, ok := r.Tags[k]; !ok || got != v {
			return matchNo
		}
	}
	return matchYes
}

// assign decides one resource.
func (a *assigner) assign(r *inventory.Resource) (Assignment, *Diagnostic) {
	as := Assignment{Resource: r.ID, Type: r.Type}
	var yes, maybe []int
	for i := range a.dr.Systems {
		switch matchSystem(&a.dr.Systems[i], r) {
		case matchYes:
			yes = append(yes, i)
			a.matched[i]++
		case matchMaybe:
			maybe = append(maybe, i)
			a.maybe[i]++
		}
	}
	where := resourceName(r)

	if len(yes) > 1 {
		names := make([]string, len(yes))
		for i, s := range yes {
			names[i] = a.systemRef(s)
		}
		as.Status = StatusInvalid
		as.Reason = "matched by several systems: " + strings.Join(names, ", ")
		return as, a.resourceDiag(r, "Resource in several systems",
			"%s is matched by %s; a resource belongs to one system, so narrow their match blocks.",
			where, joinAnd(names))
	}

	tagsUnknown := r.IsUnknown("tags")
	if tagsUnknown {
		if len(yes) == 1 {
			s := &a.dr.Systems[yes[0]]
			as.Status, as.Tier, as.System, as.Basis = StatusAssigned, s.Tier, s.Name, BasisSystem
			as.Reason = fmt.Sprintf("its tags are unknown, so a %s tag or another system matching by tags that would disagree cannot be ruled out", a.tagKey)
			return as, nil
		}
		as.Status = StatusUnknown
		as.Reason = fmt.Sprintf("its tags are unknown, so whether a %s tag names its tier cannot be told", a.tagKey)
		if len(maybe) > 0 {
			names := make([]string, len(maybe))
			for i, s := range maybe {
				names[i] = fmt.Sprintf("%q", a.dr.Systems[s].Name)
			}
			as.Reason += fmt.Sprintf(", nor whether system %s (matching by tags) holds it", joinOr(names))
		}
		return as, nil
	}

	tagTier, tagged := r.Tags[a.tagKey]
	if tagged && a.dr.Tier(tagTier) == nil {
		as.Status = StatusInvalid
		as.Reason = fmt.Sprintf("its %s tag names tier %q, which is not declared", a.tagKey, tagTier)
		return as, a.resourceDiag(r, "Unknown tier in tag",
			"%s has the tag %s = %q, which names no dr_tier (%s).%s",
			where, a.tagKey, tagTier, a.declaredTiers(), suggest(tagTier, a.tierNames()))
	}
	var system *config.DRSystem
	if len(yes) == 1 {
		system = &a.dr.Systems[yes[0]]
	}
	switch {
	case tagged && system != nil && system.Tier != tagTier:
		as.Status = StatusInvalid
		as.Reason = fmt.Sprintf("its %s tag names tier %q, its system %q tier %q", a.tagKey, tagTier, system.Name, system.Tier)
		return as, a.resourceDiag(r, "Tier tag and system disagree",
			"%s has the tag %s = %q, but %s, which holds it, is in tier %q; make the tag name %q, remove it, or take the resource out of the system.",
			where, a.tagKey, tagTier, a.systemRef(yes[0]), system.Tier, system.Tier)
	case tagged && system != nil:
		as.Status, as.Tier, as.System, as.Basis = StatusAssigned, tagTier, system.Name, BasisTagAndSystem
	case tagged:
		as.Status, as.Tier, as.Basis = StatusAssigned, tagTier, BasisTag
	case system != nil:
		as.Status, as.Tier, as.System, as.Basis = StatusAssigned, system.Tier, system.Name, BasisSystem
	default:
		as.Status = StatusNoObjective
		if k := a.lookalikeTagKey(r); k != "" {
			as.Reason = fmt.Sprintf("it has the tag %q, but the tier tag is %q (tag keys are case-sensitive)", k, a.tagKey)
		}
	}
	return as, nil
}

// lookalikeTagKey returns a tag key of r that differs from the tier tag key only in case or in spaces
// around it (DR-Tier for dr-tier): most likely meant as the tier tag, though AWS reads it as another key.
func (a *assigner) lookalikeTagKey(r *inventory.Resource) string {
	keys := make([]string, 0, len(r.Tags))
	for k := range r.Tags {
		if k != a.tagKey && strings.EqualFold(strings.TrimSpace(k), a.tagKey) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	if len(keys) == 0 {
		return ""
	}
	return keys[0]
}

// systemDiagnostics reports, per system in file order, the match blocks that list types no backup
// protects and the systems that match no protectable resource (nor may match one).
func (a *assigner) systemDiagnostics(inv *inventory.Inventory) []Diagnostic {
	var diags []Diagnostic
	for i := range a.dr.Systems {
		s := &a.dr.Systems[i]
		for j := range s.Match {
			m := &s.Match[j]
			var bad []string
			for _, t := range m.Types {
				if !Protectable(t) {
					bad = append(bad, t)
				}
			}
			if len(bad) > 0 {
				diags = append(diags, Diagnostic{
					Summary: "Type not protectable",
					Detail: fmt.Sprintf("A match block of system %q lists %s, which no backup protects; DR objectives apply to %s.",
						s.Name, strings.Join(bad, ", "), strings.Join(ProtectableTypes, ", ")),
					Subject: m.Range.Ptr(),
				})
			}
		}
		if a.matched[i] > 0 || a.maybe[i] > 0 {
			continue
		}
		detail := fmt.Sprintf("System %q matches no protectable resource in the inventory (%s), so its objectives would judge nothing; "+
			"check its tags, ids and types against the resources, or remove it.", s.Name, countProtectable(inv))
		if others := nonProtectableMatches(s, inv); others != "" {
			detail += " It matches only resources that no backup protects: " + others + "."
		}
		diags = append(diags, Diagnostic{Summary: "System matches nothing", Detail: detail, Subject: s.DeclRange.Ptr()})
	}
	return diags
}

// countProtectable says how many protectable resources inv holds.
func countProtectable(inv *inventory.Inventory) string {
	n := 0
	if inv != nil {
		for i := range inv.Resources {
			if Protectable(inv.Resources[i].Type) {
				n++
			}
		}
	}
	if n == 1 {
		return "1 protectable resource"
	}
	return fmt.Sprintf("%d protectable resources", n)
}

// nonProtectableMatches lists, for a system that matches no protectable resource, the types of the other
// resources it matches ("aws.iam.role (2)"), to show where its match blocks went wrong.
func nonProtectableMatches(s *config.DRSystem, inv *inventory.Inventory) string {
	if inv == nil {
		return ""
	}
	count := map[string]int{}
	for i := range inv.Resources {
		r := &inv.Resources[i]
		if !Protectable(r.Type) && matchSystem(s, r) == matchYes {
			count[r.Type]++
		}
	}
	types := make([]string, 0, len(count))
	for t := range count {
		types = append(types, t)
	}
	slices.Sort(types)
	for i, t := range types {
		types[i] = fmt.Sprintf("%s (%d)", t, count[t])
	}
	return strings.Join(types, ", ")
}

func (a *assigner) resourceDiag(r *inventory.Resource, summary, format string, args ...any) *Diagnostic {
	return &Diagnostic{Summary: summary, Detail: fmt.Sprintf(format, args...), Resource: r.ID, Source: r.Source}
}

// resourceName names a resource in messages: its id and type.
func resourceName(r *inventory.Resource) string {
	return fmt.Sprintf("%s (%s)", r.ID, r.Type)
}

// systemRef names system i with where it is declared: `system "ledger" (vigil.hcl:26)`.
func (a *assigner) systemRef(i int) string {
	s := &a.dr.Systems[i]
	return fmt.Sprintf("system %q (%s:%d)", s.Name, s.DeclRange.Filename, s.DeclRange.Start.Line)
}

func (a *assigner) tierNames() []string {
	names := make([]string, len(a.dr.Tiers))
	for i, t := range a.dr.Tiers {
		names[i] = t.Name
	}
	return names
}

func (a *assigner) declaredTiers() string {
	if len(a.dr.Tiers) == 0 {
		return "no dr_tier is declared"
	}
	names := a.tierNames()
	slices.Sort(names)
	return "declared tiers: " + strings.Join(names, ", ")
}

// suggest returns ` Did you mean "x"?` for a tier name that differs from s only in case or in spaces
// around it.
func suggest(s string, names []string) string {
	for _, n := range names {
		if strings.EqualFold(n, strings.TrimSpace(s)) {
			return fmt.Sprintf(" Did you mean %q?", n)
		}
	}
	return ""
}

func joinAnd(items []string) string { return joinWith(items, "and") }
func joinOr(items []string) string  { return joinWith(items, "or") }

// joinWith writes "a", "a and b", "a, b and c".
func joinWith(items []string, word string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " " + word + " " + items[len(items)-1]
}
