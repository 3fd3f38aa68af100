package main

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/engine"
	"github.com/vigil-audit/vigil/scanners"
)

// TestRealWorldPatterns scans hand-written reproductions of patterns from public Terraform (see
// testdata/patterns/README.md) and checks the result of each rule that a pattern decides.
func TestRealWorldPatterns(t *testing.T) {
	ctx := context.Background()
	eng, err := engine.New(ctx, engine.Options{})
	require.NoError(t, err)
	inv, err := scanners.ScanTerraform(ctx, "testdata/patterns", scanners.TerraformOptions{})
	require.NoError(t, err)
	// lookup(map, key, null) is valid Terraform: no evaluation error.
	require.True(t, inv.Complete(), "sources: %+v", inv.Sources)
	rep, err := eng.Evaluate(ctx, inv, engine.EvalOptions{})
	require.NoError(t, err)

	got := map[string]engine.Status{}
	for _, r := range rep.Results {
		got[r.ResourceID+" "+r.RuleID] = r.Status
	}
	for key, want := range map[string]engine.Status{
		// Public access block chained through aws_s3_bucket_policy.this[0].id: joined, so it fails.
		"module.logs.aws_s3_bucket.this[0] S3.4": engine.StatusFail,
		"module.logs.aws_s3_bucket.this[0] S3.6": engine.StatusPass,
		// The same module without the policy joins the block directly.
		"module.plain.aws_s3_bucket.this[0] S3.4": engine.StatusFail,
		// A block that may not exist neither fails nor passes.
		"aws_s3_bucket.maybe S3.4": engine.StatusUnknown,
		// The rule whose CIDR is unknown is for 5432: SSH, RDP and all-traffic are decided, the
		// database check is not; an unknown description changes nothing.
		"aws_security_group.app EC2.1": engine.StatusPass,
		"aws_security_group.app EC2.2": engine.StatusPass,
		"aws_security_group.app EC2.3": engine.StatusPass,
		"aws_security_group.app EC2.4": engine.StatusUnknown,
	} {
		assert.Equal(t, want, got[key], key)
	}
}
