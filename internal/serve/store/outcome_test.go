package store

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/engine"
)

// goldenReport is the reports package's JSON fixture: an incomplete run (a parse error and a denied
// API call) with fail, unknown, waived, pass and not_applicable results and four waivers.
func goldenReport(t *testing.T) (*engine.Report, []byte) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "..", "..", "reports", "testdata", "json.golden"))
	require.NoError(t, err)
	var rep engine.Report
	require.NoError(t, json.Unmarshal(raw, &rep))
	return &rep, raw
}

func strp(s string) *string { return &s }

func TestFromReport(t *testing.T) {
	rep, raw := goldenReport(t)
	catalogs, err := engine.LoadCatalogs()
	require.NoError(t, err)
	rep.DR = &engine.DRPosture{Resources: []engine.DRResourcePosture{
		{Resource: "db-2", Tier: strp("gold"), System: strp("orders"), Objectives: map[string]engine.DRObjective{
			"rto":               {Status: "unknown", Objective: "4h", Achieved: "unknown"},
			"rpo":               {Status: "fail", Objective: "1h", Achieved: "24h"},
			"x_custom":          {Status: "pass"},
			"cross_region_copy": {Status: "pass", Objective: "required", Achieved: "eu-west-2"},
		}},
		{Resource: "db-1", Objectives: map[string]engine.DRObjective{"rpo": {Status: "pass", Objective: "1d", Achieved: "1h"}}},
	}}

	out := FromReport(rep, catalogs, raw, "sha256:inv")
	assert.Equal(t, "sha256:inv", out.InventoryDigest)
	assert.Equal(t, raw, out.ReportJSON)
	assert.False(t, out.Complete)

	// Findings: every fail and unknown result, most severe first; the rest are passing.
	var wantFindings, wantPassing int
	for _, r := range rep.Results {
		if r.Status == engine.StatusFail || r.Status == engine.StatusUnknown {
			wantFindings++
		} else {
			wantPassing++
			assert.Equal(t, string(r.Status), out.Passing[r.Fingerprint], r.Fingerprint)
		}
	}
	require.Len(t, out.Findings, wantFindings)
	assert.Len(t, out.Passing, wantPassing)
	for i, f := range out.Findings {
		assert.Contains(t, []string{"fail", "unknown"}, f.Status)
		assert.NotEmpty(t, f.Fingerprint)
		assert.NotEmpty(t, f.RuleTitle)
		if i > 0 {
			assert.GreaterOrEqual(t, engine.Severity(out.Findings[i-1].Severity).Rank(), engine.Severity(f.Severity).Rank())
		}
	}
	require.NoError(t, out.validate())

	s := out.Summary
	assert.Equal(t, rep.Summary.Resources, s.Resources)
	assert.Equal(t, len(rep.Results), s.Results)
	assert.Equal(t, rep.Summary.ByStatus[engine.StatusFail], s.Fail)
	assert.Equal(t, rep.Summary.ByStatus[engine.StatusUnknown], s.Unknown)
	assert.Equal(t, rep.Summary.ByStatus[engine.StatusPass], s.Pass)
	assert.Equal(t, rep.Summary.ByStatus[engine.StatusWaived], s.Waived)
	assert.Equal(t, rep.Summary.ByStatus[engine.StatusNotApplicable], s.NotApplicable)
	for sev, n := range rep.Summary.FailedBySeverity {
		assert.Equal(t, n, s.FailedBySeverity[string(sev)], sev)
	}
	require.Len(t, s.Errors, 2, "one per error of the incomplete sources")
	assert.Contains(t, s.Errors[0], "terraform infra: infra/network/main.tf:14:17: Invalid expression")
	assert.Contains(t, s.Errors[1], "AccessDenied")
	assert.Equal(t, 3, s.DRMet)
	assert.Equal(t, 1, s.DRMissed)
	assert.Equal(t, 1, s.DRUnknown)

	require.Len(t, out.Frameworks, len(rep.Summary.Frameworks))
	for i, f := range rep.Summary.Frameworks {
		p := out.Frameworks[i]
		assert.Equal(t, f.Framework, p.Framework)
		assert.Equal(t, f.ControlsTotal, p.Controls)
		assert.Equal(t, f.ControlsTotal, p.Passing+p.Failing+p.Unknown+p.Waived+p.NotAssessed+p.Manual, f.Framework)
	}

	// Controls: every catalog control of every framework of the run, in catalog order.
	perFramework := map[string]int{}
	for _, c := range out.Controls {
		perFramework[c.Framework]++
		assert.NotEmpty(t, c.State)
	}
	for _, fw := range rep.Frameworks {
		require.NotNil(t, catalogs[fw], fw)
		assert.Equal(t, len(catalogs[fw].Controls), perFramework[fw], fw)
	}
	var iso813 *ControlState
	for i := range out.Controls {
		if c := &out.Controls[i]; c.Framework == engine.FrameworkISO27001 && c.Control == "8.13" {
			iso813 = c
		}
	}
	require.NotNil(t, iso813)
	assert.NotEmpty(t, iso813.Rules)

	// DR: resources in id order, objectives in report order, unknown names last.
	var drNames []string
	for _, o := range out.DR {
		drNames = append(drNames, o.Resource+"/"+o.Objective)
	}
	assert.Equal(t, []string{"db-1/rpo", "db-2/rpo", "db-2/rto", "db-2/cross_region_copy", "db-2/x_custom"}, drNames)
	assert.Equal(t, DRObjective{System: "orders", Tier: "gold", Resource: "db-2", Objective: "rpo", Status: "fail",
		Declared: "1h", Achieved: "24h"}, out.DR[1])
	assert.Equal(t, "", out.DR[0].System)

	require.Len(t, out.Waivers, 4)
	assert.Equal(t, []string{"inline", "legacy-ci-user", "orders-public-migration", "sessions-pitr"},
		[]string{out.Waivers[0].ID, out.Waivers[1].ID, out.Waivers[2].ID, out.Waivers[3].ID})
	assert.Equal(t, "active", out.Waivers[1].State)
	assert.Equal(t, "OPS-1234", out.Waivers[1].Ticket)
	require.NotNil(t, out.Waivers[1].Expires)
	assert.Equal(t, "iso27001-2022:8.13", out.Waivers[3].Control)

	// Deterministic: the same report gives the same outcome.
	again := FromReport(rep, catalogs, raw, "sha256:inv")
	assert.Equal(t, out, again)

	// And it is what Complete stores.
	eachBackend(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		st := openT(t, dsn)
		ch := runScan(t, st, "prod", at(0), out)
		assert.Len(t, ch.New, wantFindings)
		assert.Len(t, ch.NewlyMissed, 1)
		got, err := st.Findings(ctx, ch.Scan.ID, "")
		require.NoError(t, err)
		require.Len(t, got, wantFindings)
		for i := range got {
			want := out.Findings[i]
			want.ScanID, want.Change = ch.Scan.ID, ChangeNew
			assert.Equal(t, want, got[i])
		}
		cs, err := st.Controls(ctx, ch.Scan.ID, engine.FrameworkISO27001)
		require.NoError(t, err)
		assert.Len(t, cs, perFramework[engine.FrameworkISO27001])
		back, err := st.Report(ctx, ch.Scan.ID)
		require.NoError(t, err)
		assert.JSONEq(t, string(raw), string(back))
	})
}

func TestFromReportEdges(t *testing.T) {
	out := FromReport(nil, nil, nil, "")
	require.NotNil(t, out)
	assert.Empty(t, out.Findings)
	assert.NotNil(t, out.Passing)

	// A result listed twice keeps one finding, the failing one; a result without a fingerprint gets one.
	rep := &engine.Report{Complete: true, Results: []engine.Result{
		{RuleID: "S3.1", ResourceID: "b", Status: engine.StatusUnknown, Severity: engine.SeverityLow, Fingerprint: "x"},
		{RuleID: "S3.1", ResourceID: "b", Status: engine.StatusFail, Severity: engine.SeverityLow, Fingerprint: "x"},
		{RuleID: "S3.2", ResourceID: "b", Status: engine.StatusPass, Severity: engine.SeverityLow, Fingerprint: "x"},
		{RuleID: "EC2.5", ResourceID: "v", Status: engine.StatusFail, Severity: engine.SeverityCritical},
	}}
	out = FromReport(rep, nil, nil, "")
	require.Len(t, out.Findings, 2)
	assert.Equal(t, "EC2.5", out.Findings[0].RuleID)
	assert.Equal(t, engine.Fingerprint("EC2.5", "v"), out.Findings[0].Fingerprint)
	assert.Equal(t, "fail", out.Findings[1].Status)
	assert.Empty(t, out.Passing, "a finding is never also passing")
	assert.Empty(t, out.Controls, "no catalog, no controls")
	require.NoError(t, out.validate())
}
