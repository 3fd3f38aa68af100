package engine_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/engine"
	"github.com/vigil-audit/vigil/inventory"
)

func date(s string) *time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return &t
}

func statusOf(rep *engine.Report, rule, resource string) engine.Result {
	for _, r := range rep.Results {
		if r.RuleID == rule && r.ResourceID == resource {
			return r
		}
	}
	return engine.Result{}
}

func TestWaivers(t *testing.T) {
	now := time.Date(2026, 11, 25, 15, 0, 0, 0, time.UTC)
	tests := []struct {
		name       string
		waiver     engine.Waiver
		wantStatus engine.Status
		wantState  string
	}{
		{"rule and exact resource", engine.Waiver{ID: "w", Rule: "T.1", Resources: []string{"aws_s3_bucket.b"}, Reason: "r", Expires: date("2027-01-01")},
			engine.StatusWaived, engine.WaiverActive},
		{"control and glob", engine.Waiver{ID: "w", Control: "iso27001-2022:8.13", Resources: []string{"aws_s3_bucket.*"}, Reason: "r", Expires: date("2027-01-01")},
			engine.StatusWaived, engine.WaiverActive},
		{"last day still applies", engine.Waiver{ID: "w", Rule: "T.1", Reason: "r", Expires: date("2026-11-25")},
			engine.StatusWaived, engine.WaiverActive},
		{"expired stops applying", engine.Waiver{ID: "w", Rule: "T.1", Reason: "r", Expires: date("2026-11-24")},
			engine.StatusFail, engine.WaiverExpired},
		{"other rule", engine.Waiver{ID: "w", Rule: "T.10", Reason: "r", Expires: date("2027-01-01")},
			engine.StatusFail, engine.WaiverUnused},
		{"other control", engine.Waiver{ID: "w", Control: "nist-800-53-r5:AU-12", Reason: "r", Expires: date("2027-01-01")},
			engine.StatusFail, engine.WaiverUnused},
		{"pattern misses", engine.Waiver{ID: "w", Rule: "T.1", Resources: []string{"module.*.aws_s3_bucket.b"}, Reason: "r", Expires: date("2027-01-01")},
			engine.StatusFail, engine.WaiverUnused},
	}
	e := newTestEngine(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := e.Evaluate(context.Background(), testInventory(), engine.EvalOptions{Waivers: []engine.Waiver{tt.waiver}, Now: now})
			require.NoError(t, err)
			res := statusOf(rep, "T.1", "aws_s3_bucket.b")
			assert.Equal(t, tt.wantStatus, res.Status)
			require.Len(t, rep.Waivers, 1)
			assert.Equal(t, tt.wantState, rep.Waivers[0].State)
			if tt.wantStatus == engine.StatusWaived {
				assert.Equal(t, engine.StatusFail, res.OriginalStatus)
				require.NotNil(t, res.Waiver)
				assert.Equal(t, "w", res.Waiver.ID)
				assert.Equal(t, `bucket "aws_s3_bucket.b" has versioning disabled`, res.Message, "the finding's own message is kept")
				assert.GreaterOrEqual(t, rep.Summary.ByStatus[engine.StatusWaived], 1, "unknown results can be waived too")
				assert.Equal(t, 0, rep.Summary.ByStatus[engine.StatusFail])
			}
			if tt.wantState == engine.WaiverExpired {
				assert.Equal(t, 2, rep.Waivers[0].Matched, "an expired waiver reports what it would have waived (b fails, c unknown)")
			}
			assert.Equal(t, engine.StatusPass, statusOf(rep, "T.1", "aws_s3_bucket.a").Status, "passes are never waived")
		})
	}
}

func TestInlineWaiverBindsToItsResource(t *testing.T) {
	inv := testInventory()
	for i := range inv.Resources {
		if inv.Resources[i].ID == "aws_s3_bucket.b" {
			inv.Resources[i].Ignores = []inventory.Ignore{{Rule: "T.1", Reason: "scratch bucket", File: "main.tf", Line: 2}}
		}
		if inv.Resources[i].ID == "aws_s3_bucket.c" {
			inv.Resources[i].Ignores = []inventory.Ignore{{Rule: "T.1", Reason: "old", Expires: "2020-01-01", File: "main.tf", Line: 20}}
		}
	}
	rep, err := newTestEngine(t).Evaluate(context.Background(), inv, engine.EvalOptions{})
	require.NoError(t, err)
	assert.Equal(t, engine.StatusWaived, statusOf(rep, "T.1", "aws_s3_bucket.b").Status)
	assert.Equal(t, engine.StatusUnknown, statusOf(rep, "T.1", "aws_s3_bucket.c").Status, "expired inline waiver")
	assert.Equal(t, "main.tf:2", statusOf(rep, "T.1", "aws_s3_bucket.b").Waiver.Source)

	inv.Resources[0].Ignores = []inventory.Ignore{{Rule: "T.1", Reason: "x", Expires: "soon", File: "a.tf", Line: 7}}
	_, err = newTestEngine(t).Evaluate(context.Background(), inv, engine.EvalOptions{})
	require.ErrorContains(t, err, `a.tf:7: vigil:ignore: invalid expiry "soon"`)
}

func TestBaselineAndDiff(t *testing.T) {
	e := newTestEngine(t)
	old, err := e.Evaluate(context.Background(), testInventory(), engine.EvalOptions{})
	require.NoError(t, err)

	inv := testInventory()
	inv.Resources[0].Attributes["versioning"] = map[string]any{"enabled": true}  // b fixed
	inv.Resources[1].Attributes["versioning"] = map[string]any{"enabled": false} // a broken
	for i := range inv.Resources {
		inv.Resources[i].Source.StartLine += 40 // moved blocks keep their fingerprint
	}
	cur, err := e.Evaluate(context.Background(), inv, engine.EvalOptions{})
	require.NoError(t, err)

	engine.ApplyBaseline(cur, old)
	assert.Equal(t, engine.BaselineNew, statusOf(cur, "T.1", "aws_s3_bucket.a").Baseline)
	assert.Equal(t, engine.BaselineUnchanged, statusOf(cur, "T.1", "aws_s3_bucket.c").Baseline)

	d := engine.DiffReports(old, cur)
	ids := func(rs []engine.Result) []string {
		var out []string
		for _, r := range rs {
			out = append(out, r.ResourceID)
		}
		return out
	}
	assert.Equal(t, []string{"aws_s3_bucket.a"}, ids(d.New))
	assert.Equal(t, []string{"aws_s3_bucket.b"}, ids(d.Resolved))
	assert.Equal(t, []string{"aws_s3_bucket.c"}, ids(d.Unchanged))
}

func TestGlobPatterns(t *testing.T) {
	e := newTestEngine(t)
	for _, tt := range []struct {
		pattern string
		match   bool
	}{
		{"aws_s3_bucket.b", true},
		{"*", true},
		{"aws_s3_bucket.?", true},
		{"*.b", true},
		{"aws_s3_*", true},
		{"aws_s3_bucket", false},
		{"aws_s3_bucket.bb", false},
	} {
		rep, err := e.Evaluate(context.Background(), testInventory(), engine.EvalOptions{
			Waivers: []engine.Waiver{{ID: "g", Rule: "T.1", Resources: []string{tt.pattern}, Reason: "r"}}})
		require.NoError(t, err)
		got := statusOf(rep, "T.1", "aws_s3_bucket.b").Status == engine.StatusWaived
		assert.Equal(t, tt.match, got, tt.pattern)
	}
}

// TestUnknownRuleInWaivers checks that a waiver naming a rule no policy has is refused at its
// file:line, whether it was written in vigil.hcl or inline as `# vigil:ignore` (the inline one used to
// be reported only as an unused waiver, with exit 0).
func TestUnknownRuleInWaivers(t *testing.T) {
	e := newTestEngine(t)
	inv := testInventory()
	inv.Resources[0].Ignores = []inventory.Ignore{
		{Rule: "T.1", Reason: "known", File: "main.tf", Line: 2},
		{Rule: "T.01", Reason: "typo", File: "main.tf", Line: 3},
	}
	_, err := e.Evaluate(context.Background(), inv, engine.EvalOptions{})
	require.Error(t, err)
	assert.Equal(t, `main.tf:3: vigil:ignore: no loaded rule has id "T.01" (see vigil policy list)`, err.Error())

	err = e.CheckWaivers([]engine.Waiver{
		{ID: "ok", Rule: "T.10", Source: "vigil.hcl:1"},
		{ID: "typo", Rule: "T.100", Source: "vigil.hcl:7"},
		{ID: "ctl", Control: "iso27001-2022:9.99", Source: "vigil.hcl:12"},
	})
	require.Error(t, err)
	assert.Equal(t, `vigil.hcl:7: waiver "typo": no loaded rule has id "T.100" (see vigil policy list)
vigil.hcl:12: waiver "ctl": control "9.99" is not in the ISO/IEC 27001:2022 Annex A catalog`, err.Error())
}
