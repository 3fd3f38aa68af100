package main

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCustomRulesCannotBreakTheRun checks, through the CLI, that a custom rule that returns a result on
// a resource it does not judge (a panic before) or that loops exits 2 with the rule named, and that
// the time budget comes from --policy-timeout or vigil.hcl.
func TestCustomRulesCannotBreakTheRun(t *testing.T) {
	const inv = "testdata/custom_rules/trail.inventory.json"
	tests := []struct {
		name       string
		args       []string
		code       int
		wantStderr []string
	}{
		{"result outside the rule's types", []string{"scan", "--inventory", inv, "--policy", "testdata/custom_rules/outside"}, exitUntrusted,
			[]string{"testdata/custom_rules/outside/outside_types.rego:1: rule M.1: deny result names resource", "outside the rule's resource_types [aws.s3.bucket]"}},
		{"slow rule, flag", []string{"scan", "--inventory", inv, "--policy", "testdata/custom_rules/slow", "--policy-timeout", "200ms"}, exitUntrusted,
			[]string{"testdata/custom_rules/slow/slow.rego:1: rule SLOW.1: evaluation failed", "ran longer than 200ms"}},
		{"slow rule, vigil.hcl", []string{"scan", "--inventory", inv, "--config", "testdata/custom_rules/timeout_config/vigil.hcl"}, exitUntrusted,
			[]string{"rule SLOW.1: evaluation failed", "ran longer than 200ms"}},
		{"slow rule, controls", []string{"controls", "--framework", "iso27001-2022", "--policy", "testdata/custom_rules/slow", "--policy-timeout", "200ms", "testdata/custom_rules/tf"}, exitUntrusted,
			[]string{"rule SLOW.1: evaluation failed", "ran longer than 200ms"}},
		{"built-in error", []string{"scan", "--inventory", inv, "--policy", "testdata/custom_rules/builtin_error"}, exitUntrusted,
			[]string{"testdata/custom_rules/builtin_error/lower.rego:1: rule BI.1: evaluation failed", "lower: operand 1 must be string but got null"}},
		{"environment read", []string{"scan", "--inventory", inv, "--policy", "testdata/custom_rules/env"}, exitUntrusted,
			[]string{"testdata/custom_rules/env/opa_runtime.rego:11: rego_type_error: undefined function opa.runtime (vigil removes built-ins"}},
		{"invalid budget", []string{"scan", "--inventory", inv, "--policy-timeout", "-1s"}, exitUntrusted,
			[]string{"invalid --policy-timeout: the policy timeout must be more than 0"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			code, stdout, stderr := runVigil(t, tt.args...)
			assert.Equal(t, tt.code, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
			for _, w := range tt.wantStderr {
				assert.Contains(t, stderr, w)
			}
			assert.Less(t, time.Since(start), 20*time.Second)
		})
	}
}

// TestInlineIgnoreTypoIsUntrusted checks that `# vigil:ignore` with a rule id no policy has exits 2
// with its file:line, as the same typo in vigil.hcl does (it used to pass with exit 0, the finding
// neither waived nor gated when --fail-on was above its severity).
func TestInlineIgnoreTypoIsUntrusted(t *testing.T) {
	code, stdout, stderr := runVigil(t, "scan", "testdata/ignore_typo")
	assert.Equal(t, exitUntrusted, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
	assert.Contains(t, stderr, `main.tf:1: vigil:ignore: no loaded rule has id "EC2.55" (see vigil policy list)`)
}

// TestInvalidInventoryIsUntrusted checks that a saved inventory whose entries are not valid is refused
// with the file and the JSON pointer of each problem, instead of being evaluated without the entry.
func TestInvalidInventoryIsUntrusted(t *testing.T) {
	tests := []struct{ file, want string }{
		{"missing_type.json", "testdata/invalid_inventory/missing_type.json: /resources/1: missing property 'type'"},
		{"duplicate_id.json", `testdata/invalid_inventory/duplicate_id.json: /resources/1/id: duplicate resource id "shared": /resources/0 (type aws.s3.bucket) has it too`},
		// Typed attributes: a rule reading "encryption": 5 could take it for encryption that is not off.
		{"wrong_attribute_type.json", "testdata/invalid_inventory/wrong_attribute_type.json: /resources/0/attributes/encryption: got number, want object"},
		// A second "errors" emptied the first: an incomplete inventory passed (exit 0).
		{"duplicate_key.json", `testdata/invalid_inventory/duplicate_key.json: /sources/0/errors: duplicate key "errors" at line 5, column 5 (the first is at line 4, column 5)`},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			code, stdout, stderr := runVigil(t, "scan", "--inventory", "testdata/invalid_inventory/"+tt.file)
			assert.Equal(t, exitUntrusted, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
			assert.Contains(t, stderr, "is not a valid inventory (docs/schemas/inventory.schema.json)")
			assert.Contains(t, stderr, tt.want)
		})
	}
}

// TestInvalidReportIsUntrusted checks that vigil diff and --baseline refuse a saved report that is not
// a valid json report, with the file and the JSON pointer.
func TestInvalidReportIsUntrusted(t *testing.T) {
	const bad = "testdata/invalid_report/no_rule_id.json"
	for name, args := range map[string][]string{
		"diff old": {"diff", bad, bad},
		"baseline": {"scan", "testdata/clean", "--baseline", bad},
		"report":   {"report", bad},
	} {
		t.Run(name, func(t *testing.T) {
			code, stdout, stderr := runVigil(t, args...)
			assert.Equal(t, exitUntrusted, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
			assert.Contains(t, stderr, "is not a valid vigil json report (docs/schemas/report.schema.json)")
			assert.Contains(t, stderr, bad+": /results/0: missing property 'rule_id'")
		})
	}
}

// TestDuplicateKeysAreUntrusted checks, through the CLI, that a saved report or a plan whose objects
// repeat a key is refused with exit 2 and the place of the key: decoders keep the last value silently.
func TestDuplicateKeysAreUntrusted(t *testing.T) {
	dir := t.TempDir()
	report := filepath.Join(dir, "report.json")
	require.NoError(t, os.WriteFile(report, []byte(`{"schema": "vigil.report/v1", "tool": "vigil", "complete": false,
 "sources": [], "rules": [], "results": [], "complete": true}`), 0o600))
	plan := filepath.Join(dir, "plan.json")
	require.NoError(t, os.WriteFile(plan, []byte(`{"format_version": "1.2", "errored": true, "planned_values": {}, "errored": false}`), 0o600))
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"diff", []string{"diff", report, report}, report + `: /complete: duplicate key "complete" at line 2, column 45`},
		{"baseline", []string{"scan", "testdata/clean", "--baseline", report}, report + `: /complete: duplicate key "complete"`},
		{"plan", []string{"scan", "--plan", plan}, plan + `:1:66: malformed plan JSON: /errored: duplicate key "errored"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runVigil(t, tt.args...)
			assert.Equal(t, exitUntrusted, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
			assert.Contains(t, stderr, tt.want)
		})
	}
}

// TestPolicyFolderWithoutRulesIsUntrusted checks that --policy naming a folder with no rule exits 2
// with the folder named (it used to run the built-in rules alone, exit 0).
func TestPolicyFolderWithoutRulesIsUntrusted(t *testing.T) {
	empty := t.TempDir()
	for name, args := range map[string][]string{
		"scan":        {"scan", "testdata/clean", "--policy", empty},
		"policy list": {"policy", "list", "--policy", empty},
	} {
		t.Run(name, func(t *testing.T) {
			code, stdout, stderr := runVigil(t, args...)
			assert.Equal(t, exitUntrusted, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
			assert.Contains(t, stderr, "policy folder "+empty+" has no .rego policy files")
		})
	}
}
