package aws

import (
	"net/http"
	"testing"
	"time"

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

// bkLAGVault is a logically air-gapped vault added to the Backup fixture by TestAirGappedEvidenceReachesDR.
const bkLAGVault = "arn:aws:backup:eu-west-1:123456789012:backup-vault:lag"

// TestAirGappedEvidenceReachesDR adds to the Backup fixture a logically air-gapped vault, as
// ListBackupVaults lists one (VaultType LOGICALLY_AIR_GAPPED_BACKUP_VAULT, Locked with retention bounds,
// no LockDate, an AWS-owned key), holding a copy of the EBS volume's backup whose LastRestoreTime is 40
// days old, and a second copy action of the daily rule to it. Collected at backupNow (2026-03-10 12:00
// UTC) and judged then:
//
//   - the vault is locked in compliance mode (AWS Backup locks every air-gapped vault so), its key null;
//   - air_gapped_copy 2d: the daily rule (03:00 Europe/Paris: the 25-hour day of the autumn change, plus
//     the 60-minute window = 1560m = 26h) copies to it: configured pass; the copy was created 20h = 1200m
//     before: live pass;
//   - restore_test_within 60d: no restore job names the volume in the 30 days listed; the copy's
//     LastRestoreTime, 40 days before (older than the window), counts: pass, "40d ago";
//   - min_retention 30d: its completed recovery points are kept 35 days (the partial one is not
//     counted): pass.
func TestAirGappedEvidenceReachesDR(t *testing.T) {
	f := newBackupFixture(t)
	epochOf := func(d time.Duration) string { return epoch(backupNow.Add(d)) }
	bkJSON(f.srv, bkPath("GET", "/backup-vaults"), `{"BackupVaultList":[
 {"BackupVaultName":"main","BackupVaultArn":"`+bkMainVault+`","EncryptionKeyArn":"`+bkCustomKey+`",
  "EncryptionKeyType":"CUSTOMER_MANAGED_KMS_KEY","Locked":true,"MinRetentionDays":7,"MaxRetentionDays":365,
  "LockDate":`+epochOf(3*24*time.Hour-time.Hour)+`,"VaultType":"BACKUP_VAULT"},
 {"BackupVaultName":"lag","BackupVaultArn":"`+bkLAGVault+`","EncryptionKeyType":"AWS_OWNED_KMS_KEY","Locked":true,
  "MinRetentionDays":7,"MaxRetentionDays":90,"VaultType":"LOGICALLY_AIR_GAPPED_BACKUP_VAULT","VaultState":"AVAILABLE"}]}`)
	bkError(f.srv, bkPath("GET", "/backup-vaults/lag/access-policy"), http.StatusNotFound, "ResourceNotFoundException")
	const lagPoint = "arn:aws:backup:eu-west-1:123456789012:recovery-point:lag-copy-1"
	bkJSON(f.srv, bkPath("GET", "/backup-vaults/lag/recovery-points"), `{"RecoveryPoints":[{"RecoveryPointArn":"`+lagPoint+`",
"BackupVaultName":"lag","BackupVaultArn":"`+bkLAGVault+`","SourceBackupVaultArn":"`+bkMainVault+`","ResourceArn":"`+bkVolume+`",
"ResourceType":"EBS","CreationDate":`+epochOf(-20*time.Hour)+`,"CompletionDate":`+epochOf(-19*time.Hour)+`,
"LastRestoreTime":`+epochOf(-40*24*time.Hour)+`,"Status":"COMPLETED","IsEncrypted":true,
"Lifecycle":{"DeleteAfterDays":35},"CalculatedLifecycle":{"DeleteAt":`+epochOf(35*24*time.Hour-20*time.Hour)+`}}]}`)
	bkJSON(f.srv, bkPath("GET", "/backup/plans/"+f.planID), `{"BackupPlanArn":"`+f.planARN+`","BackupPlanId":"`+f.planID+`",
"VersionId":"v2","BackupPlan":{"BackupPlanName":"daily","Rules":[
 {"RuleName":"daily","RuleId":"r-daily","TargetBackupVaultName":"main","ScheduleExpression":"cron(0 3 * * ? *)",
  "ScheduleExpressionTimezone":"Europe/Paris","StartWindowMinutes":60,"CompletionWindowMinutes":240,
  "Lifecycle":{"DeleteAfterDays":35},
  "CopyActions":[{"DestinationBackupVaultArn":"`+bkDRVault+`","Lifecycle":{"DeleteAfterDays":90}},
   {"DestinationBackupVaultArn":"`+bkLAGVault+`","Lifecycle":{"DeleteAfterDays":35}}]}]}}`)
	sink, rs := f.collect(t)

	lag := bkResource(t, rs, bkLAGVault, inventory.TypeBackupVault)
	assert.Equal(t, "LOGICALLY_AIR_GAPPED_BACKUP_VAULT", lag.Attributes["vault_type"])
	lock := lag.Attributes["lock"].(map[string]any)
	assert.Equal(t, true, lock["enabled"])
	assert.Equal(t, "compliance", lock["mode"])
	assert.Equal(t, int64(90), lock["max_retention_days"])
	assert.Nil(t, lag.Attributes["kms_key_arn"])
	point := bkResource(t, rs, lagPoint, inventory.TypeBackupRecoveryPoint)
	assert.Equal(t, "2026-01-29T12:00:00Z", point.Attributes["last_restore_time"])

	inv := inventory.New()
	inv.Sources = []inventory.Source{{Kind: inventory.SourceAWS, Path: bkAccount + "/" + bkRegion, Errors: sink.Issues(bkAccount, bkRegion)}}
	for _, r := range rs {
		inv.Resources = append(inv.Resources, r)
	}
	collected := backupNow
	inv.Resources = append(inv.Resources, inventory.Resource{ID: bkVolume, Type: inventory.TypeEC2Volume, Name: "vol-1",
		Account: bkAccount, Region: bkRegion, Tags: map[string]string{"dr-tier": "vaulted"},
		Attributes: map[string]any{"encrypted": true},
		Source:     inventory.Location{Kind: inventory.SourceAWS, API: "DescribeVolumes", CollectedAt: &collected}, Unknown: []string{}})
	inv.Normalize()
	objective := func(s string) *config.DurationObjective {
		d, err := config.ParseObjectiveDuration(s)
		require.NoError(t, err)
		return &config.DurationObjective{Value: d, Text: s}
	}
	decl := config.DR{Tiers: []config.DRTier{{Name: "vaulted", MinRetention: objective("30d"),
		RestoreTestWithin: objective("60d"), AirGappedCopy: &config.AirGappedCopyObjective{Required: true, Within: objective("2d")}}}}
	p, _ := dr.Evaluate(decl, inv, backupNow)
	var got map[string]dr.ObjectiveResult
	for _, r := range p.Resources {
		if r.Resource == bkVolume {
			got = r.Objectives
		}
	}
	require.NotNil(t, got, "the volume has no posture")

	airGapped := got[dr.ObjectiveAirGappedCopy]
	assert.Equal(t, dr.ObjectivePass, airGapped.Status, "%+v", airGapped)
	assert.Equal(t, "26h", airGapped.Achieved)
	assert.Equal(t, "backup plan daily rule daily copy to lag (eu-west-1)", airGapped.Protection)
	assert.Contains(t, airGapped.LiveEvidence, "newest in a logically air-gapped vault: recovery point "+lagPoint+" in "+bkLAGVault+
		" created 2026-03-09T16:00:00Z (20h before 2026-03-10T12:00:00Z)")

	within := got[dr.ObjectiveRestoreTestWithin]
	assert.Equal(t, dr.ObjectivePass, within.Status, "%+v", within)
	assert.Equal(t, "40d ago", within.Achieved)

	retention := got[dr.ObjectiveMinRetention]
	assert.Equal(t, dr.ObjectivePass, retention.Status, "%+v", retention)
	assert.Contains(t, retention.LiveEvidence, "each of the 2 completed recovery points is kept at least 30d")
}
