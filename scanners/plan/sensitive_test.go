package plan

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSensitiveValuesAreRedacted: a plan holds sensitive values in clear, marked by sensitive_values
// (planned values) and after_sensitive (changes); none reaches the blocks, and their paths are unknown.
func TestSensitiveValuesAreRedacted(t *testing.T) {
	res := load(t, "sensitive.json")
	out, err := json.Marshal(res)
	require.NoError(t, err)
	assert.NotContains(t, string(out), "PLANTED")

	bs := blocksOf(res)
	tests := []struct {
		addr, path string
		sensitive  []string
	}{
		{"aws_s3_bucket.b", "bucket", []string{"bucket", "tags.owner"}},
		{"aws_s3_bucket_policy.p", "policy", []string{"bucket", "policy"}},
		{"aws_db_instance.db", "password", []string{"password"}},
	}
	for _, tt := range tests {
		b, ok := bs[tt.addr]
		require.True(t, ok, tt.addr)
		assert.Equal(t, tt.sensitive, b.Sensitive, tt.addr)
		for _, p := range tt.sensitive {
			assert.True(t, b.IsUnknown(p), "%s %s", tt.addr, p)
		}
	}
	assert.Equal(t, "platform", bs["aws_s3_bucket.b"].Attrs["tags"].(map[string]any)["team"])
	assert.Equal(t, "eu-west-1", bs["aws_s3_bucket.b"].Region)
}

// TestDeepNestingIsLocated: encoding/json refuses nesting deeper than 10,000 levels; the error names the
// file, line and column rather than overflowing the stack.
func TestDeepNestingIsLocated(t *testing.T) {
	path := filepath.Join(t.TempDir(), "plan.json")
	src := "{\"format_version\": \"1.2\",\n\"planned_values\": " + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + "}"
	require.NoError(t, os.WriteFile(path, []byte(src), 0o600))
	_, err := Load(path)
	require.ErrorIs(t, err, ErrMalformed)
	assert.Equal(t, path+":2:10018: malformed plan JSON: invalid character '[' exceeded max depth", err.Error())
}
