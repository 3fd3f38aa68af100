package terraform

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
	"github.com/vigil-audit/vigil/scanners/iac"
)

func load(t *testing.T, dir string, opts Options) *Result {
	t.Helper()
	res, err := Load(context.Background(), filepath.Join("testdata", dir), opts)
	require.NoError(t, err)
	return res
}

func blocks(res *Result) map[string]iac.Block {
	out := map[string]iac.Block{}
	for _, b := range res.Blocks {
		out[b.Address] = b
	}
	return out
}

func addresses(res *Result) []string {
	var out []string
	for _, b := range res.Blocks {
		out = append(out, b.Address)
	}
	return out
}

func issueMessages(res *Result) []string {
	var out []string
	for _, is := range res.Issues {
		out = append(out, is.String())
	}
	return out
}

func TestVariablesPrecedence(t *testing.T) {
	tests := []struct {
		name     string
		opts     Options
		bucket   string
		tags     map[string]any
		unknown  []string
		wantErr  string
		noIssues bool
	}{
		{
			name:   "defaults, tfvars and auto tfvars in lexical order",
			bucket: "tfvars-a-auto-y-b",
			tags:   map[string]any{"c": int64(3), "d": nil, "e": false, "size": int64(10), "missing": nil},
			// d has no value at all: the whole join is unknown.
			unknown: []string{"tags.d", "tags.missing"},
		},
		{
			name:    "var file then --var win",
			opts:    Options{VarFiles: []string{"testdata/vars/extra.tfvars"}, Vars: map[string]string{"e": "true", "a": "cli-a", "f": `{name = "n", size = 3}`}},
			bucket:  "cli-a-auto-y-b",
			tags:    map[string]any{"c": int64(4), "d": "p,q", "e": true, "size": int64(3), "missing": nil},
			unknown: []string{"tags.missing"},
		},
		{
			name:    "invalid --var expression",
			opts:    Options{Vars: map[string]string{"d": "[unclosed"}},
			wantErr: "invalid --var d",
		},
		{
			// Taken as written, as Terraform does: not an expression, where abc would be a variable.
			name:    "--var for a number is not a number",
			opts:    Options{Vars: map[string]string{"c": "abc"}},
			wantErr: `invalid --var c: invalid value for variable "c": a number is required`,
		},
		{
			name:    "--var for a bool is not a bool",
			opts:    Options{Vars: map[string]string{"e": "yes please"}},
			wantErr: `invalid --var e: invalid value for variable "e": a bool is required`,
		},
		{
			name:    "TF_VAR_ for a number is not a number",
			opts:    Options{EnvVars: map[string]string{"c": "abc"}},
			wantErr: `invalid TF_VAR_c: invalid value for variable "c": a number is required`,
		},
		{
			name:    "unreadable --var-file",
			opts:    Options{VarFiles: []string{"testdata/vars/nope.tfvars"}},
			wantErr: "nope.tfvars",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Load(context.Background(), "testdata/vars", tt.opts)
			if tt.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.wantErr)
				return
			}
			require.NoError(t, err)
			require.Len(t, res.Blocks, 1)
			b := res.Blocks[0]
			assert.Equal(t, tt.bucket, b.Attrs["bucket"])
			assert.Equal(t, tt.tags, b.Attrs["tags"])
			assert.Equal(t, tt.unknown, b.Unknown)
			assert.Empty(t, res.Issues)
		})
	}
}

func TestParseVars(t *testing.T) {
	v, err := ParseVars([]string{"a=b=c", "n=1"})
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"a": "b=c", "n": "1"}, v)
	for _, bad := range []string{"noequals", "=x"} {
		_, err := ParseVars([]string{bad})
		assert.Error(t, err, bad)
	}
}

func TestLocalsAnyOrder(t *testing.T) {
	res := load(t, "locals", Options{})
	b := blocks(res)["aws_s3_bucket.b"]
	assert.Equal(t, "APP-aws_kms_key.k", b.Attrs["bucket"])
	assert.Equal(t, map[string]any{"env": "prod", "Name": "APP-aws_kms_key.k"}, b.Attrs["tags"])
	require.Len(t, res.Issues, 1, issueMessages(res))
	assert.Contains(t, res.Issues[0].Message, "depends on itself")
}

func TestPolicyDocumentRendering(t *testing.T) {
	res := load(t, "policydoc", Options{})
	bs := blocks(res)
	policy, ok := bs["aws_s3_bucket_policy.b"].Attrs["policy"].(string)
	require.True(t, ok, "policy must be rendered")
	var doc map[string]any
	require.NoError(t, json.Unmarshal([]byte(policy), &doc))
	want := map[string]any{
		"Version": "2012-10-17",
		"Statement": []any{
			map[string]any{
				"Sid": "AllowRead", "Effect": "Allow",
				"Action":    []any{"s3:ListBucket", "s3:GetObject"},
				"Resource":  []any{"aws_s3_bucket.b/*", "aws_s3_bucket.b"},
				"Principal": map[string]any{"AWS": "arn:aws:iam::111122223333:root"},
				"Condition": map[string]any{"Bool": map[string]any{"aws:SecureTransport": "true"}},
			},
			map[string]any{"Effect": "Deny", "NotAction": "iam:*", "Resource": "*", "Principal": "*"},
			map[string]any{"Sid": "DynA", "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "arn:aws:kms:::key/a"},
			map[string]any{"Sid": "DynB", "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "arn:aws:kms:::key/b"},
		},
	}
	assert.Equal(t, want, doc)

	// A document built from an unknown value is rendered partly: the unknown resource is not guessed.
	u := bs["aws_iam_policy.u"]
	assert.Equal(t, map[string]any{"Version": "2012-10-17", "Statement": []any{
		map[string]any{"Effect": "Allow", "Action": "s3:*", "Resource": []any{nil}},
	}}, u.Attrs["policy"])
	assert.Equal(t, []string{"policy.Statement.0.Resource.0"}, u.Unknown)
	assert.Empty(t, res.Issues)
}

func TestPolicyDocumentSourceAndOverride(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "main.tf", `
data "aws_iam_policy_document" "base" {
  statement {
    sid       = "A"
    actions   = ["s3:GetObject"]
    resources = ["*"]
  }
  statement {
    sid       = "B"
    actions   = ["s3:PutObject"]
    resources = ["*"]
  }
}
data "aws_iam_policy_document" "merged" {
  source_policy_documents   = [data.aws_iam_policy_document.base.json]
  override_policy_documents = [jsonencode({ Statement = [{ Sid = "B", Effect = "Deny", Action = "s3:*", Resource = "*" }] })]
  statement {
    sid       = "A"
    actions   = ["s3:ListBucket"]
    resources = ["arn:aws:s3:::b"]
  }
  statement {
    actions   = ["sqs:SendMessage"]
    resources = ["&{aws:username}"]
  }
}
`)
	res, err := Load(context.Background(), dir, Options{})
	require.NoError(t, err)
	js := blocks(res)["data.aws_iam_policy_document.merged"].Attrs["json"].(string)
	var doc map[string]any
	require.NoError(t, json.Unmarshal([]byte(js), &doc))
	assert.Equal(t, []any{
		map[string]any{"Sid": "A", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b"},
		map[string]any{"Sid": "B", "Effect": "Deny", "Action": "s3:*", "Resource": "*"},
		map[string]any{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "${aws:username}"},
	}, doc["Statement"])
}

func TestCountForEachAddresses(t *testing.T) {
	res := load(t, "count_foreach", Options{})
	assert.Equal(t, []string{
		"aws_db_instance.replica[0]",
		"aws_db_instance.replica[1]",
		"aws_s3_bucket.list",
		`aws_s3_bucket.m["a"]`,
		`aws_s3_bucket.m["b"]`,
		`aws_security_group.this["db"]`,
		`aws_security_group.this["web"]`,
		"aws_ssm_parameter.p",
	}, addresses(res))
	bs := blocks(res)
	assert.Equal(t, "replica-1", bs["aws_db_instance.replica[1]"].Attrs["identifier"])
	assert.Equal(t, "beta", bs[`aws_s3_bucket.m["b"]`].Attrs["bucket"])
	assert.Equal(t, "alpha,beta", bs["aws_ssm_parameter.p"].Attrs["value"])
	assert.Equal(t, "aws_db_instance.replica[1]", bs["aws_ssm_parameter.p"].Attrs["type"])
	// for_each over a list is rejected by Terraform: reported, and the block kept with for_each unknown.
	assert.Contains(t, bs["aws_s3_bucket.list"].Unknown, "for_each")
	require.Len(t, res.Issues, 1)
	assert.Equal(t, inventory.Issue{Code: "eval", File: "main.tf", Line: 21, Column: 14,
		Message: "for_each must be a map or a set of strings, not a list: convert it with toset()"}, res.Issues[0])
}

func TestUnknownCountForEach(t *testing.T) {
	res := load(t, "unknown_foreach", Options{})
	bs := blocks(res)
	require.Len(t, bs, 3, addresses(res))
	sg := bs["aws_security_group.this"]
	assert.Equal(t, []string{"for_each", "name"}, sg.Unknown)
	assert.Equal(t, "static", sg.Attrs["description"])
	assert.Equal(t, []string{"count"}, bs["aws_instance.web"].Unknown)
	assert.Equal(t, []string{"count"}, bs["aws_instance.other"].Unknown)
	assert.Empty(t, res.Issues)
}

func TestDynamicBlocks(t *testing.T) {
	res := load(t, "dynamic", Options{})
	bs := blocks(res)
	web := bs["aws_security_group.web"]
	assert.Equal(t, []any{
		map[string]any{"from_port": int64(22), "to_port": int64(22), "cidr_blocks": []any{"10.0.0.0/24"}},
		map[string]any{"from_port": int64(443), "to_port": int64(443), "cidr_blocks": []any{"10.0.1.0/24"}},
		map[string]any{"from_port": int64(80), "to_port": int64(80), "cidr_blocks": []any{nil}},
	}, web.Attrs["ingress"])
	assert.Equal(t, []any{map[string]any{"from_port": int64(0), "to_port": int64(0)}}, web.Attrs["egress"])
	assert.Equal(t, []string{"ingress.2.cidr_blocks.0"}, web.Unknown)
	assert.True(t, web.IsUnknown("ingress.2.cidr_blocks.0"))

	unk := bs["aws_security_group.unk"]
	assert.Nil(t, unk.Attrs["ingress"])
	assert.Equal(t, []string{"ingress"}, unk.Unknown)
	assert.Empty(t, res.Issues)
}

func TestLocalModules(t *testing.T) {
	res := load(t, "modules_local", Options{})
	bs := blocks(res)
	assert.Equal(t, 3, res.Files)
	tests := []struct {
		addr  string
		attr  string
		want  any
		file  string
		start int
	}{
		{"module.net.module.sg.aws_security_group.this", "name", "alpha-sg", "modules/sg/main.tf", 7},
		{"module.net2.module.sg.aws_security_group.this", "name", "beta-sg", "modules/sg/main.tf", 7},
		{"module.net2.module.sg.aws_security_group.this", "ingress",
			[]any{map[string]any{"from_port": int64(80)}, map[string]any{"from_port": int64(443)}}, "modules/sg/main.tf", 7},
		{`module.many["x"].aws_vpc.this`, "tags", map[string]any{"Name": "x"}, "modules/net/main.tf", 12},
		{`module.many["y"].module.sg.aws_security_group.this`, "name", "y-sg", "modules/sg/main.tf", 7},
		{"aws_s3_bucket.uses_output", "bucket", "alpha-sg", "main.tf", 17},
		{"aws_s3_bucket.uses_output", "tags", map[string]any{
			"sg": "module.net2.module.sg.aws_security_group.this", "x": "x-sg", "miss": nil}, "main.tf", 17},
	}
	for _, tt := range tests {
		t.Run(tt.addr+"."+tt.attr, func(t *testing.T) {
			b, ok := bs[tt.addr]
			require.True(t, ok, addresses(res))
			assert.Equal(t, tt.want, b.Attrs[tt.attr])
			assert.Equal(t, tt.file, b.File)
			assert.Equal(t, tt.start, b.StartLine)
		})
	}
	assert.Equal(t, `module.many["x"].module.sg`, bs[`module.many["x"].module.sg.aws_security_group.this`].Module)
	assert.Len(t, res.Modules, 6)
	for _, m := range res.Modules {
		assert.True(t, m.Scanned, m.Address)
	}
	assert.Empty(t, res.Issues)
}

func TestModulesJSON(t *testing.T) {
	res := load(t, "modules_json", Options{})
	bs := blocks(res)
	assert.Equal(t, map[string]any{"Name": "prod"}, bs["module.net.aws_vpc.this"].Attrs["tags"])
	assert.Equal(t, ".terraform/modules/net/main.tf", bs["module.net.aws_vpc.this"].File)
	assert.Equal(t, map[string]any{"Name": "prod-sub"}, bs["module.net.module.sub.aws_subnet.this"].Attrs["tags"])
	assert.Equal(t, []ModuleCall{
		{Address: "module.gone", Source: "git::https://example.com/gone.git", Reason: reasonNotInstalled},
		{Address: "module.net", Source: "terraform-aws-modules/vpc/aws", Dir: ".terraform/modules/net", Scanned: true},
		{Address: "module.net.module.sub", Source: "./sub", Dir: ".terraform/modules/net/sub", Scanned: true},
	}, res.Modules)
	require.Len(t, res.Issues, 1)
	assert.Equal(t, "module", res.Issues[0].Code)
}

func TestUnresolvableModule(t *testing.T) {
	res := load(t, "module_unresolved", Options{})
	require.Len(t, res.Modules, 1)
	assert.False(t, res.Modules[0].Scanned)
	assert.NotEmpty(t, res.Modules[0].Reason)
	require.Len(t, res.Issues, 1)
	assert.Equal(t, inventory.Issue{Code: "module", File: "main.tf", Line: 1, Column: 1, Message: res.Issues[0].Message}, res.Issues[0])
	b := blocks(res)["aws_s3_bucket.b"]
	assert.Equal(t, []string{"bucket"}, b.Unknown)
}

func TestModuleCycle(t *testing.T) {
	res := load(t, "module_cycle", Options{})
	assert.Equal(t, []string{"module.a.aws_s3_bucket.b"}, addresses(res))
	// The message names the folders of the cycle, not the call's source ("calls . again").
	assert.Equal(t, []string{
		`modules/a/main.tf:1:1: module module.a.module.again (source "../a") not scanned: module cycle: modules/a calls itself`,
		`modules/c/main.tf:1:1: module module.b.module.c.module.b (source "../b") not scanned: ` +
			`module cycle: modules/b calls modules/c, which calls modules/b again`,
	}, issueMessages(res))
}

func TestProviders(t *testing.T) {
	res := load(t, "providers", Options{})
	bs := blocks(res)
	tags := map[string]string{"owner": "platform", "env": "prod"}
	tests := []struct {
		addr   string
		region string
		tags   map[string]string
	}{
		{"aws_s3_bucket.main", "eu-west-1", tags},
		{"aws_s3_bucket.replica", "eu-central-1", nil},
		{"aws_s3_bucket.unk", "", nil},
		{"module.child.aws_s3_bucket.c", "eu-west-1", tags},
		{"module.child_dr.aws_s3_bucket.c", "eu-central-1", nil},
	}
	for _, tt := range tests {
		t.Run(tt.addr, func(t *testing.T) {
			b, ok := bs[tt.addr]
			require.True(t, ok)
			assert.Equal(t, tt.region, b.Region)
			assert.Equal(t, tt.tags, b.DefaultTags)
		})
	}
	res = load(t, "providers", Options{Vars: map[string]string{"region": "us-east-2"}})
	assert.Equal(t, "us-east-2", blocks(res)["module.child.aws_s3_bucket.c"].Region)
}

func TestReferencesResolveToAddresses(t *testing.T) {
	res := load(t, "refs", Options{})
	bs := blocks(res)
	assert.Equal(t, "aws_kms_key.backup", bs["aws_backup_vault.v"].Attrs["kms_key_arn"])
	assert.Equal(t, `aws_s3_bucket.logs["a"]`, bs[`aws_s3_bucket_versioning.logs["a"]`].Attrs["bucket"])
	assert.Equal(t, []any{map[string]any{"status": "Enabled"}}, bs[`aws_s3_bucket_versioning.logs["b"]`].Attrs["versioning_configuration"])
	sel := bs["aws_backup_selection.s"]
	assert.Equal(t, "aws_backup_vault.v", sel.Attrs["plan_id"])
	assert.Equal(t, []any{`aws_s3_bucket.logs["a"]`, `aws_s3_bucket.logs["b"]`}, sel.Attrs["resources"])
	// key_id is not set in the configuration: computed by the provider, so unknown.
	assert.Equal(t, []string{"iam_role_arn", "name"}, sel.Unknown)
	assert.Empty(t, res.Issues)
}

func TestSyntaxErrorKeepsOtherFiles(t *testing.T) {
	res := load(t, "syntax_error", Options{})
	assert.Equal(t, []string{"aws_s3_bucket.ok"}, addresses(res))
	assert.Equal(t, 2, res.Files)
	require.Len(t, res.Issues, 1)
	is := res.Issues[0]
	assert.Equal(t, "parse", is.Code)
	assert.Equal(t, "bad.tf", is.File)
	assert.Equal(t, 4, is.Line)
	assert.Equal(t, 9, is.Column)
	assert.True(t, strings.HasPrefix(is.String(), "bad.tf:4:9: Invalid expression"), is.String())
}

func TestFunctions(t *testing.T) {
	res := load(t, "functions", Options{})
	bs := blocks(res)
	assert.JSONEq(t, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`,
		bs["aws_iam_policy.p"].Attrs["policy"].(string))
	f := bs["aws_ssm_parameter.f"]
	assert.Equal(t, map[string]any{
		"lookup": "dflt", "subnet": "10.0.2.0/24", "subnet6": "fd00:0:0:1::/64", "host": "10.0.1.5",
		"coalesce": "x", "len": int64(5), "one": "only", "sum": int64(6), "starts": true, "replaced": "a_b_c",
		"try": "fallback", "file": "file-content", "tmpl": "hello bob", "b64": "aGk=",
		"sha": "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881", "tonum": int64(5),
		"ws": "default", "merged": `{"a":1,"b":2}`, "flat": "a,b,c",
	}, f.Attrs["tags"])
	assert.Equal(t, "b", f.Attrs["type"])
	assert.Equal(t, []string{"description", "value"}, f.Unknown)
	require.Len(t, res.Issues, 1, issueMessages(res))
	assert.Equal(t, "main.tf", res.Issues[0].File)
	assert.Equal(t, 35, res.Issues[0].Line)
	assert.Contains(t, res.Issues[0].Message, "nosuchfunc")
}

func TestJSONConfig(t *testing.T) {
	res := load(t, "json_config", Options{})
	assert.Equal(t, []string{"aws_s3_bucket.j[0]", "aws_s3_bucket.j[1]"}, addresses(res))
	assert.Equal(t, "jsonbucket", res.Blocks[1].Attrs["bucket"])
	assert.Equal(t, "main.tf.json", res.Blocks[1].File)
}

func TestLoadErrors(t *testing.T) {
	_, err := Load(context.Background(), "testdata/does-not-exist", Options{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "testdata/does-not-exist")

	empty := t.TempDir()
	_, err = Load(context.Background(), empty, Options{})
	require.ErrorIs(t, err, ErrNoConfig)
}

func TestDeterministic(t *testing.T) {
	for _, dir := range []string{"modules_local", "policydoc", "count_foreach"} {
		a, _ := json.Marshal(load(t, dir, Options{}))
		b, _ := json.Marshal(load(t, dir, Options{}))
		assert.Equal(t, string(a), string(b), dir)
	}
}

func TestNaturalOrder(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "main.tf", `resource "aws_instance" "x" { count = 12 }`)
	res, err := Load(context.Background(), dir, Options{})
	require.NoError(t, err)
	require.Len(t, res.Blocks, 12)
	assert.Equal(t, "aws_instance.x[2]", res.Blocks[2].Address)
	assert.Equal(t, "aws_instance.x[11]", res.Blocks[11].Address)
}

func writeFile(t *testing.T, dir, name, content string) {
	t.Helper()
	require.NoError(t, os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644))
}

func TestModuleCountAndUnknownCount(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "main.tf", `
variable "n" {
  type = number
}
module "fixed" {
  source = "./m"
  count  = 2
  name   = "f${count.index}"
}
module "unk" {
  source = "./m"
  count  = var.n
  name   = "u"
}
resource "aws_s3_bucket" "out" {
  bucket = module.fixed[1].name
  tags   = { unk = module.unk[0].name, all = join(",", module.fixed[*].name) }
}
`)
	writeFile(t, dir, "m/main.tf", `
variable "name" {
  type = string
}
resource "aws_sqs_queue" "q" {
  name = var.name
  kms_master_key_id = sensitive("alias/aws/sqs")
}
output "name" {
  value = aws_sqs_queue.q.name
}
`)
	res, err := Load(context.Background(), dir, Options{})
	require.NoError(t, err)
	assert.Equal(t, []string{
		"aws_s3_bucket.out",
		"module.fixed[0].aws_sqs_queue.q",
		"module.fixed[1].aws_sqs_queue.q",
		"module.unk.aws_sqs_queue.q",
	}, addresses(res))
	bs := blocks(res)
	out := bs["aws_s3_bucket.out"]
	assert.Equal(t, "f1", out.Attrs["bucket"])
	assert.Equal(t, map[string]any{"unk": nil, "all": "f0,f1"}, out.Attrs["tags"])
	assert.Equal(t, []string{"tags.unk"}, out.Unknown)
	// sensitive(...) hides the value: unknown, and listed as sensitive.
	assert.Equal(t, []string{"count", "kms_master_key_id"}, bs["module.unk.aws_sqs_queue.q"].Unknown)
	assert.Nil(t, bs["module.fixed[0].aws_sqs_queue.q"].Attrs["kms_master_key_id"])
	assert.Equal(t, []string{"kms_master_key_id"}, bs["module.fixed[0].aws_sqs_queue.q"].Sensitive)
	assert.Empty(t, res.Issues)
}

func TestComputedAttributesAreUnknown(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "main.tf", `
variable "v" {
  default = "x"
}
locals {
  bucket = aws_s3_bucket.b
}
resource "aws_s3_bucket" "b" {
  for_each = toset(["a"])
  bucket   = "b"
}
resource "aws_s3_bucket_logging" "l" {
  for_each      = aws_s3_bucket.b
  bucket        = each.value.id
  target_bucket = each.value.bucket_domain_name
  target_prefix = local.bucket["a"].region
}
resource "aws_ssm_parameter" "typo" {
  name  = var.typo
  value = local.typo
}
`)
	res, err := Load(context.Background(), dir, Options{})
	require.NoError(t, err)
	l := blocks(res)[`aws_s3_bucket_logging.l["a"]`]
	assert.Equal(t, `aws_s3_bucket.b["a"]`, l.Attrs["bucket"])
	assert.Equal(t, []string{"target_bucket", "target_prefix"}, l.Unknown)
	// Undeclared variables and locals are configuration errors, reported with their position.
	require.Len(t, res.Issues, 2, issueMessages(res))
	assert.Equal(t, 19, res.Issues[0].Line)
	assert.Equal(t, 20, res.Issues[1].Line)
}

func TestHostileInputsDoNotHang(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "main.tf", `
resource "aws_s3_bucket" "big" {
  count  = 1e30
  bucket = file("/dev/zero")
}
resource "aws_s3_bucket" "fifo" {
  bucket = file("/dev/stdin")
}
module "self" {
  source = "./"
}
`)
	res, err := Load(context.Background(), dir, Options{})
	require.NoError(t, err)
	assert.Equal(t, []string{"aws_s3_bucket.big", "aws_s3_bucket.fifo"}, addresses(res))
	assert.Len(t, res.Issues, 2, issueMessages(res))
	// The devices are outside the scanned folder: unknown, with a warning each.
	require.Len(t, res.Warnings, 2)
	assert.Contains(t, res.Warnings[0].String(), `main.tf:4:12: file("/dev/zero") reads outside the scanned folder`)
	assert.Contains(t, res.Warnings[1].String(), `main.tf:7:12: file("/dev/stdin") reads outside the scanned folder`)
}

// A module argument may depend on an output of the same module that does not depend on it
// (terraform-aws-s3-bucket's examples): each module variable and output is its own node, as in Terraform.
func TestModuleArgumentUsesOwnOutput(t *testing.T) {
	res := load(t, "module_self_ref", Options{})
	assert.Empty(t, issueMessages(res))
	bs := blocks(res)
	pol, ok := bs["module.complete.aws_s3_bucket_policy.this[0]"]
	require.True(t, ok, addresses(res))
	require.IsType(t, "", pol.Attrs["policy"])
	assert.Contains(t, pol.Attrs["policy"], `"module.complete.aws_s3_bucket.this/*"`)
	assert.Empty(t, pol.Unknown)

	each, ok := bs[`module.each["a"].aws_s3_bucket_policy.this[0]`]
	require.True(t, ok, addresses(res))
	assert.Equal(t, `{"arn":"module.each[\"a\"].aws_s3_bucket.this"}`, each.Attrs["policy"])
}

// A variable that depends on itself through the module's outputs is a cycle, reported where the argument
// is written.
func TestModuleVariableCycle(t *testing.T) {
	res := load(t, "module_var_cycle", Options{})
	assert.Equal(t, []string{
		`main.tf:4:12: module.loop: variable "in" depends on itself (through the module's outputs)`,
		`main.tf:8:1: module.counted depends on itself: its count, for_each or a provider configuration refers to its own outputs`,
	}, issueMessages(res))
	p := blocks(res)["module.loop.aws_ssm_parameter.p"]
	assert.Contains(t, p.Unknown, "name")
}

// Variable validation blocks: a false condition on a known value is a located error with the block's
// error_message (at the value: the tfvars entry, the module argument, or the rule for a default); an
// unknown condition is not an error.
func TestVariableValidation(t *testing.T) {
	res := load(t, "validation", Options{})
	assert.Equal(t, []string{
		`main.tf:7:21: invalid value for variable "n": n must be positive, not -1.`,
		`main.tf:43:12: invalid value for variable "size": size must be at least 1. (validation rule at m/main.tf:4)`,
		`terraform.tfvars:1:13: invalid value for variable "from_file": from_file must not be bad. (validation rule at main.tf:36)`,
	}, issueMessages(res))

	// A value given with --var is checked too; one that passes is not reported.
	res = load(t, "validation", Options{Vars: map[string]string{"n": "3", "from_file": "good", "unknown": "long enough"}})
	assert.Equal(t, []string{
		`main.tf:43:12: invalid value for variable "size": size must be at least 1. (validation rule at m/main.tf:4)`,
	}, issueMessages(res))
	res = load(t, "validation", Options{Vars: map[string]string{"ok": "xyz"}})
	assert.Contains(t, issueMessages(res), `main.tf:24:21: invalid value for variable "ok": ok must start with a.`)
	assert.Contains(t, issueMessages(res), `main.tf:28:21: invalid value for variable "ok": ok must have 4 characters.`)
}

// An error_message that holds a sensitive value is not shown: the secret stays out of the report.
func TestVariableValidationSensitiveMessage(t *testing.T) {
	res := load(t, "validation_sensitive", Options{Vars: map[string]string{"token": "s3cr3t"}})
	msgs := issueMessages(res)
	require.Len(t, msgs, 1)
	assert.NotContains(t, msgs[0], "s3cr3t")
	assert.Contains(t, msgs[0], `invalid value for variable "token"`)
}

// A registry module that terraform init has not installed is an error that says how to fix it; with
// AcceptUninstalledModules it is a gap instead: still not evaluated (its outputs unknown, its resources
// absent), and only uninstalled remote modules are accepted, not a local module that is missing.
func TestUninstalledModule(t *testing.T) {
	const vpc = `main.tf:2:1: module module.vpc (source "terraform-aws-modules/vpc/aws") `
	const fix = "remote source not installed: run terraform init (or terraform get) so .terraform/modules holds it"
	missing := `main.tf:8:1: module module.missing (source "./missing") not scanned: read module directory: `

	res := load(t, "module_uninstalled", Options{})
	msgs := issueMessages(res)
	require.Len(t, msgs, 2)
	assert.Equal(t, vpc+"not scanned: "+fix, msgs[0])
	assert.True(t, strings.HasPrefix(msgs[1], missing), msgs[1])
	assert.Empty(t, res.Gaps)

	res = load(t, "module_uninstalled", Options{AcceptUninstalledModules: true})
	msgs = issueMessages(res)
	require.Len(t, msgs, 1)
	assert.True(t, strings.HasPrefix(msgs[0], missing), msgs[0])
	require.Len(t, res.Gaps, 1)
	assert.Equal(t, vpc+"not evaluated: its resources are not checked and its outputs are unknown; "+fix, res.Gaps[0].String())
	assert.Equal(t, "module", res.Gaps[0].Code)
	assert.Equal(t, []ModuleCall{
		{Address: "module.missing", Source: "./missing", Reason: res.Modules[0].Reason},
		{Address: "module.vpc", Source: "terraform-aws-modules/vpc/aws", Reason: fix, Gap: true},
	}, res.Modules)
	assert.Equal(t, []string{"aws_s3_bucket.b"}, addresses(res))
	assert.Equal(t, []string{"bucket"}, blocks(res)["aws_s3_bucket.b"].Unknown)
}

// A dynamic block whose for_each is unknown next to static blocks of its type keeps the static blocks:
// the list holds them and the path one past them is unknown (more may follow), at any depth. References
// see the list unknown, and data sources keep no partly known list.
func TestPartlyKnownBlockLists(t *testing.T) {
	res := load(t, "dynamic_partial", Options{})
	require.Empty(t, res.Issues)
	bs := blocks(res)

	sg := bs["aws_security_group.open"]
	assert.Equal(t, []any{map[string]any{
		"from_port": int64(22), "to_port": int64(22), "protocol": "tcp", "cidr_blocks": []any{"0.0.0.0/0"},
	}}, sg.Attrs["ingress"])
	assert.Equal(t, []any{map[string]any{
		"from_port": int64(443), "to_port": int64(443), "protocol": "tcp", "cidr_blocks": []any{"10.0.0.0/8"},
	}}, sg.Attrs["egress"])
	assert.Equal(t, []string{"egress.1", "ingress.1"}, sg.Unknown)
	assert.True(t, sg.MayHoldMore("ingress"))
	assert.True(t, sg.MayHoldMore("egress"))
	assert.False(t, sg.IsUnknown("ingress.0.cidr_blocks"))

	lc := bs["aws_s3_bucket_lifecycle_configuration.lc"]
	assert.Equal(t, []string{"rule.0.transition.1", "rule.1"}, lc.Unknown)
	assert.Equal(t, []string{"rule", "rule.0.transition"}, lc.PartlyKnownLists())
	closed := lc.CloseLists(func(p string) bool { return p == "rule.0.transition" })
	assert.Equal(t, []string{"rule"}, closed.Unknown, "closing a list closes the lists inside it")
	assert.Nil(t, closed.Attrs["rule"])
	assert.NotNil(t, lc.Attrs["rule"], "CloseLists copies")
	inner := lc.CloseLists(func(p string) bool { return p == "rule" })
	assert.Equal(t, []string{"rule.0.transition", "rule.1"}, inner.Unknown)

	ref := bs["aws_s3_bucket.ref"]
	assert.Equal(t, []string{"tags.first", "tags.n"}, ref.Unknown)

	doc := bs["data.aws_iam_policy_document.doc"]
	assert.Nil(t, doc.Attrs["statement"])
	assert.True(t, doc.IsUnknown("statement"))
	assert.True(t, doc.IsUnknown("json"))
	assert.Empty(t, doc.PartlyKnownLists())
}
