package terraform

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/scanners/iac"
)

// TestSensitiveValuesNeverLeaveEvaluation: the values of sensitive variables and outputs, of sensitive(),
// and everything derived from them are redacted in every block; rules see them as unknown.
func TestSensitiveValuesNeverLeaveEvaluation(t *testing.T) {
	res := load(t, "sensitive", Options{})
	out, err := json.Marshal(res)
	require.NoError(t, err)
	assert.NotContains(t, string(out), "PLANTED", "a sensitive value reached the blocks or issues")

	bs := blocks(res)
	tests := []struct {
		addr, path string
		want       any  // the value at path
		known      bool // else the path is unknown, and sensitive
	}{
		{"aws_s3_bucket.b", "bucket", nil, false},
		{"aws_s3_bucket.b", "tags.owner", nil, false},
		{"aws_s3_bucket.b", "tags.team", "platform", true},
		{"aws_s3_bucket.b", "object_lock_enabled", nil, false}, // a sensitive bool is unknown, not guessed
		{"aws_s3_bucket.b", "force_destroy", true, true},       // issensitive
		{"aws_s3_bucket.shown", "bucket", "shown", true},       // nonsensitive
		{"aws_s3_bucket.whole_map", "tags", nil, false},        // keys of a sensitive map are hidden too
		{"aws_s3_bucket_policy.json", "policy.Statement.0.Resource.0", nil, false},
		{"aws_s3_bucket_policy.json", "policy.Statement.0.Principal", "*", true},
		{"aws_iam_policy.p", "name", nil, false},
		{"aws_iam_policy.p", "policy.Statement.0.Resource.0", nil, false},
		{"aws_iam_policy.p", "policy.Statement.0.Action", "s3:GetObject", true},
		{"aws_s3_bucket_policy.heredoc", "policy.Statement.0.Resource.0", nil, false},
		{"aws_s3_bucket_policy.heredoc", "policy.Statement.0.Effect", "Allow", true},
		{`aws_sqs_queue.each["a"]`, "name", nil, false},
		{`aws_sqs_queue.each["b"]`, "name", "plain", true},
		{"aws_security_group.dyn", "ingress.0.cidr_blocks.0", nil, false},
		{"aws_security_group.dyn", "ingress.0.from_port", int64(22), true},
		{"module.m.aws_sqs_queue.inner", "name", nil, false},
		{"aws_sqs_queue.from_module", "name", nil, false},
		{"aws_sqs_queue.region", "name", nil, false}, // a data source's attribute keeps the sensitivity of its argument
		{"module.typed.aws_sqs_queue.q", "name", nil, false},
		{"module.typed.aws_sqs_queue.q", "tags.b", "y", true},
	}
	for _, tt := range tests {
		t.Run(tt.addr+" "+tt.path, func(t *testing.T) {
			b, ok := bs[tt.addr]
			require.True(t, ok, "no block %s in %v", tt.addr, addresses(res))
			v, _ := inventory.ValueAt(b.Attrs, tt.path)
			assert.Equal(t, tt.want, v)
			assert.Equal(t, !tt.known, b.IsUnknown(tt.path), "unknown paths: %v", b.Unknown)
			if !tt.known && !strings.HasPrefix(tt.path, "policy.") {
				assert.True(t, b.IsSensitive(tt.path), "sensitive paths: %v", b.Sensitive)
			}
		})
	}
	assert.Equal(t, map[string]string{"deploy": iac.Redacted, "env": "prod"}, bs["aws_s3_bucket.b"].DefaultTags)

	// A sensitive for_each is refused, as by Terraform: its keys would become addresses.
	keys, ok := bs["aws_sqs_queue.keys"]
	require.True(t, ok)
	assert.True(t, keys.IsUnknown("for_each"))
	assert.Contains(t, issueMessages(res), "main.tf:78:14: for_each must not be sensitive: its keys would be shown as instance addresses")
}

// TestSensitiveValuesLeaveNoTraceInMessages: an expression that fails on a sensitive value is reported
// without the message a function may have built from it.
func TestSensitiveValuesLeaveNoTraceInMessages(t *testing.T) {
	dir := writeFiles(t, map[string]string{"main.tf": `
variable "secret" {
  type      = string
  sensitive = true
  default   = "PLANTED-SECRET"
}
resource "aws_s3_bucket" "a" {
  bucket = cidrhost("${var.secret}-x", 1)
}
resource "aws_s3_bucket" "b" {
  bucket = cidrhost("PLAIN", 1)
}
`})
	res, err := Load(context.Background(), dir, Options{})
	require.NoError(t, err)
	assert.Equal(t, []string{
		"main.tf:8:12: Error in function call: The message is not shown: the expression reads a sensitive value.",
		`main.tf:11:12: Error in function call: Call to function "cidrhost" failed: invalid CIDR: netip.ParsePrefix("PLAIN"): no '/'.`,
	}, issueMessages(res))
}
