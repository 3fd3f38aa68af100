package terraform

import (
	"os"
	"path"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFindRoots(t *testing.T) {
	tests := []struct {
		name    string
		dir     string
		exclude []string
		want    []string
	}{
		{name: "environments, not the module they share; hidden folders skipped", dir: "../testdata/tree",
			want: []string{"bootstrap", "envs/dev", "envs/prod"}},
		{name: "excluded folder", dir: "../testdata/tree", exclude: []string{"envs/dev"},
			want: []string{"bootstrap", "envs/prod"}},
		{name: "excluded files leave a folder without configuration", dir: "../testdata/tree", exclude: []string{"bootstrap/state.tf"},
			want: []string{"envs/dev", "envs/prod"}},
		{name: "a module whose only callers are excluded becomes a root", dir: "../testdata/tree", exclude: []string{"envs"},
			want: []string{"bootstrap", "modules/bucket"}},
		{name: "a root module given directly", dir: "../testdata/tree/envs/prod", want: []string{"."}},
		{name: "a root and the modules it calls", dir: "../../examples/terraform", want: []string{"."}},
		{name: "no configuration", dir: "../testdata/tree/docs", want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var exclude func(string) bool
			if tt.exclude != nil {
				exclude = func(rel string) bool {
					for _, p := range tt.exclude {
						if rel == p || path.Dir(rel) == p {
							return true
						}
					}
					return false
				}
			}
			got, err := FindRoots(tt.dir, exclude, nil)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestFindRootsMissingFolder(t *testing.T) {
	_, err := FindRoots("../testdata/tree/nope", nil, nil)
	require.ErrorContains(t, err, "nope")
}

func TestRootsOf(t *testing.T) {
	tests := []struct {
		name  string
		calls map[string][]string
		want  []string
	}{
		{name: "uncalled folders", calls: map[string][]string{"a": {"m"}, "b": {"m", "../outside"}, "m": nil},
			want: []string{"a", "b"}},
		{name: "a cycle is evaluated from its first folder", calls: map[string][]string{"x/a": {"x/b"}, "x/b": {"x/a"}, "r": nil},
			want: []string{"r", "x/a"}},
		{name: "a folder calling itself", calls: map[string][]string{".": {"."}}, want: []string{"."}},
		{name: "nested modules", calls: map[string][]string{"r": {"m1"}, "m1": {"m2"}, "m2": nil}, want: []string{"r"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, rootsOf(tt.calls))
		})
	}
}

// A folder whose only "configuration file" is a link to a folder holds no configuration, as for the loader:
// it is no root (which would then fail to load). A named pipe or a dangling link so named is a file the
// loader reports, so its folder is a root.
func TestFindRootsEntriesLikeTheLoader(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "root/main.tf", `resource "aws_s3_bucket" "b" {}`)
	writeFile(t, dir, "target/readme.md", "")
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "linkdir"), 0o755))
	require.NoError(t, os.Symlink(filepath.Join(dir, "target"), filepath.Join(dir, "linkdir", "x.tf")))
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "dangling"), 0o755))
	require.NoError(t, os.Symlink("missing.tf", filepath.Join(dir, "dangling", "x.tf")))
	roots, err := FindRoots(dir, nil, nil)
	require.NoError(t, err)
	assert.Equal(t, []string{"dangling", "root"}, roots)
}
