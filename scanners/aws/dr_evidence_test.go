package aws

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/config"
	"github.com/vigil-audit/vigil/dr"
	"github.com/vigil-audit/vigil/inventory"
)

// TestBackupEvidenceReachesDR collects the Backup fixture through the emulator and AWS-format handlers
// (ListRecoveryPointsByBackupVault, ListBackupJobs, ListCopyJobs, ListRestoreJobs) and judges the orders
// database's DR posture from what was collected, at the collection instant backupNow (2026-03-10 12:00 UTC).
//
// The database is excluded from the plan (the by-tags selection's not_resources) but has RDS automated
// backups (retention 7 days): configured RPO 5 minutes, within the 1h objective. Live:
//   - its only recovery point (a copy received) was created at backupNow − 2h + 0.5s, which the
//     collector writes to the second (RFC 3339): 10:00:00Z, 2h = 120m old, the largest gap with a single
//     point → observed 120m > 60m: rpo fail;
//   - backup job b-2 FAILED 3 hours before: listed;
//   - restore job r-1, started by the restore testing plan, ran 47m30s = 2850s ≤ 3600s: rto pass, achieved
//     rounded up to 48m (the plan's selection lists the database, with env = prod, which it is tagged); it completed at backupNow − 5h + 47m30s, 4h12m30s before, 253 minutes rounded up: within 7d.
func TestBackupEvidenceReachesDR(t *testing.T) {
	f := newBackupFixture(t)
	sink, rs := f.collect(t)
	inv := inventory.New()
	inv.Sources = []inventory.Source{{Kind: inventory.SourceAWS, Path: bkAccount + "/" + bkRegion, Errors: sink.Issues(bkAccount, bkRegion)}}
	for _, r := range rs {
		inv.Resources = append(inv.Resources, r)
	}
	collected := backupNow
	inv.Resources = append(inv.Resources, inventory.Resource{ID: bkDatabase, Type: inventory.TypeRDSInstance, Name: "orders",
		Account: bkAccount, Region: bkRegion, Tags: map[string]string{"dr-tier": "critical", "env": "prod"},
		Attributes: map[string]any{"identifier": "orders", "backup_retention_period": int64(7),
			"replicate_source_db": nil, "cluster_identifier": nil},
		Source: inventory.Location{Kind: inventory.SourceAWS, API: "DescribeDBInstances", CollectedAt: &collected}, Unknown: []string{}})
	inv.Normalize()

	objective := func(s string) *config.DurationObjective {
		d, err := config.ParseObjectiveDuration(s)
		require.NoError(t, err)
		return &config.DurationObjective{Value: d, Text: s}
	}
	decl := config.DR{Tiers: []config.DRTier{{Name: "critical", RPO: objective("1h"), RTO: objective("1h"),
		RestoreTestWithin: objective("7d")}}}
	p, _ := dr.Evaluate(decl, inv, backupNow)
	var got map[string]dr.ObjectiveResult
	for _, r := range p.Resources {
		if r.Resource == bkDatabase {
			got = r.Objectives
		}
	}
	require.NotNil(t, got, "the database has no posture")

	rpo := got[dr.ObjectiveRPO]
	assert.Equal(t, dr.ObjectiveFail, rpo.Status)
	assert.Equal(t, int64(5), *rpo.AchievedMinutes)
	require.NotNil(t, rpo.ObservedMinutes)
	assert.Equal(t, int64(120), *rpo.ObservedMinutes)
	assert.Equal(t, "observed RPO 2h exceeds the objective 1h", rpo.Reason)
	assert.Contains(t, rpo.LiveEvidence, "failed backup jobs: backup job b-2 FAILED 2026-03-10T09:00:00Z: Insufficient privileges")

	rto := got[dr.ObjectiveRTO]
	assert.Equal(t, dr.ObjectivePass, rto.Status)
	assert.Equal(t, "48m", rto.Achieved)
	assert.Equal(t, "restore test of "+bkRTPlan, rto.Protection)
	assert.Equal(t, "restore job r-1 COMPLETED 2026-03-10T07:00:00Z (2850s), validation SUCCESSFUL", rto.Evidence)

	// The weekly plan's rds selection lists the database and requires env = prod, which it has.
	assert.Contains(t, rto.LiveEvidence, "restore testing plans covering it: weekly")

	within := got[dr.ObjectiveRestoreTestWithin]
	assert.Equal(t, dr.ObjectivePass, within.Status)
	assert.Equal(t, "253m ago", within.Achieved)
}
