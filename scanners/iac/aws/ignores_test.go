package aws

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/scanners/iac"
)

func TestIgnoresFollowJoinedBlocks(t *testing.T) {
	bucket := mb("aws_s3_bucket.b", m{"bucket": "b"})
	bucket.Ignores = []inventory.Ignore{{Rule: "S3.5", Reason: "log bucket", File: "main.tf", Line: 1}}
	ver := mb("aws_s3_bucket_versioning.b", m{"bucket": "aws_s3_bucket.b", "versioning_configuration": l(m{"status": "Suspended"})})
	ver.Ignores = []inventory.Ignore{{Rule: "S3.1", Reason: "scratch", File: "main.tf", Line: 9}}

	got := resource(t, schemaValid(t, Adapt([]iac.Block{bucket, ver})), "aws_s3_bucket.b")
	assert.Equal(t, []inventory.Ignore{
		{Rule: "S3.5", Reason: "log bucket", File: "main.tf", Line: 1},
		{Rule: "S3.1", Reason: "scratch", File: "main.tf", Line: 9},
	}, got.Ignores)
}
