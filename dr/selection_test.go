package dr

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/inventory"
)

func TestSelects(t *testing.T) {
	plan := res(planDaily, inventory.TypeBackupPlan, region, nil, map[string]any{"name": "daily", "rules": []any{}})
	sel := func(attrs map[string]any, unknown ...string) *inventory.Resource {
		base := map[string]any{"plan_id": planDaily, "resources": []any{}, "not_resources": []any{},
			"selection_tags": []any{}, "conditions": noConditions()}
		for k, v := range attrs {
			base[k] = v
		}
		r := res(planDaily+"/selection/s", inventory.TypeBackupSelection, region, nil, base, unknown...)
		return &r
	}
	conds := func(kind string, c ...any) map[string]any {
		m := noConditions()
		m[kind] = c
		return map[string]any{"conditions": m}
	}
	table := func(tags map[string]string, unknown ...string) *inventory.Resource {
		r := res(tableOrders, inventory.TypeDynamoDBTable, region, tags, map[string]any{"name": "orders"}, unknown...)
		return &r
	}
	tests := []struct {
		name string
		sel  *inventory.Resource
		res  *inventory.Resource
		want tri
	}{
		// Neither resources nor tags: every resource of the plan's region and account.
		{"empty selection selects all", sel(nil), table(nil), yes},
		// A negated condition holds for a resource without the tag (IAM's semantics).
		{"not_equals, tag absent", sel(conds("string_not_equals", cond("aws:ResourceTag/backup", "false"))), table(nil), yes},
		{"not_equals, tag equal", sel(conds("string_not_equals", cond("aws:ResourceTag/backup", "false"))),
			table(map[string]string{"backup": "false"}), no},
		// AWS's own example: "prod*" and "*rod*" match "production".
		{"like prefix", sel(conds("string_like", cond("aws:ResourceTag/env", "prod*"))), table(map[string]string{"env": "production"}), yes},
		{"like infix", sel(conds("string_like", cond("aws:ResourceTag/env", "*rod*"))), table(map[string]string{"env": "production"}), yes},
		{"like, tag absent", sel(conds("string_like", cond("aws:ResourceTag/env", "*"))), table(nil), no},
		{"not_like matches", sel(conds("string_not_like", cond("aws:ResourceTag/env", "dev*"))), table(map[string]string{"env": "dev-1"}), no},
		// Conditions are case sensitive.
		{"equals is case sensitive", sel(conds("string_equals", cond("aws:ResourceTag/env", "Prod"))), table(map[string]string{"env": "prod"}), no},
		{"condition key not a resource tag", sel(conds("string_equals", cond("env", "prod"))), table(map[string]string{"env": "prod"}), maybe},
		{"tag type not STRINGEQUALS", sel(map[string]any{"selection_tags": []any{
			map[string]any{"type": "STRINGLIKE", "key": "env", "value": "prod"}}}), table(map[string]string{"env": "prod"}), maybe},
		{"tag key with the condition prefix", sel(map[string]any{"selection_tags": []any{
			map[string]any{"type": "STRINGEQUALS", "key": "aws:ResourceTag/env", "value": "prod"}}}), table(map[string]string{"env": "prod"}), yes},
		// resources OR tags: the ARN does not match, the tag does.
		{"resources or tags", sel(map[string]any{"resources": []any{"arn:aws:rds:*:*:db:*"}, "selection_tags": []any{
			map[string]any{"type": "STRINGEQUALS", "key": "env", "value": "prod"}}}), table(map[string]string{"env": "prod"}), yes},
		// Unknown resources, but the condition fails anyway.
		{"unknown resources, failing condition", sel(conds("string_equals", cond("aws:ResourceTag/env", "prod")), "resources"),
			table(map[string]string{"env": "dev"}), no},
		{"unknown resources, passing condition", sel(conds("string_equals", cond("aws:ResourceTag/env", "prod")), "resources"),
			table(map[string]string{"env": "prod"}), maybe},
		// Unknown not_resources: a resource selected for sure may still be excluded.
		{"unknown not_resources", sel(map[string]any{"resources": []any{"*"}}, "not_resources"), table(nil), maybe},
		{"one unknown entry of not_resources", sel(map[string]any{"resources": []any{"*"}, "not_resources": []any{nil}}, "not_resources.0"),
			table(nil), maybe},
		{"tags unknown, tag selection", sel(map[string]any{"selection_tags": []any{
			map[string]any{"type": "STRINGEQUALS", "key": "env", "value": "prod"}}}), table(nil, "tags"), maybe},
		{"tags unknown, ARN selection", sel(map[string]any{"resources": []any{tableOrders}}), table(nil, "tags"), yes},
	}
	ix := newIndex(inventory.New())
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := ix.compile(tt.sel, &plan).selects(tt.res)
			assert.Equal(t, tt.want, v.t, "%v", v.why)
			if v.t == maybe {
				assert.NotEmpty(t, v.why, "an unknown match says why")
			} else {
				assert.Empty(t, v.why)
			}
		})
	}
}

func TestSelectsScope(t *testing.T) {
	ix := newIndex(inventory.New())
	all := map[string]any{"plan_id": planDaily, "resources": []any{"*"}}
	plan := func(reg, account string) *inventory.Resource {
		p := res(planDaily, inventory.TypeBackupPlan, reg, nil, map[string]any{})
		p.Account = account
		return &p
	}
	target := func(reg, account string) *inventory.Resource {
		r := res(tableOrders, inventory.TypeDynamoDBTable, reg, nil, map[string]any{})
		r.Account = account
		return &r
	}
	s := res(planDaily+"/selection/all", inventory.TypeBackupSelection, region, nil, all)
	tests := []struct {
		name      string
		plan, res *inventory.Resource
		want      tri
	}{
		{"same region and account", plan(region, acct), target(region, acct), yes},
		{"other region", plan(region, acct), target("us-east-1", acct), no},
		{"other account", plan(region, acct), target(region, "222222222222"), no},
		{"plan region unknown", plan("", acct), target(region, acct), maybe},
		{"resource region unknown", plan(region, acct), target("", acct), maybe},
		// Terraform: no accounts anywhere, taken as one account.
		{"no accounts", plan(region, ""), target(region, ""), yes},
		{"one account unknown", plan(region, acct), target(region, ""), maybe},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, ix.compile(&s, tt.plan).selects(tt.res).t)
		})
	}
}

func TestTerraformARN(t *testing.T) {
	r := inventory.Resource{ID: "aws_db_instance.x", Type: inventory.TypeRDSInstance, Region: "cn-north-1",
		Attributes: map[string]any{"identifier": "x"}}
	arn, ok := resourceARN(&r)
	require.True(t, ok)
	assert.Equal(t, "arn:aws-cn:rds:cn-north-1:?:db:x", arnDisplay(arn))
	r = inventory.Resource{ID: "aws_s3_bucket.b", Type: inventory.TypeS3Bucket, Attributes: map[string]any{}, Unknown: []string{"bucket"}}
	arn, ok = resourceARN(&r)
	require.True(t, ok)
	assert.Equal(t, "arn:?:s3:::?", arnDisplay(arn))
	_, ok = resourceARN(&inventory.Resource{ID: "aws_kms_key.k", Type: inventory.TypeKMSKey})
	assert.False(t, ok)
}

func TestRDSAutomatedBackupReplicas(t *testing.T) {
	// Live: a DB whose automated backups are replicated to eu-central-1 (and the local one in eu-west-1).
	db := res(dbLedger, inventory.TypeRDSInstance, region, nil, map[string]any{"backup_retention_period": int64(7),
		"automated_backups": []any{
			map[string]any{"arn": "arn:aws:rds:eu-central-1:111111111111:auto-backup:ab-2", "region": "eu-central-1"},
			map[string]any{"arn": "arn:aws:rds:eu-west-1:111111111111:auto-backup:ab-1", "region": region},
		}})
	inv := inventory.New()
	inv.Resources = []inventory.Resource{db}
	n := ComputeFacts(inv)[dbLedger].Native
	require.Len(t, n, 1)
	assert.Equal(t, []Destination{{Resource: "arn:aws:rds:eu-central-1:111111111111:auto-backup:ab-2", Region: "eu-central-1",
		Account: acct, CrossRegion: ptr(true), CrossAccount: ptr(false), Unknown: []string{}}}, n[0].Destinations)
}
