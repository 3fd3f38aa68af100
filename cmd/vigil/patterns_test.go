package main

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/engine"
	"github.com/vigil-audit/vigil/inventory"
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
		// GitHub OIDC trust: the aud condition alone lets any GitHub repository in; a sub naming the
		// organisation narrows it; a sub pattern built from an unknown value may be "repo:*".
		"aws_iam_role.github_aud_only IAM.5":     engine.StatusFail,
		"aws_iam_role.github_repo IAM.5":         engine.StatusPass,
		"aws_iam_role.github_unknown_repo IAM.5": engine.StatusUnknown,
	} {
		assert.Equal(t, want, got[key], key)
	}
}

// TestUnresolvedSecurityGroupRule: a standalone rule whose security group is known only after apply (a
// reconstruction of Checkov's example_SecurityGroupUnrestrictedIngress22) must not hide a group's own
// open rule, in HCL and in the plan alike: a known open rule fails, the rule that may apply leaves
// unknown only what it could open.
func TestUnresolvedSecurityGroupRule(t *testing.T) {
	ctx := context.Background()
	eng, err := engine.New(ctx, engine.Options{})
	require.NoError(t, err)
	const dir = "testdata/sg_unresolved"
	hcl, err := scanners.ScanTerraform(ctx, dir, scanners.TerraformOptions{})
	require.NoError(t, err)
	plan, err := scanners.ScanPlan(ctx, dir+"/plan.json", scanners.PlanOptions{})
	require.NoError(t, err)
	want := map[string]engine.Status{
		"aws_security_group.ssh_world EC2.1":   engine.StatusFail,
		"aws_security_group.ssh_world EC2.2":   engine.StatusPass,
		"aws_security_group.ssh_world EC2.3":   engine.StatusPass,
		"aws_security_group.ssh_world EC2.4":   engine.StatusPass,
		"aws_security_group.ssh_private EC2.1": engine.StatusUnknown,
		"aws_security_group.ssh_private EC2.2": engine.StatusPass,
		"aws_security_group.ssh_private EC2.3": engine.StatusPass,
		"aws_security_group.ssh_private EC2.4": engine.StatusPass,
		// The rule that may apply opens port 22 only; neither group is a default group.
		"aws_security_group.ssh_world EC2.9":    engine.StatusPass,
		"aws_security_group.ssh_private EC2.9":  engine.StatusPass,
		"aws_security_group.ssh_world EC2.10":   engine.StatusNotApplicable,
		"aws_security_group.ssh_private EC2.10": engine.StatusNotApplicable,
	}
	for name, inv := range map[string]*inventory.Inventory{"hcl": hcl, "plan": plan} {
		t.Run(name, func(t *testing.T) {
			require.True(t, inv.Complete(), "sources: %+v", inv.Sources)
			rep, err := eng.Evaluate(ctx, inv, engine.EvalOptions{})
			require.NoError(t, err)
			got := map[string]engine.Status{}
			for _, r := range rep.Results {
				if strings.HasPrefix(r.RuleID, "EC2.") && strings.HasPrefix(r.ResourceID, "aws_security_group.") {
					got[r.ResourceID+" "+r.RuleID] = r.Status
				}
			}
			assert.Equal(t, want, got)
		})
	}
}

// TestPartlyUnknownCIDRList: a CIDR list with one entry known only after apply and another that is the
// whole internet is known to be open: the group fails; a list whose known entries are private stays unknown.
func TestPartlyUnknownCIDRList(t *testing.T) {
	ctx := context.Background()
	eng, err := engine.New(ctx, engine.Options{})
	require.NoError(t, err)
	inv, err := scanners.ScanTerraform(ctx, "testdata/sg_partial_cidrs", scanners.TerraformOptions{})
	require.NoError(t, err)
	require.True(t, inv.Complete(), "sources: %+v", inv.Sources)
	rep, err := eng.Evaluate(ctx, inv, engine.EvalOptions{})
	require.NoError(t, err)
	got := map[string]engine.Status{}
	for _, r := range rep.Results {
		if r.RuleID == "EC2.1" || r.RuleID == "EC2.2" {
			got[r.ResourceID+" "+r.RuleID] = r.Status
		}
	}
	assert.Equal(t, map[string]engine.Status{
		"aws_security_group.ssh_world EC2.1":   engine.StatusFail,
		"aws_security_group.ssh_world EC2.2":   engine.StatusPass,
		"aws_security_group.rdp_world EC2.1":   engine.StatusPass,
		"aws_security_group.rdp_world EC2.2":   engine.StatusFail,
		"aws_security_group.ssh_private EC2.1": engine.StatusUnknown,
		"aws_security_group.ssh_private EC2.2": engine.StatusPass,
	}, got)
}

// TestWorldCIDRSpellings: the AWS provider accepts any spelling of a network address, so "0::/0" and
// "0:0:0:0:0:0:0:0/0" open a group to the internet as "::/0" does; they passed EC2.1 before.
func TestWorldCIDRSpellings(t *testing.T) {
	ctx := context.Background()
	eng, err := engine.New(ctx, engine.Options{})
	require.NoError(t, err)
	inv, err := scanners.ScanTerraform(ctx, "testdata/sg_cidr_spellings", scanners.TerraformOptions{})
	require.NoError(t, err)
	require.True(t, inv.Complete(), "sources: %+v", inv.Sources)
	rep, err := eng.Evaluate(ctx, inv, engine.EvalOptions{})
	require.NoError(t, err)
	got := map[string]engine.Status{}
	for _, r := range rep.Results {
		if r.RuleID == "EC2.1" {
			got[r.ResourceID] = r.Status
		}
	}
	assert.Equal(t, map[string]engine.Status{
		"aws_security_group.v6_zero_prefix": engine.StatusFail,
		"aws_security_group.v6_expanded":    engine.StatusFail,
		"aws_security_group.v6_rule":        engine.StatusFail,
		"aws_security_group.private":        engine.StatusPass,
	}, got)
}
