package dr

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/config"
	"github.com/vigil-audit/vigil/inventory"
)

// postureAt is a Thursday; every schedule below repeats weekly or daily, so the year measured from it
// holds its worst gap whatever the week.
var postureAt = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func dur(t *testing.T, s string) *config.DurationObjective {
	t.Helper()
	d, err := config.ParseObjectiveDuration(s)
	require.NoError(t, err)
	return &config.DurationObjective{Value: d, Text: s}
}

func postureRule(name, sched string, window int64, deleteAfter any, vault string, copies ...any) map[string]any {
	return map[string]any{"name": name, "target_vault": vault, "schedule": sched, "schedule_timezone": "Etc/UTC",
		"start_window_minutes": window, "completion_window_minutes": int64(180), "continuous_backup": false,
		"delete_after_days": deleteAfter, "cold_storage_after_days": nil, "copy_actions": append([]any{}, copies...)}
}

func postureSelection(plan string, resources ...any) inventory.Resource {
	return res(plan+"/selection/s", inventory.TypeBackupSelection, region, nil, map[string]any{"name": "s", "plan_id": plan,
		"iam_role_arn": "arn:aws:iam::111111111111:role/backup", "resources": resources, "not_resources": []any{},
		"selection_tags": []any{}, "conditions": noConditions()})
}

func tierTag(tier string) map[string]string { return map[string]string{"dr-tier": tier} }

const (
	dbWeekday = "arn:aws:rds:eu-west-1:111111111111:db:weekday"
	dbDaily   = "arn:aws:rds:eu-west-1:111111111111:db:daily"
	dbBoth    = "arn:aws:rds:eu-west-1:111111111111:db:both"
	dbBroken  = "arn:aws:rds:eu-west-1:111111111111:db:broken"
	dbMaybe   = "arn:aws:rds:eu-west-1:111111111111:db:maybe"
	dbNone    = "arn:aws:rds:eu-west-1:111111111111:db:none"
	dbNoTier  = "arn:aws:rds:eu-west-1:111111111111:db:untiered"
	tablePITR = "arn:aws:dynamodb:eu-west-1:111111111111:table/pitr"
)

func postureFixture() *inventory.Inventory {
	inv := inventory.New()
	rds := func(id string, tags map[string]string) inventory.Resource {
		return res(id, inventory.TypeRDSInstance, region, tags, map[string]any{"identifier": id,
			"backup_retention_period": int64(0), "replicate_source_db": nil, "cluster_identifier": nil})
	}
	plan := func(id string, rules ...any) inventory.Resource {
		r := res(id, inventory.TypeBackupPlan, region, nil, map[string]any{"name": id[len(arnP):], "rules": rules})
		r.Source = inventory.Location{Kind: inventory.SourceTerraform, File: "backup.tf", StartLine: 10, EndLine: 20}
		return r
	}
	inv.Resources = []inventory.Resource{
		res(vaultMain, inventory.TypeBackupVault, region, nil, map[string]any{"name": "main", "lock": lock(true, "compliance", int64(7), nil)}),
		res(vaultDR, inventory.TypeBackupVault, "eu-west-2", nil, map[string]any{"name": "dr", "lock": lock(false, nil, nil, nil)}),
		res(vaultLocal, inventory.TypeBackupVault, region, nil, map[string]any{"name": "local-copy", "lock": lock(false, nil, nil, nil)}),
		// Weekdays at 02:00 UTC into the unlocked local vault, kept 7 days, no copy.
		plan(arnP+"weekday", postureRule("weekday", "cron(0 2 ? * MON-FRI *)", 60, int64(7), vaultLocal)),
		// Every day at 05:00 UTC with AWS's live default window of 480 minutes into the locked vault,
		// kept 35 days, copied to eu-west-2 for 90 days.
		plan(arnP+"daily", postureRule("daily", "cron(0 5 ? * * *)", 480, int64(35), vaultMain,
			map[string]any{"destination_vault": vaultDR, "delete_after_days": int64(90), "cold_storage_after_days": nil})),
		// Day-of-month and day-of-week both '*': AWS rejects it (one must be '?').
		plan(arnP+"broken", postureRule("broken", "cron(0 2 * * * *)", 60, int64(7), vaultMain)),
		postureSelection(arnP+"weekday", dbWeekday, dbBoth),
		postureSelection(arnP+"daily", dbDaily, dbBoth),
		postureSelection(arnP+"broken", dbBroken),
		// A selection whose resources are unknown: it may cover any resource.
		res(arnP+"daily/selection/unreadable", inventory.TypeBackupSelection, region, nil, map[string]any{"name": "unreadable",
			"plan_id": arnP + "daily", "iam_role_arn": "arn:aws:iam::111111111111:role/backup", "not_resources": []any{},
			"selection_tags": []any{}, "conditions": map[string]any{"string_equals": []any{cond("aws:ResourceTag/team", "maybe")},
				"string_not_equals": []any{}, "string_like": []any{}, "string_not_like": []any{}}}, "resources"),
		rds(dbWeekday, tierTag("daily")),
		rds(dbDaily, tierTag("daily")),
		rds(dbBoth, tierTag("daily")),
		rds(dbBroken, tierTag("daily")),
		rds(dbMaybe, map[string]string{"dr-tier": "daily", "team": "maybe"}),
		rds(dbNone, tierTag("daily")),
		rds(dbNoTier, nil),
		res(tablePITR, inventory.TypeDynamoDBTable, region, tierTag("fast"),
			map[string]any{"name": "pitr", "point_in_time_recovery": map[string]any{"enabled": true}}),
	}
	inv.Normalize()
	return inv
}

func postureDecl(t *testing.T) config.DR {
	return config.DR{Tiers: []config.DRTier{
		{Name: "daily", RPO: dur(t, "36h"), RTO: dur(t, "4h"), MinRetention: dur(t, "30d"),
			CrossRegionCopy: &config.CopyObjective{Required: true}, VaultLock: &config.VaultLockObjective{Required: true, Mode: config.VaultLockAny},
			RestoreTestWithin: dur(t, "90d")},
		{Name: "fast", RPO: dur(t, "15m")},
	}}
}

func TestEvaluateRPO(t *testing.T) {
	inv := postureFixture()
	p, diags := Evaluate(postureDecl(t), inv, postureAt)
	type want struct {
		status   string
		achieved *int64
		by       string
	}
	cases := map[string]want{
		// Fri 02:00 → Mon 02:00 = 72h = 4320m, + 60m window = 4380m > 36h (2160m).
		dbWeekday: {ObjectiveFail, ptr(int64(4380)), "backup plan weekday rule weekday"},
		// Daily: 24h = 1440m, + 480m window = 1920m <= 2160m.
		dbDaily: {ObjectivePass, ptr(int64(1920)), "backup plan daily rule daily"},
		// Both plans: min(4380, 1920) = 1920.
		dbBoth: {ObjectivePass, ptr(int64(1920)), "backup plan daily rule daily"},
		// The only rule's schedule is invalid: nothing known protects it.
		dbBroken: {ObjectiveUnknown, nil, ""},
		// Only a selection whose resources are unknown may cover it.
		dbMaybe: {ObjectiveUnknown, nil, ""},
		// Nothing covers it, nothing unknown: fail with achieved null.
		dbNone: {ObjectiveFail, nil, ""},
		// DynamoDB PITR: 5 minutes <= 15m.
		tablePITR: {ObjectivePass, ptr(int64(5)), NativeDynamoDBPITR + " of " + tablePITR},
	}
	got := map[string]want{}
	for _, r := range p.Resources {
		if rpo, ok := r.Objectives[ObjectiveRPO]; ok {
			got[r.Resource] = want{rpo.Status, rpo.AchievedMinutes, rpo.Protection}
		}
	}
	assert.Equal(t, cases, got)

	require.Len(t, diags, 1)
	assert.Equal(t, arnP+"broken", diags[0].Resource)
	assert.Contains(t, diags[0].String(), "backup.tf:10: invalid backup schedule: ")
}

func TestEvaluateWeekdayMissesDailyRPO(t *testing.T) {
	inv := postureFixture()
	decl := config.DR{Tiers: []config.DRTier{{Name: "daily", RPO: dur(t, "24h")}}}
	p, _ := Evaluate(decl, inv, postureAt)
	var rpo ObjectiveResult
	for _, r := range p.Resources {
		if r.Resource == dbWeekday {
			rpo = r.Objectives[ObjectiveRPO]
		}
	}
	assert.Equal(t, ObjectiveFail, rpo.Status)
	assert.Equal(t, int64(1440), *rpo.ObjectiveMinutes)
	assert.Equal(t, int64(4380), *rpo.AchievedMinutes)
	assert.Contains(t, rpo.Evidence, "plus start window 60m")
}

func TestEvaluateOtherObjectives(t *testing.T) {
	inv := postureFixture()
	p, _ := Evaluate(postureDecl(t), inv, postureAt)
	status := func(id, objective string) string {
		for _, r := range p.Resources {
			if r.Resource == id {
				return r.Objectives[objective].Status
			}
		}
		return "missing"
	}
	// weekday: 7d < 30d; no copy; local-copy vault unlocked.
	assert.Equal(t, ObjectiveFail, status(dbWeekday, ObjectiveMinRetention))
	assert.Equal(t, ObjectiveFail, status(dbWeekday, ObjectiveCrossRegionCopy))
	assert.Equal(t, ObjectiveFail, status(dbWeekday, ObjectiveVaultLock))
	// daily: copy kept 90d >= 30d; copy to eu-west-2; main vault locked.
	assert.Equal(t, ObjectivePass, status(dbDaily, ObjectiveMinRetention))
	assert.Equal(t, ObjectivePass, status(dbDaily, ObjectiveCrossRegionCopy))
	assert.Equal(t, ObjectivePass, status(dbDaily, ObjectiveVaultLock))
	// Configuration alone never proves a restore.
	assert.Equal(t, ObjectiveUnknown, status(dbDaily, ObjectiveRTO))
	assert.Equal(t, ObjectiveUnknown, status(dbDaily, ObjectiveRestoreTestWithin))
	// Nothing protects: fails; possibly protected: unknown.
	assert.Equal(t, ObjectiveFail, status(dbNone, ObjectiveVaultLock))
	assert.Equal(t, ObjectiveUnknown, status(dbMaybe, ObjectiveCrossRegionCopy))
	// fast declares only rpo.
	for _, r := range p.Resources {
		if r.Resource == tablePITR {
			assert.Len(t, r.Objectives, 1)
		}
	}
}

func TestEvaluateNoTierAndJSON(t *testing.T) {
	inv := postureFixture()
	p, _ := Evaluate(postureDecl(t), inv, postureAt)
	ids := make([]string, 0, len(p.Resources))
	for _, r := range p.Resources {
		ids = append(ids, r.Resource)
		if r.Resource == dbNoTier {
			assert.Nil(t, r.Tier)
			assert.Empty(t, r.Objectives)
			assert.Equal(t, StatusNoObjective, r.Reason)
		}
	}
	assert.IsNonDecreasing(t, ids)
	out, err := json.Marshal(p)
	require.NoError(t, err)
	var back struct {
		Resources []struct {
			Resource   string
			Tier       *string
			Objectives map[string]map[string]any
		}
	}
	require.NoError(t, json.Unmarshal(out, &back))
	for _, r := range back.Resources {
		if r.Resource == dbNone {
			rpo := r.Objectives["rpo"]
			assert.Contains(t, rpo, "achieved_minutes")
			assert.Nil(t, rpo["achieved_minutes"])
			assert.EqualValues(t, 2160, rpo["objective_minutes"])
			assert.NotContains(t, r.Objectives["min_retention"], "achieved_minutes")
		}
	}
	// Deterministic.
	p2, _ := Evaluate(postureDecl(t), inv, postureAt)
	out2, _ := json.Marshal(p2)
	assert.Equal(t, string(out), string(out2))
}

// oneRule evaluates tier on one RDS instance (without automated backups) covered by one plan with rule.
func oneRule(t *testing.T, tier config.DRTier, rule map[string]any) (map[string]ObjectiveResult, []Diagnostic) {
	t.Helper()
	const db = "arn:aws:rds:eu-west-1:111111111111:db:one"
	inv := inventory.New()
	plan := res(arnP+"one", inventory.TypeBackupPlan, region, nil, map[string]any{"name": "one", "rules": []any{rule}})
	plan.Source = inventory.Location{Kind: inventory.SourceTerraform, File: "plan.tf", StartLine: 3, EndLine: 9}
	inv.Resources = []inventory.Resource{
		res(vaultMain, inventory.TypeBackupVault, region, nil, map[string]any{"name": "main", "lock": lock(true, "compliance", int64(7), nil)}),
		res(vaultLocal, inventory.TypeBackupVault, region, nil, map[string]any{"name": "local-copy", "lock": lock(true, "governance", int64(7), nil)}),
		res(vaultDR, inventory.TypeBackupVault, "eu-west-2", nil, map[string]any{"name": "dr", "lock": lock(false, nil, nil, nil)}),
		plan,
		postureSelection(arnP+"one", db),
		res(db, inventory.TypeRDSInstance, region, tierTag(tier.Name), map[string]any{"identifier": "one",
			"backup_retention_period": int64(0), "replicate_source_db": nil, "cluster_identifier": nil}),
	}
	inv.Normalize()
	p, diags := Evaluate(config.DR{Tiers: []config.DRTier{tier}}, inv, postureAt)
	require.Len(t, p.Resources, 1)
	return p.Resources[0].Objectives, diags
}

func TestEvaluateRules(t *testing.T) {
	copyTo := func(vault string, days any) map[string]any {
		return map[string]any{"destination_vault": vault, "delete_after_days": days, "cold_storage_after_days": nil}
	}
	with := func(rule map[string]any, k string, v any) map[string]any {
		out := map[string]any{}
		for key, val := range rule {
			out[key] = val
		}
		if v == nil {
			delete(out, k)
		} else {
			out[k] = v
		}
		return out
	}
	daily := postureRule("daily", "cron(0 5 ? * * *)", 60, int64(35), vaultMain)
	tests := []struct {
		name      string
		tier      config.DRTier
		rule      map[string]any
		objective string
		status    string
		achieved  string
		minutes   *int64 // rpo only
		diag      string
	}{
		// Mon-Fri 02:00 Europe/Paris over 2026: the largest gap is Fri 23 Oct → Mon 26 Oct, which holds the
		// 25-hour Sunday of the return to CET: 73h = 4380m, + 60m window = 4440m.
		{name: "weekday in Paris over the fall-back weekend", tier: config.DRTier{Name: "t", RPO: dur(t, "24h")},
			rule:      with(postureRule("w", "cron(0 2 ? * MON-FRI *)", 60, int64(7), vaultMain), "schedule_timezone", "Europe/Paris"),
			objective: ObjectiveRPO, status: ObjectiveFail, achieved: "74h", minutes: ptr(int64(4440))},
		// Daily 05:00 with AWS's live default 480-minute window: 1440 + 480 = 1920 <= 36h = 2160.
		{name: "daily with an 8-hour window", tier: config.DRTier{Name: "t", RPO: dur(t, "36h")},
			rule: postureRule("d", "cron(0 5 ? * * *)", 480, int64(7), vaultMain), objective: ObjectiveRPO,
			status: ObjectivePass, achieved: "32h", minutes: ptr(int64(1920))},
		// Continuous backup of an RDS instance: point in time, 5 minutes.
		{name: "continuous backup of RDS", tier: config.DRTier{Name: "t", RPO: dur(t, "15m")},
			rule: with(daily, "continuous_backup", true), objective: ObjectiveRPO, status: ObjectivePass,
			achieved: "5m", minutes: ptr(int64(5))},
		// The year field ended in 2020: no start in 2026; nothing known protects, but the rule is not invalid.
		{name: "a schedule that has stopped", tier: config.DRTier{Name: "t", RPO: dur(t, "24h")},
			rule: postureRule("old", "cron(0 2 * * ? 2020)", 60, int64(7), vaultMain), objective: ObjectiveRPO,
			status: ObjectiveUnknown, achieved: "unknown"},
		{name: "a time zone that does not exist", tier: config.DRTier{Name: "t", RPO: dur(t, "24h")},
			rule: with(daily, "schedule_timezone", "Mars/Olympus"), objective: ObjectiveRPO, status: ObjectiveUnknown,
			achieved: "unknown", diag: `plan.tf:3: invalid backup schedule: backup plan ` + arnP + `one rule "daily": schedule timezone "Mars/Olympus"`},
		{name: "a start window that is unknown", tier: config.DRTier{Name: "t", RPO: dur(t, "24h")},
			rule: with(daily, "start_window_minutes", nil), objective: ObjectiveRPO, status: ObjectiveUnknown, achieved: "unknown"},
		// No delete_after: kept until deleted.
		{name: "retention forever", tier: config.DRTier{Name: "t", MinRetention: dur(t, "3650d")},
			rule: with(daily, "delete_after_days", "null"), objective: ObjectiveMinRetention, status: ObjectivePass, achieved: "forever"},
		// The rule keeps 35 days, its copy 90: the longest counts.
		{name: "retention of a copy", tier: config.DRTier{Name: "t", MinRetention: dur(t, "90d")},
			rule:      postureRule("c", "cron(0 5 ? * * *)", 60, int64(35), vaultMain, copyTo(vaultDR, int64(90))),
			objective: ObjectiveMinRetention, status: ObjectivePass, achieved: "90d"},
		{name: "copy to a region not listed", tier: config.DRTier{Name: "t", CrossRegionCopy: &config.CopyObjective{Required: true, Values: []string{"us-east-1"}}},
			rule:      postureRule("c", "cron(0 5 ? * * *)", 60, int64(35), vaultMain, copyTo(vaultDR, int64(90))),
			objective: ObjectiveCrossRegionCopy, status: ObjectiveFail, achieved: "none"},
		{name: "copy to a listed region", tier: config.DRTier{Name: "t", CrossRegionCopy: &config.CopyObjective{Required: true, Values: []string{"eu-west-2"}}},
			rule:      postureRule("c", "cron(0 5 ? * * *)", 60, int64(35), vaultMain, copyTo(vaultDR, int64(90))),
			objective: ObjectiveCrossRegionCopy, status: ObjectivePass, achieved: "eu-west-2"},
		// A copy in the same region is not cross-region.
		{name: "copy in the same region", tier: config.DRTier{Name: "t", CrossRegionCopy: &config.CopyObjective{Required: true}},
			rule:      postureRule("c", "cron(0 5 ? * * *)", 60, int64(35), vaultMain, copyTo(vaultLocal, nil)),
			objective: ObjectiveCrossRegionCopy, status: ObjectiveFail, achieved: "none"},
		// The bunker vault's ARN names account 222222222222; the plan is in 111111111111.
		{name: "copy to another account", tier: config.DRTier{Name: "t", CrossAccountCopy: &config.CopyObjective{Required: true}},
			rule:      postureRule("c", "cron(0 5 ? * * *)", 60, int64(35), vaultMain, copyTo(vaultBunker, nil)),
			objective: ObjectiveCrossAccountCopy, status: ObjectivePass, achieved: "222222222222"},
		{name: "no copy needed", tier: config.DRTier{Name: "t", CrossAccountCopy: &config.CopyObjective{Required: false}},
			rule: daily, objective: ObjectiveCrossAccountCopy, status: ObjectivePass, achieved: "not required"},
		{name: "governance lock when compliance is required", tier: config.DRTier{Name: "t", VaultLock: &config.VaultLockObjective{Required: true, Mode: config.VaultLockCompliance}},
			rule: postureRule("g", "cron(0 5 ? * * *)", 60, int64(35), vaultLocal), objective: ObjectiveVaultLock,
			status: ObjectiveFail, achieved: "none"},
		{name: "governance lock when any lock will do", tier: config.DRTier{Name: "t", VaultLock: &config.VaultLockObjective{Required: true, Mode: config.VaultLockAny}},
			rule: postureRule("g", "cron(0 5 ? * * *)", 60, int64(35), vaultLocal), objective: ObjectiveVaultLock,
			status: ObjectivePass, achieved: "governance"},
		// The copy's vault is not in the inventory: its lock is unknown, and the target is unlocked.
		{name: "lock of a vault not in the inventory", tier: config.DRTier{Name: "t", VaultLock: &config.VaultLockObjective{Required: true, Mode: config.VaultLockAny}},
			rule: postureRule("g", "cron(0 5 ? * * *)", 60, int64(35), vaultDR, copyTo(vaultBunker, nil)), objective: ObjectiveVaultLock,
			status: ObjectiveUnknown, achieved: "unknown"},
		{name: "rto without restore evidence", tier: config.DRTier{Name: "t", RTO: dur(t, "1h")},
			rule: daily, objective: ObjectiveRTO, status: ObjectiveUnknown, achieved: "unknown"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rule := tt.rule
			if rule["delete_after_days"] == "null" {
				rule = with(rule, "delete_after_days", nil)
			}
			objectives, diags := oneRule(t, tt.tier, rule)
			require.Len(t, objectives, 1)
			got, ok := objectives[tt.objective]
			require.True(t, ok)
			assert.Equal(t, tt.status, got.Status, "%+v", got)
			assert.Equal(t, tt.achieved, got.Achieved, "%+v", got)
			if tt.objective == ObjectiveRPO {
				assert.Equal(t, tt.minutes, got.AchievedMinutes)
			}
			if tt.status != ObjectivePass {
				assert.NotEmpty(t, got.Reason)
			}
			if tt.diag == "" {
				assert.Empty(t, diags)
			} else {
				require.Len(t, diags, 1)
				assert.Contains(t, diags[0].String(), tt.diag)
			}
		})
	}
}
