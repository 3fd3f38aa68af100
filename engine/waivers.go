package engine

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/vigil-audit/vigil/internal/idglob"
	"github.com/vigil-audit/vigil/inventory"
)

// Waiver accepts a known finding for a limited time, with the accountability an auditor asks for.
// Waivers come from the config file (vigil.hcl) or from inline `# vigil:ignore` comments.
type Waiver struct {
	// ID names the waiver: the config block label, or "inline" for source comments.
	ID string `json:"id"`
	// Rule is a rule id; Control a "framework:control" pair (iso27001-2022:8.13). One of them is set.
	Rule    string `json:"rule,omitempty"`
	Control string `json:"control,omitempty"`
	// Resources are patterns over resource ids: `*` matches any run of characters, `?` one character.
	// Empty means every resource.
	Resources  []string `json:"resources,omitempty"`
	Reason     string   `json:"reason"`
	Owner      string   `json:"owner,omitempty"`
	ApprovedBy string   `json:"approved_by,omitempty"`
	Ticket     string   `json:"ticket,omitempty"`
	// Expires is the last day (UTC) the waiver applies; nil never expires (inline comments only).
	Expires *time.Time `json:"expires,omitempty"`
	// Source locates the declaration (file:line).
	Source string `json:"source"`

	// resourceID restricts an inline waiver to the exact resource it was written on.
	resourceID string
	// unattached marks an inline waiver that applies to no resource (inventory.Source.UnattachedIgnores):
	// it matches nothing, so it is checked and listed as unused like any other.
	unattached bool
}

// InlineWaivers turns the `# vigil:ignore` comments recorded on resources into waivers bound to
// exactly that resource, and those its sources found applying to no resource into waivers that match
// nothing. A malformed expiry date is reported as an error naming file:line.
func InlineWaivers(inv *inventory.Inventory) ([]Waiver, error) {
	var out []Waiver
	add := func(ig inventory.Ignore, resourceID string) error {
		src := fmt.Sprintf("%s:%d", ig.File, ig.Line)
		w := Waiver{ID: "inline", Rule: ig.Rule, Reason: ig.Reason, Source: src, resourceID: resourceID, unattached: resourceID == ""}
		if resourceID != "" {
			w.Resources = []string{resourceID}
		}
		if ig.Expires != "" {
			t, err := time.Parse(time.DateOnly, ig.Expires)
			if err != nil {
				return fmt.Errorf("%s: vigil:ignore: invalid expiry %q: want exp:YYYY-MM-DD", src, ig.Expires)
			}
			w.Expires = &t
		}
		out = append(out, w)
		return nil
	}
	for _, r := range inv.Resources {
		for _, ig := range r.Ignores {
			if err := add(ig, r.ID); err != nil {
				return nil, err
			}
		}
	}
	for _, s := range inv.Sources {
		for _, ig := range s.UnattachedIgnores {
			if err := add(ig, ""); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// CheckWaivers rejects waivers that name a rule or a control that no loaded policy has: such a waiver
// would silently never apply, and a typo in a rule id would leave the finding it meant to accept (or,
// worse, the reviewer's belief that it is accepted) unexplained. Config waivers and inline
// `# vigil:ignore` comments are held to the same rule; every problem is listed, each at its file:line.
func (e *Engine) CheckWaivers(waivers []Waiver) error {
	rules := make(map[string]bool, len(e.rules))
	for _, r := range e.rules {
		rules[r.ID] = true
	}
	var problems []string
	for _, w := range waivers {
		what := fmt.Sprintf("waiver %q", w.ID)
		if w.resourceID != "" || w.unattached {
			what = "vigil:ignore"
		}
		if w.Rule != "" && !rules[w.Rule] {
			problems = append(problems, fmt.Sprintf("%s: %s: no loaded rule has id %q (see vigil policy list)", w.Source, what, w.Rule))
		}
		if w.Control != "" {
			fw, id, _ := strings.Cut(w.Control, ":")
			cat := e.catalogs[fw]
			if cat == nil {
				problems = append(problems, fmt.Sprintf("%s: %s: unknown framework %q", w.Source, what, fw))
			} else if _, ok := cat.Lookup(id); !ok {
				problems = append(problems, fmt.Sprintf("%s: %s: control %q is not in the %s catalog", w.Source, what, id, cat.Title))
			}
		}
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "\n"))
	}
	return nil
}

// Waiver states.
const (
	WaiverActive  = "active"
	WaiverExpired = "expired"
	WaiverUnused  = "unused"
)

// WaiverStatus reports what a waiver did in a run: an expired waiver no longer applies and is reported,
// and an unused one may be stale.
type WaiverStatus struct {
	Waiver
	State string `json:"state"`
	// Matched counts the results it waived (active) or would have waived (expired).
	Matched int `json:"matched"`
}

// expired reports whether the waiver's last day is before today's date in UTC.
func (w *Waiver) expired(now time.Time) bool {
	if w.Expires == nil {
		return false
	}
	today := time.Date(now.UTC().Year(), now.UTC().Month(), now.UTC().Day(), 0, 0, 0, 0, time.UTC)
	return w.Expires.Before(today)
}

func (w *Waiver) matches(res *Result) bool {
	if w.unattached {
		return false
	}
	if w.Rule != "" && w.Rule != res.RuleID {
		return false
	}
	if w.Control != "" {
		fw, id, _ := strings.Cut(w.Control, ":")
		found := false
		for _, c := range res.Controls[fw] {
			if c == id {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	if w.resourceID != "" {
		return w.resourceID == res.ResourceID
	}
	if len(w.Resources) == 0 {
		return true
	}
	for _, p := range w.Resources {
		if idglob.Match(p, res.ResourceID) { // the same patterns as dr_system ids
			return true
		}
	}
	return false
}

// applyWaivers turns matching fail and unknown results into waived ones. A result keeps its original
// status in OriginalStatus and its message, so reports can still show what was accepted.
func applyWaivers(results []Result, waivers []Waiver, now time.Time) []WaiverStatus {
	statuses := make([]WaiverStatus, len(waivers))
	for i, w := range waivers {
		statuses[i] = WaiverStatus{Waiver: w, State: WaiverUnused}
		if w.expired(now) {
			statuses[i].State = WaiverExpired
		}
	}
	for i := range results {
		res := &results[i]
		if res.Status != StatusFail && res.Status != StatusUnknown {
			continue
		}
		for j := range statuses {
			ws := &statuses[j]
			if !ws.matches(res) {
				continue
			}
			ws.Matched++
			if ws.State == WaiverExpired {
				continue // reported in Report.Waivers; the result keeps its status
			}
			ws.State = WaiverActive
			w := ws.Waiver
			res.OriginalStatus = res.Status
			res.Status = StatusWaived
			res.Waiver = &w
			break
		}
	}
	return statuses
}
