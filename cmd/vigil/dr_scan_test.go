package main

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/dr"
	"github.com/vigil-audit/vigil/engine"
)

type drScanResult struct {
	RuleID     string         `json:"rule_id"`
	ResourceID string         `json:"resource_id"`
	Status     string         `json:"status"`
	Message    string         `json:"message"`
	Evidence   map[string]any `json:"evidence"`
}

// drScanResults runs scan with args (JSON) and returns its DR.* results keyed "rule resource".
func drScanResults(t *testing.T, wantCode int, args ...string) map[string]drScanResult {
	t.Helper()
	code, stdout, stderr := runVigil(t, append([]string{"scan", "--format", "json"}, args...)...)
	require.Equal(t, wantCode, code, stderr)
	var rep struct {
		Results []drScanResult `json:"results"`
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &rep))
	out := map[string]drScanResult{}
	for _, r := range rep.Results {
		if strings.HasPrefix(r.RuleID, "DR.") {
			out[r.RuleID+" "+r.ResourceID] = r
		}
	}
	return out
}

// TestScanRunsDRObjectives: with vigil.hcl's dr_tier blocks, scan judges every objective as `vigil dr`
// does, so the CI gate fails on a broken objective. The expectations are the posture of examples/dr
// (docs/dr.md, TestDRExampleJSON): ledger (critical: rpo 1h, rto 4h, min_retention 35d, cross_region_copy,
// vault_lock compliance, restore_test_within 90d) is protected by the continuous rule (5 min), kept 35 days,
// copied daily to eu-west-2, in the compliance-locked vault main; payments (standard: rpo 24h,
// min_retention 30d, cross_region_copy, vault_lock) only by the weekday 02:00 plan: Friday to Monday is 72h,
// plus the 60-minute start window = 73h > 24h, kept 7 days, no copy, unlocked vault; its EBS volume
// payments_files is protected by a DLM policy (docs/dr.md); scratch is in no tier.
// rto and restore_test_within are unknown on configuration alone; no tier declares cross_account_copy nor
// air_gapped_copy.
func TestScanRunsDRObjectives(t *testing.T) {
	got := drScanResults(t, exitGateFail, "../../examples/dr", "--fail-on", "high")
	want := map[string]string{}
	for _, id := range []string{"aws_db_instance.ledger", "aws_dynamodb_table.ledger_events"} {
		for rule, status := range map[string]string{"DR.1": "pass", "DR.2": "unknown", "DR.3": "pass", "DR.4": "pass",
			"DR.5": "not_applicable", "DR.6": "pass", "DR.7": "unknown", "DR.8": "not_applicable"} {
			want[rule+" "+id] = status
		}
	}
	for rule, status := range map[string]string{"DR.1": "fail", "DR.2": "not_applicable", "DR.3": "fail", "DR.4": "fail",
		"DR.5": "not_applicable", "DR.6": "fail", "DR.7": "not_applicable", "DR.8": "not_applicable"} {
		want[rule+" aws_db_instance.payments"] = status
	}
	// payments_files: DLM every 12 hours (13h), 30 days, copied to eu-west-2, in no locked vault.
	for rule, status := range map[string]string{"DR.1": "pass", "DR.2": "not_applicable", "DR.3": "pass", "DR.4": "pass",
		"DR.5": "not_applicable", "DR.6": "fail", "DR.7": "not_applicable", "DR.8": "not_applicable"} {
		want[rule+" aws_ebs_volume.payments_files"] = status
	}
	for i := 1; i <= 8; i++ {
		want["DR."+string(rune('0'+i))+" aws_dynamodb_table.scratch"] = "not_applicable"
	}
	gotStatus := map[string]string{}
	for k, r := range got {
		gotStatus[k] = r.Status
	}
	assert.Equal(t, want, gotStatus)

	rpo := got["DR.1 aws_db_instance.payments"]
	assert.Equal(t, `"payments" (tier standard) misses its rpo objective 24h: achieved 73h (worst case 73h exceeds the objective 24h)`, rpo.Message)
	assert.Equal(t, "standard", rpo.Evidence["tier"])
	assert.Equal(t, "payments", rpo.Evidence["system"])
	objective, ok := rpo.Evidence["objective"].(map[string]any)
	require.True(t, ok, "evidence.objective: %v", rpo.Evidence)
	assert.EqualValues(t, 1440, objective["objective_minutes"])
	assert.EqualValues(t, 4380, objective["achieved_minutes"])
	assert.Contains(t, got["DR.1 aws_dynamodb_table.scratch"].Message, "no DR objective declared")
}

// TestScanWithoutDRDeclared: a scan whose vigil.hcl declares no dr_tier does not run the DR rules at all
// (engine.DRRulePackage): no result, not even not applicable, and the rules are not listed as evaluated.
func TestScanWithoutDRDeclared(t *testing.T) {
	got := drScanResults(t, exitGateFail, "../../examples/terraform", "--fail-on", "high")
	assert.Empty(t, got, "without dr_tier declarations the DR rules are not run")
	code, stdout, _ := runVigil(t, "scan", "--format", "json", "../../examples/terraform")
	require.Equal(t, exitOK, code)
	assert.NotContains(t, stdout, `"id": "DR.1"`, "nor listed among the rules evaluated")
}

// TestScanDRDeclarationProblemsAreUntrusted: a DR diagnostic makes scan exit 2, as in vigil dr.
func TestScanDRDeclarationProblemsAreUntrusted(t *testing.T) {
	code, _, stderr := runVigil(t, "scan", "testdata/dr/diagnostics", "--fail-on", "none")
	assert.Equal(t, exitUntrusted, code, stderr)
	assert.Contains(t, stderr, `testdata/dr/diagnostics/vigil.hcl:5:1: `)
	assert.Contains(t, stderr, `System "billing" matches no protectable resource`)
	assert.Contains(t, stderr, "2 DR declaration problem(s)")

	code, _, stderr = runVigil(t, "controls", "--framework", "iso27001-2022", "testdata/dr/diagnostics")
	assert.Equal(t, exitUntrusted, code, stderr)
	assert.Contains(t, stderr, `System "billing" matches no protectable resource`)
}

// TestDRRulesCoverProtectableTypes keeps the DR rules' resource_types (policies/lib/dr.rego) equal to
// dr.ProtectableTypes: a type added to one and not the other would be judged by vigil dr and not by scan.
func TestDRRulesCoverProtectableTypes(t *testing.T) {
	e, err := engine.New(context.Background(), engine.Options{})
	require.NoError(t, err)
	want := slices.Sorted(slices.Values(dr.ProtectableTypes))
	n := 0
	for _, r := range e.Rules() {
		if !strings.HasPrefix(r.ID, "DR.") {
			continue
		}
		n++
		assert.Equal(t, want, slices.Sorted(slices.Values(r.ResourceTypes)), r.ID)
	}
	assert.Equal(t, len(dr.ObjectiveNames), n, "one DR rule per objective")
}

// TestControlsCountDRObjectives: vigil controls on examples/dr counts the DR results in the controls they
// map to. ISO 5.30 is DR.1, DR.2 and DR.7 over 5 protectable resources: DR.1 pass, pass, fail (payments),
// pass (payments_files, DLM), not applicable (scratch); DR.2 and DR.7 unknown on the two ledger resources
// and not applicable on payments and payments_files (their tier declares neither) and scratch: 3 pass,
// 1 fail, 4 unknown, 7 not applicable. CSF RC.RP-03 is DR.7 alone: 2 unknown, 3 not applicable.
func TestControlsCountDRObjectives(t *testing.T) {
	code, stdout, stderr := runVigil(t, "controls", "--framework", "iso27001-2022", "../../examples/dr")
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, controlLine(t, stdout, "5.30"), "failing (3 pass, 1 fail, 4 unknown, 7 not applicable)")
	code, stdout, stderr = runVigil(t, "controls", "--framework", "nist-csf-2.0", "../../examples/dr")
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, controlLine(t, stdout, "RC.RP-03"), "unknown (0 pass, 0 fail, 2 unknown, 3 not applicable)")
}
