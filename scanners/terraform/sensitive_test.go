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

// TestSensitiveValuesEverywhere: a sensitive value in each place the evaluator inspects values is read
// without a panic (cty refuses to read a marked value) and never reaches a block.
func TestSensitiveValuesEverywhere(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"main.tf": `
variable "s" {
  sensitive = true
  default   = "PLANTED"
}
variable "m" {
  type      = map(string)
  sensitive = true
  default   = { k = "PLANTED" }
}
provider "aws" {
  region = sensitive("eu-PLANTED-1")
  default_tags {
    tags = sensitive({ a = "PLANTED" })
  }
}
locals {
  cond   = var.s == "x" ? "a" : "b"
  looked = lookup(var.m, "k", "none")
  merged = merge(var.m, { b = "c" })
  listed = [for k, v in var.m : "${k}=${v}"]
  tried  = try(var.m.nope, var.s)
  coal   = coalesce(var.s, "x")
  comp   = compact([var.s, ""])
  tmpl   = templatestring("$${x}", { x = var.s })
  doc    = jsonencode({ Statement = [{ Effect = "Allow", Action = "*", Resource = var.s }] })
  docall = jsonencode(sensitive({ Statement = [] }))
  yaml   = yamlencode({ a = var.s })
  n      = length(var.m)
  one    = one([var.s])
}
resource "aws_sqs_queue" "counted" {
  count = sensitive(2)
  name  = "q-${count.index}-${local.cond}"
}
resource "aws_sqs_queue" "each" {
  for_each = { for k, v in var.m : k => v }
  name     = "${each.key}-${each.value}"
  tags     = { looked = local.looked, tried = local.tried, coal = local.coal, tmpl = local.tmpl, yaml = local.yaml, one = local.one }
}
resource "aws_iam_policy" "p" {
  name   = join(",", concat(local.listed, local.comp, keys(local.merged)))
  policy = local.doc
}
resource "aws_iam_policy" "all" {
  name   = "all-${local.n}"
  policy = local.docall
}
resource "aws_security_group" "g" {
  name = "g"
  dynamic "ingress" {
    for_each = var.m
    content {
      description = ingress.value
      cidr_blocks = [ingress.key]
    }
  }
}
module "c" {
  source = "./c"
  count  = sensitive(1)
  v      = var.s
}
output "o" {
  value     = aws_sqs_queue.counted[*].name
  sensitive = true
}
`,
		"c/main.tf": `
variable "v" {}
resource "aws_sqs_queue" "q" {
  name = var.v
}
`,
	})
	res, err := Load(context.Background(), dir, Options{})
	require.NoError(t, err)
	out, err := json.Marshal(res)
	require.NoError(t, err)
	assert.NotContains(t, string(out), "PLANTED")
	assert.Len(t, res.Blocks, 7, "%v", addresses(res))
	// A for expression over a sensitive map is sensitive as a whole, as in Terraform.
	assert.Equal(t, []string{"main.tf:37:14: for_each must not be sensitive: its keys would be shown as instance addresses"},
		issueMessages(res))
}
