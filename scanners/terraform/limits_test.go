package terraform

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function/stdlib"
)

// TestInstanceLimit: a module with count = 10000 calling a resource with count = 10000 ends the load
// with an error naming the count that crossed the limit, rather than expanding 10^8 instances.
func TestInstanceLimit(t *testing.T) {
	tests := []struct {
		name   string
		limits Limits
		want   string
	}{
		{"default", Limits{}, "mod/main.tf:2:12: the configuration expands to more than 100000 resource and module instances"},
		{"configured", Limits{Instances: 500}, "main.tf:3:12: the configuration expands to more than 500 resource and module instances"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(context.Background(), filepath.Join("testdata", "limits", "instances"), Options{Limits: tt.limits})
			var le *LimitError
			require.True(t, errors.As(err, &le), "got %v", err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
	// Under the limit, every instance is there.
	res := load(t, "count_foreach", Options{Limits: Limits{Instances: 1000}})
	assert.NotEmpty(t, res.Blocks)
}

// TestInstanceLimitIsSharedByTheRootsOfAFolder: the roots of one scanned folder draw on one count.
func TestInstanceLimitIsSharedByTheRootsOfAFolder(t *testing.T) {
	dir := t.TempDir()
	for _, root := range []string{"a", "b"} {
		writeFile(t, dir, root+"/main.tf", "resource \"aws_sqs_queue\" \"q\" {\n  count = 30\n}\n")
	}
	files, err := NewFileCache(dir)
	require.NoError(t, err)
	opts := Options{Files: files, Limits: Limits{Instances: 50}}
	_, err = Load(context.Background(), filepath.Join(dir, "a"), opts)
	require.NoError(t, err)
	_, err = Load(context.Background(), filepath.Join(dir, "b"), opts)
	assert.EqualError(t, err, "b/main.tf:2:11: the configuration expands to more than 50 resource and module instances; "+
		"raise the limit with --limit instances=N or limits = { instances = N } in vigil.hcl if it is meant")
}

// TestValueSizeLimits: values that double with every local, and functions that build large values
// from small arguments, are reported where they are built and are unknown.
func TestValueSizeLimits(t *testing.T) {
	tests := []struct {
		dir    string
		limits Limits
		issues []string
	}{
		{"strings", Limits{}, []string{
			"main.tf:24:9: value too large: more than 16 MiB of text (limit 16777216 bytes); raise the limit with --limit or limits in vigil.hcl if it is meant"}},
		{"strings", Limits{ValueBytes: 1 << 20}, []string{
			"main.tf:20:9: value too large: more than 1 MiB of text (limit 1048576 bytes); raise the limit with --limit or limits in vigil.hcl if it is meant"}},
		// The unknown value in place of local.a16 doubles again from there.
		{"elements", Limits{}, []string{
			"main.tf:17:9: value too large: more than 100000 elements; raise the limit with --limit or limits in vigil.hcl if it is meant",
			"main.tf:33:9: value too large: more than 100000 elements; raise the limit with --limit or limits in vigil.hcl if it is meant"}},
		// Nested for expressions: a billion elements in one expression.
		{"for", Limits{}, []string{
			"main.tf:2:68: Value too large: for expressions iterate over more than 100000 elements in one expression; raise the limit with --limit elements=N or limits in vigil.hcl if it is meant."}},
		// 1000 × 1000 × 1000 nested dynamic blocks.
		{"dynamic", Limits{}, []string{
			"main.tf:10:24: dynamic blocks generate more than 100000 blocks in one resource; raise the limit with --limit elements=N or limits in vigil.hcl if it is meant"}},
		{"functions", Limits{}, []string{
			"main.tf:2:12: Error in function call: Call to function \"format\" failed: a width or precision over 1000000.",
			"main.tf:3:22: Error in function call: Call to function \"formatlist\" failed: a width or precision over 1000000.",
			"main.tf:4:19: Error in function call: Call to function \"setproduct\" failed: the product has more than 100000 elements; raise the limit with --limit elements=N or limits in vigil.hcl if it is meant.",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.dir, func(t *testing.T) {
			res := load(t, filepath.Join("limits", tt.dir), Options{Limits: tt.limits})
			assert.Equal(t, tt.issues, issueMessages(res))
			require.Len(t, res.Blocks, 1)
			assert.NotEmpty(t, res.Blocks[0].Unknown)
		})
	}
	res := load(t, filepath.Join("limits", "functions"), Options{})
	assert.Equal(t, "acct-123456789012-00007-x       |7", res.Blocks[0].Attrs["tags"].(map[string]any)["fine"])
}

func TestLargestWidth(t *testing.T) {
	for spec, want := range map[string]int{
		"": 0, "plain 123456789": 0, "%s": 0, "%5d": 5, "%-08.3f": 8, "%.12s": 12, "%[2]010d": 10, "%%999": 0,
		"%0100000000d": maxFormatWidth + 1,
	} {
		got := largestWidth(spec)
		if want > maxFormatWidth {
			assert.Greater(t, got, maxFormatWidth, spec)
			continue
		}
		assert.Equal(t, want, got, spec)
	}
}

// TestForExpressionsStillEvaluate: the wrapping of for expressions' collections changes no value, in
// expressions and in a variable's default, which is evaluated without a context.
func TestForExpressionsStillEvaluate(t *testing.T) {
	dir := writeFiles(t, map[string]string{"main.tf": `
variable "names" {
  default = [for n in ["a", "b"] : n if n != "c"]
}
locals {
  m = { for i, n in var.names : n => i... }
}
resource "aws_sqs_queue" "q" {
  for_each = local.m
  name     = "${each.key}-${join(",", [for i in each.value : tostring(i)])}"
}
`})
	res, err := Load(context.Background(), dir, Options{})
	require.NoError(t, err)
	assert.Empty(t, res.Issues)
	bs := blocks(res)
	assert.Equal(t, "a-0", bs[`aws_sqs_queue.q["a"]`].Attrs["name"])
	assert.Equal(t, "b-1", bs[`aws_sqs_queue.q["b"]`].Attrs["name"])
}

// TestMayHaveForExprs: the pre-check that spares walking files without for expressions never misses one.
func TestMayHaveForExprs(t *testing.T) {
	for src, want := range map[string]bool{
		`x = [for v in var.l : v]`:           true,
		"x = [\n  for v in var.l : v\n]":     true,
		"x = {\tfor k, v in var.m : k => v}": true,
		`x = [ for_each ]`:                   false,
		`for_each = var.m`:                   false,
		`x = "platform"`:                     false,
	} {
		assert.Equal(t, want, mayHaveForExprs([]byte(src)), src)
	}
}

// setproduct is bounded by the elements limit in force, not the default: a raised limit lets a larger
// product through, a lowered one stops a smaller one.
func TestSetProductLimit(t *testing.T) {
	r := cty.ListVal([]cty.Value{cty.NumberIntVal(1), cty.NumberIntVal(2), cty.NumberIntVal(3)})
	limit := 8
	f := boundedProduct(stdlib.SetProductFunc, func() int { return limit })
	_, err := f.Call([]cty.Value{r, r})
	require.ErrorContains(t, err, "more than 8 elements")
	limit = 9
	v, err := f.Call([]cty.Value{r, r})
	require.NoError(t, err)
	assert.Equal(t, 9, v.LengthInt())
}

// TestNumbersBeyondFloat64AreUnknown: a number that float64 cannot hold is unknown, with a located
// issue, rather than +Inf (which made OPA panic when a rule compared it) or 0. Numbers at float64's
// edges keep their value. (Literals beyond ±1e400 do not get this far: TestHugeNumberLiterals.)
func TestNumbersBeyondFloat64AreUnknown(t *testing.T) {
	dir := writeFiles(t, map[string]string{"main.tf": `
locals {
  squared = 1e300 * 1e300
}
resource "aws_db_instance" "d" {
  backup_retention_period = 1e400
  allocated_storage       = -1e400
  max_allocated_storage   = 1e-400
  iops                    = 1.7e308
  port                    = 5e-324
  tags                    = { n = local.squared, ok = 7 }
}
`})
	res, err := Load(context.Background(), dir, Options{})
	require.NoError(t, err)
	b := blocks(res)["aws_db_instance.d"]
	for _, p := range []string{"backup_retention_period", "allocated_storage", "max_allocated_storage"} {
		assert.Nil(t, b.Attrs[p], p)
		assert.Contains(t, b.Unknown, p)
	}
	assert.Contains(t, b.Unknown, "tags.n")
	assert.Equal(t, 1.7e308, b.Attrs["iops"])
	assert.Equal(t, 5e-324, b.Attrs["port"])
	assert.EqualValues(t, 7, b.Attrs["tags"].(map[string]any)["ok"])
	var messages []string
	for _, is := range res.Issues {
		messages = append(messages, fmt.Sprintf("%s:%d: %s", filepath.Base(is.File), is.Line, is.Message))
	}
	for _, p := range []string{"allocated_storage", "backup_retention_period", "max_allocated_storage", "tags.n"} {
		assert.Contains(t, messages, "main.tf:5: aws_db_instance.d: "+p+" is a number beyond float64 (±1.8e308, or nearer to 0 than 4.9e-324), which vigil cannot compare: it is read as unknown")
	}
	assert.Len(t, messages, 4)
}

// TestHugeNumberLiterals: a number literal beyond ±1e400 (or of more than 100 characters) is refused
// before the file is parsed, at its line and column, in every syntax: "${1e30000000}" in a 35-byte
// file took 104 s and 680 MB to turn into text.
func TestHugeNumberLiterals(t *testing.T) {
	tests := map[string]struct{ file, src, want string }{
		"template":      {"main.tf", "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"b-${1e30000000}\"\n}\n", "main.tf:2:17: Number out of range"},
		"attribute":     {"main.tf", "locals {\n  n = 1e1000000\n}\n", "main.tf:2:7: Number out of range"},
		"digits":        {"main.tf", "locals {\n  n = " + strings.Repeat("9", 101) + "\n}\n", "main.tf:2:7: Number out of range"},
		"json":          {"main.tf.json", `{"locals": {"n": 1e1000000}}`, "main.tf.json:1:18: Number out of range"},
		"json template": {"main.tf.json", `{"locals": {"n": "x-${1e1000000}"}}`, "main.tf.json:1:18: Number out of range"},
		"tfvars":        {"terraform.tfvars", "n = 1e1000000\n", "terraform.tfvars:1:5: Number out of range"},
		// Escapes spell the digits: the raw text holds no run of them.
		"json escapes": {"main.tf.json", `{"locals": {"n": "${\u0031\u0065\u0033\u0030\u0030\u0030\u0030\u0030\u0030\u0030}"}}`,
			"main.tf.json:1:18: Number out of range"},
		"jsondecode": {"main.tf", "locals {\n  n = jsondecode(\"[1e30000000]\")\n}\nresource \"aws_sqs_queue\" \"q\" {\n  name = \"q-${local.n[0]}\"\n}\n",
			"main.tf:2:7: Error in function call: Call to function \"jsondecode\" failed: The number 1e30000000 is beyond what vigil reads"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			files := map[string]string{tt.file: tt.src}
			if tt.file == "terraform.tfvars" {
				files["main.tf"] = "variable \"n\" {}\n"
			}
			dir := writeFiles(t, files)
			start := time.Now()
			res, err := Load(context.Background(), dir, Options{})
			require.NoError(t, err)
			assert.Less(t, time.Since(start), 5*time.Second)
			var messages []string
			for _, is := range res.Issues {
				messages = append(messages, fmt.Sprintf("%s:%d:%d: %s", filepath.Base(is.File), is.Line, is.Column, is.Message))
			}
			require.NotEmpty(t, messages)
			assert.Contains(t, messages[0], tt.want)
		})
	}
	// Within the bound, strings that look like numbers, comments and JSON's keywords are read.
	for file, src := range map[string]string{
		"main.tf":      "# 1e1000000 in a comment\nlocals {\n  n = 1e400\n  s = \"1e1000000\"\n}\n",
		"main.tf.json": `{"locals": {"s": "1e1000000", "t": true, "f": false, "n": -1.5e-400, "e": "${1e2}"}}`,
	} {
		dir := writeFiles(t, map[string]string{file: src})
		res, err := Load(context.Background(), dir, Options{})
		require.NoError(t, err)
		assert.Empty(t, res.Issues, file)
	}
}
