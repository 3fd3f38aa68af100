package engine

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/inventory"
)

// withoutGroups evaluates every rule in a query of its own, as before groups.
func withoutGroups(e *Engine) *Engine {
	plain := *e
	plain.groups = nil
	plain.groupOf = make([]int, len(e.rules))
	for i := range plain.groupOf {
		plain.groupOf[i] = -1
	}
	return &plain
}

// TestGroupedEvaluationMatchesRuleByRule checks that evaluating the rules of a service in one query
// gives the report that one query per rule gives, on the example estates' resources.
func TestGroupedEvaluationMatchesRuleByRule(t *testing.T) {
	ctx := context.Background()
	e, err := New(ctx, Options{})
	require.NoError(t, err)
	require.NotEmpty(t, e.groups)
	data, err := os.ReadFile(filepath.Join("testdata", "bench", "templates.json"))
	require.NoError(t, err)
	var resources []inventory.Resource
	require.NoError(t, json.Unmarshal(data, &resources))
	for _, frameworks := range [][]string{nil, {FrameworkCISAWS6}} {
		inv := inventory.New()
		inv.Resources = append([]inventory.Resource(nil), resources...)
		grouped, err := e.Evaluate(ctx, inv, EvalOptions{Frameworks: frameworks})
		require.NoError(t, err)
		plain, err := withoutGroups(e).Evaluate(ctx, inv, EvalOptions{Frameworks: frameworks})
		require.NoError(t, err)
		assert.Equal(t, plain, grouped, "frameworks %v", frameworks)
		assert.NotEmpty(t, grouped.Results)
	}
}

// TestGroupErrorNamesTheRule checks that a built-in error in one rule of a group stops the run with an
// error naming that rule alone, as without groups.
func TestGroupErrorNamesTheRule(t *testing.T) {
	ctx := context.Background()
	e, err := New(ctx, Options{PolicyDirs: []string{filepath.Join("testdata", "policies", "grouped")}, SkipBuiltin: true})
	require.NoError(t, err)
	require.Len(t, e.groups, 1, "acme.checks.s3.*")
	deep := strings.Repeat("[", 20000) + strings.Repeat("]", 20000)
	inv := inventory.New()
	inv.Resources = []inventory.Resource{{ID: "aws_s3_bucket.b", Type: inventory.TypeS3Bucket, Attributes: map[string]any{"policy_text": deep}}}
	_, err = e.Evaluate(ctx, inv, EvalOptions{})
	var perrs PolicyErrors
	require.ErrorAs(t, err, &perrs)
	require.Len(t, perrs, 1, err.Error())
	assert.Contains(t, perrs[0].Message, "rule G.2: evaluation failed")
	assert.Contains(t, perrs[0].Message, "json.unmarshal")

	// Without the failing input both rules run in the group.
	inv.Resources[0].Attributes = map[string]any{"policy_text": `{"Statement": [{"Action": "*"}]}`}
	rep, err := e.Evaluate(ctx, inv, EvalOptions{})
	require.NoError(t, err)
	require.Len(t, rep.Results, 2)
	assert.Equal(t, StatusFail, rep.Results[0].Status)
	assert.Equal(t, StatusFail, rep.Results[1].Status)
}
