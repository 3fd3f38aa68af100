package plan

import (
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/scanners/iac"
)

// blocksOf indexes the blocks of a result by address.
func blocksOf(res *Result) map[string]iac.Block {
	out := map[string]iac.Block{}
	for _, b := range res.Blocks {
		out[b.Address] = b
	}
	return out
}

func load(t *testing.T, name string) *Result {
	t.Helper()
	res, err := Load(filepath.Join("testdata", name))
	require.NoError(t, err)
	return res
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		file string
		is   error
		want string
	}{
		{"unsupported_version.json", ErrUnsupportedVersion,
			`testdata/unsupported_version.json: unsupported plan format_version "2.0" (want 1.x)`},
		{"missing_version.json", ErrUnsupportedVersion,
			"testdata/missing_version.json: unsupported plan format_version: format_version is missing"},
		// The stray comma before } on line 8.
		{"malformed.json", ErrMalformed, "testdata/malformed.json:8:35: malformed plan JSON: invalid character '}'"},
		// The value's first character: an object where resource_changes is an array.
		{"wrong_shape.json", ErrMalformed,
			"testdata/wrong_shape.json:5:23: malformed plan JSON: resource_changes: JSON object where the plan format has an array"},
		{"state.json", ErrNotPlan, "testdata/state.json: not a Terraform plan: it holds state values"},
		{"absent.json", nil, "read plan testdata/absent.json"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			_, err := Load(filepath.Join("testdata", tt.file))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			if tt.is != nil {
				assert.ErrorIs(t, err, tt.is)
			}
		})
	}
}

func TestParseErrorPositions(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"syntax", "{\n  \"format_version\": \"1.2\",\n  \"x\": ]\n}", "p.json:3:8: malformed plan JSON"},
		{"truncated", "{\n  \"format_version\": \"1.2\",\n  \"planned_values\": {", "p.json:3:21: malformed plan JSON"},
		{"trailing", `{"format_version": "1.2"} x`, "p.json:1:27: malformed plan JSON"},
		{"utf8 column", "{\"é\": \"ü\", x}", "p.json:1:12: malformed plan JSON"},
		// A document that is not an object is not a plan: said plainly, without a Go type.
		{"array", `[1, 2]`, "p.json: not a Terraform plan: top-level JSON value is an array, want an object"},
		{"string", ` "plan"`, "p.json: not a Terraform plan: top-level JSON value is a string, want an object"},
		{"number", `12`, "p.json: not a Terraform plan: top-level JSON value is a number, want an object"},
		{"null", `null`, "p.json: not a Terraform plan: top-level JSON value is null, want an object"},
		// The decoder reports the end of a literal that has the wrong type (the start of an object).
		{"version type", `{"format_version": 1.2}`,
			"p.json:1:22: malformed plan JSON: format_version: JSON number where the plan format has a string"},
		{"bad version", `{"format_version": "one"}`, `unsupported plan format_version "one"`},
		{"major only", `{"format_version": "1"}`, `unsupported plan format_version "1"`},
		{"version 0", `{"format_version": "0.1", "planned_values": {}}`, `unsupported plan format_version "0.1"`},
		{"no plan content", `{"format_version": "1.2"}`, "not a Terraform plan: no planned_values or resource_changes"},
		// A second key would win silently: an errored plan would read as a clean one.
		{"duplicate key", "{\"format_version\": \"1.2\", \"errored\": true,\n \"planned_values\": {}, \"errored\": false}",
			`p.json:2:24: malformed plan JSON: /errored: duplicate key "errored" at line 2, column 24 (the first is at line 1, column 27)`},
		{"nested duplicate key", `{"format_version": "1.2", "resource_changes": [{"address": "a", "address": "b"}]}`,
			`p.json:1:65: malformed plan JSON: /resource_changes/0/address: duplicate key "address"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parse("p.json", []byte(tt.src))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestFormatVersions(t *testing.T) {
	for _, v := range []string{"1.0", "1.1", "1.2", "1.3"} {
		t.Run(v, func(t *testing.T) {
			res, err := parse("p.json", []byte(`{"format_version": "`+v+`", "terraform_version": "1.9.0", "resource_changes": []}`))
			require.NoError(t, err)
			assert.Equal(t, v, res.FormatVersion)
			assert.Equal(t, "1.9.0", res.TerraformVersion)
			assert.Equal(t, v == "1.3", res.NewerFormat)
		})
	}
}

// TestEquivBlocks checks the blocks of a plan where every resource is created: module addresses,
// references resolved to addresses, computed attributes dropped, provider region and default tags.
func TestEquivBlocks(t *testing.T) {
	res := load(t, filepath.Join("equiv", "plan.json"))
	assert.Empty(t, res.Issues)
	assert.Equal(t, "1.9.8", res.TerraformVersion)
	bs := blocksOf(res)
	require.Len(t, bs, 37)

	tests := []struct {
		addr, path string
		want       any
	}{
		// A reference to an id or arn that is known only after apply is the referenced address.
		{"aws_s3_bucket_versioning.data", "bucket", "aws_s3_bucket.data"},
		{"aws_s3_bucket_server_side_encryption_configuration.data",
			"rule.0.apply_server_side_encryption_by_default.0.kms_master_key_id", "aws_kms_key.data"},
		{"aws_s3_bucket_logging.data", "target_bucket", "aws_s3_bucket.logs"},
		// x[count.index] and each.value select the instance with the same key.
		{"aws_s3_bucket_versioning.replica[1]", "bucket", "aws_s3_bucket.replica[1]"},
		{`aws_s3_bucket_public_access_block.team["red"]`, "bucket", `aws_s3_bucket.team["red"]`},
		// Module variables and outputs are followed.
		{"module.archive[1].aws_s3_bucket_server_side_encryption_configuration.this",
			"rule.0.apply_server_side_encryption_by_default.0.kms_master_key_id", "aws_kms_key.data"},
		{"module.archive[1].aws_s3_bucket_versioning.this", "bucket", "module.archive[1].aws_s3_bucket.this"},
		{`module.sg["web"].aws_security_group.this`, "vpc_id", "aws_vpc.main"},
		{`module.sg["api"].aws_vpc_security_group_ingress_rule.https`, "security_group_id",
			`module.sg["api"].aws_security_group.this`},
		{`module.sg["api"].aws_vpc_security_group_ingress_rule.https`, "from_port", int64(8443)},
		{"aws_instance.web", "vpc_security_group_ids", []any{`module.sg["web"].aws_security_group.this`}},
		// Lists of references are assigned in order.
		{"aws_backup_selection.main", "resources", []any{"aws_db_instance.main", "aws_s3_bucket.data"}},
		{"aws_backup_selection.main", "plan_id", "aws_backup_plan.main"},
		// A reference to another attribute keeps the planned value.
		{"aws_backup_plan.main", "rule.0.target_vault_name", "main"},
		{"aws_iam_role_policy_attachment.backup", "role", "backup"},
		{"aws_s3_bucket.data", "tags", map[string]any{"app": "payments"}},
		{"aws_db_instance.main", "allocated_storage", int64(20)},
	}
	for _, tt := range tests {
		t.Run(tt.addr+"."+tt.path, func(t *testing.T) {
			b, ok := bs[tt.addr]
			require.True(t, ok, "block %s", tt.addr)
			v, ok := getPath(b.Attrs, tt.path)
			require.True(t, ok, "%s has no %s: %v", tt.addr, tt.path, b.Attrs)
			assert.Equal(t, tt.want, v)
			assert.False(t, b.IsUnknown(tt.path), "%s still unknown", tt.path)
		})
	}

	bucket := bs["aws_s3_bucket.data"]
	assert.Equal(t, "", bucket.Module)
	assert.Equal(t, "data", bucket.Name)
	assert.Equal(t, iac.ModeManaged, bucket.Mode)
	assert.Equal(t, "", bucket.File)
	assert.Equal(t, "eu-west-1", bucket.Region)
	assert.Equal(t, map[string]string{"owner": "platform"}, bucket.DefaultTags)
	// Legacy inline settings the configuration does not set are dropped, not unknown.
	for _, attr := range []string{"versioning", "server_side_encryption_configuration", "logging", "acl", "policy",
		"grant", "lifecycle_rule", "object_lock_enabled", "region"} {
		assert.NotContains(t, bucket.Attrs, attr)
		assert.False(t, bucket.IsUnknown(attr), attr)
	}
	// Computed attributes the adapters do not read stay unknown.
	assert.True(t, bucket.IsUnknown("arn"))
	assert.True(t, bucket.IsUnknown("bucket_domain_name"))

	logs := bs["aws_s3_bucket.logs"]
	assert.NotContains(t, logs.Attrs, "bucket")
	assert.False(t, logs.IsUnknown("bucket"), "a generated name is left to the adapter")

	sg := bs[`module.sg["web"].aws_security_group.this`]
	assert.Equal(t, `module.sg["web"]`, sg.Module)
	assert.NotContains(t, sg.Attrs, "ingress")
	assert.False(t, sg.IsUnknown("ingress"))

	db := bs["aws_db_instance.main"]
	for _, attr := range []string{"backup_retention_period", "multi_az"} {
		assert.False(t, db.IsUnknown(attr), attr)
		assert.NotContains(t, db.Attrs, attr)
	}
	assert.True(t, db.IsUnknown("endpoint"))

	web := bs["aws_instance.web"]
	assert.Equal(t, []any{map[string]any{"http_protocol_ipv6": "disabled", "http_tokens": "required"}},
		web.Attrs["metadata_options"])
	assert.False(t, web.IsUnknown("metadata_options.0.http_endpoint"))
	assert.False(t, web.IsUnknown("root_block_device"))
	assert.True(t, web.IsUnknown("public_ip"))

	role := bs["aws_iam_role.backup"]
	assert.NotContains(t, role.Attrs, "managed_policy_arns")
	assert.False(t, role.IsUnknown("inline_policy"))
}

// TestChangesBlocks reads a plan of an existing environment: updates, no-ops, a replacement, a deletion,
// data sources.
func TestChangesBlocks(t *testing.T) {
	res := load(t, "changes.json")
	assert.Empty(t, res.Issues)
	assert.Equal(t, map[string][]string{
		"aws_db_instance.main":  {"no-op"},
		"aws_kms_key.data":      {"no-op"},
		"aws_s3_bucket.data":    {"update"},
		"aws_s3_bucket.logs":    {"create"},
		"aws_s3_bucket.replica": {"no-op"},
		"aws_s3_bucket_server_side_encryption_configuration.data": {"update"},
		"aws_s3_bucket_versioning.data":                           {"no-op"},
		"aws_s3_bucket_versioning.replica":                        {"create"},
		"aws_security_group.bastion":                              {"delete", "create"},
		"aws_security_group.old":                                  {"delete"},
		"data.aws_iam_policy_document.read":                       {"read"},
	}, res.Actions)
	bs := blocksOf(res)
	assert.NotContains(t, bs, "aws_security_group.old", "a deleted resource is no block")

	// Known values set by reference to an id or arn become the referenced address, as in HCL.
	assert.Equal(t, "aws_s3_bucket.data", bs["aws_s3_bucket_versioning.data"].Attrs["bucket"])
	assert.Equal(t, "aws_s3_bucket.replica", bs["aws_s3_bucket_versioning.replica"].Attrs["bucket"])
	v, _ := getPath(bs["aws_s3_bucket_server_side_encryption_configuration.data"].Attrs,
		"rule.0.apply_server_side_encryption_by_default.0.kms_master_key_id")
	assert.Equal(t, "aws_kms_key.data", v)
	assert.Equal(t, "aws_kms_key.data", bs["aws_db_instance.main"].Attrs["kms_key_id"])
	// A known value that is not the referenced id stays: the bucket's own id is its name.
	assert.Equal(t, "acme-data", bs["aws_s3_bucket.data"].Attrs["id"])

	// What the provider read back into the legacy inline settings is not taken on update either.
	bucket := bs["aws_s3_bucket.data"]
	for _, attr := range []string{"versioning", "server_side_encryption_configuration", "grant", "request_payer"} {
		assert.NotContains(t, bucket.Attrs, attr)
	}
	assert.Equal(t, map[string]any{"app": "payments", "tier": "gold"}, bucket.Attrs["tags"])
	// default_tags = local.tags cannot be read from the configuration: read back from tags_all.
	assert.Equal(t, map[string]string{"env": "prod", "team": "storage"}, bucket.DefaultTags)
	assert.Equal(t, map[string]string{"env": "prod", "team": "storage"}, bs["aws_s3_bucket_versioning.data"].DefaultTags)

	// The alias provider's region; a root variable's value for the default provider.
	assert.Equal(t, "eu-central-1", bs["aws_s3_bucket.replica"].Region)
	assert.Equal(t, "eu-central-1", bs["aws_s3_bucket_versioning.replica"].Region)
	assert.Equal(t, "eu-west-1", bucket.Region)

	// A replacement's configured inline rules are kept.
	sg := bs["aws_security_group.bastion"]
	v, _ = getPath(sg.Attrs, "ingress.0.cidr_blocks")
	assert.Equal(t, []any{"0.0.0.0/0"}, v)
	assert.Equal(t, "vpc-0fedcba9876543210", sg.Attrs["vpc_id"])

	// Known values from the state are kept.
	assert.Equal(t, int64(7), bs["aws_db_instance.main"].Attrs["backup_retention_period"])

	// Data sources: read while planning (prior state), or deferred to apply (a read change).
	caller := bs["data.aws_caller_identity.current"]
	assert.Equal(t, iac.ModeData, caller.Mode)
	assert.Equal(t, "111122223333", caller.Attrs["account_id"])
	doc := bs["data.aws_iam_policy_document.read"]
	assert.Equal(t, iac.ModeData, doc.Mode)
	assert.True(t, doc.IsUnknown("json"))
	v, _ = getPath(doc.Attrs, "statement.0.resources")
	assert.Equal(t, []any{"aws_s3_bucket.logs"}, v)
}

func TestV3InlineBlocks(t *testing.T) {
	res := load(t, "v3_inline.json")
	assert.Empty(t, res.Issues)
	bs := blocksOf(res)
	data := bs["aws_s3_bucket.data"]
	assert.Equal(t, "us-east-1", data.Region)
	assert.Nil(t, data.DefaultTags)
	assert.Equal(t, []any{map[string]any{"enabled": true, "mfa_delete": false}}, data.Attrs["versioning"])
	v, _ := getPath(data.Attrs, "logging.0.target_bucket")
	assert.Equal(t, "aws_s3_bucket.logs", v)
	v, _ = getPath(data.Attrs, "server_side_encryption_configuration.0.rule.0.apply_server_side_encryption_by_default.0.kms_master_key_id")
	assert.Equal(t, "aws_kms_key.k", v)
	// A dynamic block is not in the configuration JSON: a known list on create comes from it.
	assert.Len(t, data.Attrs["lifecycle_rule"], 1)
	// The provider's default acl ("private") is not the configuration's.
	assert.NotContains(t, data.Attrs, "acl")
	logs := bs["aws_s3_bucket.logs"]
	assert.Equal(t, "log-delivery-write", logs.Attrs["acl"])
	assert.NotContains(t, logs.Attrs, "versioning")
	assert.False(t, logs.IsUnknown("versioning"))
	for _, u := range data.Unknown {
		assert.NotContains(t, []string{"versioning", "logging", "server_side_encryption_configuration", "acl"},
			strings.Split(u, ".")[0], "configured settings are resolved")
	}
}

func TestUnknownPaths(t *testing.T) {
	var au any
	require.NoError(t, json.Unmarshal([]byte(`{
		"id": true, "tags": {}, "name": false,
		"ingress": [{"cidr_blocks": [false, true]}, {"self": true}],
		"rule": [{"apply": [{"key": true}]}],
		"set": [true, true]
	}`), &au))
	var got []string
	unknownPaths(au, "", 0, &got)
	assert.ElementsMatch(t, []string{"id", "ingress.0.cidr_blocks.1", "ingress.1.self", "rule.0.apply.0.key",
		"set.0", "set.1"}, got)
	got = nil
	unknownPaths(true, "", 0, &got)
	assert.Empty(t, got, "a wholly unknown object has no attribute path")
}

func TestConvertNumbers(t *testing.T) {
	tests := []struct {
		in   string
		want any
	}{
		{"1", int64(1)},
		{"-20", int64(-20)},
		{"1.5", 1.5},
		{"1e3", int64(1000)},
		{"2.0", int64(2)},
		{"9223372036854775807", int64(9223372036854775807)},
		{"1e19", 1e19},
		{"1e400", "1e400"},
		{"0.1", 0.1},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			assert.Equal(t, tt.want, convert(json.Number(tt.in), 0))
		})
	}
	got := convert(map[string]any{"a": nil, "b": []any{nil, json.Number("3")}, "c": map[string]any{"d": nil}}, 0)
	assert.Equal(t, map[string]any{"b": []any{nil, int64(3)}, "c": map[string]any{}}, got)
}

func TestPlanIssues(t *testing.T) {
	src := `{
	  "format_version": "1.2",
	  "errored": true,
	  "complete": false,
	  "planned_values": {"root_module": {"resources": [
	    {"address": "bad address!", "mode": "managed", "type": "x", "name": "y", "values": {}},
	    {"address": "aws_s3_bucket.a", "mode": "weird", "type": "aws_s3_bucket", "name": "a", "values": {}}
	  ]}},
	  "resource_changes": [{"change": {"actions": ["create"]}}],
	  "deferred_changes": [{"reason": "resource_config_unknown",
	    "resource_change": {"address": "aws_s3_bucket.later[\"*\"]"}}]
	}`
	res, err := parse("p.json", []byte(src))
	require.NoError(t, err)
	var msgs []string
	for _, is := range res.Issues {
		assert.Equal(t, CodePlan, is.Code)
		assert.Equal(t, "p.json", is.File)
		msgs = append(msgs, is.Message)
	}
	assert.ElementsMatch(t, []string{
		"a resource change has no address; it is ignored",
		`resource address "bad address!" cannot be read; the resource is ignored`,
		`resource aws_s3_bucket.a has mode "weird"; it is ignored`,
		"the plan errored: Terraform could not plan every change, so resources may be missing or incomplete",
		"the plan is not complete (complete: false): more changes will follow once it is applied",
		`change of aws_s3_bucket.later["*"] deferred (resource_config_unknown): it is not in the plan`,
		"the plan has no configuration: references cannot be followed and computed attributes are kept as planned",
	}, msgs)
	assert.Empty(t, res.Blocks)
}

// TestDuplicateAddresses: Terraform lists each resource instance once; a plan that lists one twice (with
// different values) would be judged by whichever came first, so it is malformed: an issue, the run untrusted.
func TestDuplicateAddresses(t *testing.T) {
	src := `{
	  "format_version": "1.2",
	  "configuration": {"root_module": {}},
	  "planned_values": {"root_module": {"resources": [
	    {"address": "aws_s3_bucket.a", "mode": "managed", "type": "aws_s3_bucket", "name": "a", "values": {"bucket": "x"}}
	  ], "child_modules": [{"address": "module.m", "resources": [
	    {"address": "aws_s3_bucket.a", "mode": "managed", "type": "aws_s3_bucket", "name": "a", "values": {"bucket": "y"}}
	  ]}]}},
	  "resource_changes": [
	    {"address": "aws_s3_bucket.a", "mode": "managed", "type": "aws_s3_bucket", "name": "a", "change": {"actions": ["create"], "after": {"bucket": "x"}}},
	    {"address": "aws_s3_bucket.a", "mode": "managed", "type": "aws_s3_bucket", "name": "a", "change": {"actions": ["create"], "after": {"bucket": "y"}}}
	  ],
	  "prior_state": {"values": {"root_module": {"resources": [
	    {"address": "data.aws_region.r", "mode": "data", "type": "aws_region", "name": "r", "values": {"name": "eu-west-1"}}
	  ]}}}
	}`
	res, err := parse("p.json", []byte(src))
	require.NoError(t, err)
	var msgs []string
	for _, is := range res.Issues {
		msgs = append(msgs, is.Message)
	}
	assert.ElementsMatch(t, []string{
		"resource aws_s3_bucket.a has more than one change; the plan is malformed",
		"resource aws_s3_bucket.a is listed more than once in planned_values; the plan is malformed",
	}, msgs)

	// A data source read while planning is in planned_values and in the prior state: not a duplicate.
	src = `{
	  "format_version": "1.2",
	  "configuration": {"root_module": {}},
	  "planned_values": {"root_module": {"resources": [
	    {"address": "data.aws_region.r", "mode": "data", "type": "aws_region", "name": "r", "values": {"name": "eu-west-1"}}
	  ]}},
	  "prior_state": {"values": {"root_module": {"resources": [
	    {"address": "data.aws_region.r", "mode": "data", "type": "aws_region", "name": "r", "values": {"name": "eu-west-1"}}
	  ]}}}
	}`
	res, err = parse("p.json", []byte(src))
	require.NoError(t, err)
	assert.Empty(t, res.Issues)
}

// TestWithoutConfiguration: a plan stripped of its configuration keeps every planned value and unknown.
func TestWithoutConfiguration(t *testing.T) {
	src := `{"format_version": "1.1",
	  "planned_values": {"root_module": {"child_modules": [{"address": "module.m", "resources": [
	    {"address": "module.m.aws_s3_bucket.b", "mode": "managed", "type": "aws_s3_bucket", "name": "b",
	     "values": {"bucket": "b", "tags": {"a": "1"}, "tags_all": {"a": "1", "env": "dev"}}}]}]}},
	  "resource_changes": [{"address": "module.m.aws_s3_bucket.b", "module_address": "module.m",
	    "mode": "managed", "type": "aws_s3_bucket", "name": "b",
	    "change": {"actions": ["create"], "after_unknown": {"versioning": true, "id": true}}}]}`
	res, err := parse("p.json", []byte(src))
	require.NoError(t, err)
	require.Len(t, res.Blocks, 1)
	b := res.Blocks[0]
	assert.Equal(t, "module.m", b.Module)
	assert.Equal(t, []string{"id", "versioning"}, b.Unknown)
	assert.Equal(t, map[string]string{"env": "dev"}, b.DefaultTags)
	assert.Equal(t, "", b.Region)
}

// refPlan builds a plan with one referenced bucket and one referring resource of type typ whose
// attribute attr holds value (unknown when nil) set by an expression with refs.
func refPlan(t *testing.T, value any, unknown any, refs []string, extra string) iac.Block {
	t.Helper()
	v, err := json.Marshal(map[string]any{"attr": value})
	require.NoError(t, err)
	u, err := json.Marshal(map[string]any{"attr": unknown})
	require.NoError(t, err)
	r, err := json.Marshal(refs)
	require.NoError(t, err)
	src := `{"format_version": "1.2",
	  "planned_values": {"root_module": {"resources": [
	    {"address": "aws_s3_bucket.b", "mode": "managed", "type": "aws_s3_bucket", "name": "b", "values": {"bucket": "b"}},
	    {"address": "aws_s3_bucket.c", "mode": "managed", "type": "aws_s3_bucket", "name": "c",
	     "values": {"bucket": "c", "id": "c", "arn": "arn:aws:s3:::c"}},
	    {"address": "aws_x.r", "mode": "managed", "type": "aws_x", "name": "r", "values": ` + string(v) + `}]}},
	  "resource_changes": [
	    {"address": "aws_s3_bucket.b", "change": {"actions": ["create"], "after_unknown": {"id": true, "arn": true}}},
	    {"address": "aws_s3_bucket.c", "change": {"actions": ["no-op"], "after_unknown": {}}},
	    {"address": "aws_x.r", "change": {"actions": ["create"], "after_unknown": ` + string(u) + `}}],
	  "configuration": {"root_module": {"resources": [
	    {"address": "aws_x.r", "mode": "managed", "type": "aws_x", "name": "r",
	     "expressions": {"attr": {"references": ` + string(r) + `}}` + extra + `}]}}}`
	res, err := parse("p.json", []byte(src))
	require.NoError(t, err)
	return blocksOf(res)["aws_x.r"]
}

func TestReferenceRules(t *testing.T) {
	tests := []struct {
		name    string
		value   any
		unknown any
		refs    []string
		want    any
		unk     []string
	}{
		{"id", nil, true, []string{"aws_s3_bucket.b.id", "aws_s3_bucket.b"}, "aws_s3_bucket.b", nil},
		{"arn", nil, true, []string{"aws_s3_bucket.b.arn", "aws_s3_bucket.b"}, "aws_s3_bucket.b", nil},
		{"known id", "c", false, []string{"aws_s3_bucket.c.id", "aws_s3_bucket.c"}, "aws_s3_bucket.c", nil},
		{"known arn", "arn:aws:s3:::c", false, []string{"aws_s3_bucket.c.arn", "aws_s3_bucket.c"}, "aws_s3_bucket.c", nil},
		{"known other value", "arn:aws:s3:::c/*", false, []string{"aws_s3_bucket.c.arn", "aws_s3_bucket.c"}, "arn:aws:s3:::c/*", nil},
		{"other attribute", nil, true, []string{"aws_s3_bucket.b.bucket_domain_name", "aws_s3_bucket.b"}, nil, []string{"attr"}},
		{"used twice", nil, true, []string{"aws_s3_bucket.b.arn", "aws_s3_bucket.b", "aws_s3_bucket.b.arn", "aws_s3_bucket.b"}, nil, []string{"attr"}},
		{"with a local", nil, true, []string{"local.x", "aws_s3_bucket.b.id", "aws_s3_bucket.b"}, nil, []string{"attr"}},
		{"with a root variable", nil, true, []string{"var.x", "aws_s3_bucket.b.id", "aws_s3_bucket.b"}, "aws_s3_bucket.b", nil},
		{"known target", nil, true, []string{"aws_s3_bucket.c.id", "aws_s3_bucket.c"}, nil, []string{"attr"}},
		{"two targets", nil, true, []string{"aws_s3_bucket.b.id", "aws_s3_bucket.b", "aws_s3_bucket.c.id", "aws_s3_bucket.c"}, nil, []string{"attr"}},
		{"missing resource", nil, true, []string{"aws_s3_bucket.z.id", "aws_s3_bucket.z"}, nil, []string{"attr"}},
		{"data source", nil, true, []string{"data.aws_s3_bucket.b.id", "data.aws_s3_bucket.b"}, nil, []string{"attr"}},
		{"bare without count", nil, true, []string{"aws_s3_bucket.b"}, nil, []string{"attr"}},
		{"unparseable", nil, true, []string{"aws_s3_bucket.b[", "aws_s3_bucket.b"}, nil, []string{"attr"}},
		{"list", []any{nil, "arn:aws:s3:::c"}, []any{true, false},
			[]string{"aws_s3_bucket.b.arn", "aws_s3_bucket.b", "aws_s3_bucket.c.arn", "aws_s3_bucket.c"},
			[]any{"aws_s3_bucket.b", "aws_s3_bucket.c"}, nil},
		{"list with more unknowns than targets", []any{nil, nil}, []any{true, true},
			[]string{"aws_s3_bucket.b.arn", "aws_s3_bucket.b"}, []any{nil, nil}, []string{"attr.0", "attr.1"}},
		{"wholly unknown list", nil, true, []string{"aws_s3_bucket.b.arn", "aws_s3_bucket.b"}, "aws_s3_bucket.b", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := refPlan(t, tt.value, tt.unknown, tt.refs, "")
			assert.Equal(t, tt.want, b.Attrs["attr"])
			assert.Equal(t, tt.unk, b.Unknown)
		})
	}
}

func TestFullRefs(t *testing.T) {
	assert.Equal(t, []string{`aws_x.y[0].arn`, "var.a", `module.m["k"].out`, "count.index"},
		fullRefs([]string{`aws_x.y[0].arn`, `aws_x.y[0]`, "aws_x.y", "var.a", `module.m["k"].out`, `module.m["k"]`,
			"module.m", "count.index"}))
	assert.Equal(t, []string{"aws_x.y.arn", "aws_x.y.arn"}, fullRefs([]string{"aws_x.y.arn", "aws_x.y", "aws_x.y.arn", "aws_x.y"}))
}

func TestAddresses(t *testing.T) {
	tests := []struct {
		in, module, mode, typ, name, key, decl string
		calls                                  []string
	}{
		{"aws_s3_bucket.b", "", "managed", "aws_s3_bucket", "b", "", "aws_s3_bucket.b", nil},
		{`module.net["a.b"].module.sub[0].aws_security_group.this["web"]`, `module.net["a.b"].module.sub[0]`,
			"managed", "aws_security_group", "this", `["web"]`, "module.net.module.sub.aws_security_group.this",
			[]string{"net", "sub"}},
		{"data.aws_iam_policy_document.d", "", "data", "aws_iam_policy_document", "d", "", "data.aws_iam_policy_document.d", nil},
		{`module.m.data.aws_x.y[3]`, "module.m", "data", "aws_x", "y", "[3]", "module.m.data.aws_x.y", []string{"m"}},
		{`aws_x.y["quote \" ] in key"]`, "", "managed", "aws_x", "y", `["quote \" ] in key"]`, "aws_x.y", nil},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			a, ok := parseAddress(tt.in)
			require.True(t, ok)
			assert.Equal(t, tt.module, a.module)
			assert.Equal(t, tt.mode, a.mode)
			assert.Equal(t, tt.typ, a.typ)
			assert.Equal(t, tt.name, a.name)
			assert.Equal(t, tt.key, a.key)
			assert.Equal(t, tt.decl, a.decl)
			assert.Equal(t, tt.calls, a.calls)
			assert.Equal(t, tt.decl, ConfigAddress(tt.in))
		})
	}
	for _, bad := range []string{"", "aws_x", "aws_x.", "aws_x.y.z", "module.m", `aws_x.y["open`, "aws_x.y[a]",
		"aws_x[0].y", "aws_x.y[]", ".aws_x.y"} {
		_, ok := parseAddress(bad)
		assert.False(t, ok, bad)
		assert.Equal(t, bad, ConfigAddress(bad))
	}
}

func TestLoadIsDeterministic(t *testing.T) {
	a := load(t, filepath.Join("equiv", "plan.json"))
	b := load(t, filepath.Join("equiv", "plan.json"))
	ja, err := json.Marshal(a)
	require.NoError(t, err)
	jb, err := json.Marshal(b)
	require.NoError(t, err)
	assert.Equal(t, string(ja), string(jb))
}

func TestErrorsWrap(t *testing.T) {
	_, err := parse("p.json", []byte(`{`))
	var target interface{ Unwrap() error }
	assert.True(t, errors.As(err, &target))
}

// TestModuleReferences follows variables down two module levels and an output holding a whole resource.
func TestModuleReferences(t *testing.T) {
	src := `{"format_version": "1.2",
	  "planned_values": {"root_module": {
	    "resources": [{"address": "aws_x.r", "mode": "managed", "type": "aws_x", "name": "r", "values": {}}],
	    "child_modules": [{"address": "module.a[\"k\"]", "resources": [
	        {"address": "module.a[\"k\"].aws_kms_key.this", "mode": "managed", "type": "aws_kms_key", "name": "this", "values": {}}],
	      "child_modules": [{"address": "module.a[\"k\"].module.b", "resources": [
	        {"address": "module.a[\"k\"].module.b.aws_x.s", "mode": "managed", "type": "aws_x", "name": "s", "values": {}}]}]}]}},
	  "resource_changes": [
	    {"address": "aws_x.r", "change": {"actions": ["create"], "after_unknown": {"key": true}}},
	    {"address": "module.a[\"k\"].aws_kms_key.this", "change": {"actions": ["create"], "after_unknown": {"arn": true, "id": true}}},
	    {"address": "module.a[\"k\"].module.b.aws_x.s", "change": {"actions": ["create"], "after_unknown": {"key": true, "other": true}}}],
	  "configuration": {"root_module": {
	    "resources": [{"address": "aws_x.r", "mode": "managed", "type": "aws_x", "name": "r",
	      "expressions": {"key": {"references": ["module.a[\"k\"].key.arn", "module.a[\"k\"].key", "module.a[\"k\"]", "module.a"]}}}],
	    "module_calls": {"a": {"for_each_expression": {"constant_value": {"k": 1}}, "module": {
	      "outputs": {"key": {"expression": {"references": ["aws_kms_key.this"]}}},
	      "resources": [{"address": "aws_kms_key.this", "mode": "managed", "type": "aws_kms_key", "name": "this"}],
	      "module_calls": {"b": {"expressions": {"key_arn": {"references": ["aws_kms_key.this.arn", "aws_kms_key.this"]},
	          "other": {"references": ["local.x"]}},
	        "module": {"resources": [{"address": "aws_x.s", "mode": "managed", "type": "aws_x", "name": "s",
	          "expressions": {"key": {"references": ["var.key_arn"]}, "other": {"references": ["var.other"]}}}]}}}}}}}}}`
	res, err := parse("p.json", []byte(src))
	require.NoError(t, err)
	bs := blocksOf(res)
	assert.Equal(t, `module.a["k"].aws_kms_key.this`, bs["aws_x.r"].Attrs["key"])
	assert.Empty(t, bs["aws_x.r"].Unknown)
	s := bs[`module.a["k"].module.b.aws_x.s`]
	assert.Equal(t, `module.a["k"].module.b`, s.Module)
	assert.Equal(t, `module.a["k"].aws_kms_key.this`, s.Attrs["key"])
	assert.Equal(t, []string{"other"}, s.Unknown, "a local value cannot be followed")
}

// TestProviderRegion: a module's own provider whose region comes from the caller, a module inheriting the
// root provider, a module variable's default.
func TestProviderRegion(t *testing.T) {
	src := `{"format_version": "1.2",
	  "variables": {"home": {"value": "eu-west-3"}},
	  "planned_values": {"root_module": {"child_modules": [
	    {"address": "module.own", "resources": [{"address": "module.own.aws_s3_bucket.b", "mode": "managed",
	      "type": "aws_s3_bucket", "name": "b", "values": {"bucket": "b"}}]},
	    {"address": "module.def", "resources": [{"address": "module.def.aws_s3_bucket.b", "mode": "managed",
	      "type": "aws_s3_bucket", "name": "b", "values": {"bucket": "d"}}]},
	    {"address": "module.inherit", "resources": [{"address": "module.inherit.aws_s3_bucket.b", "mode": "managed",
	      "type": "aws_s3_bucket", "name": "b", "values": {"bucket": "c"}}]}]}},
	  "resource_changes": [],
	  "configuration": {
	    "provider_config": {
	      "aws": {"name": "aws", "expressions": {"region": {"references": ["var.home"]},
	        "default_tags": [{"tags": {"constant_value": {"n": 1, "b": true}}}]}},
	      "module.own:aws": {"name": "aws", "module_address": "module.own",
	        "expressions": {"region": {"references": ["var.region"]}}},
	      "module.def:aws": {"name": "aws", "module_address": "module.def",
	        "expressions": {"region": {"references": ["var.region"]}}}},
	    "root_module": {"module_calls": {
	      "own": {"expressions": {"region": {"references": ["var.home"]}}, "module": {
	        "resources": [{"address": "aws_s3_bucket.b", "mode": "managed", "type": "aws_s3_bucket", "name": "b",
	          "provider_config_key": "module.own:aws"}]}},
	      "def": {"module": {"variables": {"region": {"default": "ap-south-1"}},
	        "resources": [{"address": "aws_s3_bucket.b", "mode": "managed", "type": "aws_s3_bucket", "name": "b",
	          "provider_config_key": "module.def:aws"}]}},
	      "inherit": {"module": {
	        "resources": [{"address": "aws_s3_bucket.b", "mode": "managed", "type": "aws_s3_bucket", "name": "b",
	          "provider_config_key": "module.inherit:aws"}]}}}}}}`
	res, err := parse("p.json", []byte(src))
	require.NoError(t, err)
	bs := blocksOf(res)
	assert.Equal(t, "eu-west-3", bs["module.own.aws_s3_bucket.b"].Region)
	assert.Nil(t, bs["module.own.aws_s3_bucket.b"].DefaultTags)
	assert.Equal(t, "ap-south-1", bs["module.def.aws_s3_bucket.b"].Region)
	assert.Equal(t, "eu-west-3", bs["module.inherit.aws_s3_bucket.b"].Region)
	assert.Equal(t, map[string]string{"n": "1", "b": "true"}, bs["module.inherit.aws_s3_bucket.b"].DefaultTags)
	assert.Empty(t, res.Issues)
}

// Terraform plans a dynamic block whose for_each is unknown as an unknown block list, static blocks
// beside it included (after_unknown "ingress": true): the plan holds no known part to keep. A plan whose
// after_unknown marks the index past its known blocks says what the HCL reader says of a partly known
// list (iac.Block.MayHoldMore): those blocks, and more that may follow.
func TestPartlyKnownBlockListInPlan(t *testing.T) {
	plan := func(afterUnknown string) iac.Block {
		src := `{"format_version": "1.2",
		  "planned_values": {"root_module": {"resources": [
		    {"address": "aws_security_group.g", "mode": "managed", "type": "aws_security_group", "name": "g",
		     "values": {"name": "g", "ingress": [{"protocol": "tcp", "from_port": 22, "to_port": 22, "cidr_blocks": ["0.0.0.0/0"]}]}}]}},
		  "resource_changes": [
		    {"address": "aws_security_group.g", "change": {"actions": ["create"], "after_unknown": ` + afterUnknown + `}}]}`
		res, err := parse("p.json", []byte(src))
		require.NoError(t, err)
		return blocksOf(res)["aws_security_group.g"]
	}
	whole := plan(`{"ingress": true}`)
	assert.True(t, whole.IsUnknown("ingress"))
	assert.False(t, whole.MayHoldMore("ingress"))

	more := plan(`{"ingress": [false, true]}`)
	assert.Equal(t, []string{"ingress.1"}, more.Unknown)
	assert.True(t, more.MayHoldMore("ingress"))

	element := plan(`{"ingress": [{"cidr_blocks": [true]}]}`)
	assert.False(t, element.MayHoldMore("ingress"), "an unknown value inside a known block is not a block more")
}
