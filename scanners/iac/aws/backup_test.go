package aws

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/scanners/iac"
)

func TestBackupVaultLock(t *testing.T) {
	noLock := m{"enabled": false, "mode": nil, "min_retention_days": nil, "max_retention_days": nil, "changeable_for_days": nil}
	tests := []struct {
		name    string
		lock    iac.Block
		want    any
		unknown []string
	}{
		{"by address", mb("aws_backup_vault_lock_configuration.l", m{"backup_vault_name": "aws_backup_vault.v",
			"min_retention_days": 7, "max_retention_days": 365, "changeable_for_days": 3}),
			m{"enabled": true, "mode": "compliance", "min_retention_days": int64(7), "max_retention_days": int64(365),
				"changeable_for_days": int64(3)}, nil},
		{"by name, governance", mb("aws_backup_vault_lock_configuration.l", m{"backup_vault_name": "main",
			"min_retention_days": 7}),
			m{"enabled": true, "mode": "governance", "min_retention_days": int64(7), "max_retention_days": nil,
				"changeable_for_days": nil}, nil},
		{"changeable_for_days unknown", mb("aws_backup_vault_lock_configuration.l", m{"backup_vault_name": "main"},
			"changeable_for_days"),
			m{"enabled": true, "mode": nil, "min_retention_days": nil, "max_retention_days": nil,
				"changeable_for_days": nil}, []string{"lock.changeable_for_days", "lock.mode"}},
		{"another vault", mb("aws_backup_vault_lock_configuration.l", m{"backup_vault_name": "aws_backup_vault.other"}),
			noLock, nil},
		{"vault unknown", mb("aws_backup_vault_lock_configuration.l", m{}, "backup_vault_name"), nil, []string{"lock"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs := schemaValid(t, Adapt([]iac.Block{
				mb("aws_backup_vault.v", m{"name": "main", "kms_key_arn": "aws_kms_key.backup"}),
				mb("aws_backup_vault.other", m{"name": "other"}),
				tt.lock,
			}))
			r := resource(t, rs, "aws_backup_vault.v")
			assert.Equal(t, tt.want, get(t, r, "lock"))
			assert.Equal(t, "aws_kms_key.backup", get(t, r, "kms_key_arn"))
			assert.Equal(t, false, get(t, r, "force_destroy"))
			if tt.unknown == nil {
				assert.Empty(t, r.Unknown)
			} else {
				assert.Equal(t, tt.unknown, r.Unknown)
			}
		})
	}
}

func TestBackupPlan(t *testing.T) {
	rs := schemaValid(t, Adapt([]iac.Block{
		mb("aws_backup_vault.main", m{"name": "main"}),
		mb("aws_backup_plan.p", m{"name": "daily", "rule": l(
			m{"rule_name": "hourly", "target_vault_name": "main", "schedule": "cron(0 * * * ? *)",
				"enable_continuous_backup": true, "lifecycle": l(m{"delete_after": 35})},
			m{"rule_name": "daily", "target_vault_name": "aws_backup_vault.main", "start_window": 120,
				"copy_action": l(m{"destination_vault_arn": "arn:aws:backup:us-east-1:123456789012:backup-vault:dr",
					"lifecycle": l(m{"delete_after": 90, "cold_storage_after": 30})})},
		)}),
	}))
	r := resource(t, rs, "aws_backup_plan.p")
	assert.Equal(t, "daily", r.Name)
	assert.Empty(t, r.Unknown)
	assert.Equal(t, l(
		m{"name": "daily", "target_vault": "aws_backup_vault.main", "schedule": defaultBackupSchedule,
			"schedule_timezone": "Etc/UTC", "start_window_minutes": int64(120), "completion_window_minutes": int64(180),
			"continuous_backup": false, "delete_after_days": nil, "cold_storage_after_days": nil,
			"copy_actions": l(m{"destination_vault": "arn:aws:backup:us-east-1:123456789012:backup-vault:dr",
				"delete_after_days": int64(90), "cold_storage_after_days": int64(30)})},
		m{"name": "hourly", "target_vault": "aws_backup_vault.main", "schedule": "cron(0 * * * ? *)",
			"schedule_timezone": "Etc/UTC", "start_window_minutes": int64(60), "completion_window_minutes": int64(180),
			"continuous_backup": true, "delete_after_days": int64(35), "cold_storage_after_days": nil,
			"copy_actions": l()},
	), get(t, r, "rules"))
}

func TestBackupPlanUnknowns(t *testing.T) {
	r := resource(t, schemaValid(t, Adapt([]iac.Block{mb("aws_backup_plan.p", m{"name": "p", "rule": l(
		m{"rule_name": "r", "target_vault_name": "v", "lifecycle": l(m{})},
	)}, "rule.0.lifecycle.0.delete_after", "rule.0.copy_action")})), "aws_backup_plan.p")
	assert.Equal(t, []string{"rules.0.copy_actions", "rules.0.delete_after_days"}, r.Unknown)
	assert.Nil(t, get(t, r, "rules.0.delete_after_days"))

	r = resource(t, schemaValid(t, Adapt([]iac.Block{mb("aws_backup_plan.p", m{"name": "p"}, "rule")})), "aws_backup_plan.p")
	assert.Equal(t, []string{"rules"}, r.Unknown)
}

func TestBackupSelection(t *testing.T) {
	rs := schemaValid(t, Adapt([]iac.Block{
		mb("aws_backup_plan.p", m{"name": "p"}),
		mb("aws_backup_selection.s", m{"name": "all", "plan_id": "aws_backup_plan.p", "iam_role_arn": "aws_iam_role.backup",
			"resources":     l("aws_dynamodb_table.t", "arn:aws:rds:*:*:db:*"),
			"selection_tag": l(m{"type": "STRINGEQUALS", "key": "backup", "value": "true"}),
			"condition": l(m{
				"string_equals":   l(m{"key": "aws:ResourceTag/env", "value": "prod"}),
				"string_not_like": l(m{"key": "aws:ResourceTag/tmp", "value": "*"}),
			}),
		}),
		mb("aws_backup_selection.u", m{"name": "u", "plan_id": "p"}, "resources"),
	}))
	s := resource(t, rs, "aws_backup_selection.s")
	assert.Equal(t, m{
		"name": "all", "plan_id": "aws_backup_plan.p", "iam_role_arn": "aws_iam_role.backup",
		"resources":      []string{"arn:aws:rds:*:*:db:*", "aws_dynamodb_table.t"},
		"not_resources":  []string{},
		"selection_tags": l(m{"type": "STRINGEQUALS", "key": "backup", "value": "true"}),
		"conditions": m{
			"string_equals":     l(m{"key": "aws:ResourceTag/env", "value": "prod"}),
			"string_not_equals": l(),
			"string_like":       l(),
			"string_not_like":   l(m{"key": "aws:ResourceTag/tmp", "value": "*"}),
		},
	}, s.Attributes)
	assert.Empty(t, s.Unknown)

	u := resource(t, rs, "aws_backup_selection.u")
	assert.Equal(t, "aws_backup_plan.p", get(t, u, "plan_id"), "a plan named by its name resolves to its id")
	assert.Equal(t, []string{"resources"}, u.Unknown)
}

// An aws_backup_vault_policy joins the vault it names (by address or name) as access_policy: the parsed
// and normalised document; a vault without one has access_policy null; an unparsable policy, or one whose
// vault reference is unknown, leaves it unknown.
func TestBackupVaultAccessPolicy(t *testing.T) {
	const denyDelete = `{"Version":"2012-10-17","Statement":{"Effect":"Deny","Principal":"*",` +
		`"Action":["backup:DeleteRecoveryPoint","backup:UpdateRecoveryPointLifecycle"],"Resource":"*"}}`
	// Normalised: Statement becomes a list, Resource a list; Principal stays as written.
	normalised := m{"Version": "2012-10-17", "Statement": l(m{"Effect": "Deny", "Principal": "*",
		"Action":   []string{"backup:DeleteRecoveryPoint", "backup:UpdateRecoveryPointLifecycle"},
		"Resource": []string{"*"}})}
	tests := []struct {
		name    string
		policy  iac.Block
		want    any
		unknown []string
	}{
		{"by address", mb("aws_backup_vault_policy.p", m{"backup_vault_name": "aws_backup_vault.v.name",
			"policy": denyDelete}), normalised, nil},
		{"by name", mb("aws_backup_vault_policy.p", m{"backup_vault_name": "main", "policy": denyDelete}),
			normalised, nil},
		{"another vault", mb("aws_backup_vault_policy.p", m{"backup_vault_name": "other", "policy": denyDelete}),
			nil, nil},
		{"policy that cannot be parsed", mb("aws_backup_vault_policy.p", m{"backup_vault_name": "main",
			"policy": "{not json"}), nil, []string{"access_policy"}},
		{"policy unknown", mb("aws_backup_vault_policy.p", m{"backup_vault_name": "main"}, "policy"),
			nil, []string{"access_policy"}},
		{"vault unknown", mb("aws_backup_vault_policy.p", m{"policy": denyDelete}, "backup_vault_name"),
			nil, []string{"access_policy"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs := schemaValid(t, Adapt([]iac.Block{
				mb("aws_backup_vault.v", m{"name": "main"}),
				mb("aws_backup_vault.other", m{"name": "other"}),
				tt.policy,
			}))
			r := resource(t, rs, "aws_backup_vault.v")
			assert.Equal(t, tt.want, get(t, r, "access_policy"))
			if tt.unknown == nil {
				assert.Empty(t, r.Unknown)
			} else {
				assert.Equal(t, tt.unknown, r.Unknown)
			}
		})
	}
}

// An aws_backup_logically_air_gapped_vault is an aws.backup.vault of type LOGICALLY_AIR_GAPPED_BACKUP_VAULT,
// locked in compliance mode with its own retention bounds whatever lock configuration names it; an
// aws_backup_vault is of type BACKUP_VAULT. A plan's copy action and target name it by reference or by name.
func TestBackupLogicallyAirGappedVault(t *testing.T) {
	rs := schemaValid(t, Adapt([]iac.Block{
		mb("aws_backup_vault.main", m{"name": "main"}),
		mb("aws_backup_logically_air_gapped_vault.lag", m{"name": "lag", "min_retention_days": 7, "max_retention_days": 90}),
		mb("aws_backup_logically_air_gapped_vault.cmk", m{"name": "cmk", "min_retention_days": 14, "max_retention_days": 35,
			"encryption_key_arn": "aws_kms_key.backup"}),
		mb("aws_backup_logically_air_gapped_vault.later", m{"min_retention_days": 7}, "name", "max_retention_days"),
		// A lock configuration cannot weaken an air-gapped vault's lock.
		mb("aws_backup_vault_lock_configuration.l", m{"backup_vault_name": "lag", "min_retention_days": 1}),
		mb("aws_backup_vault_policy.p", m{"backup_vault_name": "aws_backup_logically_air_gapped_vault.lag.name",
			"policy": `{"Version":"2012-10-17","Statement":[]}`}),
		mb("aws_backup_plan.p", m{"name": "daily", "rule": l(
			m{"rule_name": "daily", "target_vault_name": "aws_backup_vault.main.name", "lifecycle": l(m{"delete_after": 35}),
				"copy_action": l(m{"destination_vault_arn": "aws_backup_logically_air_gapped_vault.lag.arn",
					"lifecycle": l(m{"delete_after": 35})})},
			m{"rule_name": "direct", "target_vault_name": "cmk"})}),
	}))
	assert.Equal(t, "BACKUP_VAULT", get(t, resource(t, rs, "aws_backup_vault.main"), "vault_type"))

	lag := resource(t, rs, "aws_backup_logically_air_gapped_vault.lag")
	assert.Equal(t, "aws.backup.vault", lag.Type)
	assert.Equal(t, "lag", lag.Name)
	assert.Equal(t, "LOGICALLY_AIR_GAPPED_BACKUP_VAULT", get(t, lag, "vault_type"))
	assert.Equal(t, m{"enabled": true, "mode": "compliance", "min_retention_days": int64(7), "max_retention_days": int64(90),
		"changeable_for_days": nil}, get(t, lag, "lock"))
	assert.Nil(t, get(t, lag, "kms_key_arn"), "the AWS-owned key")
	assert.Equal(t, m{"Version": "2012-10-17", "Statement": l()}, get(t, lag, "access_policy"))
	assert.Empty(t, lag.Unknown)

	assert.Equal(t, "aws_kms_key.backup", get(t, resource(t, rs, "aws_backup_logically_air_gapped_vault.cmk"), "kms_key_arn"))
	later := resource(t, rs, "aws_backup_logically_air_gapped_vault.later")
	assert.Equal(t, []string{"lock.max_retention_days", "name"}, later.Unknown)

	plan := resource(t, rs, "aws_backup_plan.p")
	rules := map[string]m{}
	for _, r := range get(t, plan, "rules").([]any) {
		rules[r.(m)["name"].(string)] = r.(m)
	}
	require.Len(t, rules, 2)
	copies := rules["daily"]["copy_actions"].([]any)
	require.Len(t, copies, 1)
	assert.Equal(t, "aws_backup_logically_air_gapped_vault.lag", copies[0].(m)["destination_vault"])
	assert.Equal(t, "aws_backup_logically_air_gapped_vault.cmk", rules["direct"]["target_vault"])
}
