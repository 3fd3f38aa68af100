package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/engine"
	"github.com/vigil-audit/vigil/scanners"
)

// sgStatuses maps "resource rule" to the status of the EC2 port rules on the security groups of rep.
func sgStatuses(results []engine.Result) map[string]engine.Status {
	got := map[string]engine.Status{}
	for _, r := range results {
		if strings.HasPrefix(r.RuleID, "EC2.") && strings.HasPrefix(r.ResourceID, "aws_security_group.") {
			got[r.ResourceID+" "+r.RuleID] = r.Status
		}
	}
	return got
}

// sgDynamicPartialWant: the static rule open to the internet fails EC2.1; what the dynamic block may add
// (any port, any CIDR) leaves every other port rule unknown.
var sgDynamicPartialWant = map[string]engine.Status{
	"aws_security_group.ssh_world EC2.1":   engine.StatusFail,
	"aws_security_group.ssh_world EC2.2":   engine.StatusUnknown,
	"aws_security_group.ssh_world EC2.3":   engine.StatusUnknown,
	"aws_security_group.ssh_world EC2.4":   engine.StatusUnknown,
	"aws_security_group.ssh_private EC2.1": engine.StatusUnknown,
	"aws_security_group.ssh_private EC2.2": engine.StatusUnknown,
	"aws_security_group.ssh_private EC2.3": engine.StatusUnknown,
	"aws_security_group.ssh_private EC2.4": engine.StatusUnknown,
	"aws_security_group.ssh_world EC2.9":   engine.StatusUnknown,
	"aws_security_group.ssh_private EC2.9": engine.StatusUnknown,
	// Neither is a VPC's default group.
	"aws_security_group.ssh_world EC2.10":   engine.StatusNotApplicable,
	"aws_security_group.ssh_private EC2.10": engine.StatusNotApplicable,
}

// TestDynamicBlockBesideStaticRules: a dynamic ingress block whose for_each is unknown must not hide the
// static ingress rule beside it (issue 8 item 6, case C): a known open rule fails, only what the dynamic
// block may add is unknown.
func TestDynamicBlockBesideStaticRules(t *testing.T) {
	ctx := context.Background()
	eng, err := engine.New(ctx, engine.Options{})
	require.NoError(t, err)
	inv, err := scanners.ScanTerraform(ctx, "testdata/sg_dynamic_partial", scanners.TerraformOptions{})
	require.NoError(t, err)
	require.True(t, inv.Complete(), "sources: %+v", inv.Sources)
	rep, err := eng.Evaluate(ctx, inv, engine.EvalOptions{})
	require.NoError(t, err)
	assert.Equal(t, sgDynamicPartialWant, sgStatuses(rep.Results))
}

// TestDynamicBlockBesideStaticRulesGate: through the CLI, the known failure gates the change (exit 1
// under --fail-on high), where it was reported unknown before.
func TestDynamicBlockBesideStaticRulesGate(t *testing.T) {
	code, stdout, stderr := runVigil(t, "scan", "testdata/sg_dynamic_partial", "--fail-on", "high", "--format", "json")
	require.Equal(t, exitGateFail, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
	assert.Contains(t, stderr, "failing finding(s) at or above high")
	var rep struct {
		Results []engine.Result `json:"results"`
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &rep))
	assert.Equal(t, sgDynamicPartialWant, sgStatuses(rep.Results))
}
