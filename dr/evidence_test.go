package dr

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/config"
	"github.com/vigil-audit/vigil/inventory"
)

// The live fixture: postureFixture's resources as an AWS collection of 111111111111/eu-west-1, plus
// recovery points and jobs. The reference instant is postureAt, 2026-01-01T00:00:00Z, so the jobs'
// window starts 2025-12-02T00:00:00Z.

func day(month time.Month, d, h, m int) time.Time {
	y := 2025
	if month == time.January {
		y = 2026
	}
	return time.Date(y, month, d, h, m, 0, 0, time.UTC)
}

func recoveryPoint(resource string, n int, at time.Time, status string) inventory.Resource {
	id := fmt.Sprintf("arn:aws:backup:eu-west-1:111111111111:recovery-point:%s-%d", resource[len(resource)-5:], n)
	return res(id, typeRecoveryPoint, region, nil, map[string]any{"resource_arn": resource, "resource_type": "RDS",
		"vault": vaultMain, "source_vault": nil, "creation_date": at.Format(time.RFC3339),
		"completion_date": at.Add(20 * time.Minute).Format(time.RFC3339), "status": status})
}

func job(id, jobType, resource, state string, created, completed time.Time, testingPlan, validation any) inventory.Resource {
	var done, duration any
	if !completed.IsZero() {
		done, duration = completed.Format(time.RFC3339), float64(completed.Sub(created)/time.Second)
	}
	r := res("arn:aws:backup:eu-west-1:111111111111:"+jobType+"-job:"+id, typeBackupJob, region, nil, map[string]any{
		"job_type": jobType, "state": state, "status_message": nil, "resource_arn": resource, "resource_type": "RDS",
		"creation_date": created.Format(time.RFC3339), "completion_date": done, "duration_seconds": duration,
		"restore_testing_plan": testingPlan, "validation_status": validation})
	r.Name = id
	return r
}

const testingPlan = "arn:aws:backup:eu-west-1:111111111111:restore-testing-plan:weekly"

func liveFixture(errors ...inventory.Issue) *inventory.Inventory {
	inv := postureFixture()
	// dbDaily: daily points at 05:10 on Dec 22 and Dec 25..31; the Dec 23 one EXPIRED (not usable), Dec 24's
	// backup job FAILED.
	inv.Resources = append(inv.Resources,
		recoveryPoint(dbDaily, 22, day(time.December, 22, 5, 10), "COMPLETED"),
		recoveryPoint(dbDaily, 23, day(time.December, 23, 5, 10), "EXPIRED"),
		job("b24", "backup", dbDaily, "FAILED", day(time.December, 24, 5, 0), day(time.December, 24, 5, 30), nil, nil),
		// A restore test of 45 minutes on Dec 28 and a later 2-hour manual restore on Dec 30.
		job("r28", "restore", dbDaily, "COMPLETED", day(time.December, 28, 10, 0), day(time.December, 28, 10, 45), testingPlan, "SUCCESSFUL"),
		job("r30", "restore", dbDaily, "COMPLETED", day(time.December, 30, 10, 0), day(time.December, 30, 12, 0), nil, nil),
	)
	for d := 25; d <= 31; d++ {
		inv.Resources = append(inv.Resources, recoveryPoint(dbDaily, d, day(time.December, d, 5, 10), "COMPLETED"))
	}
	// dbBoth: one point on Nov 10 and daily points at 05:10 Dec 1..31; a point after the instant (Jan 2).
	inv.Resources = append(inv.Resources,
		recoveryPoint(dbBoth, 1110, day(time.November, 10, 5, 10), "COMPLETED"),
		recoveryPoint(dbBoth, 102, time.Date(2026, 1, 2, 5, 10, 0, 0, time.UTC), "COMPLETED"),
		// A 90-minute restore test on Dec 20; a later one whose validation FAILED on Dec 29.
		job("t20", "restore", dbBoth, "COMPLETED", day(time.December, 20, 10, 0), day(time.December, 20, 11, 30), testingPlan, "SUCCESSFUL"),
		job("t29", "restore", dbBoth, "COMPLETED", day(time.December, 29, 10, 0), day(time.December, 29, 10, 20), testingPlan, "FAILED"),
	)
	for d := 1; d <= 31; d++ {
		inv.Resources = append(inv.Resources, recoveryPoint(dbBoth, 1200+d, day(time.December, d, 5, 10), "COMPLETED"))
	}
	for i := range inv.Resources {
		inv.Resources[i].Source = inventory.Location{Kind: inventory.SourceAWS, API: "test"}
	}
	inv.Sources = []inventory.Source{{Kind: inventory.SourceAWS, Path: acct + "/" + region, Errors: errors}}
	inv.Normalize()
	return inv
}

func liveDecl(t *testing.T, restoreWithin string) config.DR {
	return config.DR{Tiers: []config.DRTier{{Name: "daily", RPO: dur(t, "36h"), RTO: dur(t, "1h"), RestoreTestWithin: dur(t, restoreWithin)}}}
}

func objectivesOf(p Posture, id string) map[string]ObjectiveResult {
	for _, r := range p.Resources {
		if r.Resource == id {
			return r.Objectives
		}
	}
	return nil
}

func TestObserve(t *testing.T) {
	live := CollectLiveEvidence(liveFixture())
	// dbDaily: usable points Dec 22, 25, 26, ..., 31 at 05:10 (Dec 23 is EXPIRED). Largest gap Dec 22 →
	// Dec 25 = 72h = 4320m; age of Dec 31 05:10 at Jan 1 00:00 = 18h50m = 1130m.
	o, ok := live[dbDaily].Observe(postureAt, EvidenceWindow)
	require.True(t, ok)
	assert.Equal(t, ObservedRPO{Newest: day(time.December, 31, 5, 10), AgeMinutes: 1130, LargestGapMinutes: 4320,
		GapFrom: day(time.December, 22, 5, 10), GapTo: day(time.December, 25, 5, 10), Points: 8}, o)
	// dbBoth: Nov 10 → Dec 1 (21 days) ends before the window (Dec 2 00:00): not counted; Dec 1 → Dec 2
	// ends inside it: 24h; then 24h every day; the Jan 2 point is after the instant. Points in the window:
	// Dec 2..31 = 30. The largest gap is the first 24h one found (Dec 1 → Dec 2).
	o, ok = live[dbBoth].Observe(postureAt, EvidenceWindow)
	require.True(t, ok)
	assert.Equal(t, ObservedRPO{Newest: day(time.December, 31, 5, 10), AgeMinutes: 1130, LargestGapMinutes: 1440,
		GapFrom: day(time.December, 1, 5, 10), GapTo: day(time.December, 2, 5, 10), Points: 30}, o)
	// At Dec 1 12:00 dbBoth's newest point is Dec 1 05:10 (6h50m = 410m old) and the gap Nov 10 → Dec 1
	// (21d = 30240m) ends in that instant's window.
	o, ok = live[dbBoth].Observe(day(time.December, 1, 12, 0), EvidenceWindow)
	require.True(t, ok)
	assert.Equal(t, int64(410), o.AgeMinutes)
	assert.Equal(t, int64(30240), o.Minutes())
	// No usable point before Nov 10 05:10.
	_, ok = live[dbBoth].Observe(day(time.November, 10, 5, 9), EvidenceWindow)
	assert.False(t, ok)
	// A resource with no point is collected but has none.
	require.NotNil(t, live[dbWeekday])
	assert.True(t, live[dbWeekday].Collected)
	_, ok = live[dbWeekday].Observe(postureAt, EvidenceWindow)
	assert.False(t, ok)
}

func TestEvaluateLiveEvidence(t *testing.T) {
	p, _ := Evaluate(liveDecl(t, "14d"), liveFixture(), postureAt)

	daily := objectivesOf(p, dbDaily)
	// Configured: daily at 05:00 + 480m window = 1920m <= 2160m; observed 4320m (3d) > 2160m: fail.
	rpo := daily[ObjectiveRPO]
	assert.Equal(t, ObjectiveFail, rpo.Status)
	assert.Equal(t, int64(1920), *rpo.AchievedMinutes)
	assert.Equal(t, int64(4320), *rpo.ObservedMinutes)
	assert.Equal(t, "observed RPO 3d exceeds the objective 36h", rpo.Reason)
	assert.Contains(t, rpo.LiveEvidence, "failed backup jobs: backup job b24 FAILED 2025-12-24T05:00:00Z (1800s)")
	// rto prefers the restore test (45m <= 1h) over the later 2h manual restore.
	rto := daily[ObjectiveRTO]
	assert.Equal(t, ObjectivePass, rto.Status)
	assert.Equal(t, "45m", rto.Achieved)
	assert.Equal(t, "restore job r28 COMPLETED 2025-12-28T10:00:00Z (2700s), validation SUCCESSFUL", rto.Evidence)
	// restore_test_within takes the latest restore of any kind: Dec 30 12:00, 36h before Jan 1 00:00.
	within := daily[ObjectiveRestoreTestWithin]
	assert.Equal(t, ObjectivePass, within.Status)
	assert.Equal(t, "36h ago", within.Achieved)

	both := objectivesOf(p, dbBoth)
	// Configured 1920m and observed 1440m both <= 2160m.
	assert.Equal(t, ObjectivePass, both[ObjectiveRPO].Status)
	assert.Equal(t, int64(1440), *both[ObjectiveRPO].ObservedMinutes)
	// The Dec 29 test failed validation: the Dec 20 one (90m = 5400s) is the latest successful; > 1h.
	assert.Equal(t, ObjectiveFail, both[ObjectiveRTO].Status)
	assert.Equal(t, "90m", both[ObjectiveRTO].Achieved)
	assert.Equal(t, "the restore took 5400s, more than the objective 1h", both[ObjectiveRTO].Reason)
	// Completed Dec 20 11:30: 11d 12h 30m = 16590m before the instant, within 14d.
	assert.Equal(t, ObjectivePass, both[ObjectiveRestoreTestWithin].Status)
	assert.Equal(t, "16590m ago", both[ObjectiveRestoreTestWithin].Achieved)

	weekday := objectivesOf(p, dbWeekday)
	// Covered by the weekday plan but no recovery point in a complete collection.
	assert.Equal(t, ObjectiveFail, weekday[ObjectiveRPO].Status)
	assert.Contains(t, weekday[ObjectiveRPO].Reason, "no recovery point")
	assert.Nil(t, weekday[ObjectiveRPO].ObservedMinutes)
	// No restore: rto unknown, never pass; restore_test_within 14d is inside the 30 days listed: fail.
	assert.Equal(t, ObjectiveUnknown, weekday[ObjectiveRTO].Status)
	assert.Equal(t, "no successful restore in the last 30 days: restore time unknown", weekday[ObjectiveRTO].Reason)
	assert.Equal(t, ObjectiveFail, weekday[ObjectiveRestoreTestWithin].Status)
	assert.Equal(t, "no successful restore within 14d", weekday[ObjectiveRestoreTestWithin].Reason)

	// dbNone: nothing covers it; no point is expected of it beyond the configured fail.
	none := objectivesOf(p, dbNone)
	assert.Equal(t, ObjectiveFail, none[ObjectiveRPO].Status)
	assert.Equal(t, "nothing protects the resource", none[ObjectiveRPO].Reason)
}

func TestEvaluateLiveEvidenceLongWindowAndIncomplete(t *testing.T) {
	// 90d is longer than the 30 days of jobs listed: a restore before them cannot be seen.
	p, _ := Evaluate(liveDecl(t, "90d"), liveFixture(), postureAt)
	within := objectivesOf(p, dbWeekday)[ObjectiveRestoreTestWithin]
	assert.Equal(t, ObjectiveUnknown, within.Status)
	assert.Contains(t, within.Reason, "an older one within 90d cannot be seen")

	// ListRestoreJobs and the vault listing denied: absent evidence proves nothing.
	denied := []inventory.Issue{
		{Code: "AccessDenied", Message: "denied", Service: "backup", API: "ListRestoreJobs", Region: region},
		{Code: "AccessDenied", Message: "denied", Service: "backup", API: "ListRecoveryPointsByBackupVault", Region: region},
		{Code: "AccessDenied", Message: "denied", Service: "rds", API: "DescribeDBInstances", Region: region},
	}
	p, _ = Evaluate(liveDecl(t, "14d"), liveFixture(denied...), postureAt)
	weekday := objectivesOf(p, dbWeekday)
	assert.Equal(t, ObjectiveUnknown, weekday[ObjectiveRestoreTestWithin].Status)
	assert.Equal(t, "live evidence incomplete: backup ListRecoveryPointsByBackupVault (eu-west-1): AccessDenied; "+
		"backup ListRestoreJobs (eu-west-1): AccessDenied", weekday[ObjectiveRestoreTestWithin].Reason)
	// The configured worst case (4380m) already fails; the missing points add no "no recovery point".
	assert.Equal(t, ObjectiveFail, weekday[ObjectiveRPO].Status)
	assert.NotContains(t, weekday[ObjectiveRPO].Reason, "no recovery point")
	// Points that were seen still count: dbDaily's observed 72h gap fails.
	assert.Equal(t, ObjectiveFail, objectivesOf(p, dbDaily)[ObjectiveRPO].Status)
}

func TestEvaluateWithoutLiveSource(t *testing.T) {
	// Terraform-like input: recovery points would be ignored without an AWS source; the objectives stay
	// configuration-only.
	p, _ := Evaluate(liveDecl(t, "14d"), postureFixture(), postureAt)
	daily := objectivesOf(p, dbDaily)
	assert.Equal(t, ObjectivePass, daily[ObjectiveRPO].Status)
	assert.Nil(t, daily[ObjectiveRPO].ObservedMinutes)
	assert.Empty(t, daily[ObjectiveRPO].LiveEvidence)
	assert.Equal(t, ObjectiveUnknown, daily[ObjectiveRestoreTestWithin].Status)
	assert.Equal(t, ReasonNoRestoreEvidence, daily[ObjectiveRestoreTestWithin].Reason)
}

func TestEvaluateLiveCopies(t *testing.T) {
	decl := config.DR{Tiers: []config.DRTier{{Name: "daily", CrossRegionCopy: &config.CopyObjective{Required: true}}}}
	copyJob := func(id, resource, state string, created time.Time) inventory.Resource {
		r := job(id, "copy", resource, state, created, created.Add(time.Hour), nil, nil)
		r.Attributes["destination_vault"] = vaultDR
		r.Attributes["vault"] = vaultMain
		return r
	}
	inv := liveFixture()
	// The daily plan copies dbDaily and dbBoth to vaultDR (eu-west-2): configured pass for both.
	// dbDaily's only copy job in the window FAILED; dbBoth's Dec 31 copy COMPLETED.
	inv.Resources = append(inv.Resources,
		copyJob("c30", dbDaily, "FAILED", day(time.December, 30, 6, 0)),
		copyJob("c31", dbBoth, "COMPLETED", day(time.December, 31, 6, 0)))
	inv.Normalize()
	p, _ := Evaluate(decl, inv, postureAt)
	daily := objectivesOf(p, dbDaily)[ObjectiveCrossRegionCopy]
	assert.Equal(t, ObjectiveFail, daily.Status)
	assert.Equal(t, "the configured copy is not demonstrated: no completed copy job or recovery point in eu-west-2 in the last 30 days (copy jobs failed)", daily.Reason)
	assert.Contains(t, daily.LiveEvidence, "failed copy jobs: copy job c30 FAILED 2025-12-30T06:00:00Z (3600s)")
	both := objectivesOf(p, dbBoth)[ObjectiveCrossRegionCopy]
	assert.Equal(t, ObjectivePass, both.Status)
	assert.Contains(t, both.LiveEvidence, "demonstrated: copy job c31 COMPLETED 2025-12-31T06:00:00Z (3600s) to "+vaultDR+" (eu-west-2)")

	// A completed recovery point of dbDaily in vaultDR (a copy received) demonstrates it too.
	rp := recoveryPoint(dbDaily, 99, day(time.December, 29, 6, 0), "COMPLETED")
	rp.ID, rp.Region = "arn:aws:backup:eu-west-2:111111111111:recovery-point:copy-99", "eu-west-2"
	rp.Attributes["vault"], rp.Attributes["source_vault"] = vaultDR, vaultMain
	inv.Resources = append(inv.Resources, rp)
	inv.Normalize()
	p, _ = Evaluate(decl, inv, postureAt)
	daily = objectivesOf(p, dbDaily)[ObjectiveCrossRegionCopy]
	assert.Equal(t, ObjectivePass, daily.Status)
	assert.Contains(t, daily.LiveEvidence, "demonstrated: recovery point "+rp.ID+" of 2025-12-29T06:00:00Z in "+vaultDR+" (eu-west-2)")
}

func TestEvaluateLivePointInTime(t *testing.T) {
	decl := config.DR{Tiers: []config.DRTier{{Name: "fast", RPO: dur(t, "15m")}}}
	for _, c := range []struct {
		latest   string
		observed int64
		status   string
	}{
		// 2025-12-31T23:50:00Z is 10 minutes before 2026-01-01T00:00:00Z: within 15m.
		{"2025-12-31T23:50:00Z", 10, ObjectivePass},
		// 23:44:30 is 15m30s before, rounded up to 16m: over 15m.
		{"2025-12-31T23:44:30Z", 16, ObjectiveFail},
		// A latest restorable time after the instant counts as 0.
		{"2026-01-01T00:03:00Z", 0, ObjectivePass},
	} {
		inv := liveFixture()
		for i := range inv.Resources {
			if inv.Resources[i].ID == tablePITR {
				inv.Resources[i].Attributes["point_in_time_recovery"] = map[string]any{"enabled": true, "latest_restorable_time": c.latest}
			}
		}
		p, _ := Evaluate(decl, inv, postureAt)
		rpo := objectivesOf(p, tablePITR)[ObjectiveRPO]
		assert.Equal(t, c.status, rpo.Status, c.latest)
		require.NotNil(t, rpo.ObservedMinutes, c.latest)
		assert.Equal(t, c.observed, *rpo.ObservedMinutes, c.latest)
		assert.Equal(t, int64(5), *rpo.AchievedMinutes, c.latest)
	}
	// Without a latest restorable time the table has no observed RPO, and no "no recovery point" fail:
	// PITR makes no AWS Backup recovery points.
	p, _ := Evaluate(decl, liveFixture(), postureAt)
	rpo := objectivesOf(p, tablePITR)[ObjectiveRPO]
	assert.Equal(t, ObjectivePass, rpo.Status)
	assert.Nil(t, rpo.ObservedMinutes)
}

// FuzzLiveEvidence: recovery points and jobs of a saved inventory are untrusted; whatever their dates,
// states and durations, evaluating them never panics, and an observed RPO is never negative nor
// smaller than the newest usable point's age.
func FuzzLiveEvidence(f *testing.F) {
	f.Add("2025-12-31T05:10:00Z", "COMPLETED", "restore", "COMPLETED", "2025-12-30T10:00:00Z", "2025-12-30T11:00:00Z", 3600.0, "FAILED")
	f.Add("not a date", "", "copy", "FAILED", "2026-01-01T00:00:00+14:00", "", -5.0, "")
	f.Add("2027-01-01T00:00:00Z", "AVAILABLE", "backup", "EXPIRED", "1900-01-01T00:00:00Z", "9999-12-31T23:59:59Z", 1e300, "TIMED_OUT")
	f.Fuzz(func(t *testing.T, created, status, jobType, state, jobCreated, jobDone string, duration float64, validation string) {
		inv := liveFixture()
		rp := recoveryPoint(dbWeekday, 1, postureAt, status)
		rp.Attributes["creation_date"] = created
		j := job("f", jobType, dbWeekday, state, postureAt, time.Time{}, nil, validation)
		j.Attributes["creation_date"], j.Attributes["completion_date"], j.Attributes["duration_seconds"] = jobCreated, jobDone, duration
		rp.Source, j.Source = inventory.Location{Kind: inventory.SourceAWS}, inventory.Location{Kind: inventory.SourceAWS}
		inv.Resources = append(inv.Resources, rp, j)
		p, _ := Evaluate(liveDecl(t, "14d"), inv, postureAt)
		rpo := objectivesOf(p, dbWeekday)[ObjectiveRPO]
		if o, ok := CollectLiveEvidence(inv)[dbWeekday].Observe(postureAt, EvidenceWindow); ok {
			require.GreaterOrEqual(t, o.Minutes(), o.AgeMinutes)
			require.GreaterOrEqual(t, o.AgeMinutes, int64(0))
			require.NotNil(t, rpo.ObservedMinutes)
		}
		for _, o := range objectivesOf(p, dbWeekday) {
			require.Contains(t, []string{ObjectivePass, ObjectiveFail, ObjectiveUnknown}, o.Status)
		}
	})
}

func TestRestoreTestingCoverage(t *testing.T) {
	plan := func(name string, sel map[string]any, unknown ...string) inventory.Resource {
		return res("arn:aws:backup:eu-west-1:111111111111:restore-testing-plan:"+name, inventory.TypeBackupRestoreTestingPlan,
			region, nil, map[string]any{"name": name, "selections": []any{sel}}, unknown...)
	}
	sel := func(typ string, arns []any, equals, notEquals []any) map[string]any {
		return map[string]any{"name": "s", "protected_resource_type": typ, "protected_resource_arns": arns,
			"protected_resource_conditions": map[string]any{"string_equals": equals, "string_not_equals": notEquals}}
	}
	db := res(dbDaily, inventory.TypeRDSInstance, region, map[string]string{"env": "prod"}, map[string]any{})
	inv := inventory.New()
	inv.Resources = []inventory.Resource{
		plan("by-arn", sel("RDS", []any{dbDaily}, []any{}, []any{})),
		plan("wildcard-prod", sel("RDS", []any{"*"}, []any{cond("aws:ResourceTag/env", "prod")}, []any{})),
		// Excluded: env is prod; another type; another database; an unknown selection.
		plan("not-prod", sel("RDS", []any{"*"}, []any{}, []any{cond("aws:ResourceTag/env", "prod")})),
		plan("dynamo", sel("DynamoDB", []any{"*"}, []any{}, []any{})),
		plan("other-db", sel("RDS", []any{dbBoth}, []any{}, []any{})),
		plan("hidden", sel("RDS", nil, []any{}, []any{}), "selections.0.protected_resource_arns"),
	}
	covers, may := restoreTestingCoverage(inv, &db)
	assert.Equal(t, []string{"by-arn", "wildcard-prod"}, covers)
	assert.Equal(t, []string{"hidden (a selection's resources unknown)"}, may)
}

func TestSeconds(t *testing.T) {
	for _, c := range []struct {
		in   any
		want int64
		ok   bool
	}{
		{int64(2850), 2850, true},   // scanners
		{float64(2850), 2850, true}, // JSON
		{2850, 2850, true},
		{float64(-1), 0, false},
		{1e300, 0, false},
		{"2850", 0, false},
		{json.Number("2850"), 2850, true}, // a saved inventory
		{json.Number("-3"), 0, false},
		{json.Number("x"), 0, false},
		{nil, 0, false},
	} {
		got, ok := seconds(c.in)
		assert.Equal(t, c.ok, ok, "%v", c.in)
		assert.Equal(t, c.want, got, "%v", c.in)
	}
}
