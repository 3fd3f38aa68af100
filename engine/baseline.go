package engine

// Baseline states of a finding compared with an earlier report.
const (
	BaselineNew       = "new"
	BaselineUnchanged = "unchanged"
)

// IsFinding reports whether a result needs attention: it failed or could not be assessed.
func (r *Result) IsFinding() bool {
	return r.Status == StatusFail || r.Status == StatusUnknown
}

func findingsByFingerprint(rep *Report) map[string]*Result {
	out := map[string]*Result{}
	for i := range rep.Results {
		if r := &rep.Results[i]; r.IsFinding() {
			out[r.Fingerprint] = r
		}
	}
	return out
}

// ApplyBaseline marks each finding of rep as new or unchanged against an earlier report, matching by
// fingerprint (rule id + resource id), so moving a block or a line does not make a finding new.
func ApplyBaseline(rep, baseline *Report) {
	old := findingsByFingerprint(baseline)
	for i := range rep.Results {
		r := &rep.Results[i]
		if !r.IsFinding() {
			continue
		}
		if _, ok := old[r.Fingerprint]; ok {
			r.Baseline = BaselineUnchanged
		} else {
			r.Baseline = BaselineNew
		}
	}
}

// Diff is the change in findings between two reports.
type Diff struct {
	New       []Result `json:"new"`
	Resolved  []Result `json:"resolved"`
	Unchanged []Result `json:"unchanged"`
}

// DiffReports compares the findings of two reports by fingerprint. Order follows each report.
func DiffReports(oldRep, newRep *Report) Diff {
	d := Diff{New: []Result{}, Resolved: []Result{}, Unchanged: []Result{}}
	old := findingsByFingerprint(oldRep)
	cur := findingsByFingerprint(newRep)
	for _, r := range newRep.Results {
		if !r.IsFinding() {
			continue
		}
		if _, ok := old[r.Fingerprint]; ok {
			d.Unchanged = append(d.Unchanged, r)
		} else {
			d.New = append(d.New, r)
		}
	}
	for _, r := range oldRep.Results {
		if _, ok := cur[r.Fingerprint]; r.IsFinding() && !ok {
			d.Resolved = append(d.Resolved, r)
		}
	}
	return d
}
