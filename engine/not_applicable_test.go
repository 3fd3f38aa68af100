package engine_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/engine"
	"github.com/vigil-audit/vigil/inventory"
)

// TestSkippedResourcesAreNotApplicable: resources a built-in rule leaves aside on purpose are
// not_applicable, never pass, and are counted apart.
func TestSkippedResourcesAreNotApplicable(t *testing.T) {
	e, err := engine.New(context.Background(), engine.Options{})
	require.NoError(t, err)
	inv := inventory.New()
	inv.Sources = []inventory.Source{{Kind: inventory.SourceTerraform, Path: "."}}
	inv.Resources = []inventory.Resource{
		{ID: "aws_kms_key.sign", Type: inventory.TypeKMSKey, Name: "sign",
			Attributes: map[string]any{"key_spec": "RSA_2048", "key_usage": "SIGN_VERIFY", "rotation_enabled": false}},
		{ID: "aws_db_instance.member", Type: inventory.TypeRDSInstance, Name: "member",
			Attributes: map[string]any{"cluster_identifier": "aws_rds_cluster.main"}},
		{ID: "aws_db_instance.replica", Type: inventory.TypeRDSInstance, Name: "replica",
			Attributes: map[string]any{"replicate_source_db": "aws_db_instance.primary", "storage_encrypted": true,
				"multi_az": true, "deletion_protection": true}},
	}
	rep, err := e.Evaluate(context.Background(), inv, engine.EvalOptions{})
	require.NoError(t, err)
	got := map[string]engine.Status{}
	for _, r := range rep.Results {
		got[r.RuleID+" "+r.ResourceID] = r.Status
	}
	for _, key := range []string{
		"KMS.1 aws_kms_key.sign",
		"RDS.1 aws_db_instance.member", "RDS.2 aws_db_instance.member", "RDS.3 aws_db_instance.member",
		"RDS.4 aws_db_instance.member", "RDS.11 aws_db_instance.member", "RDS.2 aws_db_instance.replica",
	} {
		assert.Equal(t, engine.StatusNotApplicable, got[key], key)
	}
	assert.Equal(t, engine.StatusPass, got["RDS.1 aws_db_instance.replica"], "a replica's own encryption is judged")
	assert.Equal(t, 7, rep.Summary.ByStatus[engine.StatusNotApplicable])
	// Without a DR posture (EvalOptions.DR) the DR rules are not run: no result, not even not applicable.
	for key := range got {
		assert.NotRegexp(t, `^DR\.`, key)
	}
	for _, fs := range rep.Summary.Frameworks {
		// Only results of rules that map to a control of this framework count in its figures.
		mapped := map[engine.Status]int{}
		for _, r := range rep.Results {
			if len(r.Controls[fs.Framework]) > 0 {
				mapped[r.Status]++
			}
		}
		if fs.Framework != engine.FrameworkCISAWS6 { // a benchmark need not cover the rules judged here
			require.Positive(t, mapped[engine.StatusNotApplicable], fs.Framework)
		}
		assert.Equal(t, mapped[engine.StatusNotApplicable], fs.NotApplicable, fs.Framework)
		assert.Equal(t, mapped[engine.StatusPass], fs.Pass, "%s: not applicable is not counted as pass", fs.Framework)
	}
}

// TestControlStates: a control whose only results are waived is waived, not passing; one with only
// not applicable results is not assessed.
func TestControlStates(t *testing.T) {
	cat := &engine.Catalog{Framework: "fw", Controls: []engine.Control{{ID: "C-1"}, {ID: "C-2"}, {ID: "C-3"}, {ID: "C-4"}, {ID: "C-5"}}}
	rule := func(id, control string) engine.Rule {
		return engine.Rule{ID: id, Controls: map[string][]string{"fw": {control}}}
	}
	res := func(rule string, s engine.Status) engine.Result { return engine.Result{RuleID: rule, Status: s} }
	rep := &engine.Report{Complete: true,
		Rules: []engine.Rule{rule("W", "C-1"), rule("P", "C-2"), rule("N", "C-3"), rule("F", "C-4")},
		Results: []engine.Result{
			res("W", engine.StatusWaived), res("W", engine.StatusWaived),
			res("P", engine.StatusPass), res("P", engine.StatusWaived),
			res("N", engine.StatusNotApplicable),
			res("F", engine.StatusFail), res("F", engine.StatusWaived),
		}}
	var states []engine.ControlState
	for _, cs := range engine.ControlStatuses(rep, cat) {
		states = append(states, cs.State)
	}
	assert.Equal(t, []engine.ControlState{engine.ControlWaived, engine.ControlPassing, engine.ControlNotAssessed,
		engine.ControlFailing, engine.ControlManual}, states)
}
