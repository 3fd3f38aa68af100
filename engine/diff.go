package engine

import (
	"path"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws/arn"

	"github.com/vigil-audit/vigil/inventory"
)

// Diff is the change in findings between two reports.
type Diff struct {
	New       []Result `json:"new"`
	Resolved  []Result `json:"resolved"`
	Unchanged []Result `json:"unchanged"`
	// Unjudged lists the findings that cannot be judged because the other report could not read the part
	// (Terraform root, plan, account/region) that would hold them: a finding of OLD missing from an
	// incomplete part of NEW is not resolved, and one of NEW missing from an incomplete part of OLD is
	// not known to be new.
	Unjudged []UnjudgedFinding `json:"unjudged"`
	// OldComplete and NewComplete copy each report's completeness: a diff with an incomplete side
	// cannot be trusted as a whole.
	OldComplete bool `json:"old_complete"`
	NewComplete bool `json:"new_complete"`
}

// UnjudgedFinding is a finding of one report whose counterpart in the other report could not be read.
type UnjudgedFinding struct {
	Result
	// Side is the report the finding comes from: "old" or "new".
	Side string `json:"side"`
	// Reason says why it cannot be judged.
	Reason string `json:"reason"`
}

// Complete reports whether both reports were read without error.
func (d *Diff) Complete() bool { return d.OldComplete && d.NewComplete }

// DiffReports compares the findings of two reports by fingerprint, with the rule of BaselineState: a
// finding of NEW is new unless OLD had the same finding (a failure is new unless OLD failed too). A
// finding of OLD is resolved when NEW judged the same rule and resource otherwise, or when NEW has no
// result for it and read the part that would hold it completely. Order follows each report.
func DiffReports(oldRep, newRep *Report) Diff {
	d := Diff{New: []Result{}, Resolved: []Result{}, Unchanged: []Result{}, Unjudged: []UnjudgedFinding{},
		OldComplete: oldRep.Complete, NewComplete: newRep.Complete}
	old := resultsByFingerprint(oldRep)
	cur := resultsByFingerprint(newRep)
	for _, r := range newRep.Results {
		if !r.IsFinding() {
			continue
		}
		prev, seen := old[r.Fingerprint]
		switch {
		case !seen && oldRep.couldHoldUnread(&r):
			d.Unjudged = append(d.Unjudged, UnjudgedFinding{Result: r, Side: "new",
				Reason: "OLD could not read the part that would hold it: it may not be new"})
		case BaselineState(&r, prev) == BaselineNew:
			d.New = append(d.New, r)
		default:
			d.Unchanged = append(d.Unchanged, r)
		}
	}
	for _, r := range oldRep.Results {
		if !r.IsFinding() {
			continue
		}
		now, seen := cur[r.Fingerprint]
		switch {
		case seen && now.IsFinding():
			// Listed as new or unchanged above.
		case !seen && newRep.couldHoldUnread(&r):
			d.Unjudged = append(d.Unjudged, UnjudgedFinding{Result: r, Side: "old",
				Reason: "NEW could not read the part that would hold it: it is not known to be resolved"})
		default:
			d.Resolved = append(d.Resolved, r)
		}
	}
	return d
}

// couldHoldUnread reports whether rep is incomplete in the part that would hold res: a source of the
// same kind that res belongs to (by root folder, file or account/region) and that has errors. When res
// cannot be placed in one source, any incomplete source could hold it.
func (rep *Report) couldHoldUnread(res *Result) bool {
	if rep.Complete {
		return false
	}
	var candidates, holders []inventory.Source
	kind := res.Where().Kind
	for _, s := range rep.Sources {
		if s.Kind != kind {
			continue
		}
		candidates = append(candidates, s)
		if sourceHolds(s, res) {
			holders = append(holders, s)
		}
	}
	if len(holders) == 0 {
		holders = candidates
	}
	if len(holders) == 0 {
		holders = rep.Sources
	}
	if anyIncomplete(holders) {
		return true
	}
	// The report says it is incomplete but names no source with errors: nothing can be placed.
	return !anyIncomplete(rep.Sources)
}

func anyIncomplete(sources []inventory.Source) bool {
	for _, s := range sources {
		if !s.Complete() {
			return true
		}
	}
	return false
}

// sourceHolds reports whether res belongs to source s: a Terraform root by the "root:" prefix of a
// multi-root resource id or by the file's folder, a live account/region by the ARN.
func sourceHolds(s inventory.Source, res *Result) bool {
	if s.Path == "" {
		return false
	}
	if s.Kind == inventory.SourceAWS {
		account, region, ok := arnAccountRegion(res.ResourceID)
		return ok && s.Path == account+"/"+region
	}
	if strings.HasPrefix(res.ResourceID, s.Path+":") {
		return true
	}
	where := res.Where()
	if where.File == "" {
		return false
	}
	root, file := path.Clean(s.Path), path.Clean(where.File)
	if root == "." {
		return !strings.HasPrefix(file, "../") && !path.IsAbs(file)
	}
	return file == root || strings.HasPrefix(file, root+"/")
}

// arnAccountRegion reads the account and region of an ARN; false when it is not an ARN or names no
// region (global resources such as IAM).
func arnAccountRegion(id string) (account, region string, ok bool) {
	a, err := arn.Parse(id)
	if err != nil || a.Region == "" || a.AccountID == "" {
		return "", "", false
	}
	return a.AccountID, a.Region, true
}
