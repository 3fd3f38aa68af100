package terraform

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/base64"
	"io"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zclconf/go-cty/cty"
)

// evalWithFunctions evaluates src with the loader's functions, the root module being dir.
func evalWithFunctions(t *testing.T, dir, src string) (cty.Value, hcl.Diagnostics) {
	t.Helper()
	l := newLoader(context.Background(), dir)
	t.Cleanup(func() { l.pre.close(); l.evals.close() })
	expr, diags := hclsyntax.ParseExpression([]byte(src), "test.tf", hcl.InitialPos)
	require.False(t, diags.HasErrors(), diags.Error())
	return expr.Value(&hcl.EvalContext{Functions: l.funcs})
}

// Real configurations call these built-ins (yamldecode of a config file, fileset and filebase64sha256 for
// Lambda sources, cidrsubnets for VPC layouts, AWS provider functions): Terraform evaluates them in a plan,
// so they must evaluate here too, with Terraform's results (examples from Terraform's documentation).
func TestTerraformFunctionsBeyondStdlib(t *testing.T) {
	strs := func(ss ...string) cty.Value {
		vs := make([]cty.Value, len(ss))
		for i, s := range ss {
			vs[i] = cty.StringVal(s)
		}
		return cty.ListVal(vs)
	}
	tests := []struct {
		expr string
		want cty.Value
	}{
		{`cidrsubnets("10.1.0.0/16", 4, 4, 8, 4)`, strs("10.1.0.0/20", "10.1.16.0/20", "10.1.32.0/24", "10.1.48.0/20")},
		{`cidrsubnets("fd00:fd12:3456:7890::/56", 16, 16, 16, 32)`, strs("fd00:fd12:3456:7800::/72",
			"fd00:fd12:3456:7800:100::/72", "fd00:fd12:3456:7800:200::/72", "fd00:fd12:3456:7800:300::/88")},
		{`cidrsubnets("10.0.0.0/24")`, cty.ListValEmpty(cty.String)},
		{`matchkeys(["i-123", "i-abc", "i-def"], ["us-west", "us-east", "us-east"], ["us-east"])`, strs("i-abc", "i-def")},
		{`matchkeys(["a"], ["x"], [])`, cty.ListValEmpty(cty.String)},
		{`transpose({"a" = ["1", "2"], "b" = ["2", "3"]})`, cty.MapVal(map[string]cty.Value{
			"1": strs("a"), "2": strs("a", "b"), "3": strs("b")})},
		{`yamldecode("hello: world\ncount: 2")`, cty.ObjectVal(map[string]cty.Value{
			"hello": cty.StringVal("world"), "count": cty.NumberIntVal(2)})},
		{`yamlencode({"a" = "b", "c" = "d"})`, cty.StringVal("\"a\": \"b\"\n\"c\": \"d\"\n")},
		{`textencodebase64("Hello World", "UTF-16LE")`, cty.StringVal("SABlAGwAbABvACAAVwBvAHIAbABkAA==")},
		{`textdecodebase64("SABlAGwAbABvACAAVwBvAHIAbABkAA==", "UTF-16LE")`, cty.StringVal("Hello World")},
		{`uuidv5("dns", "www.terraform.io")`, cty.StringVal("a5008fae-b28c-5ba5-96cd-82b4c53552d6")},
		{`timecmp("2017-11-22T01:00:00Z", "2017-11-22T00:00:00-01:00")`, cty.NumberIntVal(0)},
		{`timecmp("2017-11-22T00:00:00Z", "2017-11-22T01:00:00Z")`, cty.NumberIntVal(-1)},
		{`templatestring("Hi $${name}", { name = "bob" })`, cty.StringVal("Hi bob")},
		{`fileset(".", "files/*.txt")`, cty.SetVal([]cty.Value{cty.StringVal("files/hello.txt"), cty.StringVal("files/world.txt")})},
		{`fileset("files", "**/*.json")`, cty.SetVal([]cty.Value{cty.StringVal("sub/a.json")})},
		{`fileset("files", "{hello,nope}.*")`, cty.SetVal([]cty.Value{cty.StringVal("hello.txt")})},
		{`fileset(".", "nothing/*")`, cty.SetValEmpty(cty.String)},
		{`filemd5("files/hello.txt")`, cty.StringVal("b1946ac92492d2347c6235b4d2611184")},
		{`filesha256("files/hello.txt")`, cty.StringVal("5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03")},
		{`filebase64sha256("files/hello.txt")`, cty.StringVal("WJG1tSLV3whtD/CxEPvZ0hu0/HFjrzTQgoai6Eb2vgM=")},
		{`provider::aws::arn_parse("arn:aws:iam::444455556666:role/example").account_id`, cty.StringVal("444455556666")},
		{`provider::aws::arn_build("aws", "iam", "", "444455556666", "role/example")`,
			cty.StringVal("arn:aws:iam::444455556666:role/example")},
		{`provider::aws::trim_iam_role_path("arn:aws:iam::444455556666:role/with/path/example")`,
			cty.StringVal("arn:aws:iam::444455556666:role/example")},
		{`issensitive("x")`, cty.False},
		{`issensitive(sensitive("x"))`, cty.True},
		{`issensitive(nonsensitive(sensitive("x")))`, cty.False},
	}
	for _, tc := range tests {
		t.Run(tc.expr, func(t *testing.T) {
			got, diags := evalWithFunctions(t, "testdata/functions_more", tc.expr)
			require.False(t, diags.HasErrors(), diags.Error())
			assert.True(t, tc.want.RawEquals(got), "got %#v", got)
		})
	}
}

func TestTerraformFunctionErrors(t *testing.T) {
	tests := []struct{ expr, msg string }{
		{`cidrsubnets("10.0.0.0/30", 1, 1, 1)`, "not enough remaining address space"},
		{`cidrsubnets("10.0.0.0/16", 0)`, "at least one bit"},
		{`matchkeys(["a"], ["x", "y"], ["x"])`, "length of keys and values"},
		{`provider::aws::arn_parse("not-an-arn")`, "not a valid ARN"},
		{`provider::aws::trim_iam_role_path("arn:aws:s3:::bucket")`, "not an IAM role ARN"},
		{`filemd5("files/missing.txt")`, "missing.txt"},
	}
	for _, tc := range tests {
		t.Run(tc.expr, func(t *testing.T) {
			_, diags := evalWithFunctions(t, "testdata/functions_more", tc.expr)
			require.True(t, diags.HasErrors())
			assert.Contains(t, diags.Error(), tc.msg)
		})
	}
}

func TestBase64GzipRoundTrip(t *testing.T) {
	got, diags := evalWithFunctions(t, "testdata/functions_more", `base64gzip("hello world")`)
	require.False(t, diags.HasErrors(), diags.Error())
	raw, err := base64.StdEncoding.DecodeString(got.AsString())
	require.NoError(t, err)
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	require.NoError(t, err)
	b, err := io.ReadAll(zr)
	require.NoError(t, err)
	assert.Equal(t, "hello world", string(b))
}

// fileset matches with doublestar, as Terraform does: ? is one character, not one byte, and classes,
// alternatives and ** work across folders.
func TestFilesetGlobSyntax(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"é.txt", "ab.txt", "c/d/e.json", "c/f.json", "x1.tf", "x2.tf", "y1.tf"} {
		writeFile(t, dir, name, "")
	}
	tests := []struct {
		pattern string
		want    []string
	}{
		{"?.txt", []string{"é.txt"}},
		{"??.txt", []string{"ab.txt"}},
		{"**/*.json", []string{"c/d/e.json", "c/f.json"}},
		{"c/*/*.json", []string{"c/d/e.json"}},
		{"[!y]?.tf", []string{"x1.tf", "x2.tf"}},
		{"{x,y}1.tf", []string{"x1.tf", "y1.tf"}},
	}
	for _, tc := range tests {
		t.Run(tc.pattern, func(t *testing.T) {
			got, diags := evalWithFunctions(t, dir, `fileset(".", "`+tc.pattern+`")`)
			require.False(t, diags.HasErrors(), diags.Error())
			var names []string
			for it := got.ElementIterator(); it.Next(); {
				_, v := it.Element()
				names = append(names, v.AsString())
			}
			assert.ElementsMatch(t, tc.want, names)
		})
	}
	_, diags := evalWithFunctions(t, dir, `fileset(".", "[")`)
	require.True(t, diags.HasErrors())
	assert.Contains(t, diags.Error(), `invalid fileset pattern "["`)
}
