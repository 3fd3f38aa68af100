package dr

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/scanners"
)

// TestComputeFactsTerraform runs the Terraform scanner on testdata/terraform, so the facts read the
// attribute names and references the scanner really writes (addresses for ids, no accounts).
func TestComputeFactsTerraform(t *testing.T) {
	inv, err := scanners.ScanTerraform(context.Background(), "testdata/terraform", scanners.TerraformOptions{})
	require.NoError(t, err)
	require.True(t, inv.Complete(), "%+v", inv.Sources)
	facts := ComputeFacts(inv)
	require.Len(t, facts, 5) // two tables, two databases, one Aurora cluster

	const unknownSel = "aws_backup_selection.unknown"
	const bunkerARN = "arn:aws:backup:us-east-1:222222222222:backup-vault:bunker"
	unknownWhy := "selection " + unknownSel + ": resources of " + unknownSel + " is unknown"

	// orders: selected by reference (resources = [aws_dynamodb_table.orders.arn] holds its address).
	// The selection whose resources are unknown may select it too, which changes nothing.
	orders := facts["aws_dynamodb_table.orders"]
	require.Len(t, orders.Plans, 1)
	daily := orders.Plans[0]
	assert.Equal(t, "aws_backup_plan.daily", daily.Plan)
	assert.Equal(t, StateProtected, daily.State)
	assert.Equal(t, []string{"aws_backup_selection.by_reference"}, daily.Selections)
	assert.Empty(t, orders.Unknown)
	require.Len(t, daily.Rules, 1)
	rule := daily.Rules[0]
	assert.Equal(t, RuleFacts{
		Name: "weekdays", Schedule: ptr("cron(0 2 ? * MON-FRI *)"), ScheduleTimezone: ptr("Europe/Paris"),
		StartWindowMinutes: ptr(120), CompletionWindowMinutes: ptr(180), ContinuousBackup: ptr(false),
		DeleteAfterDays: ptr(35),
		// changeable_for_days set: compliance mode.
		TargetVault: VaultFacts{Ref: "aws_backup_vault.main", ID: "aws_backup_vault.main", Name: "main", Region: "eu-west-1", Type: VaultTypeStandard,
			Lock:    &VaultLock{Enabled: true, Mode: ptr("compliance"), MinRetentionDays: ptr(35), MaxRetentionDays: ptr(365)},
			Unknown: []string{}},
		// Copy actions are a set: sorted by canonical JSON (delete_after_days 365 < 90 < null as text).
		Copies: []CopyFacts{
			// Another account's vault, by ARN: us-east-1 is another region; whether 222222222222 is another
			// account cannot be told, since the plan's account is not known to Terraform.
			{DestinationVault: VaultFacts{Ref: bunkerARN, Name: "bunker", Region: "us-east-1", Account: "222222222222",
				Unknown: []string{`lock: vault "` + bunkerARN + `" is not in the inventory`}},
				DeleteAfterDays: ptr(365), CrossRegion: ptr(true), Unknown: []string{"cross_account"}},
			// The dr vault's provider is in eu-west-2: cross-region. No account is known on either side: the
			// configuration is taken to be one account.
			{DestinationVault: VaultFacts{Ref: "aws_backup_vault.dr", ID: "aws_backup_vault.dr", Name: "dr", Region: "eu-west-2", Type: VaultTypeStandard,
				Lock: &VaultLock{Enabled: false}, Unknown: []string{}},
				DeleteAfterDays: ptr(90), CrossRegion: ptr(true), CrossAccount: ptr(false), Unknown: []string{}},
			// Same provider, same region: not cross-region; no lifecycle: kept forever.
			{DestinationVault: VaultFacts{Ref: "aws_backup_vault.local_copy", ID: "aws_backup_vault.local_copy", Name: "local-copy", Type: VaultTypeStandard,
				Region: "eu-west-1", Lock: &VaultLock{Enabled: false}, Unknown: []string{}},
				CrossRegion: ptr(false), CrossAccount: ptr(false), Unknown: []string{}},
		},
		Unknown: []string{},
	}, rule)
	assert.Equal(t, []NativeProtection{{Kind: NativeDynamoDBPITR, Source: "aws_dynamodb_table.orders", State: StateProtected,
		PointInTime: true, GranularityMinutes: ptr(5), Destinations: []Destination{},
		Unknown: []string{"retention_days: the PITR recovery period (1 to 35 days) is not in the inventory"}}}, orders.Native)

	// scratch: tagged backup=daily, but not_resources arn:aws:dynamodb:*:*:table/scratch matches its ARN
	// whatever its unknown account (arn:aws:dynamodb:eu-west-1:?:table/scratch). Only the unknown
	// selection may still select it.
	scratch := facts["aws_dynamodb_table.scratch"]
	require.Len(t, scratch.Plans, 1)
	assert.Equal(t, StateUnknown, scratch.Plans[0].State)
	assert.Equal(t, []string{unknownSel}, scratch.Plans[0].Selections)
	assert.Equal(t, []string{unknownWhy}, scratch.Unknown)
	assert.Empty(t, scratch.Native)

	// ledger: arn:aws:rds:*:*:db:* with env=prod: covered; automated backups kept 7 days.
	ledger := facts["aws_db_instance.ledger"]
	require.Len(t, ledger.Plans, 1)
	assert.Equal(t, StateProtected, ledger.Plans[0].State)
	assert.Equal(t, []string{"aws_backup_selection.by_condition"}, ledger.Plans[0].Selections)
	require.Len(t, ledger.Native, 1)
	assert.Equal(t, ptr(7), ledger.Native[0].RetentionDays)

	// staging: env=staging fails the condition; retention 0: no automated backups. Only the unknown
	// selection may cover it.
	staging := facts["aws_db_instance.staging"]
	require.Len(t, staging.Plans, 1)
	assert.Equal(t, StateUnknown, staging.Plans[0].State)
	assert.Equal(t, []string{unknownWhy}, staging.Unknown)
	assert.Empty(t, staging.Native)

	// The Aurora cluster: arn:aws:rds:*:*:db:* does not match its ARN, arn:aws:rds:eu-west-1:?:cluster:ledger-aurora,
	// whatever its unknown account (an account holds no ':'); only the unknown selection may cover it.
	// Its automated backups: 14 days, point in time.
	aurora := facts["aws_rds_cluster.aurora"]
	require.Len(t, aurora.Plans, 1)
	assert.Equal(t, StateUnknown, aurora.Plans[0].State)
	assert.Equal(t, []string{unknownSel}, aurora.Plans[0].Selections)
	assert.Equal(t, []string{unknownWhy}, aurora.Unknown)
	require.Len(t, aurora.Native, 1)
	assert.Equal(t, ptr(14), aurora.Native[0].RetentionDays)
	assert.True(t, aurora.Native[0].PointInTime)

	for _, id := range []string{"aws_backup_plan.daily", "aws_backup_vault.main"} {
		_, ok := facts[id]
		assert.False(t, ok, "%s is not protectable", id)
	}
	assert.True(t, Protectable(inventory.TypeDynamoDBTable))
}
