package terraform

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDeepNestingIsLocated: 100,000 nested brackets, in any file vigil parses, are a located error rather
// than a stack overflow that names no file.
func TestDeepNestingIsLocated(t *testing.T) {
	const n = 100_000
	parens := strings.Repeat("(", n) + "1" + strings.Repeat(")", n)
	brackets := strings.Repeat("[", n) + strings.Repeat("]", n)
	const variable = "variable \"v\" {\n  type = any\n}\nresource \"aws_sqs_queue\" \"q\" {\n  name = jsonencode(var.v)\n}\n"
	tests := []struct {
		name  string
		files map[string]string
		opts  Options
		issue string
	}{
		{".tf", map[string]string{"main.tf": "locals {\n  x = " + parens + "\n}\n"}, Options{},
			"main.tf:2:1006: Nesting too deep"},
		{".tf.json", map[string]string{"main.tf.json": `{"locals": {"x": ` + brackets + "}}"}, Options{},
			"main.tf.json:1:1016: Nesting too deep"},
		{"terraform.tfvars", map[string]string{"main.tf": variable, "terraform.tfvars": "v = " + brackets + "\n"}, Options{},
			"terraform.tfvars:1:1005: Nesting too deep"},
		{"x.auto.tfvars.json", map[string]string{"main.tf": variable, "x.auto.tfvars.json": `{"v": ` + brackets + "}"}, Options{},
			"x.auto.tfvars.json:1:1006: Nesting too deep"},
		{".tf.json string", map[string]string{"main.tf.json": `{"locals": {"x": "` + strings.Repeat("${", n) + "1" + strings.Repeat("}", n) + `"}}`}, Options{},
			"main.tf.json:1:18: Nesting too deep"},
		{".tf.json variable type", map[string]string{"main.tf.json": `{"variable": {"v": {"type": "` + strings.Repeat("list(", n) + "string" + strings.Repeat(")", n) + `"}}}`}, Options{},
			"main.tf.json:1:5033: Nesting too deep"},
		{"jsondecode", map[string]string{
			"main.tf": "resource \"aws_sqs_queue\" \"q\" {\n  name = jsondecode(file(\"${path.module}/d.json\"))\n}\n",
			"d.json":  brackets}, Options{},
			"main.tf:2:10: Error in function call: Call to function \"jsondecode\" failed: the document nests more than 1000 levels deep."},
		{"yamldecode", map[string]string{
			"main.tf": "resource \"aws_sqs_queue\" \"q\" {\n  name = yamldecode(file(\"${path.module}/d.yaml\"))\n}\n",
			"d.yaml":  brackets}, Options{},
			"main.tf:2:10: Error in function call: Call to function \"yamldecode\" failed: the document nests more than 1000 levels deep."},
		{"templatefile", map[string]string{
			"main.tf":   "resource \"aws_sqs_queue\" \"q\" {\n  name = templatefile(\"${path.module}/t.tftpl\", {})\n}\n",
			"t.tftpl":   strings.Repeat("${", n) + "1" + strings.Repeat("}", n),
			"unused.tf": ""}, Options{},
			"main.tf:2:10: Error in function call: Call to function \"templatefile\" failed: parse template t.tftpl: t.tftpl:1,2002-2002: Nesting too deep"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeFiles(t, tt.files)
			res, err := Load(context.Background(), dir, tt.opts)
			require.NoError(t, err)
			msgs := issueMessages(res)
			require.Len(t, msgs, 1, "%v", msgs)
			assert.True(t, strings.HasPrefix(msgs[0], tt.issue), "%s", msgs[0])
		})
	}

	// Inputs given on the command line are errors of the load.
	dir := writeFiles(t, map[string]string{"main.tf": variable, "deep.tfvars": "v = " + brackets + "\n"})
	_, err := Load(context.Background(), dir, Options{VarFiles: []string{filepath.Join(dir, "deep.tfvars")}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "deep.tfvars:1,1005-1005: Nesting too deep")
	_, err = Load(context.Background(), dir, Options{Vars: map[string]string{"v": brackets}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "invalid --var v: --var v:1,1001-1001: Nesting too deep")
	_, err = Load(context.Background(), dir, Options{EnvVars: map[string]string{"v": brackets}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "TF_VAR_v:1,1001-1001: Nesting too deep")
}
