package aws

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/scanners/iac"
)

// maybe marks a block as standing for an unknown number of instances, as the HCL reader does when count
// (or for_each) is unknown: the block may not exist at all.
func maybe(b iac.Block, meta string) iac.Block {
	b.Unknown = append(b.Unknown, meta)
	return b
}

// A setting that may not exist must agree with what applies without it; otherwise the bucket's setting is
// unknown, never the setting's values (an unknown count on a public access block that turns everything
// off is not a known failure, and one that repeats the defaults is not a known "configured").
func TestS3UncertainChild(t *testing.T) {
	bucket := mb("aws_s3_bucket.b", m{"bucket": "acme"})
	off := maybe(mb("aws_s3_bucket_public_access_block.p", m{"bucket": "aws_s3_bucket.b",
		"block_public_acls": false, "block_public_policy": false, "ignore_public_acls": false,
		"restrict_public_buckets": false}), "count")
	r := resource(t, schemaValid(t, Adapt([]iac.Block{bucket, off})), "aws_s3_bucket.b")
	assert.Equal(t, []string{"public_access_block"}, r.Unknown)
	assert.Equal(t, []string{"aws_s3_bucket_public_access_block.p"}, r.Source.Related)

	on := maybe(mb("aws_s3_bucket_public_access_block.p", m{"bucket": "aws_s3_bucket.b",
		"block_public_acls": true, "block_public_policy": true, "ignore_public_acls": true,
		"restrict_public_buckets": true}), "for_each")
	r = resource(t, schemaValid(t, Adapt([]iac.Block{bucket, on})), "aws_s3_bucket.b")
	assert.Equal(t, []string{"public_access_block.configured"}, r.Unknown)
	assert.Equal(t, true, get(t, r, "public_access_block.block_public_acls"))
	assert.Equal(t, true, get(t, r, "public_access_block.restrict_public_buckets"))

	// A certain setting decides; an uncertain one that agrees with it changes nothing.
	certain := mb("aws_s3_bucket_public_access_block.q", m{"bucket": "aws_s3_bucket.b",
		"block_public_acls": true, "block_public_policy": true, "ignore_public_acls": true,
		"restrict_public_buckets": true})
	r = resource(t, schemaValid(t, Adapt([]iac.Block{bucket, certain, on})), "aws_s3_bucket.b")
	assert.Empty(t, r.Unknown)
	assert.Equal(t, true, get(t, r, "public_access_block.configured"))
}

func TestUncertainListChildren(t *testing.T) {
	t.Run("security group rule", func(t *testing.T) {
		rs := schemaValid(t, Adapt([]iac.Block{
			mb("aws_security_group.g", m{"name": "g"}),
			maybe(mb("aws_security_group_rule.r", m{"security_group_id": "aws_security_group.g", "type": "ingress",
				"protocol": "tcp", "from_port": 22, "to_port": 22, "cidr_blocks": l("0.0.0.0/0")}), "count"),
		}))
		// The rule may not exist: it may follow the known rules (none here), it is not one of them.
		r := resource(t, rs, "aws_security_group.g")
		assert.Equal(t, []string{"ingress.0"}, r.Unknown)
		assert.Equal(t, l(), get(t, r, "ingress"))
		assert.Len(t, get(t, r, "possible_ingress"), 1)
		assert.False(t, r.IsUnknown("egress"))
	})
	t.Run("role policy attachment", func(t *testing.T) {
		rs := schemaValid(t, Adapt([]iac.Block{
			mb("aws_iam_role.r", m{"name": "r", "assume_role_policy": `{"Statement":[]}`}),
			maybe(mb("aws_iam_role_policy_attachment.a", m{"role": "aws_iam_role.r",
				"policy_arn": "arn:aws:iam::aws:policy/AdministratorAccess"}), "count"),
			maybe(mb("aws_iam_role_policy.p", m{"role": "aws_iam_role.r", "name": "p",
				"policy": `{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`}), "for_each"),
		}))
		r := resource(t, rs, "aws_iam_role.r")
		assert.True(t, r.IsUnknown("managed_policy_arns"))
		assert.True(t, r.IsUnknown("inline_policies"))
	})
	t.Run("aurora instances", func(t *testing.T) {
		cluster := mb("aws_rds_cluster.c", m{"cluster_identifier": "c", "engine": "aurora-postgresql"})
		inst := func(name string) iac.Block {
			return mb("aws_rds_cluster_instance."+name, m{"cluster_identifier": "aws_rds_cluster.c"})
		}
		rs := schemaValid(t, Adapt([]iac.Block{cluster, inst("a"), maybe(inst("b"), "count")}))
		r := resource(t, rs, "aws_rds_cluster.c")
		assert.True(t, r.IsUnknown("multi_az"))
		rs = schemaValid(t, Adapt([]iac.Block{cluster, inst("a"), inst("b"), maybe(inst("c"), "count")}))
		r = resource(t, rs, "aws_rds_cluster.c")
		require.False(t, r.IsUnknown("multi_az"))
		assert.Equal(t, true, get(t, r, "multi_az"))
	})
}
