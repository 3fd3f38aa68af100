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

// failed reports whether a result was a failure, accepted by a waiver or not: a waived failure is
// known debt, a waived unknown is not a failure.
func (r *Result) failed() bool {
	return r.Status == StatusFail || (r.Status == StatusWaived && r.OriginalStatus == StatusFail)
}

// needsAttention reports whether a result was a finding before any waiver applied.
func (r *Result) needsAttention() bool {
	return r.IsFinding() || r.Status == StatusWaived
}

func resultsByFingerprint(rep *Report) map[string]*Result {
	out := make(map[string]*Result, len(rep.Results))
	for i := range rep.Results {
		r := &rep.Results[i]
		out[r.Fingerprint] = r
	}
	return out
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

// BaselineState says whether the finding cur is new against the baseline's result for the same
// fingerprint (nil when the baseline has none). A failure is new unless the baseline failed too
// (waived or not): unknown → fail, pass → fail, not_applicable → fail, absent → fail and a waived
// unknown → fail are all new, so the gate sees them. An unknown is new unless the baseline already
// needed attention there (fail, unknown or waived). Results that are not findings get "".
func BaselineState(cur, base *Result) string {
	switch {
	case cur.Status == StatusFail:
		if base != nil && base.failed() {
			return BaselineUnchanged
		}
		return BaselineNew
	case cur.Status == StatusUnknown:
		if base != nil && base.needsAttention() {
			return BaselineUnchanged
		}
		return BaselineNew
	default:
		return ""
	}
}

// ApplyBaseline marks each finding of rep as new or unchanged against an earlier report, matching by
// fingerprint (rule id + resource id), so moving a block or a line does not make a finding new.
// See BaselineState for the rule.
func ApplyBaseline(rep, baseline *Report) {
	old := resultsByFingerprint(baseline)
	for i := range rep.Results {
		r := &rep.Results[i]
		r.Baseline = BaselineState(r, old[r.Fingerprint])
	}
}
