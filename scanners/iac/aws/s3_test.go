package aws

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/scanners/iac"
)

// Provider v4 split resources and provider v3 inline blocks describe the same bucket the same way.
func TestS3SplitAndInlineAgree(t *testing.T) {
	v4 := schemaValid(t, Adapt(loadBlocks(t, "testdata/s3_v4.json")))
	v3 := schemaValid(t, Adapt(loadBlocks(t, "testdata/s3_v3.json")))
	require.Len(t, v4, 1)
	require.Len(t, v3, 1)
	assert.Equal(t, v3[0].Attributes, v4[0].Attributes)
	assert.Empty(t, v4[0].Unknown)
	assert.Empty(t, v3[0].Unknown)

	r := v4[0]
	assert.Equal(t, inventory.TypeS3Bucket, r.Type)
	assert.Equal(t, "acme-data", r.Name)
	assert.Equal(t, map[string]string{"app": "payments"}, r.Tags)
	assert.Equal(t, m{"enabled": true, "mfa_delete": false, "configured": true}, get(t, r, "versioning"))
	assert.Equal(t, m{"enabled": true, "algorithm": "aws:kms", "kms_key_id": "aws_kms_key.s3",
		"bucket_key_enabled": true, "configured": true}, get(t, r, "encryption"))
	assert.Equal(t, m{"enabled": true, "target_bucket": "aws_s3_bucket.logs", "target_prefix": "data/"}, get(t, r, "logging"))
	assert.Equal(t, m{"enabled": true, "destinations": []string{"aws_s3_bucket.replica"}}, get(t, r, "replication"))
	assert.Equal(t, m{"enabled": true, "mode": "COMPLIANCE", "days": int64(30), "years": nil}, get(t, r, "object_lock"))
	assert.Equal(t, "private", get(t, r, "acl"))
	assert.Equal(t, l(m{"id": "archive", "enabled": true, "expiration_days": int64(365),
		"noncurrent_expiration_days": int64(90), "transitions": l(
			m{"days": int64(30), "storage_class": "STANDARD_IA"},
			m{"days": int64(90), "storage_class": "GLACIER"})}), get(t, r, "lifecycle.rules"))
	assert.Equal(t, m{"Version": "2012-10-17", "Statement": l(m{
		"Effect": "Deny", "Principal": "*", "Action": []string{"s3:*"},
		"Resource":  []string{"aws_s3_bucket.data", "aws_s3_bucket.data/*"},
		"Condition": m{"Bool": m{"aws:SecureTransport": "false"}},
	})}, get(t, r, "policy"))

	assert.Equal(t, inventory.Location{Kind: inventory.SourceTerraform, File: "s3.tf", StartLine: 1, EndLine: 4,
		Address: "aws_s3_bucket.data", Related: []string{
			"aws_s3_bucket_acl.data",
			"aws_s3_bucket_lifecycle_configuration.data",
			"aws_s3_bucket_logging.data",
			"aws_s3_bucket_object_lock_configuration.data",
			"aws_s3_bucket_policy.data",
			"aws_s3_bucket_replication_configuration.data",
			"aws_s3_bucket_server_side_encryption_configuration.data",
			"aws_s3_bucket_versioning.data",
		}}, r.Source)
	assert.Empty(t, v3[0].Source.Related)
}

func TestS3Defaults(t *testing.T) {
	rs := schemaValid(t, Adapt([]iac.Block{mb("aws_s3_bucket.b", m{"bucket": "acme"})}))
	r := resource(t, rs, "aws_s3_bucket.b")
	assert.Equal(t, m{
		"bucket":     "acme",
		"versioning": m{"enabled": false, "mfa_delete": false, "configured": false},
		"encryption": m{"enabled": true, "algorithm": "AES256", "kms_key_id": nil, "bucket_key_enabled": false,
			"configured": false},
		"public_access_block": m{"block_public_acls": true, "block_public_policy": true, "ignore_public_acls": true,
			"restrict_public_buckets": true, "configured": false},
		"logging":     m{"enabled": false, "target_bucket": nil, "target_prefix": nil},
		"policy":      nil,
		"replication": m{"enabled": false, "destinations": []string{}},
		"object_lock": m{"enabled": false, "mode": nil, "days": nil, "years": nil},
		"lifecycle":   m{"rules": []any{}},
		"acl":         nil,
	}, r.Attributes)
	assert.Empty(t, r.Unknown)
	assert.Equal(t, map[string]string{}, r.Tags)
}

// A child joins its bucket by address (what references to .id and .arn evaluate to), by a reader's
// leftover attribute suffix, by the bucket's name or by its ARN.
func TestS3JoinKeys(t *testing.T) {
	for _, ref := range []string{"aws_s3_bucket.b", "aws_s3_bucket.b.id", "aws_s3_bucket.b.bucket", "acme", "arn:aws:s3:::acme"} {
		t.Run(ref, func(t *testing.T) {
			rs := schemaValid(t, Adapt([]iac.Block{
				mb("aws_s3_bucket.b", m{"bucket": "acme"}),
				mb("aws_s3_bucket.other", m{"bucket": "other"}),
				mb("aws_s3_bucket_versioning.v", m{"bucket": ref, "versioning_configuration": l(m{"status": "Enabled"})}),
			}))
			require.Len(t, rs, 2)
			assert.Equal(t, true, get(t, resource(t, rs, "aws_s3_bucket.b"), "versioning.enabled"))
			assert.Equal(t, []string{"aws_s3_bucket_versioning.v"}, resource(t, rs, "aws_s3_bucket.b").Source.Related)
			assert.Equal(t, false, get(t, resource(t, rs, "aws_s3_bucket.other"), "versioning.enabled"))
		})
	}
}

func TestS3ChildSettings(t *testing.T) {
	bucket := mb("aws_s3_bucket.b", m{"bucket": "acme"})
	tests := []struct {
		name    string
		child   iac.Block
		path    string
		want    any
		unknown []string
	}{
		{
			name:  "versioning suspended",
			child: mb("aws_s3_bucket_versioning.v", m{"bucket": "aws_s3_bucket.b", "versioning_configuration": l(m{"status": "Suspended", "mfa_delete": "Enabled"})}),
			path:  "versioning", want: m{"enabled": false, "mfa_delete": true, "configured": true},
		},
		{
			name: "versioning status unknown",
			child: mb("aws_s3_bucket_versioning.v", m{"bucket": "aws_s3_bucket.b", "versioning_configuration": l(m{"status": nil})},
				"versioning_configuration.0.status"),
			path: "versioning", want: m{"enabled": nil, "mfa_delete": false, "configured": true},
			unknown: []string{"versioning.enabled"},
		},
		{
			name:  "versioning block unknown (dynamic)",
			child: mb("aws_s3_bucket_versioning.v", m{"bucket": "aws_s3_bucket.b"}, "versioning_configuration"),
			path:  "versioning.enabled", want: nil, unknown: []string{"versioning.enabled", "versioning.mfa_delete"},
		},
		{
			name: "encryption algorithm unknown: still encrypted",
			child: mb("aws_s3_bucket_server_side_encryption_configuration.e", m{"bucket": "aws_s3_bucket.b",
				"rule": l(m{"apply_server_side_encryption_by_default": l(m{})})},
				"rule.0.apply_server_side_encryption_by_default.0.sse_algorithm"),
			path: "encryption", want: m{"enabled": true, "algorithm": nil, "kms_key_id": nil, "bucket_key_enabled": false, "configured": true},
			unknown: []string{"encryption.algorithm"},
		},
		{
			name:  "public access block arguments default to false",
			child: mb("aws_s3_bucket_public_access_block.p", m{"bucket": "aws_s3_bucket.b", "block_public_acls": true}),
			path:  "public_access_block", want: m{"block_public_acls": true, "block_public_policy": false,
				"ignore_public_acls": false, "restrict_public_buckets": false, "configured": true},
		},
		{
			name: "public access block setting unknown",
			child: mb("aws_s3_bucket_public_access_block.p", m{"bucket": "aws_s3_bucket.b", "block_public_acls": true,
				"block_public_policy": true, "ignore_public_acls": true}, "restrict_public_buckets"),
			path: "public_access_block.restrict_public_buckets", want: nil,
			unknown: []string{"public_access_block.restrict_public_buckets"},
		},
		{
			name: "acl grants to everyone",
			child: mb("aws_s3_bucket_acl.a", m{"bucket": "aws_s3_bucket.b", "access_control_policy": l(m{"grant": l(
				m{"grantee": l(m{"type": "CanonicalUser", "id": "abc"}), "permission": "FULL_CONTROL"},
				m{"grantee": l(m{"type": "Group", "uri": allUsers}), "permission": "READ"},
			)})}),
			path: "acl", want: "public-read",
		},
		{
			name:  "policy that cannot be parsed",
			child: mb("aws_s3_bucket_policy.p", m{"bucket": "aws_s3_bucket.b", "policy": "{not json"}),
			path:  "policy", want: nil, unknown: []string{"policy"},
		},
		{
			name: "replication rule disabled",
			child: mb("aws_s3_bucket_replication_configuration.r", m{"bucket": "aws_s3_bucket.b",
				"rule": l(m{"status": "Disabled", "destination": l(m{"bucket": "arn:aws:s3:::dr"})})}),
			path: "replication", want: m{"enabled": false, "destinations": []string{}},
		},
		{
			name: "replication status unknown",
			child: mb("aws_s3_bucket_replication_configuration.r", m{"bucket": "aws_s3_bucket.b",
				"rule": l(m{"destination": l(m{"bucket": "arn:aws:s3:::dr"})})}, "rule.0.status"),
			path: "replication", want: m{"enabled": nil, "destinations": nil},
			unknown: []string{"replication.destinations", "replication.enabled"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := resource(t, schemaValid(t, Adapt([]iac.Block{bucket, tt.child})), "aws_s3_bucket.b")
			assert.Equal(t, tt.want, get(t, r, tt.path))
			if tt.unknown == nil {
				assert.Empty(t, r.Unknown)
			} else {
				assert.Equal(t, tt.unknown, r.Unknown)
			}
			assert.Equal(t, []string{tt.child.Address}, r.Source.Related)
		})
	}
}

// A child whose bucket cannot be told may belong to any bucket of its module: each of them has that
// setting unknown, never the default.
func TestS3UnattributableChild(t *testing.T) {
	rs := schemaValid(t, Adapt([]iac.Block{
		mb("module.a.aws_s3_bucket.one", m{"bucket": "one"}),
		mb("module.a.aws_s3_bucket.two", m{"bucket": "two"}),
		mb("module.b.aws_s3_bucket.three", m{"bucket": "three"}),
		mb("module.a.aws_s3_bucket_public_access_block.p", m{"bucket": nil, "block_public_acls": false}, "bucket"),
	}))
	for _, id := range []string{"module.a.aws_s3_bucket.one", "module.a.aws_s3_bucket.two"} {
		r := resource(t, rs, id)
		assert.Equal(t, []string{"public_access_block"}, r.Unknown, id)
		assert.Nil(t, get(t, r, "public_access_block"))
		assert.True(t, r.IsUnknown("public_access_block.block_public_acls"))
	}
	three := resource(t, rs, "module.b.aws_s3_bucket.three")
	assert.Empty(t, three.Unknown)
	assert.Equal(t, true, get(t, three, "public_access_block.block_public_acls"))
}

// A literal name that matches no bucket may be the name of a bucket whose name is unknown.
func TestS3UnknownBucketName(t *testing.T) {
	rs := schemaValid(t, Adapt([]iac.Block{
		mb("aws_s3_bucket.named", m{"bucket": "named"}),
		mb("aws_s3_bucket.var", m{"bucket": nil}, "bucket"),
		mb("aws_s3_bucket_versioning.v", m{"bucket": "from-a-variable", "versioning_configuration": l(m{"status": "Enabled"})}),
	}))
	v := resource(t, rs, "aws_s3_bucket.var")
	assert.Equal(t, []string{"bucket", "versioning"}, v.Unknown)
	assert.Equal(t, "var", v.Name, "the label names a bucket whose name is unknown")
	assert.Empty(t, resource(t, rs, "aws_s3_bucket.named").Unknown)
}

func TestS3GeneratedName(t *testing.T) {
	r := resource(t, schemaValid(t, Adapt([]iac.Block{mb("aws_s3_bucket.b", m{"bucket_prefix": "logs-"})})), "aws_s3_bucket.b")
	assert.Equal(t, "b", r.Name)
	assert.Equal(t, []string{"bucket"}, r.Unknown)
	assert.Nil(t, get(t, r, "bucket"))
}

// Two split resources that disagree on the same bucket leave the setting unknown; two that agree do not.
func TestS3ConflictingChildren(t *testing.T) {
	enc := func(addr, algo string) iac.Block {
		return mb(addr, m{"bucket": "aws_s3_bucket.b", "rule": l(m{"apply_server_side_encryption_by_default": l(m{"sse_algorithm": algo})})})
	}
	bucket := mb("aws_s3_bucket.b", m{"bucket": "acme"})
	r := resource(t, schemaValid(t, Adapt([]iac.Block{bucket, enc("aws_s3_bucket_server_side_encryption_configuration.x", "AES256"),
		enc("aws_s3_bucket_server_side_encryption_configuration.y", "aws:kms")})), "aws_s3_bucket.b")
	assert.Equal(t, []string{"encryption"}, r.Unknown)

	r = resource(t, schemaValid(t, Adapt([]iac.Block{bucket, enc("aws_s3_bucket_server_side_encryption_configuration.x", "aws:kms"),
		enc("aws_s3_bucket_server_side_encryption_configuration.y", "aws:kms")})), "aws_s3_bucket.b")
	assert.Empty(t, r.Unknown)
	assert.Equal(t, "aws:kms", get(t, r, "encryption.algorithm"))
}

// The split resource is authoritative over the computed inline mirror (as in plan JSON of provider v4+).
func TestS3ChildOverridesInline(t *testing.T) {
	r := resource(t, schemaValid(t, Adapt([]iac.Block{
		mb("aws_s3_bucket.b", m{"bucket": "acme", "versioning": nil}, "versioning"),
		mb("aws_s3_bucket_versioning.v", m{"bucket": "aws_s3_bucket.b", "versioning_configuration": l(m{"status": "Enabled"})}),
	})), "aws_s3_bucket.b")
	assert.Empty(t, r.Unknown)
	assert.Equal(t, true, get(t, r, "versioning.enabled"))
}

func TestS3InlineUnknown(t *testing.T) {
	r := resource(t, schemaValid(t, Adapt([]iac.Block{
		mb("aws_s3_bucket.b", m{"bucket": "acme", "versioning": l(m{"enabled": nil}), "acl": nil}, "versioning.0.enabled", "acl"),
	})), "aws_s3_bucket.b")
	assert.Equal(t, []string{"acl", "versioning.enabled"}, r.Unknown)
	assert.Equal(t, true, get(t, r, "versioning.configured"))
}

func TestS3InlineGrants(t *testing.T) {
	r := resource(t, schemaValid(t, Adapt([]iac.Block{
		mb("aws_s3_bucket.b", m{"bucket": "acme", "grant": l(
			m{"type": "Group", "uri": allUsers, "permissions": l("READ", "WRITE")})}),
	})), "aws_s3_bucket.b")
	assert.Equal(t, "public-read-write", get(t, r, "acl"))
}

func TestS3ObjectLockOnBucket(t *testing.T) {
	tests := []struct {
		attrs   m
		unknown []string
		want    any
	}{
		{m{"bucket": "a", "object_lock_enabled": true}, nil, true},
		{m{"bucket": "a", "object_lock_enabled": false}, nil, false},
		{m{"bucket": "a"}, []string{"object_lock_enabled"}, nil},
	}
	for _, tt := range tests {
		r := resource(t, schemaValid(t, Adapt([]iac.Block{mb("aws_s3_bucket.b", tt.attrs, tt.unknown...)})), "aws_s3_bucket.b")
		assert.Equal(t, tt.want, get(t, r, "object_lock.enabled"))
		assert.Equal(t, tt.want == nil, r.IsUnknown("object_lock.enabled"))
	}
}

func TestTags(t *testing.T) {
	b := mb("aws_s3_bucket.b", m{"bucket": "acme", "tags": m{"env": "prod", "cost": int64(42), "owner": nil}}, "tags.owner")
	b.DefaultTags = map[string]string{"env": "dev", "team": "platform"}
	r := resource(t, schemaValid(t, Adapt([]iac.Block{b})), "aws_s3_bucket.b")
	assert.Equal(t, map[string]string{"env": "prod", "team": "platform", "cost": "42"}, r.Tags)
	assert.Equal(t, []string{"tags"}, r.Unknown)
}

func TestDataBlocksAreNotResources(t *testing.T) {
	assert.Empty(t, schemaValid(t, Adapt([]iac.Block{db("data.aws_s3_bucket.b", m{"bucket": "acme"})})))
}

// Plan JSON writes "" for an acl left out next to an access_control_policy.
func TestS3ACLEmptyStringFallsBackToGrants(t *testing.T) {
	r := resource(t, schemaValid(t, Adapt([]iac.Block{
		mb("aws_s3_bucket.b", m{"bucket": "acme"}),
		mb("aws_s3_bucket_acl.a", m{"bucket": "aws_s3_bucket.b", "acl": "", "access_control_policy": l(m{"grant": l(
			m{"grantee": l(m{"type": "Group", "uri": authenticatedUsers}), "permission": "READ"})})}),
	})), "aws_s3_bucket.b")
	assert.Equal(t, "authenticated-read", get(t, r, "acl"))

	r = resource(t, schemaValid(t, Adapt([]iac.Block{
		mb("aws_s3_bucket.b", m{"bucket": "acme"}),
		mb("aws_s3_bucket_acl.a", m{"bucket": "aws_s3_bucket.b", "access_control_policy": l(m{"grant": l(
			m{"grantee": l(m{"type": "Group"}), "permission": "READ"})})}, "access_control_policy.0.grant.0.grantee.0.uri"),
	})), "aws_s3_bucket.b")
	assert.Equal(t, []string{"acl"}, r.Unknown)
}

// The S3 bucket module chains settings through another setting's id (bucket =
// aws_s3_bucket_policy.this[0].id), which AWS sets to the bucket's name. Such a setting joins the bucket,
// never silently falls back to the 2023 defaults (a false pass of S3.4 when it turns every block off).
func TestS3ChildThroughAnotherSettingsID(t *testing.T) {
	rs := schemaValid(t, Adapt([]iac.Block{
		mb("module.logs.aws_s3_bucket.this[0]", m{"bucket": "logs"}),
		mb("module.logs.aws_s3_bucket_policy.this[0]", m{"bucket": "module.logs.aws_s3_bucket.this[0]",
			"policy": `{"Statement":[]}`}),
		mb("module.logs.aws_s3_bucket_public_access_block.this[0]", m{
			"bucket":            "module.logs.aws_s3_bucket_policy.this[0]",
			"block_public_acls": false, "block_public_policy": false, "ignore_public_acls": false,
			"restrict_public_buckets": false}),
		// Followed through two settings, by the leftover-attribute form as well.
		mb("module.logs.aws_s3_bucket_versioning.this[0]", m{
			"bucket":                   "module.logs.aws_s3_bucket_public_access_block.this[0].id",
			"versioning_configuration": l(m{"status": "Enabled"})}),
	}))
	r := resource(t, rs, "module.logs.aws_s3_bucket.this[0]")
	assert.Empty(t, r.Unknown)
	assert.Equal(t, m{"block_public_acls": false, "block_public_policy": false, "ignore_public_acls": false,
		"restrict_public_buckets": false, "configured": true}, get(t, r, "public_access_block"))
	assert.Equal(t, true, get(t, r, "versioning.enabled"))
	assert.Equal(t, []string{
		"module.logs.aws_s3_bucket_policy.this[0]",
		"module.logs.aws_s3_bucket_public_access_block.this[0]",
		"module.logs.aws_s3_bucket_versioning.this[0]",
	}, r.Source.Related)
}

// A setting reached through an id that is not the bucket's name (an ACL's id is "bucket,acl"; a
// versioning resource's is "bucket,owner" once expected_bucket_owner is set), or through a setting whose
// own bucket is unknown, cannot be attributed: the family is unknown on the buckets of its module.
func TestS3ChildThroughOpaqueID(t *testing.T) {
	tests := []struct {
		name string
		via  iac.Block
	}{
		{"acl id", mb("module.a.aws_s3_bucket_acl.x", m{"bucket": "module.a.aws_s3_bucket.one", "acl": "private"})},
		{"owner-suffixed id", mb("module.a.aws_s3_bucket_versioning.x", m{"bucket": "module.a.aws_s3_bucket.one",
			"expected_bucket_owner": "111122223333", "versioning_configuration": l(m{"status": "Enabled"})})},
		{"alias with unknown bucket", mb("module.a.aws_s3_bucket_policy.x", m{"bucket": nil, "policy": `{}`}, "bucket")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs := schemaValid(t, Adapt([]iac.Block{
				mb("module.a.aws_s3_bucket.one", m{"bucket": "one"}),
				mb("module.a.aws_s3_bucket.two", m{"bucket": "two"}),
				mb("module.b.aws_s3_bucket.three", m{"bucket": "three"}),
				tt.via,
				mb("module.a.aws_s3_bucket_public_access_block.p", m{"bucket": tt.via.Address,
					"block_public_acls": false, "block_public_policy": false, "ignore_public_acls": false,
					"restrict_public_buckets": false}),
			}))
			for _, id := range []string{"module.a.aws_s3_bucket.one", "module.a.aws_s3_bucket.two"} {
				r := resource(t, rs, id)
				assert.True(t, r.IsUnknown("public_access_block.block_public_acls"), id)
			}
			three := resource(t, rs, "module.b.aws_s3_bucket.three")
			assert.Equal(t, true, get(t, three, "public_access_block.block_public_acls"))
		})
	}
}
