package dr

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/config"
	"github.com/vigil-audit/vigil/inventory"
)

// vaultLAG is a logically air-gapped vault of the account (in the inventory, locked in compliance mode
// by AWS Backup itself).
const vaultLAG = arnV + "lag"

func airGappedVault() inventory.Resource {
	return res(vaultLAG, inventory.TypeBackupVault, region, nil, map[string]any{"name": "lag",
		"vault_type": VaultTypeAirGapped, "lock": lock(true, "compliance", int64(7), int64(90))})
}

// standardVault is a vault of the usual type.
func standardVault(id, reg, name string, l map[string]any) inventory.Resource {
	return res(id, inventory.TypeBackupVault, reg, nil, map[string]any{"name": name, "vault_type": VaultTypeStandard, "lock": l})
}

// airGapOneRule evaluates tier on one RDS instance covered by one plan with rule, in an inventory with
// the main, dr and air-gapped vaults.
func airGapOneRule(t *testing.T, tier config.DRTier, rule map[string]any) ObjectiveResult {
	t.Helper()
	const db = "arn:aws:rds:eu-west-1:111111111111:db:one"
	inv := inventory.New()
	inv.Resources = []inventory.Resource{
		standardVault(vaultMain, region, "main", lock(true, "compliance", int64(7), nil)),
		standardVault(vaultDR, "eu-west-2", "dr", lock(false, nil, nil, nil)),
		airGappedVault(),
		res(arnP+"one", inventory.TypeBackupPlan, region, nil, map[string]any{"name": "one", "rules": []any{rule}}),
		postureSelection(arnP+"one", db),
		res(db, inventory.TypeRDSInstance, region, tierTag(tier.Name), map[string]any{"identifier": "one",
			"backup_retention_period": int64(0), "replicate_source_db": nil, "cluster_identifier": nil}),
	}
	inv.Normalize()
	p, diags := Evaluate(config.DR{Tiers: []config.DRTier{tier}}, inv, postureAt)
	require.Empty(t, diags)
	require.Len(t, p.Resources, 1)
	o, ok := p.Resources[0].Objectives[ObjectiveAirGappedCopy]
	require.True(t, ok)
	return o
}

// TestEvaluateAirGappedCopy: the configured air_gapped_copy, worked out by hand from postureAt
// (Thursday 2026-01-01 00:00 UTC) over a year, as for rpo.
func TestEvaluateAirGappedCopy(t *testing.T) {
	copyTo := func(vault string) map[string]any {
		return map[string]any{"destination_vault": vault, "delete_after_days": int64(35), "cold_storage_after_days": nil}
	}
	within := func(s string) *config.AirGappedCopyObjective {
		return &config.AirGappedCopyObjective{Required: true, Within: dur(t, s)}
	}
	anyCopy := &config.AirGappedCopyObjective{Required: true}
	daily := postureRule("daily", "cron(0 5 ? * * *)", 60, int64(35), vaultMain, copyTo(vaultLAG))
	tests := []struct {
		name       string
		obj        *config.AirGappedCopyObjective
		rule       map[string]any
		status     string
		achieved   string
		protection string
	}{
		{"true: a copy to the air-gapped vault", anyCopy, daily, ObjectivePass, "lag (eu-west-1)",
			"backup plan one rule daily copy to lag (eu-west-1)"},
		// Daily 05:00 UTC: 24h = 1440m, + 60m window = 1500m = 25h <= 2d (2880m).
		{"daily within 2d", within("2d"), daily, ObjectivePass, "25h", "backup plan one rule daily copy to lag (eu-west-1)"},
		// Weekdays 02:00 UTC: Fri → Mon = 72h = 4320m, + 60m = 4380m = 73h > 3d (4320m).
		{"weekdays within 3d", within("3d"),
			postureRule("weekdays", "cron(0 2 ? * MON-FRI *)", 60, int64(35), vaultMain, copyTo(vaultLAG)),
			ObjectiveFail, "73h", "backup plan one rule weekdays copy to lag (eu-west-1)"},
		// Sundays 03:00 UTC with a 120-minute window: 7d = 10080m + 120m = 10200m = 170h > 7d.
		{"weekly within 7d", within("7d"),
			postureRule("weekly", "cron(0 3 ? * SUN *)", 120, int64(35), vaultMain, copyTo(vaultLAG)),
			ObjectiveFail, "170h", "backup plan one rule weekly copy to lag (eu-west-1)"},
		// The same weekly rule fits 8d (11520m).
		{"weekly within 8d", within("8d"),
			postureRule("weekly", "cron(0 3 ? * SUN *)", 120, int64(35), vaultMain, copyTo(vaultLAG)),
			ObjectivePass, "170h", "backup plan one rule weekly copy to lag (eu-west-1)"},
		// Backing up into the air-gapped vault directly (its primary target) counts too.
		{"air-gapped target vault", within("2d"), postureRule("direct", "cron(0 5 ? * * *)", 60, int64(35), vaultLAG),
			ObjectivePass, "25h", "backup plan one rule direct to lag (eu-west-1)"},
		// A copy to a standard vault in another region is no air-gapped copy.
		{"copy to a standard vault", anyCopy, postureRule("daily", "cron(0 5 ? * * *)", 60, int64(35), vaultMain, copyTo(vaultDR)),
			ObjectiveFail, "none", ""},
		// Another account's vault, named by ARN and not in the inventory: it may be air-gapped.
		{"copy to a vault not in the inventory", within("2d"),
			postureRule("daily", "cron(0 5 ? * * *)", 60, int64(35), vaultMain, copyTo(vaultBunker)),
			ObjectiveUnknown, "unknown", ""},
		{"not required", &config.AirGappedCopyObjective{}, daily, ObjectivePass, "not required", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := airGapOneRule(t, config.DRTier{Name: "t", AirGappedCopy: tt.obj}, tt.rule)
			assert.Equal(t, tt.status, got.Status, "%+v", got)
			assert.Equal(t, tt.achieved, got.Achieved, "%+v", got)
			assert.Equal(t, tt.protection, got.Protection)
			assert.Equal(t, tt.obj.Text(), got.Objective)
			if tt.status != ObjectivePass {
				assert.NotEmpty(t, got.Reason)
			}
		})
	}
	got := airGapOneRule(t, config.DRTier{Name: "t", AirGappedCopy: within("3d")},
		postureRule("weekdays", "cron(0 2 ? * MON-FRI *)", 60, int64(35), vaultMain, copyTo(vaultLAG)))
	assert.Equal(t, "worst case 73h exceeds the objective 3d", got.Reason)
	assert.Contains(t, got.Evidence, "vault lag (eu-west-1) is logically air-gapped; cron(0 2 ? * MON-FRI *): largest gap 72h")
	got = airGapOneRule(t, config.DRTier{Name: "t", AirGappedCopy: anyCopy},
		postureRule("daily", "cron(0 5 ? * * *)", 60, int64(35), vaultMain, copyTo(vaultDR)))
	assert.Equal(t, "no backup rule puts the resource's recovery points in a logically air-gapped vault", got.Reason)
	assert.Equal(t, "vault dr (eu-west-2) is BACKUP_VAULT; vault main (eu-west-1) is BACKUP_VAULT", got.Evidence)
}

// Databases of the live fixture, one per case.
const (
	dbRecentCopy   = "arn:aws:rds:eu-west-1:111111111111:db:recent"
	dbStaleCopy    = "arn:aws:rds:eu-west-1:111111111111:db:stale"
	dbNoCopy       = "arn:aws:rds:eu-west-1:111111111111:db:nocopy"
	dbCopyJob      = "arn:aws:rds:eu-west-1:111111111111:db:copyjob"
	dbShort        = "arn:aws:rds:eu-west-1:111111111111:db:short"
	dbCalculated   = "arn:aws:rds:eu-west-1:111111111111:db:calc"
	dbLongEnough   = "arn:aws:rds:eu-west-1:111111111111:db:long"
	dbNoLife       = "arn:aws:rds:eu-west-1:111111111111:db:nolife"
	dbRestoredLong = "arn:aws:rds:eu-west-1:111111111111:db:restoredlong"
	dbRestoredIn   = "arn:aws:rds:eu-west-1:111111111111:db:restoredin"
)

// livePoint is a recovery point of resource in vault, with a lifecycle (deleteAfter nil: none) and a
// calculated deletion time (zero: none).
func livePoint(id, resource, vault string, created time.Time, status string, deleteAfter any, deleteAt time.Time) inventory.Resource {
	var at any
	if !deleteAt.IsZero() {
		at = deleteAt.Format(time.RFC3339)
	}
	return res("arn:aws:backup:eu-west-1:111111111111:recovery-point:"+id, typeRecoveryPoint, region, nil, map[string]any{
		"resource_arn": resource, "resource_type": "RDS", "vault": vault, "source_vault": nil,
		"creation_date": created.Format(time.RFC3339), "completion_date": created.Add(20 * time.Minute).Format(time.RFC3339),
		"status": status, "last_restore_time": nil,
		"lifecycle":            map[string]any{"delete_after_days": deleteAfter, "cold_storage_after_days": nil},
		"calculated_lifecycle": map[string]any{"delete_at": at, "cold_storage_at": nil}})
}

// airGapLiveFixture is a live collection of 111111111111/eu-west-1 judged at postureAt (2026-01-01 00:00
// UTC; the jobs' window starts 2025-12-02 00:00). One daily plan (05:00 UTC, 60-minute window, kept 35
// days, copied to the air-gapped vault) covers every database: configured air-gapped worst case 1500m.
func airGapLiveFixture(errors ...inventory.Issue) *inventory.Inventory {
	inv := inventory.New()
	rds := func(id, tier string) inventory.Resource {
		return res(id, inventory.TypeRDSInstance, region, tierTag(tier), map[string]any{"identifier": id[len(id)-6:],
			"backup_retention_period": int64(0), "replicate_source_db": nil, "cluster_identifier": nil})
	}
	dbs := []string{dbRecentCopy, dbStaleCopy, dbNoCopy, dbCopyJob, dbShort, dbCalculated, dbLongEnough, dbNoLife,
		dbRestoredLong, dbRestoredIn}
	var selected []any
	for _, db := range dbs {
		selected = append(selected, db)
	}
	copyJob := job("c31", "copy", dbCopyJob, "COMPLETED", day(time.December, 31, 6, 0), day(time.December, 31, 7, 0), nil, nil)
	copyJob.Attributes["destination_vault"] = vaultLAG
	noLife := livePoint("nolife-31", dbNoLife, vaultMain, day(time.December, 31, 5, 10), "COMPLETED", int64(35), time.Time{})
	delete(noLife.Attributes, "lifecycle")
	delete(noLife.Attributes, "calculated_lifecycle")
	restoredLong := livePoint("restoredlong-31", dbRestoredLong, vaultMain, day(time.December, 31, 5, 10), "COMPLETED", int64(35), time.Time{})
	restoredLong.Attributes["last_restore_time"] = day(time.November, 10, 12, 0).Format(time.RFC3339)
	restoredIn := livePoint("restoredin-31", dbRestoredIn, vaultMain, day(time.December, 31, 5, 10), "COMPLETED", int64(35), time.Time{})
	restoredIn.Attributes["last_restore_time"] = day(time.December, 15, 12, 0).Format(time.RFC3339)
	inv.Resources = []inventory.Resource{
		standardVault(vaultMain, region, "main", lock(true, "compliance", int64(7), nil)),
		airGappedVault(),
		res(arnP+"daily", inventory.TypeBackupPlan, region, nil, map[string]any{"name": "daily", "rules": []any{
			postureRule("daily", "cron(0 5 ? * * *)", 60, int64(35), vaultMain,
				map[string]any{"destination_vault": vaultLAG, "delete_after_days": int64(35), "cold_storage_after_days": nil})}}),
		postureSelection(arnP+"daily", selected...),
		rds(dbRecentCopy, "airgap"), rds(dbStaleCopy, "airgap"), rds(dbNoCopy, "airgap"), rds(dbCopyJob, "airgap"),
		rds(dbShort, "retention"), rds(dbCalculated, "retention"), rds(dbLongEnough, "retention"), rds(dbNoLife, "retention"),
		rds(dbRestoredLong, "restore"), rds(dbRestoredIn, "restore"),

		livePoint("recent-main", dbRecentCopy, vaultMain, day(time.December, 31, 5, 10), "COMPLETED", int64(35), time.Time{}),
		livePoint("recent-lag", dbRecentCopy, vaultLAG, day(time.December, 29, 5, 40), "COMPLETED", int64(35), time.Time{}),
		livePoint("stale-lag", dbStaleCopy, vaultLAG, day(time.December, 20, 5, 40), "COMPLETED", int64(35), time.Time{}),
		// A newer one that expired is no copy.
		livePoint("stale-lag-expired", dbStaleCopy, vaultLAG, day(time.December, 30, 5, 40), "EXPIRED", int64(35), time.Time{}),
		livePoint("nocopy-main", dbNoCopy, vaultMain, day(time.December, 31, 5, 10), "COMPLETED", int64(35), time.Time{}),
		copyJob,

		livePoint("short-30", dbShort, vaultMain, day(time.December, 30, 5, 10), "COMPLETED", int64(35), time.Time{}),
		livePoint("short-31", dbShort, vaultMain, day(time.December, 31, 5, 10), "COMPLETED", int64(7), time.Time{}),
		// Expired: not a recovery point one can restore, whatever its retention.
		livePoint("short-29", dbShort, vaultMain, day(time.December, 29, 5, 10), "EXPIRED", int64(1), time.Time{}),
		// No lifecycle days, a calculated deletion 20 days after creation: 20d < 30d.
		livePoint("calc-10", dbCalculated, vaultMain, day(time.December, 10, 5, 10), "COMPLETED", nil, day(time.December, 30, 5, 10)),
		// Neither: kept until deleted.
		livePoint("calc-11", dbCalculated, vaultMain, day(time.December, 11, 5, 10), "COMPLETED", nil, time.Time{}),
		livePoint("long-31", dbLongEnough, vaultMain, day(time.December, 31, 5, 10), "COMPLETED", int64(35),
			day(time.December, 31, 5, 10).Add(35*24*time.Hour)),
		noLife,
		restoredLong, restoredIn,
	}
	for i := range inv.Resources {
		inv.Resources[i].Source = inventory.Location{Kind: inventory.SourceAWS, API: "test"}
	}
	inv.Sources = []inventory.Source{{Kind: inventory.SourceAWS, Path: acct + "/" + region, Errors: errors}}
	inv.Normalize()
	return inv
}

func airGapLiveDecl(t *testing.T) config.DR {
	return config.DR{Tiers: []config.DRTier{
		{Name: "airgap", AirGappedCopy: &config.AirGappedCopyObjective{Required: true, Within: dur(t, "7d")}},
		{Name: "retention", MinRetention: dur(t, "30d")},
		{Name: "restore", RTO: dur(t, "1h"), RestoreTestWithin: dur(t, "60d")},
	}}
}

func liveObjectives(t *testing.T, p Posture) map[string]map[string]ObjectiveResult {
	t.Helper()
	out := map[string]map[string]ObjectiveResult{}
	for _, r := range p.Resources {
		out[r.Resource] = r.Objectives
	}
	return out
}

// TestEvaluateLiveAirGapped: every database's configured worst case (1500m) fits 7d (10080m); what the
// live account holds decides.
func TestEvaluateLiveAirGapped(t *testing.T) {
	p, diags := Evaluate(airGapLiveDecl(t), airGapLiveFixture(), postureAt)
	require.Empty(t, diags)
	got := liveObjectives(t, p)

	// Newest recovery point in the air-gapped vault Dec 29 05:40: 2d 18h 20m = 3980m before the instant.
	recent := got[dbRecentCopy][ObjectiveAirGappedCopy]
	assert.Equal(t, ObjectivePass, recent.Status, "%+v", recent)
	assert.Equal(t, "25h", recent.Achieved)
	assert.Contains(t, recent.LiveEvidence, "newest in a logically air-gapped vault: recovery point "+
		"arn:aws:backup:eu-west-1:111111111111:recovery-point:recent-lag in "+vaultLAG+
		" created 2025-12-29T05:40:00Z (3980m before 2026-01-01T00:00:00Z)")

	// Dec 20 05:40 (the Dec 30 one expired): 11d 18h 20m = 16940m > 10080m.
	stale := got[dbStaleCopy][ObjectiveAirGappedCopy]
	assert.Equal(t, ObjectiveFail, stale.Status)
	assert.Equal(t, "the newest recovery point in a logically air-gapped vault is 16940m old, more than 7d", stale.Reason)

	// Only a recovery point in the standard vault: the configured copy is not demonstrated.
	none := got[dbNoCopy][ObjectiveAirGappedCopy]
	assert.Equal(t, ObjectiveFail, none.Status)
	assert.Contains(t, none.Reason, "the configured air-gapped copy is not demonstrated")
	assert.Contains(t, none.LiveEvidence, "no completed recovery point of the resource in a logically air-gapped vault")

	// A copy job to the air-gapped vault completed Dec 31 07:00: 17h before.
	byJob := got[dbCopyJob][ObjectiveAirGappedCopy]
	assert.Equal(t, ObjectivePass, byJob.Status, "%+v", byJob)
	assert.Contains(t, byJob.LiveEvidence, "newest in a logically air-gapped vault: copy job c31 COMPLETED 2025-12-31T06:00:00Z (3600s) to "+
		vaultLAG+" completed 2025-12-31T07:00:00Z (17h before 2026-01-01T00:00:00Z)")

	// A failed copy listing: the missing copy is unknown, not a fail; what was seen still counts.
	p, _ = Evaluate(airGapLiveDecl(t), airGapLiveFixture(inventory.Issue{Service: "backup", API: "ListCopyJobs",
		Region: region, Code: "AccessDenied"}), postureAt)
	got = liveObjectives(t, p)
	assert.Equal(t, ObjectiveUnknown, got[dbNoCopy][ObjectiveAirGappedCopy].Status)
	assert.Equal(t, ObjectiveFail, got[dbStaleCopy][ObjectiveAirGappedCopy].Status)
	assert.Equal(t, ObjectivePass, got[dbRecentCopy][ObjectiveAirGappedCopy].Status)
}

// TestEvaluateLiveRetention: the plan keeps 35 days (configured pass against 30d); each live recovery
// point is judged too.
func TestEvaluateLiveRetention(t *testing.T) {
	p, _ := Evaluate(airGapLiveDecl(t), airGapLiveFixture(), postureAt)
	got := liveObjectives(t, p)

	short := got[dbShort][ObjectiveMinRetention]
	assert.Equal(t, ObjectiveFail, short.Status)
	assert.Equal(t, "35d", short.Achieved, "the configured retention stays what the plan gives")
	assert.Equal(t, "1 of 2 completed recovery points are kept less than 30d: arn:aws:backup:eu-west-1:111111111111:recovery-point:short-31 in "+
		vaultMain+" created 2025-12-31T05:10:00Z kept 7d", short.Reason)

	calc := got[dbCalculated][ObjectiveMinRetention]
	assert.Equal(t, ObjectiveFail, calc.Status)
	assert.Contains(t, calc.Reason, "1 of 2 completed recovery points are kept less than 30d: arn:aws:backup:eu-west-1:111111111111:recovery-point:calc-10")
	assert.Contains(t, calc.Reason, "kept 20d")

	long := got[dbLongEnough][ObjectiveMinRetention]
	assert.Equal(t, ObjectivePass, long.Status)
	assert.Contains(t, long.LiveEvidence, "each of the 1 completed recovery points is kept at least 30d")

	noLife := got[dbNoLife][ObjectiveMinRetention]
	assert.Equal(t, ObjectiveUnknown, noLife.Status)
	assert.Contains(t, noLife.Reason, "the retention of live recovery points is unknown")

	// A failed recovery point listing leaves the pass unknown; a short point seen still fails.
	p, _ = Evaluate(airGapLiveDecl(t), airGapLiveFixture(inventory.Issue{Service: "backup",
		API: "ListRecoveryPointsByBackupVault", Region: "eu-west-2", Code: "AccessDenied"}), postureAt)
	got = liveObjectives(t, p)
	assert.Equal(t, ObjectiveUnknown, got[dbLongEnough][ObjectiveMinRetention].Status)
	assert.Equal(t, ObjectiveFail, got[dbShort][ObjectiveMinRetention].Status)
}

// TestEvaluateLastRestoreTime: no restore job is listed; a recovery point's LastRestoreTime before the
// 30-day window of restore jobs is restore evidence for restore_test_within, not for rto.
func TestEvaluateLastRestoreTime(t *testing.T) {
	p, _ := Evaluate(airGapLiveDecl(t), airGapLiveFixture(), postureAt)
	got := liveObjectives(t, p)

	// Restored 2025-11-10 12:00: 51d 12h = 74160m = 1236h before the instant, within 60d.
	within := got[dbRestoredLong][ObjectiveRestoreTestWithin]
	assert.Equal(t, ObjectivePass, within.Status, "%+v", within)
	assert.Equal(t, "1236h ago", within.Achieved)
	assert.Equal(t, "restore of recovery point arn:aws:backup:eu-west-1:111111111111:recovery-point:restoredlong-31", within.Protection)
	rto := got[dbRestoredLong][ObjectiveRTO]
	assert.Equal(t, ObjectiveUnknown, rto.Status)
	assert.Equal(t, "unknown", rto.Achieved)
	assert.Contains(t, rto.LiveEvidence, "recovery point arn:aws:backup:eu-west-1:111111111111:recovery-point:restoredlong-31 "+
		"last restored 2025-11-10T12:00:00Z (LastRestoreTime, before the 30 days of restore jobs listed: duration unknown)")

	// Restored Dec 15, inside the window, yet no successful restore job shows it: not evidence.
	in := got[dbRestoredIn][ObjectiveRestoreTestWithin]
	assert.Equal(t, ObjectiveUnknown, in.Status)
	assert.Equal(t, "no successful restore in the 30 days of restore jobs collected; an older one within 60d cannot be seen", in.Reason)

	// At 2026-01-20 the Nov 10 restore is 70d 12h old: more than 60d, so unknown again (an older one is not seen).
	p, _ = Evaluate(airGapLiveDecl(t), airGapLiveFixture(), time.Date(2026, 1, 20, 0, 0, 0, 0, time.UTC))
	got = liveObjectives(t, p)
	assert.Equal(t, ObjectiveUnknown, got[dbRestoredLong][ObjectiveRestoreTestWithin].Status)
}

// FuzzAirGappedEvidence adds a recovery point with fuzzed vault, dates, status and lifecycle (as a saved
// inventory may hold them) to the live fixture: no panic, every objective pass, fail or unknown, and a
// min_retention fail names a recovery point kept too short.
func FuzzAirGappedEvidence(f *testing.F) {
	f.Add(vaultLAG, "2025-12-31T06:30:00Z", "COMPLETED", "2025-11-01T00:00:00Z", 35.0, "")
	f.Add(vaultMain, "not a date", "AVAILABLE", "2026-02-01T00:00:00Z", -1.0, "2025-12-01T00:00:00Z")
	f.Add("", "2027-01-01T00:00:00Z", "EXPIRED", "", 1e300, "9999-12-31T23:59:59Z")
	f.Add(vaultLAG, "0001-01-01T00:00:00Z", "COMPLETED", "0001-01-01T00:00:00Z", 0.5, "0001-01-01T00:00:00Z")
	f.Fuzz(func(t *testing.T, vault, created, status, lastRestore string, deleteAfter float64, deleteAt string) {
		inv := airGapLiveFixture()
		for _, db := range []string{dbNoCopy, dbLongEnough, dbRestoredIn} {
			rp := livePoint("fuzz-"+db[len(db)-6:], db, vault, postureAt, status, deleteAfter, time.Time{})
			rp.Attributes["creation_date"], rp.Attributes["last_restore_time"] = created, lastRestore
			rp.Attributes["calculated_lifecycle"] = map[string]any{"delete_at": deleteAt, "cold_storage_at": nil}
			rp.Source = inventory.Location{Kind: inventory.SourceAWS}
			inv.Resources = append(inv.Resources, rp)
		}
		p, _ := Evaluate(airGapLiveDecl(t), inv, postureAt)
		for _, r := range p.Resources {
			for name, o := range r.Objectives {
				require.Contains(t, []string{ObjectivePass, ObjectiveFail, ObjectiveUnknown}, o.Status, "%s %s", r.Resource, name)
				if name == ObjectiveMinRetention && o.Status == ObjectiveFail {
					require.Contains(t, o.Reason, "recovery-point:", r.Resource)
				}
			}
		}
	})
}
