package engine_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/engine"
	"github.com/vigil-audit/vigil/inventory"
)

// TestEvalOptionsDRReachesTheRules: a posture given as EvalOptions.DR (any value with the JSON of a
// dr.Posture) is what the DR rules judge; a posture resource without an id is an error, not a skip.
func TestEvalOptionsDRReachesTheRules(t *testing.T) {
	e, err := engine.New(context.Background(), engine.Options{})
	require.NoError(t, err)
	newInv := func() *inventory.Inventory {
		inv := inventory.New()
		inv.Resources = []inventory.Resource{{ID: "aws_dynamodb_table.t", Type: inventory.TypeDynamoDBTable, Name: "t",
			Attributes: map[string]any{}}}
		return inv
	}
	posture := map[string]any{"at": "2026-01-01T00:00:00Z", "resources": []any{map[string]any{
		"resource": "aws_dynamodb_table.t", "type": "aws.dynamodb.table", "tier": "gold", "system": nil,
		"assignment": "assigned", "objectives": map[string]any{
			"rpo":           map[string]any{"status": "pass", "objective": "1h", "achieved": "5m"},
			"min_retention": map[string]any{"status": "fail", "objective": "35d", "achieved": "none", "reason": "nothing keeps it"},
			"rto":           map[string]any{"status": "unknown", "objective": "4h", "achieved": "unknown", "reason": "no restore test evidence"},
		},
	}}}
	rep, err := e.Evaluate(context.Background(), newInv(), engine.EvalOptions{DR: posture})
	require.NoError(t, err)
	got := map[string]engine.Status{}
	for _, r := range rep.Results {
		got[r.RuleID] = r.Status
	}
	assert.Equal(t, engine.StatusPass, got["DR.1"])
	assert.Equal(t, engine.StatusUnknown, got["DR.2"])
	assert.Equal(t, engine.StatusFail, got["DR.3"])
	for _, id := range []string{"DR.4", "DR.5", "DR.6", "DR.7"} {
		assert.Equal(t, engine.StatusNotApplicable, got[id], id)
	}

	_, err = e.Evaluate(context.Background(), newInv(), engine.EvalOptions{DR: map[string]any{
		"resources": []any{map[string]any{"tier": "gold"}}}})
	require.ErrorContains(t, err, "a resource has no id")
	_, err = e.Evaluate(context.Background(), newInv(), engine.EvalOptions{DR: func() {}})
	require.ErrorContains(t, err, "encode DR posture")
}
