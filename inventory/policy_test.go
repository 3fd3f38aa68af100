package inventory_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/inventory"
)

func TestParsePolicyDocument(t *testing.T) {
	doc, err := inventory.ParsePolicyDocument(`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":["a","b"],"Condition":{"NumericLessThan":{"s3:max-keys":10}}}}`)
	require.NoError(t, err)
	stmts := doc["Statement"].([]any)
	require.Len(t, stmts, 1)
	st := stmts[0].(map[string]any)
	assert.Equal(t, []string{"s3:*"}, st["Action"], "a single action becomes a list")
	assert.Equal(t, []string{"a", "b"}, st["Resource"])
	assert.Equal(t, int64(10), st["Condition"].(map[string]any)["NumericLessThan"].(map[string]any)["s3:max-keys"])

	for _, bad := range []string{`[]`, `{"Statement": 3}`, `{"Statement": [{"Action": [1]}]}`, `{} {}`, `{`} {
		_, err := inventory.ParsePolicyDocument(bad)
		assert.Error(t, err, bad)
	}
}
