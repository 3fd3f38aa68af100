package engine_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/engine"
)

const goodRule = `# METADATA
# title: Good
# custom:
#   id: G.1
#   severity: low
#   resource_types: [aws.cloudtrail.trail]
#   controls:
#     iso27001-2022: ["8.15"]
package test.good

deny contains {"resource": t.id, "message": "m"} if {
	some t in input.by_type["aws.cloudtrail.trail"]
	not t.attributes.multi_region
}
`

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
}

// TestPolicyFolderWithoutRules checks that a --policy folder that adds no rule is refused with its
// name, even beside the built-in rules (it used to be accepted silently).
func TestPolicyFolderWithoutRules(t *testing.T) {
	empty := t.TempDir()
	writeFile(t, filepath.Join(empty, "README.md"), "# rules go here\n")
	tests := []struct{ dir, want string }{
		{empty, "policy folder " + empty + " has no .rego policy files"},
		{"testdata/policies/tests_only", "policy folder testdata/policies/tests_only has no .rego policy files"},
		{"testdata/policies/helpers_only", "policy folder testdata/policies/helpers_only defines no rule"},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.dir), func(t *testing.T) {
			_, err := engine.New(context.Background(), engine.Options{PolicyDirs: []string{tt.dir}})
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

// TestPolicyWalkIsBounded checks that the walk of a policy folder stops: at the root of the disk, too
// deep, too many files, too many bytes.
func TestPolicyWalkIsBounded(t *testing.T) {
	t.Run("root", func(t *testing.T) {
		start := time.Now()
		_, err := engine.New(context.Background(), engine.Options{PolicyDirs: []string{"/"}, SkipBuiltin: true})
		require.Error(t, err)
		assert.Contains(t, err.Error(), "policy folder /:", "an unreadable folder, or too many entries, on the way")
		assert.Less(t, time.Since(start), 20*time.Second)
	})
	t.Run("depth", func(t *testing.T) {
		dir := t.TempDir()
		deep := filepath.Join(append([]string{dir}, strings.Split(strings.Repeat("d/", 17), "/")...)...)
		writeFile(t, filepath.Join(deep, "r.rego"), goodRule)
		_, err := engine.New(context.Background(), engine.Options{PolicyDirs: []string{dir}, SkipBuiltin: true})
		require.Error(t, err)
		assert.Contains(t, err.Error(), "is more than 16 folders deep")
	})
	t.Run("files", func(t *testing.T) {
		dir := t.TempDir()
		for i := range 2001 {
			writeFile(t, filepath.Join(dir, "r"+strings.Repeat("x", i%7)+string(rune('a'+i%26))+strings.Repeat("0", i/26)+".rego"), "package p\n")
		}
		_, err := engine.New(context.Background(), engine.Options{PolicyDirs: []string{dir}, SkipBuiltin: true})
		require.Error(t, err)
		assert.Contains(t, err.Error(), "more than 2000 .rego files")
	})
	t.Run("bytes", func(t *testing.T) {
		dir := t.TempDir()
		writeFile(t, filepath.Join(dir, "huge.rego"), "package p\n\n"+strings.Repeat("# padding\n", 900_000))
		_, err := engine.New(context.Background(), engine.Options{PolicyDirs: []string{dir}, SkipBuiltin: true})
		require.Error(t, err)
		assert.Contains(t, err.Error(), "more than 8 MiB of .rego files")
	})
}

// TestPolicyWalkLinks checks that a .rego link may not lead outside the policy folder, that links
// inside it are read, and that hidden folders are not walked.
func TestPolicyWalkLinks(t *testing.T) {
	outside := t.TempDir()
	writeFile(t, filepath.Join(outside, "secret.rego"), goodRule)

	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "rules", "good.rego"), goodRule)
	writeFile(t, filepath.Join(dir, ".git", "broken.rego"), "package {{{\n")
	require.NoError(t, os.Symlink(filepath.Join(dir, "rules", "good.rego"), filepath.Join(dir, "alias.rego.txt")))
	e, err := engine.New(context.Background(), engine.Options{PolicyDirs: []string{dir}, SkipBuiltin: true})
	require.NoError(t, err, "hidden folders are skipped, other files never opened")
	require.Len(t, e.Rules(), 1)

	require.NoError(t, os.Symlink(filepath.Join(outside, "secret.rego"), filepath.Join(dir, "evil.rego")))
	_, err = engine.New(context.Background(), engine.Options{PolicyDirs: []string{dir}, SkipBuiltin: true})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "evil.rego: symbolic link to "+filepath.Join(outside, "secret.rego")+", outside the policy folder")

	require.NoError(t, os.Remove(filepath.Join(dir, "evil.rego")))
	require.NoError(t, os.Symlink(outside, filepath.Join(dir, "linked")))
	e, err = engine.New(context.Background(), engine.Options{PolicyDirs: []string{dir}, SkipBuiltin: true})
	require.NoError(t, err, "a link to a folder is not followed")
	assert.Len(t, e.Rules(), 1)
}

// TestCustomPolicyCannotExtendBuiltins checks that a custom file in the built-ins' package namespace
// is refused: in package vigil.lib it would add a definition to the built-in helper is_unknown, and
// every built-in failure would become unknown (the gate then passed).
func TestCustomPolicyCannotExtendBuiltins(t *testing.T) {
	_, err := engine.New(context.Background(), engine.Options{PolicyDirs: []string{"testdata/policies/reserved"}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `testdata/policies/reserved/lib.rego:1: package vigil.lib: packages under "vigil" belong to the built-in policies`)
}
