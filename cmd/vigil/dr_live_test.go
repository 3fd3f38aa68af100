package main

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDRLiveInventory runs vigil dr on a saved live inventory (testdata/dr_live, validated by the
// inventory schema on reading) with recovery points, backup, copy and restore jobs, at 2026-01-01T00:00Z.
// The plan backs both databases up daily at 05:00 UTC with a 60-minute window and copies to eu-west-2:
// configured worst case 24h + 60m = 1500m <= 26h (1560m) for both.
//
//   - ledger: points Dec 28..31 at 05:10: gaps of 24h (1440m), newest 18h50m (1130m) old → observed
//     1440m <= 1560m: rpo pass. Restore test Dec 28 10:00 → 10:40 (2400s = 40m) <= 1h: rto pass; it
//     completed 3d 13h 20m = 5120m before the instant, <= 14d: restore_test_within pass. Copy job Dec 31
//     COMPLETED to the eu-west-2 vault: cross_region_copy pass.
//   - orders: points Dec 26 and Dec 31 at 05:10: gap 5d = 7200m > 1560m: rpo fail (the configured worst
//     case passes: both must). No restore: rto unknown; none within 14d (inside the 30 days listed):
//     restore_test_within fail. Its only copy job FAILED: cross_region_copy fail.
func TestDRLiveInventory(t *testing.T) {
	code, stdout, stderr := runVigil(t, "dr", "--inventory", "testdata/dr_live/inventory.json",
		"--config", "testdata/dr_live/vigil.hcl", "--format", "json", "--fail-on", "none", "--at", drAt)
	require.Equal(t, exitOK, code, stderr)
	var got struct {
		Resources []struct {
			Resource   string
			Objectives map[string]struct {
				Status           string
				Achieved         string
				Reason           string
				LiveEvidence     []string `json:"live_evidence"`
				AchievedMinutes  *int64   `json:"achieved_minutes"`
				ObservedMinutes  *int64   `json:"observed_minutes"`
				ObjectiveMinutes *int64   `json:"objective_minutes"`
			}
		}
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &got))
	require.Len(t, got.Resources, 2)
	const ledger, orders = "arn:aws:rds:eu-west-1:111111111111:db:ledger", "arn:aws:rds:eu-west-1:111111111111:db:orders"
	status := map[string]string{}
	for _, r := range got.Resources {
		for name, o := range r.Objectives {
			status[r.Resource+" "+name] = o.Status
		}
	}
	assert.Equal(t, map[string]string{
		ledger + " rpo": "pass", ledger + " rto": "pass", ledger + " restore_test_within": "pass", ledger + " cross_region_copy": "pass",
		orders + " rpo": "fail", orders + " rto": "unknown", orders + " restore_test_within": "fail", orders + " cross_region_copy": "fail",
	}, status)

	l, o := got.Resources[0].Objectives, got.Resources[1].Objectives
	require.Equal(t, ledger, got.Resources[0].Resource)
	assert.Equal(t, int64(1500), *l["rpo"].AchievedMinutes)
	assert.Equal(t, int64(1440), *l["rpo"].ObservedMinutes)
	assert.Equal(t, "40m", l["rto"].Achieved)
	assert.Equal(t, "5120m ago", l["restore_test_within"].Achieved)

	assert.Equal(t, int64(1560), *o["rpo"].ObjectiveMinutes)
	assert.Equal(t, int64(1500), *o["rpo"].AchievedMinutes)
	assert.Equal(t, int64(7200), *o["rpo"].ObservedMinutes)
	assert.Equal(t, "observed RPO 5d exceeds the objective 26h", o["rpo"].Reason)
	assert.Contains(t, o["rpo"].LiveEvidence,
		"failed backup jobs: backup job b-orders-28 FAILED 2025-12-28T05:00:00Z (300s): simulated failure")
	assert.Equal(t, "no successful restore within 14d", o["restore_test_within"].Reason)
	assert.Contains(t, o["cross_region_copy"].LiveEvidence,
		"failed copy jobs: copy job c-orders-31 FAILED 2025-12-31T06:00:00Z (120s): simulated failure")

	// Without --at, a saved inventory is judged as of its generated_at (2026-01-01T00:00:00Z): the same posture.
	code, implicit, stderr := runVigil(t, "dr", "--inventory", "testdata/dr_live/inventory.json",
		"--config", "testdata/dr_live/vigil.hcl", "--format", "json", "--fail-on", "none")
	require.Equal(t, exitOK, code, stderr)
	assert.Equal(t, stdout, implicit)

	// The table shows the live evidence and reasons too.
	code, table, stderr := runVigil(t, "dr", "--inventory", "testdata/dr_live/inventory.json",
		"--config", "testdata/dr_live/vigil.hcl", "--fail-on", "none", "--at", drAt)
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, table, "live: newest completed recovery point 2025-12-31T05:10:00Z (1130m old); largest gap 5d from 2025-12-26T05:10:00Z to 2025-12-31T05:10:00Z")
	assert.Contains(t, table, "reason: observed RPO 5d exceeds the objective 26h")

	// Markdown puts the live evidence in the Evidence cell, before the reason.
	code, md, stderr := runVigil(t, "dr", "--inventory", "testdata/dr_live/inventory.json",
		"--config", "testdata/dr_live/vigil.hcl", "--format", "markdown", "--fail-on", "none", "--at", drAt)
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, md, "; live: failed copy jobs: copy job c-orders-31 FAILED 2025-12-31T06:00:00Z (120s): simulated failure")
	assert.Contains(t, md, "— no successful restore within 14d")
}
