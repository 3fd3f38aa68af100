package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every `# vigil:ignore` the scanner reads either waives a resource's result or is reported: a typo in
// its rule id exits 2 at its file:line wherever it is written (above a variable block it used to be
// dropped silently), and one that applies to nothing is a located warning and listed with the unused
// waivers. A case variant or a block comment is an error, not a comment read as nothing.
func TestIgnoreDirectivesNeverVanish(t *testing.T) {
	write := func(t *testing.T, src string) string {
		dir := t.TempDir()
		require.NoError(t, os.WriteFile(filepath.Join(dir, "main.tf"), []byte(src), 0o644))
		return dir
	}
	const bucket = "resource \"aws_s3_bucket\" \"b\" {\n  for_each = toset([\"a\"])\n  bucket   = each.key\n}\n"

	t.Run("unknown rule id above a variable", func(t *testing.T) {
		dir := write(t, "# vigil:ignore S3.1x typo\nvariable \"v\" {\n  default = 1\n}\n"+bucket)
		code, stdout, stderr := runVigil(t, "scan", dir)
		assert.Equal(t, exitUntrusted, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
		assert.Contains(t, stderr, `main.tf:1: vigil:ignore: no loaded rule has id "S3.1x" (see vigil policy list)`)
	})

	for name, src := range map[string]string{
		"upper case":    "# VIGIL:IGNORE S3.1 reason\n" + bucket,
		"block comment": "/* vigil:ignore S3.1 reason */\n" + bucket,
	} {
		t.Run(name, func(t *testing.T) {
			code, stdout, stderr := runVigil(t, "scan", write(t, src), "--format", "json")
			assert.Equal(t, exitUntrusted, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
			assert.Contains(t, stderr, "main.tf:1:")
			assert.Contains(t, stderr, "Invalid vigil:ignore comment")
		})
	}

	t.Run("on a block no rule reads", func(t *testing.T) {
		dir := write(t, "# vigil:ignore S3.1 on a data source\ndata \"aws_caller_identity\" \"me\" {}\n\n"+
			"# vigil:ignore S3.1 on a type no rule reads\nresource \"random_id\" \"r\" {\n  byte_length = 4\n}\n")
		code, stdout, stderr := runVigil(t, "scan", dir, "--format", "json")
		require.Equal(t, exitOK, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
		assert.Contains(t, stderr, "main.tf:1: vigil:ignore S3.1 applies to nothing: data.aws_caller_identity.me is a data source, and waivers apply to resources")
		assert.Contains(t, stderr, "main.tf:4: vigil:ignore S3.1 applies to nothing: random_id.r is not a resource type vigil's rules read")
		assert.Contains(t, stdout, `"state": "unused"`)
	})

	t.Run("applies to nothing", func(t *testing.T) {
		dir := write(t, "# vigil:ignore S3.1 above a variable\nvariable \"v\" {\n  default = 1\n}\n\n"+
			"# vigil:ignore S3.1[\"nope\"] a key no instance has\n"+bucket)
		code, stdout, stderr := runVigil(t, "scan", dir, "--format", "json")
		require.Equal(t, exitOK, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
		assert.Contains(t, stderr, "main.tf:1: vigil:ignore S3.1 applies to nothing: it is above a variable block")
		assert.Contains(t, stderr, `main.tf:6: vigil:ignore S3.1["nope"] applies to nothing: no instance of aws_s3_bucket.b has the key ["nope"]`)

		var rep struct {
			Results []struct {
				ResourceID, RuleID, Status string
			} `json:"results"`
			Waivers []struct {
				ID, Rule, State, Source string
			} `json:"waivers"`
		}
		require.NoError(t, json.Unmarshal([]byte(stdout), &rep))
		var unused []string
		for _, w := range rep.Waivers {
			assert.Equal(t, "unused", w.State)
			assert.Equal(t, "inline", w.ID)
			unused = append(unused, filepath.Base(w.Source))
		}
		assert.ElementsMatch(t, []string{"main.tf:1", "main.tf:6"}, unused)
		for _, r := range rep.Results {
			if r.RuleID == "S3.1" {
				assert.Equal(t, "fail", r.Status, "nothing was waived")
			}
		}

		// The table lists them with the unused waivers.
		_, table, _ := runVigil(t, "scan", dir)
		assert.Contains(t, table, "2 unused")
	})
}

// With --plan, the configuration's directives that reach no planned resource are checked and listed too:
// a typo above a variable block exits 2 as in a scan of the folder.
func TestIgnoreDirectivesInPlanMode(t *testing.T) {
	const equiv = "../../scanners/plan/testdata/equiv"
	dir := t.TempDir()
	entries, err := os.ReadDir(equiv)
	require.NoError(t, err)
	for _, e := range entries {
		if e.Type().IsRegular() {
			b, err := os.ReadFile(filepath.Join(equiv, e.Name()))
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644))
		}
	}
	typo := "# vigil:ignore S3.1x typo\nvariable \"unused_for_test\" {\n  default = 1\n}\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "zz_test.tf"), []byte(typo), 0o644))
	code, stdout, stderr := runVigil(t, "scan", dir, "--plan", filepath.Join(dir, "plan.json"))
	assert.Equal(t, exitUntrusted, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
	assert.Contains(t, stderr, `zz_test.tf:1: vigil:ignore: no loaded rule has id "S3.1x"`)

	require.NoError(t, os.WriteFile(filepath.Join(dir, "zz_test.tf"), []byte("# vigil:ignore S3.1 reason\nvariable \"unused_for_test\" {\n  default = 1\n}\n"), 0o644))
	code, stdout, stderr = runVigil(t, "scan", dir, "--plan", filepath.Join(dir, "plan.json"), "--format", "json")
	assert.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stderr, "zz_test.tf:1: vigil:ignore S3.1 applies to nothing: it is above a variable block")
	assert.Contains(t, stdout, `"state": "unused"`)
}
