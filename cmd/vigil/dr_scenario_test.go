package main

import (
	"encoding/json"
	"sort"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/dr/schedule"
)

// The hand-computed scenario of issue 9's "Done when": testdata/dr_scenario (main.tf + vigil.hcl), judged from
// --at 2026-03-01T00:00:00Z, so the year walked is [Sun 1 Mar 2026 00:00 UTC, Mon 1 Mar 2027 00:00 UTC) (2026
// is not a leap year: 365 days), plus the interval running into it and the one running out of it.
//
// Every number below was worked out by hand, from a calendar, before running the tool; none is read back from
// its output.
//
// ---- Calendar (weekday of the 1st; each month shifts it by its length mod 7: 31→+3, 30→+2, 28→+0) ---------
//
//	2026: Jan Thu, Feb Sun, Mar Sun, Apr Wed, May Fri, Jun Mon, Jul Wed, Aug Sat, Sep Tue, Oct Thu, Nov Sun,
//	      Dec Tue; 2027: Jan Fri, Feb Mon, Mar Mon.
//
// ---- Schedules: largest gap between consecutive starts, in the rule's zone, then + start window --------------
//
//   - weekday  cron(0 2 ? * MON-FRI *) UTC, window unset → 60 (the provider's default).
//     Weekdays at 02:00: the only gaps longer than 24 h are Fri 02:00 → Mon 02:00 = 72 h. No clock change in
//     UTC. The first one met is the interval running in: Fri 27 Feb → Mon 2 Mar 2026 (1 Mar is a Sunday).
//     72 h = 4320 min + 60 = 4380 min.
//   - month-end  cron(0 3 L * ? *) UTC, window 120.
//     Last day of consecutive months: the gap is the length of the later month, at most 31 days. The
//     interval running in is Sat 28 Feb → Tue 31 Mar 2026 = 31 days (the first 31-day one met).
//     31 × 1440 = 44640 + 120 = 44760 min.
//   - mid-month w15  cron(0 4 15W * ? *) Europe/Berlin, window unset → 60.
//     The 15th, moved to the nearest weekday when it falls on a weekend (Sat → Fri 14th, Sun → Mon 16th):
//     15 Feb 2026 Sun → 16; 15 Mar Sun → 16; Apr 15 Wed; May 15 Fri; Jun 15 Mon; Jul 15 Wed; 15 Aug Sat → 14;
//     Sep 15 Tue; Oct 15 Thu; 15 Nov Sun → 16; Dec 15 Tue; Jan 15 2027 Fri; Feb 15 Mon; Mar 15 Mon.
//     Calendar gaps (days): 16 Feb→16 Mar 28, →15 Apr 30, →15 May 30, →15 Jun 31, →15 Jul 30, →14 Aug 30,
//     14 Aug→15 Sep 32 (17 days left in August + 15), →15 Oct 30, 15 Oct→16 Nov 32, →15 Dec 29, →15 Jan 31,
//     →15 Feb 31, →15 Mar 28. In UTC the two 32-day gaps would tie (768 h, the first, in August, reported);
//     in Berlin 15 Oct → 16 Nov spans the fall-back night (Sun 25 Oct, 03:00 CEST → 02:00 CET): 768 + 1 =
//     769 h, while 14 Aug → 15 Sep (all CEST) stays 768 h. (16 Mar → 15 Apr spans the spring change: 30 days
//     - 1 h.) Largest 769 h, Thu 15 Oct → Mon 16 Nov 2026: 46140 + 60 = 46200 min.
//   - mid-month third-friday  cron(0 5 ? * 6#3 *) America/New_York (6 = Friday: 1 = Sunday), window 480.
//     First Friday + 14: Feb 20, Mar 20, Apr 17, May 15, Jun 19, Jul 17, Aug 21, Sep 18, Oct 16, Nov 20,
//     Dec 18, Jan 15 2027, Feb 19, Mar 19. Calendar gaps are 28 or 35 days; New York's changes (Sun 8 Mar,
//     Sun 1 Nov 2026) fall in 20 Feb → 20 Mar (28 d - 1 h) and 16 Oct → 20 Nov (35 d + 1 h = 841 h).
//     841 h = 50460 + 480 = 50940 min: worse than w15 (46200), so w15 gives the plan's RPO.
//   - berlin  cron(0 0/4 * * ? *) Europe/Berlin, window 90.
//     00, 04, 08, 12, 16, 20 local. Spring forward Sun 29 Mar 2026 02:00 CET → 03:00 CEST: no start in the
//     missing hour, 00:00 CET (23:00Z) → 04:00 CEST (02:00Z) = 3 h. Fall back Sun 25 Oct 2026 03:00 CEST →
//     02:00 CET: 00:00 CEST (22:00Z on the 24th) → 04:00 CET (03:00Z) = 5 h. The next spring change (28 Mar
//     2027) is after the year. Largest 5 h = 300 + 90 = 390 min.
//   - new-york  cron(30 1 * * ? *) America/New_York, window 60.
//     Spring forward Sun 8 Mar 2026 at 02:00: 01:30 still EST, 23 h gap on the next night. Fall back Sun 1 Nov
//     2026 at 02:00 EDT → 01:00 EST: 01:30 happens twice and runs once, at the first (05:30Z); the next start,
//     Mon 2 Nov 01:30 EST (06:30Z), is 25 h later. (Had it run at the second, Sat 31 Oct 01:30 EDT → Sun 01:30
//     EST would be the 25 h instead: the worst case is 25 h either way.) 25 h = 1500 + 60 = 1560 min.
//
// ---- Native protections (docs/dr.md, "Native protections") ---------------------------------------------------
//
//	RDS backup_retention_period > 0 and DynamoDB PITR: 5 min, point in time. EFS backup policy ENABLED: daily,
//	1440 min, kept 35 days. Native protections keep nothing in a vault and copy nowhere.
//
// ---- Vaults --------------------------------------------------------------------------------------------------
//
//	locked (eu-west-1): lock with changeable_for_days → compliance. gov (eu-west-1): lock without it →
//	governance. open, local-copy (eu-west-1): no lock. dr (eu-west-2, aliased provider): no lock.
//	Copies: weekday → local-copy is in the same region (not cross-region); month-end, berlin, new-york → dr
//	(eu-west-2) are cross-region. No copy leaves the account.
//
// ---- Tiers (vigil.hcl) ---------------------------------------------------------------------------------------
//
//	gold:   rpo 1h (60), rto 4h, min_retention 35d, cross_region_copy true, vault_lock compliance.
//	silver: rpo 26h (1560), min_retention 30d, cross_region_copy true, vault_lock true.
//	bronze: rpo 32d (46080), min_retention 90d, cross_account_copy false, vault_lock compliance.
//	rto is unknown everywhere: configuration holds no restore evidence.

// scenarioObjective is what the test expects of one objective of one resource.
type scenarioObjective struct {
	status, objective, achieved, protection string
	// evidence is a part the evidence must contain (the hand-computed gap bounds); "" checks nothing.
	evidence string
}

type scenarioResource struct {
	typ, tier, system string // "" = null
	rpoObjective      int64
	rpoAchieved       *int64 // nil = null: nothing protects the resource
	objectives        map[string]scenarioObjective
}

func minutes(n int64) *int64 { return &n }

const scenarioAt = "2026-03-01T00:00:00Z"

// Protections, named as the tool names them.
const (
	berlinRule   = "backup plan berlin rule four-hourly"
	berlinCopy   = "backup plan berlin rule four-hourly copy to dr (eu-west-2)"
	weekdayRule  = "backup plan weekday rule weekdays"
	localCopy    = "backup plan weekday rule weekdays copy 1 to local-copy (eu-west-1)"
	monthEndRule = "backup plan month-end rule last-day"
	monthEndCopy = "backup plan month-end rule last-day copy to dr (eu-west-2)"
	nyRule       = "backup plan new-york rule nightly"
	nyCopy       = "backup plan new-york rule nightly copy to dr (eu-west-2)"
	w15Rule      = "backup plan mid-month rule w15"
	thirdFriday  = "backup plan mid-month rule third-friday"
)

var (
	rtoUnknown       = scenarioObjective{"unknown", "4h", "unknown", "", ""}
	noAccountCopy    = scenarioObjective{"pass", "false", "not required", "", ""}
	nothingRetained  = scenarioObjective{"fail", "90d", "none", "", ""}
	noComplianceLock = scenarioObjective{"fail", "compliance", "none", "", ""}
	// Weekday 02:00 UTC: 72 h from the interval running into 1 Mar 2026.
	weekdayGap = "largest gap 72h between Fri 2026-02-27 02:00 and Mon 2026-03-02 02:00 Etc/UTC, plus start window 60m"
)

// scenarioExpected: every protectable resource of the scenario, worked out by hand.
var scenarioExpected = map[string]scenarioResource{
	// ---- system ledger (by tag app = ledger), gold. Every one is selected by the berlin plan's condition
	// string_equals aws:ResourceTag/app = ledger (resources "*"): 390 min, 35 d, copy to eu-west-2, vault
	// locked (compliance).
	// RDS retention 7 > 0: 5 min beats 390. Retention: max(rule 35, copy 35, RDS 7) = 35 ≥ 35.
	"aws_db_instance.ledger": {"aws.rds.instance", "gold", "ledger", 60, minutes(5), map[string]scenarioObjective{
		"rpo":               {"pass", "1h", "5m", "rds_automated_backups of aws_db_instance.ledger", ""},
		"rto":               rtoUnknown,
		"min_retention":     {"pass", "35d", "35d", berlinRule, ""},
		"cross_region_copy": {"pass", "true", "eu-west-2", berlinCopy, ""},
		"vault_lock":        {"pass", "compliance", "compliance", berlinRule, ""},
	}},
	// PITR: 5 min. Its own retention is unknown, but the known 35 d already meets 35 d.
	"aws_dynamodb_table.ledger_events": {"aws.dynamodb.table", "gold", "ledger", 60, minutes(5), map[string]scenarioObjective{
		"rpo":               {"pass", "1h", "5m", "dynamodb_pitr of aws_dynamodb_table.ledger_events", ""},
		"rto":               rtoUnknown,
		"min_retention":     {"pass", "35d", "35d", berlinRule, ""},
		"cross_region_copy": {"pass", "true", "eu-west-2", berlinCopy, ""},
		"vault_lock":        {"pass", "compliance", "compliance", berlinRule, ""},
	}},
	// No PITR: the Berlin schedule alone, 5 h on the fall-back night + 90 = 390 > 60.
	"aws_dynamodb_table.ledger_audit": {"aws.dynamodb.table", "gold", "ledger", 60, minutes(390), map[string]scenarioObjective{
		"rpo": {"fail", "1h", "390m", berlinRule,
			"largest gap 5h between Sun 2026-10-25 00:00 and Sun 2026-10-25 04:00 Europe/Berlin, plus start window 90m"},
		"rto":               rtoUnknown,
		"min_retention":     {"pass", "35d", "35d", berlinRule, ""},
		"cross_region_copy": {"pass", "true", "eu-west-2", berlinCopy, ""},
		"vault_lock":        {"pass", "compliance", "compliance", berlinRule, ""},
	}},

	// ---- system orders (by id wildcards), silver.
	// Selected by selection_tag app = orders (weekday plan) only: RDS retention 0 gives nothing. 4380 > 1560.
	// Retention: max(14, copy 400) = 400. The only copy is to local-copy, same region: no cross-region copy.
	// Vaults open and local-copy are unlocked.
	"aws_db_instance.orders": {"aws.rds.instance", "silver", "orders", 1560, minutes(4380), map[string]scenarioObjective{
		"rpo":               {"fail", "26h", "73h", weekdayRule, weekdayGap},
		"min_retention":     {"pass", "30d", "400d", localCopy, ""},
		"cross_region_copy": {"fail", "true", "none", "", ""},
		"vault_lock":        {"fail", "true", "none", "", ""},
	}},
	// Also selected by the month-end plan's conditions (team data-orders is like "data-*", env prod is not
	// "dev"): RPO min(4380, 44760) = 4380; retention max(14, 400, 365, 365) = 400; the month-end copy goes to
	// eu-west-2; its vault "locked" is in compliance mode, which `true` accepts.
	"aws_dynamodb_table.orders_items": {"aws.dynamodb.table", "silver", "orders", 1560, minutes(4380), map[string]scenarioObjective{
		"rpo":               {"fail", "26h", "73h", weekdayRule, weekdayGap},
		"min_retention":     {"pass", "30d", "400d", localCopy, ""},
		"cross_region_copy": {"pass", "true", "eu-west-2", monthEndCopy, ""},
		"vault_lock":        {"pass", "true", "compliance", monthEndRule, ""},
	}},

	// ---- system storefront (by tag app = storefront), silver; selection_tag app = storefront (new-york).
	// RDS retention 0: the New York schedule, 25 h + 60 = 1560 ≤ 1560 (exactly the objective: pass; without
	// the fall-back night it would be 1500). Retention 30 = 30. Copy to eu-west-2. Vaults open and dr unlocked.
	"aws_db_instance.storefront": {"aws.rds.instance", "silver", "storefront", 1560, minutes(1560), map[string]scenarioObjective{
		"rpo": {"pass", "26h", "26h", nyRule,
			"largest gap 25h between Sun 2026-11-01 01:30 and Mon 2026-11-02 01:30 America/New_York, plus start window 60m"},
		"min_retention":     {"pass", "30d", "30d", nyRule, ""},
		"cross_region_copy": {"pass", "true", "eu-west-2", nyCopy, ""},
		"vault_lock":        {"fail", "true", "none", "", ""},
	}},
	// PITR: 5 min.
	"aws_dynamodb_table.storefront_carts": {"aws.dynamodb.table", "silver", "storefront", 1560, minutes(5), map[string]scenarioObjective{
		"rpo":               {"pass", "26h", "5m", "dynamodb_pitr of aws_dynamodb_table.storefront_carts", ""},
		"min_retention":     {"pass", "30d", "30d", nyRule, ""},
		"cross_region_copy": {"pass", "true", "eu-west-2", nyCopy, ""},
		"vault_lock":        {"fail", "true", "none", "", ""},
	}},

	// ---- bronze by the dr-tier tag alone (no system).
	// team data-lake is like "data-*", env prod is not "dev", not in not_resources: month-end plan.
	// 44760 ≤ 46080; retention 365 ≥ 90; vault locked is compliance.
	"aws_s3_bucket.data_lake": {"aws.s3.bucket", "bronze", "", 46080, minutes(44760), map[string]scenarioObjective{
		"rpo": {"pass", "32d", "746h", monthEndRule,
			"largest gap 744h between Sat 2026-02-28 03:00 and Tue 2026-03-31 03:00 Etc/UTC, plus start window 120m"},
		"min_retention":      {"pass", "90d", "365d", monthEndRule, ""},
		"cross_account_copy": noAccountCopy,
		"vault_lock":         {"pass", "compliance", "compliance", monthEndRule, ""},
	}},
	// Matches the conditions but arn:aws:s3:::acme-data-tmp is in not_resources: nothing protects it.
	"aws_s3_bucket.data_tmp": {"aws.s3.bucket", "bronze", "", 46080, nil, map[string]scenarioObjective{
		"rpo":                {"fail", "32d", "none", "", ""},
		"min_retention":      nothingRetained,
		"cross_account_copy": noAccountCopy,
		"vault_lock":         noComplianceLock,
	}},
	// env = dev fails string_not_equals: nothing protects it.
	"aws_s3_bucket.data_dev": {"aws.s3.bucket", "bronze", "", 46080, nil, map[string]scenarioObjective{
		"rpo":                {"fail", "32d", "none", "", ""},
		"min_retention":      nothingRetained,
		"cross_account_copy": noAccountCopy,
		"vault_lock":         noComplianceLock,
	}},

	// ---- system archive (by type aws.efs.file_system), bronze.
	// Selected by reference (mid-month plan): best of w15 46200 and third-friday 50940 = 46200 > 46080, two
	// hours over 32 days (the fall-back hour and the start window). Retention max(120, 200) = 200. Vault gov
	// is governance only.
	"aws_efs_file_system.archive": {"aws.efs.file_system", "bronze", "archive", 46080, minutes(46200), map[string]scenarioObjective{
		"rpo": {"fail", "32d", "770h", w15Rule,
			"largest gap 769h between Thu 2026-10-15 04:00 and Mon 2026-11-16 04:00 Europe/Berlin, plus start window 60m"},
		"min_retention":      {"pass", "90d", "200d", thirdFriday, ""},
		"cross_account_copy": noAccountCopy,
		"vault_lock":         noComplianceLock,
	}},
	// No plan; EFS automatic backups: 1440 ≤ 46080, 35 d < 90 d, no vault.
	"aws_efs_file_system.shared": {"aws.efs.file_system", "bronze", "archive", 46080, minutes(1440), map[string]scenarioObjective{
		"rpo":                {"pass", "32d", "1d", "efs_automatic_backups of aws_efs_file_system.shared", ""},
		"min_retention":      {"fail", "90d", "35d", "efs_automatic_backups of aws_efs_file_system.shared", ""},
		"cross_account_copy": noAccountCopy,
		"vault_lock":         noComplianceLock,
	}},

	// ---- no tag, no system: listed, no objective.
	"aws_dynamodb_table.scratch": {"aws.dynamodb.table", "", "", 0, nil, nil},
}

// TestDRScenarioHandComputed runs vigil dr on the scenario and checks every resource's tier, system, RPO in
// minutes and every objective's status, value and protection against the hand computation above.
func TestDRScenarioHandComputed(t *testing.T) {
	code, stdout, stderr := runVigil(t, "dr", "testdata/dr_scenario", "--format", "json", "--fail-on", "none", "--at", scenarioAt)
	require.Equal(t, exitOK, code, stderr)
	require.Empty(t, stderr)

	var got struct {
		At        string
		Resources []struct {
			Resource   string
			Type       string
			Tier       *string
			System     *string
			Assignment string
			Objectives map[string]struct {
				Status           string
				Objective        string
				Achieved         string
				Protection       string
				Evidence         string
				Reason           string
				ObjectiveMinutes *int64 `json:"objective_minutes"`
				AchievedMinutes  *int64 `json:"achieved_minutes"`
			}
		}
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &got))
	assert.Equal(t, scenarioAt, got.At)

	var ids []string
	for _, r := range got.Resources {
		ids = append(ids, r.Resource)
	}
	var wantIDs []string
	for id := range scenarioExpected {
		wantIDs = append(wantIDs, id)
	}
	sort.Strings(wantIDs)
	require.Equal(t, wantIDs, ids, "every protectable resource, sorted by id")

	str := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	for _, r := range got.Resources {
		want := scenarioExpected[r.Resource]
		t.Run(r.Resource, func(t *testing.T) {
			assert.Equal(t, want.typ, r.Type)
			assert.Equal(t, want.tier, str(r.Tier), "tier")
			assert.Equal(t, want.system, str(r.System), "system")
			if want.tier == "" {
				assert.Nil(t, r.Tier)
				assert.Equal(t, "no objective declared", r.Assignment)
				assert.Empty(t, r.Objectives)
				return
			}
			assert.Equal(t, "assigned", r.Assignment)
			if want.system == "" {
				assert.Nil(t, r.System, "a tier by tag alone has no system")
			}
			var names, wantNames []string
			for name := range r.Objectives {
				names = append(names, name)
			}
			for name := range want.objectives {
				wantNames = append(wantNames, name)
			}
			assert.ElementsMatch(t, wantNames, names, "the objectives the tier declares")
			for name, w := range want.objectives {
				o, ok := r.Objectives[name]
				if !assert.True(t, ok, name) {
					continue
				}
				assert.Equal(t, w.status, o.Status, "%s status (%s)", name, o.Reason)
				assert.Equal(t, w.objective, o.Objective, "%s objective", name)
				assert.Equal(t, w.achieved, o.Achieved, "%s achieved", name)
				assert.Equal(t, w.protection, o.Protection, "%s protection", name)
				assert.Contains(t, o.Evidence, w.evidence, "%s evidence", name)
				if w.status != "pass" {
					assert.NotEmpty(t, o.Reason, "%s: a fail or unknown says why", name)
				}
			}
			rpo := r.Objectives["rpo"]
			require.NotNil(t, rpo.ObjectiveMinutes)
			assert.Equal(t, want.rpoObjective, *rpo.ObjectiveMinutes, "rpo objective_minutes")
			if want.rpoAchieved == nil {
				assert.Nil(t, rpo.AchievedMinutes, "nothing protects: achieved_minutes is null")
			} else if assert.NotNil(t, rpo.AchievedMinutes) {
				assert.Equal(t, *want.rpoAchieved, *rpo.AchievedMinutes, "rpo achieved_minutes")
			}
			for name, o := range r.Objectives {
				if name != "rpo" {
					assert.Nil(t, o.ObjectiveMinutes, name)
					assert.Nil(t, o.AchievedMinutes, name)
				}
			}
		})
	}
}

// TestDRScenarioExitCode: the scenario fails objectives (hand count: 17 fail), so the default gate exits 1,
// and the summary counts match the table above: 51 objectives = 3 gold × 5 + 4 silver × 4 + 5 bronze × 4;
// unknown: the 3 gold rto; fail: ledger_audit rpo; orders rpo, cross_region, vault_lock; orders_items rpo;
// storefront and storefront_carts vault_lock; data_tmp and data_dev rpo, min_retention, vault_lock; archive
// rpo, vault_lock; shared min_retention, vault_lock = 1+3+1+2+6+2+2 = 17; pass: 51-17-3 = 31.
func TestDRScenarioExitCode(t *testing.T) {
	code, stdout, stderr := runVigil(t, "dr", "testdata/dr_scenario", "--at", scenarioAt)
	assert.Equal(t, exitGateFail, code, stderr)
	assert.Contains(t, stdout, "DR posture: 13 resources; objectives: 31 pass, 17 fail, 3 unknown")
}

// TestDRScenarioLosingRules cross-checks, with dr/schedule, the gaps of the scenario that the JSON does not
// show because a better protection wins: third-friday in New York (841 h from Fri 16 Oct 2026, hand-computed
// above), w15 in UTC (the 768 h tie, first met in August, that Berlin's fall-back hour breaks) and the Berlin
// spring change (3 h), so that w15 and the fall-back night are the right winners.
func TestDRScenarioLosingRules(t *testing.T) {
	at, err := time.Parse(time.RFC3339, scenarioAt)
	require.NoError(t, err)
	year := 365 * 24 * time.Hour

	g, err := schedule.WorstGap("cron(0 5 ? * 6#3 *)", "America/New_York", at, year)
	require.NoError(t, err)
	assert.Equal(t, (35*24+1)*time.Hour, g.Largest)
	assert.Equal(t, "2026-10-16T09:00:00Z", g.After.UTC().Format(time.RFC3339), "05:00 EDT")
	assert.Equal(t, "2026-11-20T10:00:00Z", g.Before.UTC().Format(time.RFC3339), "05:00 EST")

	g, err = schedule.WorstGap("cron(0 4 15W * ? *)", "", at, year)
	require.NoError(t, err)
	assert.Equal(t, 32*24*time.Hour, g.Largest)
	assert.Equal(t, "2026-08-14T04:00:00Z", g.After.UTC().Format(time.RFC3339))

	// The spring night shortens a gap, it does not lengthen one: from Sat 28 Mar to Mon 30 Mar 2026 the
	// largest gap stays the ordinary 4 h and the smallest is 3 h, 00:00 CET (23:00Z) → 04:00 CEST (02:00Z).
	spring := time.Date(2026, 3, 28, 0, 0, 0, 0, time.UTC)
	g, err = schedule.WorstGap("cron(0 0/4 * * ? *)", "Europe/Berlin", spring, 48*time.Hour)
	require.NoError(t, err)
	assert.Equal(t, 4*time.Hour, g.Largest)
	assert.Equal(t, 3*time.Hour, g.Smallest)
}

// TestDRScenarioAtAStart: --at Sun 25 Oct 2026 03:00Z is 04:00 CET, a start of the Berlin rule and the end of
// its 5 h fall-back gap (00:00 CEST → 04:00 CET). That gap lies before the year judged, whose own fall back
// (Sun 31 Oct 2027) is after its end (25 Oct 2027 03:00Z); its spring change (28 Mar 2027) only shortens a
// gap to 3 h. So ledger_audit's worst case is the ordinary 4 h + the 90-minute window = 330 min (regression:
// the interval ending at --at was counted, giving 390).
func TestDRScenarioAtAStart(t *testing.T) {
	code, stdout, stderr := runVigil(t, "dr", "testdata/dr_scenario", "--format", "json", "--fail-on", "none",
		"--at", "2026-10-25T03:00:00Z")
	require.Equal(t, exitOK, code, stderr)
	var got struct {
		Resources []struct {
			Resource   string
			Objectives map[string]struct {
				Status          string
				Evidence        string
				AchievedMinutes *int64 `json:"achieved_minutes"`
			}
		}
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &got))
	for _, r := range got.Resources {
		if r.Resource != "aws_dynamodb_table.ledger_audit" {
			continue
		}
		rpo := r.Objectives["rpo"]
		require.NotNil(t, rpo.AchievedMinutes)
		assert.Equal(t, int64(330), *rpo.AchievedMinutes)
		assert.Equal(t, "fail", rpo.Status, "330 > 60")
		assert.Contains(t, rpo.Evidence, "largest gap 4h between Sun 2026-10-25 04:00 and Sun 2026-10-25 08:00 Europe/Berlin")
		return
	}
	t.Fatal("aws_dynamodb_table.ledger_audit not in the output")
}
