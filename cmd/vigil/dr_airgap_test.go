package main

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// drObjectiveJSON is one objective of vigil dr's JSON contract.
type drObjectiveJSON struct {
	Status       string
	Objective    string
	Achieved     string
	Protection   string
	Reason       string
	LiveEvidence []string `json:"live_evidence"`
}

// drObjectivesJSON runs vigil dr with args (JSON, no gate) and returns each resource's objectives.
func drObjectivesJSON(t *testing.T, args ...string) map[string]map[string]drObjectiveJSON {
	t.Helper()
	code, stdout, stderr := runVigil(t, append([]string{"dr", "--format", "json", "--fail-on", "none"}, args...)...)
	require.Equal(t, exitOK, code, stderr)
	var got struct {
		Resources []struct {
			Resource   string
			Objectives map[string]drObjectiveJSON
		}
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &got))
	out := map[string]map[string]drObjectiveJSON{}
	for _, r := range got.Resources {
		out[r.Resource] = r.Objectives
	}
	return out
}

// TestDRAirGappedTerraform judges air_gapped_copy = "2d" (2880 minutes) on testdata/dr_airgap, as HCL and
// as the plan of the same configuration (plan.json, written by hand in Terraform's plan JSON format from
// main.tf: the copy actions' destination_vault_arn is known only after apply and resolves through the
// configuration's references), from Thursday 2026-01-01 00:00 UTC:
//
//   - ledger: daily 05:00 UTC, 24h = 1440m, + the default 60m start window = 1500m = 25h <= 2880m, copied
//     to the logically air-gapped vault lag: pass;
//   - archive: Sundays 03:00 UTC, 7 × 24h = 10080m, + 120m window = 10200m = 170h > 2880m: fail;
//   - plain: no copy, its only vault main is a standard vault: fail, achieved none.
func TestDRAirGappedTerraform(t *testing.T) {
	for _, args := range [][]string{
		{"testdata/dr_airgap"},
		{"--plan", "testdata/dr_airgap/plan.json", "--config", "testdata/dr_airgap/vigil.hcl"},
	} {
		got := drObjectivesJSON(t, append(args, "--at", drAt)...)
		require.Len(t, got, 3, "%v", args)
		ledger := got["aws_db_instance.ledger"]["air_gapped_copy"]
		assert.Equal(t, drObjectiveJSON{Status: "pass", Objective: "2d", Achieved: "25h",
			Protection: "backup plan daily rule daily copy to lag (eu-west-1)"}, ledger, "%v", args)
		archive := got["aws_db_instance.archive"]["air_gapped_copy"]
		assert.Equal(t, drObjectiveJSON{Status: "fail", Objective: "2d", Achieved: "170h",
			Protection: "backup plan weekly rule weekly copy to lag (eu-west-1)",
			Reason:     "worst case 170h exceeds the objective 2d"}, archive, "%v", args)
		plain := got["aws_db_instance.plain"]["air_gapped_copy"]
		assert.Equal(t, drObjectiveJSON{Status: "fail", Objective: "2d", Achieved: "none",
			Reason: "no backup rule puts the resource's recovery points in a logically air-gapped vault"}, plain, "%v", args)
	}

	// scan judges the same through DR.8; the gate fails on it.
	results := drScanResults(t, exitGateFail, "testdata/dr_airgap", "--fail-on", "medium")
	status := map[string]string{}
	for k, r := range results {
		if r.RuleID == "DR.8" {
			status[k] = r.Status
		}
	}
	assert.Equal(t, map[string]string{"DR.8 aws_db_instance.ledger": "pass", "DR.8 aws_db_instance.archive": "fail",
		"DR.8 aws_db_instance.plain": "fail"}, status)
	assert.Equal(t, `"archive" (tier vaulted) misses its air_gapped_copy objective 2d: achieved 170h (worst case 170h exceeds the objective 2d)`,
		results["DR.8 aws_db_instance.archive"].Message)
}

// TestDRAirGappedLive judges a saved live inventory (testdata/dr_airgap/live.json, checked by the
// inventory schema on reading) as of its generated_at, 2026-01-01 00:00 UTC. One plan backs the three
// databases up daily at 05:00 UTC (60m window, kept 35 days) and copies to the air-gapped vault lag:
// configured air_gapped_copy 25h <= 2d for all, min_retention 35d >= 30d. Live:
//
//   - ledger: its copy in lag was created Dec 31 06:30, 17h30m = 1050m before: air_gapped_copy pass. Every
//     recovery point is kept 35 or 90 days: min_retention pass. No restore job in the 30 days listed, but
//     a recovery point was last restored Nov 28 10:00, before that window: 33d 14h = 48360m = 806h ago,
//     within 60d: restore_test_within pass.
//   - orders: its newest copy in lag is of Dec 27 06:30, 4d 17h 30m = 6810m > 2880m (the three copy jobs
//     since FAILED): air_gapped_copy fail. An on-demand recovery point of Dec 31 12:00 is kept 7 days:
//     min_retention fail, naming it. No restore: restore_test_within unknown (60d is longer than the 30
//     days of restore jobs listed).
//   - stock: no recovery point in lag: the configured copy is not demonstrated, fail.
func TestDRAirGappedLive(t *testing.T) {
	got := drObjectivesJSON(t, "--inventory", "testdata/dr_airgap/live.json", "--config", "testdata/dr_airgap/live.hcl")
	const arn = "arn:aws:rds:eu-west-1:111111111111:db:"
	const rp = "arn:aws:backup:eu-west-1:111111111111:recovery-point:"
	status := map[string]string{}
	for id, objectives := range got {
		for name, o := range objectives {
			status[id[len(arn):]+" "+name] = o.Status
		}
	}
	assert.Equal(t, map[string]string{
		"ledger air_gapped_copy": "pass", "ledger min_retention": "pass", "ledger restore_test_within": "pass",
		"orders air_gapped_copy": "fail", "orders min_retention": "fail", "orders restore_test_within": "unknown",
		"stock air_gapped_copy": "fail", "stock min_retention": "pass", "stock restore_test_within": "unknown",
	}, status)

	ledger := got[arn+"ledger"]
	assert.Contains(t, ledger["air_gapped_copy"].LiveEvidence, "newest in a logically air-gapped vault: recovery point "+rp+
		"ledger-lag-31 in arn:aws:backup:eu-west-1:111111111111:backup-vault:lag created 2025-12-31T06:30:00Z (1050m before 2026-01-01T00:00:00Z)")
	assert.Contains(t, ledger["min_retention"].LiveEvidence, "each of the 3 completed recovery points is kept at least 30d")
	assert.Equal(t, "806h ago", ledger["restore_test_within"].Achieved)
	assert.Equal(t, "restore of recovery point "+rp+"ledger-lag-1125", ledger["restore_test_within"].Protection)

	orders := got[arn+"orders"]
	assert.Equal(t, "the newest recovery point in a logically air-gapped vault is 6810m old, more than 2d", orders["air_gapped_copy"].Reason)
	assert.Contains(t, orders["air_gapped_copy"].LiveEvidence[0], "failed copy jobs: copy job c-orders-29 FAILED")
	assert.Equal(t, "1 of 4 completed recovery points are kept less than 30d: "+rp+"orders-manual-31 in "+
		"arn:aws:backup:eu-west-1:111111111111:backup-vault:main created 2025-12-31T12:00:00Z kept 7d", orders["min_retention"].Reason)

	assert.Equal(t, "the configured air-gapped copy is not demonstrated: the live account holds no completed recovery point "+
		"of the resource in a logically air-gapped vault", got[arn+"stock"]["air_gapped_copy"].Reason)
}
