package aws

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/scanners/iac"
)

func TestDynamoDB(t *testing.T) {
	r := resource(t, schemaValid(t, Adapt([]iac.Block{mb("aws_dynamodb_table.t", m{"name": "orders"})})), "aws_dynamodb_table.t")
	assert.Equal(t, m{"name": "orders", "billing_mode": "PROVISIONED",
		"point_in_time_recovery": m{"enabled": false},
		"server_side_encryption": m{"enabled": false, "kms_key_arn": nil}, "deletion_protection": false}, r.Attributes)

	r = resource(t, schemaValid(t, Adapt([]iac.Block{mb("aws_dynamodb_table.t", m{"name": "orders", "billing_mode": "PAY_PER_REQUEST",
		"point_in_time_recovery": l(m{"enabled": true}),
		"server_side_encryption": l(m{"enabled": true, "kms_key_arn": "aws_kms_key.ddb"}),
	}, "deletion_protection_enabled")})), "aws_dynamodb_table.t")
	assert.Equal(t, true, get(t, r, "point_in_time_recovery.enabled"))
	assert.Equal(t, "aws_kms_key.ddb", get(t, r, "server_side_encryption.kms_key_arn"))
	assert.Equal(t, []string{"deletion_protection"}, r.Unknown)
}

func TestKMSKey(t *testing.T) {
	rs := schemaValid(t, Adapt([]iac.Block{
		mb("aws_kms_key.a", m{"description": "a"}),
		mb("aws_kms_key.b", m{"customer_master_key_spec": "RSA_2048", "key_usage": "SIGN_VERIFY",
			"enable_key_rotation": true, "deletion_window_in_days": 7, "multi_region": true,
			"policy": `{"Statement":{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"kms:*","Resource":"*"}}`}),
		mb("aws_kms_key_policy.a", m{"key_id": "aws_kms_key.a", "policy": `{"Statement":[]}`}),
	}))
	a := resource(t, rs, "aws_kms_key.a")
	assert.Equal(t, m{"description": "a", "key_spec": "SYMMETRIC_DEFAULT", "key_usage": "ENCRYPT_DECRYPT",
		"rotation_enabled": false, "deletion_window_in_days": int64(30), "multi_region": false, "origin": "AWS_KMS",
		"policy": m{"Statement": l()}, "key_state": "Enabled", "pending_deletion": false, "deletion_date": nil}, a.Attributes)
	assert.Equal(t, []string{"aws_kms_key_policy.a"}, a.Source.Related)
	b := resource(t, rs, "aws_kms_key.b")
	assert.Equal(t, "RSA_2048", get(t, b, "key_spec"))
	assert.Equal(t, true, get(t, b, "rotation_enabled"))
	assert.Equal(t, int64(7), get(t, b, "deletion_window_in_days"))
	assert.Equal(t, []string{"kms:*"}, get(t, b, "policy.Statement.0.Action"))

	k := resource(t, schemaValid(t, Adapt([]iac.Block{mb("aws_kms_key.k", m{}), mb("aws_kms_key_policy.p", m{}, "key_id")})), "aws_kms_key.k")
	assert.Equal(t, []string{"policy"}, k.Unknown)
}

// TestKMSKeyDeclaredState: a declared key is never pending deletion, whatever its waiting period; its
// state follows is_enabled (enabled for external and replica keys).
func TestKMSKeyDeclaredState(t *testing.T) {
	rs := schemaValid(t, Adapt([]iac.Block{
		mb("aws_kms_key.short_window", m{"deletion_window_in_days": 7}),
		mb("aws_kms_key.off", m{"is_enabled": false}),
		mb("aws_kms_key.maybe", m{}, "is_enabled"),
		mb("aws_kms_external_key.waiting", m{}),
		mb("aws_kms_external_key.imported", m{"key_material_base64": "AAAA", "enabled": true}),
		mb("aws_kms_replica_key.off", m{"primary_key_arn": "arn:aws:kms:us-east-1:111122223333:key/mrk-1", "enabled": false}),
	}))
	tests := []struct {
		id, state string
	}{
		{"aws_kms_key.short_window", "Enabled"},
		{"aws_kms_key.off", "Disabled"},
		{"aws_kms_key.maybe", ""},
		{"aws_kms_external_key.waiting", "PendingImport"},
		{"aws_kms_external_key.imported", "Enabled"},
		{"aws_kms_replica_key.off", "Disabled"},
	}
	for _, tc := range tests {
		t.Run(tc.id, func(t *testing.T) {
			r := resource(t, rs, tc.id)
			assert.Equal(t, false, r.Attributes["pending_deletion"])
			assert.Nil(t, r.Attributes["deletion_date"])
			if tc.state == "" {
				assert.Contains(t, r.Unknown, "key_state")
				return
			}
			assert.Equal(t, tc.state, r.Attributes["key_state"])
		})
	}
}

func TestKMSKeyOriginsAndReplicas(t *testing.T) {
	rs := schemaValid(t, Adapt([]iac.Block{
		mb("aws_kms_key.primary", m{"multi_region": true, "enable_key_rotation": true}),
		mb("aws_kms_key.hsm", m{"custom_key_store_id": "cks-1"}),
		mb("aws_kms_key.xks", m{"custom_key_store_id": "cks-2", "xks_key_id": "ext-1"}),
		mb("aws_kms_key.store_unknown", m{}, "custom_key_store_id"),
		mb("aws_kms_external_key.imported", m{"description": "byok", "multi_region": true}),
		mb("aws_kms_replica_key.replica", m{"primary_key_arn": "aws_kms_key.primary", "description": "eu copy"}),
		mb("aws_kms_replica_key.elsewhere", m{"primary_key_arn": "arn:aws:kms:us-east-1:111122223333:key/mrk-1"}),
		mb("aws_kms_replica_external_key.imported", m{"primary_key_arn": "aws_kms_external_key.imported"}),
	}))
	tests := []struct {
		id      string
		want    m
		unknown []string
	}{
		{id: "aws_kms_key.hsm", want: m{"origin": "AWS_CLOUDHSM", "rotation_enabled": false}},
		{id: "aws_kms_key.xks", want: m{"origin": "EXTERNAL_KEY_STORE"}},
		{id: "aws_kms_key.store_unknown", unknown: []string{"origin"}},
		{id: "aws_kms_external_key.imported", want: m{"origin": "EXTERNAL", "rotation_enabled": false, "multi_region": true,
			"key_spec": "SYMMETRIC_DEFAULT", "description": "byok"}},
		// A replica takes its primary's spec and rotation, and keeps its own description.
		{id: "aws_kms_replica_key.replica", want: m{"origin": "AWS_KMS", "rotation_enabled": true, "multi_region": true,
			"key_spec": "SYMMETRIC_DEFAULT", "key_usage": "ENCRYPT_DECRYPT", "description": "eu copy"}},
		{id: "aws_kms_replica_key.elsewhere", want: m{"origin": "AWS_KMS", "multi_region": true},
			unknown: []string{"key_spec", "key_usage", "rotation_enabled"}},
		{id: "aws_kms_replica_external_key.imported", want: m{"origin": "EXTERNAL", "rotation_enabled": false}},
	}
	for _, tt := range tests {
		r := resource(t, rs, tt.id)
		assert.Equal(t, inventory.TypeKMSKey, r.Type, tt.id)
		for path, want := range tt.want {
			assert.Equal(t, want, get(t, r, path), "%s %s", tt.id, path)
		}
		assert.Equal(t, tt.unknown, nilIfEmpty(r.Unknown), tt.id)
	}
}

func nilIfEmpty(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return s
}

func TestCloudTrail(t *testing.T) {
	r := resource(t, schemaValid(t, Adapt([]iac.Block{mb("aws_cloudtrail.t", m{"name": "main", "s3_bucket_name": "aws_s3_bucket.trail"})})), "aws_cloudtrail.t")
	assert.Equal(t, m{"name": "main", "s3_bucket_name": "aws_s3_bucket.trail", "multi_region": false,
		"log_file_validation": false, "kms_key_id": nil, "logging": true, "include_global_service_events": true,
		"cloudwatch_logs_group_arn": nil, "s3_data_events": m{"read": false, "write": false}}, r.Attributes)
	assert.Equal(t, inventory.TypeCloudTrailTrail, r.Type)

	r = resource(t, schemaValid(t, Adapt([]iac.Block{mb("aws_cloudtrail.t", m{"name": "main", "is_multi_region_trail": true,
		"enable_log_file_validation": "true", "kms_key_id": "aws_kms_key.trail"}, "enable_logging")})), "aws_cloudtrail.t")
	assert.Equal(t, true, get(t, r, "multi_region"))
	assert.Equal(t, true, get(t, r, "log_file_validation"))
	assert.Equal(t, "aws_kms_key.trail", get(t, r, "kms_key_id"))
	assert.Equal(t, []string{"logging"}, r.Unknown)
}

func TestEFS(t *testing.T) {
	rs := schemaValid(t, Adapt([]iac.Block{
		mb("aws_efs_file_system.a", m{"encrypted": true, "kms_key_id": "aws_kms_key.efs", "tags": m{"Name": "shared"}}),
		mb("aws_efs_file_system.b", m{}),
		mb("aws_efs_backup_policy.a", m{"file_system_id": "aws_efs_file_system.a", "backup_policy": l(m{"status": "ENABLED"})}),
	}))
	a := resource(t, rs, "aws_efs_file_system.a")
	assert.Equal(t, m{"encrypted": true, "kms_key_id": "aws_kms_key.efs", "backup_policy": m{"status": "ENABLED"}}, a.Attributes)
	assert.Equal(t, "shared", a.Name)
	assert.Equal(t, []string{"aws_efs_backup_policy.a"}, a.Source.Related)
	b := resource(t, rs, "aws_efs_file_system.b")
	assert.Equal(t, m{"encrypted": false, "kms_key_id": nil, "backup_policy": m{"status": "DISABLED"}}, b.Attributes)

	rs = schemaValid(t, Adapt([]iac.Block{mb("aws_efs_file_system.a", m{}), mb("aws_efs_backup_policy.p", m{}, "file_system_id")}))
	assert.Equal(t, []string{"backup_policy"}, rs[0].Unknown)
}

func TestAdaptIsSortedAndDeterministic(t *testing.T) {
	blocks := append(loadBlocks(t, "testdata/s3_v4.json"),
		mb("aws_kms_key.z", m{}), mb("aws_iam_user.a", m{"name": "a"}), mb("aws_security_group.m", m{"name": "m"}),
		mb("aws_backup_vault.v", m{"name": "v"}))
	first := schemaValid(t, Adapt(blocks))
	require.True(t, len(first) > 1)
	for i := 1; i < len(first); i++ {
		assert.Less(t, first[i-1].ID, first[i].ID)
	}
	want, err := json.Marshal(first)
	require.NoError(t, err)
	reversed := make([]iac.Block, len(blocks))
	for i, b := range blocks {
		reversed[len(blocks)-1-i] = b
	}
	for i := 0; i < 5; i++ {
		got, err := json.Marshal(schemaValid(t, Adapt(reversed)))
		require.NoError(t, err)
		assert.Equal(t, string(want), string(got))
	}
	for _, r := range first {
		assert.True(t, inventory.KnownType(r.Type), r.Type)
		assert.NotNil(t, r.Tags)
		assert.Equal(t, inventory.SourceTerraform, r.Source.Kind)
	}
}

func TestNamesMadeOfAddressesAreNotShown(t *testing.T) {
	rs := schemaValid(t, Adapt([]iac.Block{
		mb("random_pet.this", m{}),
		mb("module.m.random_id.suffix[0]", m{}),
		mb("aws_s3_bucket.suffixed", m{"bucket": "logs-random_pet.this"}),
		mb("aws_s3_bucket.prefixed", m{"bucket": "random_pet.this-logs"}),
		mb("aws_s3_bucket.in_module", m{"bucket": "x-module.m.random_id.suffix[0]-y"}),
		mb("aws_s3_bucket.dotted", m{"bucket": "www.example.com"}),
		mb("aws_s3_bucket.plain", m{"bucket": "acme-logs"}),
	}))
	tests := map[string]string{
		"aws_s3_bucket.suffixed":  "suffixed",
		"aws_s3_bucket.prefixed":  "prefixed",
		"aws_s3_bucket.in_module": "in_module",
		"aws_s3_bucket.dotted":    "www.example.com",
		"aws_s3_bucket.plain":     "acme-logs",
	}
	for id, want := range tests {
		assert.Equal(t, want, resource(t, rs, id).Name, id)
	}
	// The attribute keeps the value the configuration gives: the joins read it.
	assert.Equal(t, "logs-random_pet.this", get(t, resource(t, rs, "aws_s3_bucket.suffixed"), "bucket"))
}

// TestConfigRecorder: a recorder takes its status by name and the delivery channel of its region.
func TestConfigRecorder(t *testing.T) {
	inRegion := func(b iac.Block, region string) iac.Block { b.Region = region; return b }
	rs := schemaValid(t, Adapt([]iac.Block{
		mb("aws_config_configuration_recorder.main", m{"name": "main", "role_arn": "aws_iam_role.config",
			"recording_group": l(m{"all_supported": true, "include_global_resource_types": true})}),
		mb("aws_config_configuration_recorder_status.main", m{"name": "main", "is_enabled": true}),
		mb("aws_config_delivery_channel.main", m{"name": "main", "s3_bucket_name": "aws_s3_bucket.history"}),
		inRegion(mb("aws_config_configuration_recorder.us", m{"name": "us"}), "us-east-1"),
		inRegion(mb("aws_config_configuration_recorder.nowhere", m{"name": "nowhere"}), ""),
	}))
	main := resource(t, rs, "aws_config_configuration_recorder.main")
	assert.Equal(t, m{"name": "main", "recording": true, "all_supported": true, "include_global_resource_types": true,
		"role_arn": "aws_iam_role.config", "last_status": nil,
		"delivery_channel": m{"name": "main", "s3_bucket_name": "aws_s3_bucket.history", "sns_topic_arn": nil}},
		main.Attributes)
	assert.Equal(t, []string{"last_status"}, main.Unknown)
	assert.ElementsMatch(t, []string{"aws_config_configuration_recorder_status.main", "aws_config_delivery_channel.main"}, main.Source.Related)

	us := resource(t, rs, "aws_config_configuration_recorder.us")
	assert.Equal(t, false, us.Attributes["recording"], "no status resource: never started")
	assert.Equal(t, true, us.Attributes["all_supported"])
	assert.Equal(t, false, us.Attributes["include_global_resource_types"])
	assert.Contains(t, us.Attributes, "delivery_channel")
	assert.Nil(t, us.Attributes["delivery_channel"], "the only channel is in eu-west-1")

	nowhere := resource(t, rs, "aws_config_configuration_recorder.nowhere")
	assert.Contains(t, nowhere.Unknown, "delivery_channel", "region unknown: the channel may be its")

	none := resource(t, schemaValid(t, Adapt([]iac.Block{mb("aws_config_configuration_recorder.x", m{})})), "aws_config_configuration_recorder.x")
	assert.Equal(t, "default", none.Name)
	assert.Nil(t, none.Attributes["delivery_channel"])

	maybe := resource(t, schemaValid(t, Adapt([]iac.Block{mb("aws_config_configuration_recorder.x", m{}),
		mb("aws_config_delivery_channel.c", m{}, "count")})), "aws_config_configuration_recorder.x")
	assert.Contains(t, maybe.Unknown, "delivery_channel")
}
