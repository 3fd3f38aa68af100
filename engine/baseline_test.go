package engine

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestBaselineStateEveryTransition walks every baseline status (and absence) against every current
// status: a failure is new unless the baseline failed too, waived or not.
func TestBaselineStateEveryTransition(t *testing.T) {
	waived := func(orig Status) *Result { return &Result{Status: StatusWaived, OriginalStatus: orig} }
	baselines := []struct {
		name string
		res  *Result
	}{
		{"absent", nil},
		{"pass", &Result{Status: StatusPass}},
		{"fail", &Result{Status: StatusFail}},
		{"unknown", &Result{Status: StatusUnknown}},
		{"waived fail", waived(StatusFail)},
		{"waived unknown", waived(StatusUnknown)},
		{"not_applicable", &Result{Status: StatusNotApplicable}},
	}
	want := map[Status]map[string]string{
		StatusFail: {
			"absent": BaselineNew, "pass": BaselineNew, "fail": BaselineUnchanged, "unknown": BaselineNew,
			"waived fail": BaselineUnchanged, "waived unknown": BaselineNew, "not_applicable": BaselineNew,
		},
		StatusUnknown: {
			"absent": BaselineNew, "pass": BaselineNew, "fail": BaselineUnchanged, "unknown": BaselineUnchanged,
			"waived fail": BaselineUnchanged, "waived unknown": BaselineUnchanged, "not_applicable": BaselineNew,
		},
	}
	for _, cur := range []Status{StatusPass, StatusFail, StatusUnknown, StatusWaived, StatusNotApplicable} {
		for _, base := range baselines {
			t.Run(base.name+" to "+string(cur), func(t *testing.T) {
				got := BaselineState(&Result{Status: cur}, base.res)
				assert.Equal(t, want[cur][base.name], got) // "" for results that are not findings
			})
		}
	}
}

func TestApplyBaselineMatchesByFingerprint(t *testing.T) {
	base := &Report{Results: []Result{
		{Fingerprint: "a", Status: StatusUnknown},
		{Fingerprint: "b", Status: StatusFail},
	}}
	rep := &Report{Results: []Result{
		{Fingerprint: "a", Status: StatusFail},
		{Fingerprint: "b", Status: StatusFail},
		{Fingerprint: "c", Status: StatusPass},
	}}
	ApplyBaseline(rep, base)
	assert.Equal(t, BaselineNew, rep.Results[0].Baseline, "unknown → fail is a new failure")
	assert.Equal(t, BaselineUnchanged, rep.Results[1].Baseline)
	assert.Empty(t, rep.Results[2].Baseline)
}
