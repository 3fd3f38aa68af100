package dr

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/inventory"
)

const (
	acct   = "111111111111"
	region = "eu-west-1"
	arnP   = "arn:aws:backup:eu-west-1:111111111111:backup-plan:"
	arnV   = "arn:aws:backup:eu-west-1:111111111111:backup-vault:"

	vaultMain   = arnV + "main"                                               // compliance lock 35..365
	vaultDR     = "arn:aws:backup:eu-west-2:111111111111:backup-vault:dr"     // other region, unlocked
	vaultLocal  = arnV + "local-copy"                                         // same region, governance lock
	vaultBunker = "arn:aws:backup:eu-west-1:222222222222:backup-vault:bunker" // other account, not in the inventory

	planDaily   = arnP + "daily"
	planPITR    = arnP + "pitr"
	planUnknown = arnP + "unknown-rules"
	planGhost   = arnP + "ghost" // named by a selection, not in the inventory

	tableOrders  = "arn:aws:dynamodb:eu-west-1:111111111111:table/orders"
	tableScratch = "arn:aws:dynamodb:eu-west-1:111111111111:table/scratch"
	tableMystery = "arn:aws:dynamodb:eu-west-1:111111111111:table/mystery"
	dbLedger     = "arn:aws:rds:eu-west-1:111111111111:db:ledger"
	dbTest       = "arn:aws:rds:eu-west-1:111111111111:db:ledger-test"
	dbFar        = "arn:aws:rds:eu-west-2:111111111111:db:far"
	clusterAur   = "arn:aws:rds:eu-west-1:111111111111:cluster:ledger-aurora"
	dbMember     = "arn:aws:rds:eu-west-1:111111111111:db:ledger-aurora-1"
	bucketLogs   = "arn:aws:s3:::logs-2026"
	bucketRep    = "arn:aws:s3:::logs-replica"
	fsShared     = "arn:aws:elasticfilesystem:eu-west-1:111111111111:file-system/fs-0123"
)

func res(id, typ, reg string, tags map[string]string, attrs map[string]any, unknown ...string) inventory.Resource {
	if tags == nil {
		tags = map[string]string{}
	}
	return inventory.Resource{ID: id, Type: typ, Name: id, Account: acct, Region: reg, Tags: tags, Attributes: attrs,
		Unknown: append([]string{}, unknown...)}
}

func lock(enabled bool, mode any, minDays, maxDays any) map[string]any {
	return map[string]any{"enabled": enabled, "mode": mode, "min_retention_days": minDays, "max_retention_days": maxDays}
}

func noConditions() map[string]any {
	return map[string]any{"string_equals": []any{}, "string_not_equals": []any{}, "string_like": []any{}, "string_not_like": []any{}}
}

func cond(key, value string) map[string]any { return map[string]any{"key": key, "value": value} }

// fixture is a live-style inventory (ARNs) of one account exercising every way a selection selects.
func fixture() *inventory.Inventory {
	inv := inventory.New()
	vault := func(id, reg, name string, l map[string]any) inventory.Resource {
		v := res(id, inventory.TypeBackupVault, reg, nil, map[string]any{"name": name, "lock": l})
		return v
	}
	dailyRule := map[string]any{
		"name": "daily", "target_vault": vaultMain, "schedule": "cron(0 2 ? * MON-FRI *)",
		"schedule_timezone": "Europe/Paris", "start_window_minutes": int64(60), "completion_window_minutes": int64(180),
		"continuous_backup": false, "delete_after_days": int64(35), "cold_storage_after_days": nil,
		"copy_actions": []any{
			map[string]any{"destination_vault": vaultDR, "delete_after_days": int64(90), "cold_storage_after_days": nil},
			map[string]any{"destination_vault": vaultLocal, "delete_after_days": nil, "cold_storage_after_days": nil},
			map[string]any{"destination_vault": vaultBunker, "delete_after_days": float64(365), "cold_storage_after_days": nil},
		},
	}
	pitrRule := map[string]any{
		"name": "pitr", "target_vault": "main", // a name: the vault of that name in the plan's region and account
		"schedule": "cron(0 * ? * * *)", "schedule_timezone": "Etc/UTC", "start_window_minutes": int64(60),
		"completion_window_minutes": int64(120), "continuous_backup": true, "delete_after_days": int64(7),
		"copy_actions": []any{},
	}
	selection := func(name, plan string, attrs map[string]any, unknown ...string) inventory.Resource {
		base := map[string]any{"name": name, "plan_id": plan, "iam_role_arn": "arn:aws:iam::111111111111:role/backup",
			"resources": []any{}, "not_resources": []any{}, "selection_tags": []any{}, "conditions": noConditions()}
		for k, v := range attrs {
			base[k] = v
		}
		for _, u := range unknown {
			delete(base, u)
		}
		return res(plan+"/selection/"+name, inventory.TypeBackupSelection, region, nil, base, unknown...)
	}
	inv.Resources = []inventory.Resource{
		vault(vaultMain, region, "main", lock(true, "compliance", int64(35), int64(365))),
		vault(vaultDR, "eu-west-2", "dr", lock(false, nil, nil, nil)),
		vault(vaultLocal, region, "local-copy", lock(true, "governance", int64(7), nil)),
		res(planDaily, inventory.TypeBackupPlan, region, nil, map[string]any{"name": "daily", "rules": []any{dailyRule}}),
		res(planPITR, inventory.TypeBackupPlan, region, nil, map[string]any{"name": "pitr", "rules": []any{pitrRule}}),
		res(planUnknown, inventory.TypeBackupPlan, region, nil, map[string]any{"name": "unknown-rules"}, "rules"),
		// By tag, minus one table.
		selection("tagged", planDaily, map[string]any{
			"selection_tags": []any{map[string]any{"type": "STRINGEQUALS", "key": "backup", "value": "daily"}},
			"not_resources":  []any{tableScratch},
		}),
		// Every RDS instance (not clusters) with env=prod, except tiers like test*.
		selection("prod-dbs", planPITR, map[string]any{
			"resources": []any{"arn:aws:rds:*:*:db:*"},
			"conditions": map[string]any{"string_equals": []any{cond("aws:ResourceTag/env", "prod")},
				"string_not_equals": []any{}, "string_like": []any{},
				"string_not_like": []any{cond("aws:ResourceTag/tier", "test*")}},
		}),
		// Resources unknown (a GetBackupSelection that failed), narrowed by a known condition: only
		// resources tagged team=data may be selected.
		selection("unreadable", planUnknown, map[string]any{
			"conditions": map[string]any{"string_equals": []any{cond("aws:ResourceTag/team", "data")},
				"string_not_equals": []any{}, "string_like": []any{}, "string_not_like": []any{}},
		}, "resources"),
		// A plan the inventory does not hold.
		selection("logs", planGhost, map[string]any{"resources": []any{"arn:aws:s3:::logs-*"}}),

		res(tableOrders, inventory.TypeDynamoDBTable, region, map[string]string{"backup": "daily"},
			map[string]any{"name": "orders", "point_in_time_recovery": map[string]any{"enabled": true}}),
		res(tableScratch, inventory.TypeDynamoDBTable, region, map[string]string{"backup": "daily"},
			map[string]any{"name": "scratch", "point_in_time_recovery": map[string]any{"enabled": false}}),
		res(tableMystery, inventory.TypeDynamoDBTable, region, nil,
			map[string]any{"name": "mystery"}, "tags", "point_in_time_recovery"),
		res(dbLedger, inventory.TypeRDSInstance, region, map[string]string{"env": "prod", "tier": "gold", "team": "data"},
			map[string]any{"identifier": "ledger", "backup_retention_period": int64(7), "replicate_source_db": nil,
				"cluster_identifier": nil}),
		res(dbTest, inventory.TypeRDSInstance, region, map[string]string{"env": "prod", "tier": "test-1"},
			map[string]any{"identifier": "ledger-test", "backup_retention_period": int64(0), "replicate_source_db": dbLedger,
				"cluster_identifier": nil}),
		res(dbFar, inventory.TypeRDSInstance, "eu-west-2", map[string]string{"env": "prod"},
			map[string]any{"identifier": "far", "backup_retention_period": int64(1), "cluster_identifier": nil}),
		res(clusterAur, inventory.TypeRDSCluster, region, map[string]string{"env": "prod"},
			map[string]any{"identifier": "ledger-aurora", "backup_retention_period": int64(14)}),
		res(dbMember, inventory.TypeRDSInstance, region, map[string]string{"env": "prod"},
			map[string]any{"identifier": "ledger-aurora-1", "backup_retention_period": int64(14),
				"cluster_identifier": "ledger-aurora"}),
		res(bucketLogs, inventory.TypeS3Bucket, region, nil, map[string]any{"bucket": "logs-2026",
			"replication": map[string]any{"enabled": true, "destinations": []any{bucketRep}}}),
		res(bucketRep, inventory.TypeS3Bucket, "us-east-1", nil, map[string]any{"bucket": "logs-replica",
			"replication": map[string]any{"enabled": false, "destinations": []any{}}}),
		res(fsShared, inventory.TypeEFSFileSystem, region, map[string]string{"backup": "daily"},
			map[string]any{"backup_policy": map[string]any{"status": "ENABLED"}}),
	}
	inv.Normalize()
	return inv
}

func TestComputeFactsDailyPlanWithCopies(t *testing.T) {
	facts := ComputeFacts(fixture())
	// orders carries backup=daily: the "tagged" selection covers it; "prod-dbs" names RDS ARNs only;
	// "unreadable" requires team=data, which it lacks, so its unknown resources do not matter.
	got := facts[tableOrders]
	want := Facts{
		Resource: tableOrders, Type: inventory.TypeDynamoDBTable, Region: region, Account: acct,
		Plans: []PlanCoverage{{
			Plan: planDaily, Name: "daily", State: StateProtected,
			Selections: []string{planDaily + "/selection/tagged"},
			Rules: []RuleFacts{{
				Name: "daily", Schedule: ptr("cron(0 2 ? * MON-FRI *)"), ScheduleTimezone: ptr("Europe/Paris"),
				StartWindowMinutes: ptr(60), CompletionWindowMinutes: ptr(180), ContinuousBackup: ptr(false),
				DeleteAfterDays: ptr(35),
				TargetVault: VaultFacts{Ref: vaultMain, ID: vaultMain, Name: "main", Region: region, Account: acct,
					Lock:    &VaultLock{Enabled: true, Mode: ptr("compliance"), MinRetentionDays: ptr(35), MaxRetentionDays: ptr(365)},
					Unknown: []string{}},
				Copies: []CopyFacts{
					// eu-west-1 → eu-west-2, same account.
					{DestinationVault: VaultFacts{Ref: vaultDR, ID: vaultDR, Name: "dr", Region: "eu-west-2", Account: acct,
						Lock: &VaultLock{Enabled: false}, Unknown: []string{}},
						DeleteAfterDays: ptr(90), CrossRegion: ptr(true), CrossAccount: ptr(false), Unknown: []string{}},
					// Same region, same account: neither cross-region nor cross-account; kept forever.
					{DestinationVault: VaultFacts{Ref: vaultLocal, ID: vaultLocal, Name: "local-copy", Region: region, Account: acct,
						Lock: &VaultLock{Enabled: true, Mode: ptr("governance"), MinRetentionDays: ptr(7)}, Unknown: []string{}},
						CrossRegion: ptr(false), CrossAccount: ptr(false), Unknown: []string{}},
					// Another account's vault, placed by its ARN; its lock is not known.
					{DestinationVault: VaultFacts{Ref: vaultBunker, Name: "bunker", Region: region, Account: "222222222222",
						Unknown: []string{`lock: vault "` + vaultBunker + `" is not in the inventory`}},
						DeleteAfterDays: ptr(365), CrossRegion: ptr(false), CrossAccount: ptr(true), Unknown: []string{}},
				},
				Unknown: []string{},
			}},
			Unknown: []string{},
		}},
		Native: []NativeProtection{{Kind: NativeDynamoDBPITR, Source: tableOrders, State: StateProtected, PointInTime: true,
			GranularityMinutes: ptr(5), Destinations: []Destination{},
			Unknown: []string{"retention_days: the PITR recovery period (1 to 35 days) is not in the inventory"}}},
		DLM:     []DLMProtection{},
		Unknown: []string{},
	}
	assert.Equal(t, want, got)
}

func TestComputeFactsSelections(t *testing.T) {
	facts := ComputeFacts(fixture())
	plans := func(id string) map[string]string {
		out := map[string]string{}
		for _, p := range facts[id].Plans {
			out[p.Plan] = p.State
		}
		return out
	}
	// scratch has the tag but is in the selection's not_resources; PITR off: nothing protects it.
	assert.Empty(t, facts[tableScratch].Plans)
	assert.Empty(t, facts[tableScratch].Native)
	assert.Empty(t, facts[tableScratch].Unknown)

	// ledger: RDS ARN, env=prod, tier gold is not like test*: prod-dbs covers it. It is also tagged
	// team=data, so the unreadable selection may select it: that plan's coverage is unknown.
	assert.Equal(t, map[string]string{planPITR: StateProtected, planUnknown: StateUnknown}, plans(dbLedger))
	ledger := facts[dbLedger]
	pitr := ledger.Plans[0]
	require.Equal(t, planPITR, pitr.Plan)
	require.Len(t, pitr.Rules, 1)
	// A continuous rule over an RDS instance is point-in-time within RDS's 5 minutes; its target vault,
	// named "main", is the vault of that name in the plan's region and account.
	assert.True(t, pitr.Rules[0].PointInTime)
	assert.Equal(t, ptr(5), pitr.Rules[0].GranularityMinutes)
	assert.Equal(t, vaultMain, pitr.Rules[0].TargetVault.ID)
	assert.Equal(t, "compliance", *pitr.Rules[0].TargetVault.Lock.Mode)
	unknownPlan := ledger.Plans[1]
	assert.Nil(t, unknownPlan.Rules)
	assert.Equal(t, []string{
		"plan " + planUnknown + ": rules of " + planUnknown + " is unknown",
		"selection " + planUnknown + "/selection/unreadable: resources of " + planUnknown + "/selection/unreadable is unknown",
	}, unknownPlan.Unknown)
	assert.Equal(t, unknownPlan.Unknown, ledger.Unknown)
	assert.Equal(t, []NativeProtection{{Kind: NativeRDSAutomatedBackups, Source: dbLedger, State: StateProtected,
		PointInTime: true, GranularityMinutes: ptr(5), RetentionDays: ptr(7), Destinations: []Destination{}, Unknown: []string{}}},
		ledger.Native)

	// ledger-test: tier test-1 is like test*: the string_not_like condition excludes it; retention 0:
	// no automated backups. It is a replica of ledger, which protects nothing of its own.
	assert.Empty(t, facts[dbTest].Plans)
	assert.Empty(t, facts[dbTest].Native)
	assert.Equal(t, dbLedger, facts[dbTest].ReplicaOf)

	// far matches the ARN pattern (any region) but lives in eu-west-2: a plan of eu-west-1 does not
	// back it up.
	assert.Empty(t, facts[dbFar].Plans)
	assert.Len(t, facts[dbFar].Native, 1)

	// The Aurora member takes the cluster's facts: the prod-dbs selection matches the member's own
	// db: ARN, but Aurora is backed up per cluster, and the cluster's ARN (":cluster:") is not selected.
	member := facts[dbMember]
	assert.Equal(t, clusterAur, member.Cluster)
	assert.Empty(t, member.Plans)
	require.Len(t, member.Native, 1)
	assert.Equal(t, clusterAur, member.Native[0].Source)
	assert.Equal(t, ptr(14), member.Native[0].RetentionDays)

	// mystery: tags unknown, so the tag selection and the condition may both select it; PITR unknown.
	mystery := facts[tableMystery]
	assert.Equal(t, map[string]string{planDaily: StateUnknown, planUnknown: StateUnknown}, plans(tableMystery))
	require.Len(t, mystery.Native, 1)
	assert.Equal(t, StateUnknown, mystery.Native[0].State)
	assert.Contains(t, mystery.Unknown, "selection "+planDaily+`/selection/tagged: selects by tag "backup", and the tags of `+tableMystery+" are unknown")
	assert.Contains(t, mystery.Unknown, "whether DynamoDB point-in-time recovery is on: point_in_time_recovery.enabled of "+tableMystery+" is unknown")

	// logs-2026 matches arn:aws:s3:::logs-* of a selection whose plan is not in the inventory: covered,
	// by a plan of unknown rules. Its replica is in us-east-1: cross-region, same account.
	logs := facts[bucketLogs]
	require.Len(t, logs.Plans, 1)
	assert.Equal(t, StateProtected, logs.Plans[0].State)
	assert.Nil(t, logs.Plans[0].Rules)
	assert.Equal(t, []string{"selection " + planGhost + `/selection/logs: its plan "` + planGhost + `" is not in the inventory`}, logs.Unknown)
	require.Len(t, logs.Native, 1)
	assert.Equal(t, []Destination{{Resource: bucketRep, Region: "us-east-1", Account: acct, CrossRegion: ptr(true),
		CrossAccount: ptr(false), Unknown: []string{}}}, logs.Native[0].Destinations)
	// logs-replica also matches logs-*, but it is in us-east-1 and the selection in eu-west-1.
	assert.Empty(t, facts[bucketRep].Plans)

	// The EFS file system: by tag, and its automatic backups (daily, 35 days).
	fs := facts[fsShared]
	assert.Equal(t, map[string]string{planDaily: StateProtected}, plans(fsShared))
	require.Len(t, fs.Native, 1)
	assert.Equal(t, NativeEFSAutomaticBackups, fs.Native[0].Kind)
	assert.Equal(t, ptr(1440), fs.Native[0].GranularityMinutes)
	assert.Equal(t, ptr(35), fs.Native[0].RetentionDays)

	// Only protectable types get facts.
	_, ok := facts[vaultMain]
	assert.False(t, ok)
	assert.Len(t, facts, 11)
}

func TestComputeFactsJSONIsStable(t *testing.T) {
	a, err := json.Marshal(SortedFacts(fixture()))
	require.NoError(t, err)
	b, err := json.Marshal(SortedFacts(fixture()))
	require.NoError(t, err)
	assert.True(t, bytes.Equal(a, b))
	// Lists are [] rather than null, except rules and copies, null when unknown.
	assert.NotContains(t, string(a), `"plans":null`)
	assert.NotContains(t, string(a), `"native":null`)
	assert.NotContains(t, string(a), `"unknown":null`)
	assert.NotContains(t, string(a), `"destinations":null`)
	assert.NotContains(t, string(a), `"selections":null`)
}

// FuzzComputeFacts feeds arbitrary inventory documents (attributes of any shape) to ComputeFacts: it must
// never panic, and every fact must be about a protectable resource of the inventory.
func FuzzComputeFacts(f *testing.F) {
	seed, err := json.Marshal(fixture())
	require.NoError(f, err)
	f.Add(seed)
	f.Add([]byte(`{"resources":[{"id":"x","type":"aws.backup.selection","attributes":{"resources":[1,null,"*"],"plan_id":3,"conditions":{"string_like":[{"key":"aws:ResourceTag/a","value":"*"}]}}},{"id":"y","type":"aws.s3.bucket","attributes":{"replication":{"enabled":true,"destinations":[null,7]}}}]}`))
	f.Fuzz(func(t *testing.T, doc []byte) {
		var inv inventory.Inventory
		if json.Unmarshal(doc, &inv) != nil {
			return
		}
		for id, fact := range ComputeFacts(&inv) {
			if fact.Resource != id || !Protectable(fact.Type) {
				t.Fatalf("fact %q for %q of type %q", fact.Resource, id, fact.Type)
			}
		}
	})
}

// TestComputeFactsSavedInventory: an inventory written and read back (vigil scan --inventory) gives the
// same facts, numbers decoded from JSON included.
func TestComputeFactsSavedInventory(t *testing.T) {
	inv := fixture()
	for i := range inv.Resources {
		inv.Resources[i].Source = inventory.Location{Kind: inventory.SourceAWS, API: "test"}
	}
	var buf bytes.Buffer
	require.NoError(t, inv.Write(&buf))
	back, err := inventory.Read(&buf)
	require.NoError(t, err)
	assert.Equal(t, ComputeFacts(inv), ComputeFacts(back))
}

// TestReplicationDestinationByName: a destination given as a bucket ARN is placed by the bucket's name
// when exactly one inventory bucket has it (a Terraform bucket's id is its address); with two of that
// name it cannot be told.
func TestReplicationDestinationByName(t *testing.T) {
	inv := fixture()
	for i := range inv.Resources {
		if inv.Resources[i].ID == bucketLogs {
			inv.Resources[i].Attributes["replication"] = map[string]any{"enabled": true, "destinations": []any{"arn:aws:s3:::dst"}}
		}
	}
	inv.Resources = append(inv.Resources, res("aws_s3_bucket.dst", inventory.TypeS3Bucket, "us-east-1", nil,
		map[string]any{"bucket": "dst"}))
	inv.Normalize()
	dest := func(inv *inventory.Inventory) Destination {
		for _, n := range ComputeFacts(inv)[bucketLogs].Native {
			if len(n.Destinations) == 1 {
				return n.Destinations[0]
			}
		}
		t.Fatal("no replication destination")
		return Destination{}
	}
	d := dest(inv)
	assert.Equal(t, "aws_s3_bucket.dst", d.Resource)
	assert.Equal(t, "us-east-1", d.Region)

	inv.Resources = append(inv.Resources, res("other/aws_s3_bucket.dst", inventory.TypeS3Bucket, "us-west-2", nil,
		map[string]any{"bucket": "dst"}))
	inv.Normalize()
	d = dest(inv)
	assert.Equal(t, "", d.Region)
	assert.NotEmpty(t, d.Unknown)
}
