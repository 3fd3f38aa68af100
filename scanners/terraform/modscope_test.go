package terraform

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// outsideModule is a module folder's configuration that carries plantedSecret into a resource attribute.
const outsideModule = `
locals { name = "` + plantedSecret + `" }
resource "aws_s3_bucket" "leak" { bucket = local.name }
`

// resultText is the whole result as JSON, to search for a secret.
func resultText(t *testing.T, res *Result) string {
	t.Helper()
	b, err := json.Marshal(res)
	require.NoError(t, err)
	return string(b)
}

// Every way a module call can lead out of the scanned tree is refused: the module folder is not read,
// the call is an error at the module block, and the secret in the folder is in no part of the result.
// With AllowOutsideFileReads the same layouts do read it (except an absolute modules.json Dir, never
// followed), which shows each one would leak.
func TestModuleFoldersOutsideTheTreeAreNotRead(t *testing.T) {
	tests := []struct {
		name string
		// setup lays out repo (the scanned folder) beside top/outside, which holds outsideModule.
		setup func(t *testing.T, top, repo string)
		// want is part of the error expected; trusted says whether a trusted run reads the secret.
		want    string
		line    int
		trusted bool
	}{
		{
			name: "dotdot_source",
			setup: func(t *testing.T, top, repo string) {
				writeFile(t, repo, "main.tf", "\nmodule \"x\" {\n  source = \"../outside\"\n}\n")
			},
			want: `module module.x (source "../outside") not scanned: ../outside is outside the scanned tree`,
			line: 2, trusted: true,
		},
		{
			name: "dotdot_to_the_file_system_root",
			setup: func(t *testing.T, top, repo string) {
				up := strings.Repeat("../", strings.Count(repo, string(filepath.Separator))+2)
				writeFile(t, repo, "main.tf", fmt.Sprintf("module \"x\" {\n  source = %q\n}\n",
					up+filepath.ToSlash(strings.TrimPrefix(filepath.Join(top, "outside"), "/"))))
			},
			want: "is outside the scanned tree", line: 1, trusted: true,
		},
		{
			name: "symlinked_module_folder",
			setup: func(t *testing.T, top, repo string) {
				writeFile(t, repo, "main.tf", "module \"x\" {\n  source = \"./modules/x\"\n}\n")
				require.NoError(t, os.MkdirAll(filepath.Join(repo, "modules"), 0o755))
				require.NoError(t, os.Symlink(filepath.Join(top, "outside"), filepath.Join(repo, "modules", "x")))
			},
			want: "modules/x is outside the scanned tree", line: 1, trusted: true,
		},
		{
			name: "nested_module_climbs_out",
			setup: func(t *testing.T, top, repo string) {
				writeFile(t, repo, "main.tf", "module \"a\" {\n  source = \"./modules/a\"\n}\n")
				writeFile(t, repo, "modules/a/main.tf", "\n\nmodule \"x\" {\n  source = \"../../../outside\"\n}\n")
			},
			want: `module module.a.module.x (source "../../../outside") not scanned: ../outside is outside the scanned tree`,
			line: 3, trusted: true,
		},
		{
			name: "symlinked_tf_file",
			setup: func(t *testing.T, top, repo string) {
				writeFile(t, repo, "main.tf", `resource "aws_s3_bucket" "ok" { bucket = "ok" }`)
				require.NoError(t, os.Symlink(filepath.Join(top, "outside", "main.tf"), filepath.Join(repo, "leak.tf")))
			},
			want: "leak.tf is a symbolic link that leads outside the scanned tree", trusted: true,
		},
		{
			name: "modules_json_dir_root",
			setup: func(t *testing.T, top, repo string) {
				writeFile(t, repo, "main.tf", "module \"x\" {\n  source = \"registry/x/aws\"\n}\n")
				writeFile(t, repo, ".terraform/modules/modules.json", `{"Modules":[{"Key":"x","Dir":"/"}]}`)
			},
			want: `installed module "x": Dir "/" is an absolute path`,
		},
		{
			name: "modules_json_dir_absolute_into_the_secret",
			setup: func(t *testing.T, top, repo string) {
				writeFile(t, repo, "main.tf", "module \"x\" {\n  source = \"registry/x/aws\"\n}\n")
				writeFile(t, repo, ".terraform/modules/modules.json",
					fmt.Sprintf(`{"Modules":[{"Key":"x","Dir":%q}]}`, filepath.ToSlash(filepath.Join(top, "outside"))))
			},
			want: "is an absolute path",
		},
		{
			name: "modules_json_dir_dotdot",
			setup: func(t *testing.T, top, repo string) {
				writeFile(t, repo, "main.tf", "module \"x\" {\n  source = \"registry/x/aws\"\n}\n")
				writeFile(t, repo, ".terraform/modules/modules.json", `{"Modules":[{"Key":"x","Dir":"../outside"}]}`)
			},
			want: `module module.x (source "registry/x/aws") not scanned: ../outside is outside the scanned tree`,
			line: 1, trusted: true,
		},
		{
			name: "modules_json_dir_up_two",
			setup: func(t *testing.T, top, repo string) {
				writeFile(t, repo, "main.tf", "module \"x\" {\n  source = \"registry/x/aws\"\n}\n")
				writeFile(t, repo, ".terraform/modules/modules.json", `{"Modules":[{"Key":"x","Dir":"../.."}]}`)
			},
			want: "not scanned: ../.. is outside the scanned tree", line: 1,
		},
		{
			name: "terraform_folder_links_out",
			setup: func(t *testing.T, top, repo string) {
				writeFile(t, repo, "main.tf", "module \"x\" {\n  source = \"registry/x/aws\"\n}\n")
				writeFile(t, top, "outside/.terraform/modules/modules.json", `{"Modules":[{"Key":"x","Dir":"."}]}`)
				require.NoError(t, os.Symlink(filepath.Join(top, "outside", ".terraform"), filepath.Join(repo, ".terraform")))
			},
			want: "cannot read installed modules: .terraform/modules/modules.json leads outside the scanned tree",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			top := t.TempDir()
			repo := filepath.Join(top, "repo")
			writeFile(t, top, "outside/main.tf", outsideModule)
			tt.setup(t, top, repo)

			res, err := Load(context.Background(), repo, Options{})
			require.NoError(t, err)
			text := resultText(t, res)
			assert.NotContains(t, text, plantedSecret)
			var found bool
			for _, is := range res.Issues {
				if strings.Contains(is.Message, tt.want) {
					found = true
					if tt.line > 0 {
						assert.Equal(t, "main.tf", filepath.Base(is.File), is.Message)
						assert.Equal(t, tt.line, is.Line, is.Message)
						assert.Contains(t, is.Message, "--allow-outside-file-reads")
						// The folder is named relative to the scanned folder (the source may be absolute).
						_, reason, _ := strings.Cut(is.Message, "not scanned:")
						assert.NotContains(t, reason, top, "no absolute path in the message")
					}
				}
			}
			assert.True(t, found, "no issue %q in %v", tt.want, res.Issues)

			trusted, err := Load(context.Background(), repo, Options{AllowOutsideFileReads: true})
			require.NoError(t, err)
			assert.Equal(t, tt.trusted, strings.Contains(resultText(t, trusted), plantedSecret),
				"a trusted run reads the folder")
		})
	}
}

// The usual monorepo layout still works: scanning one root (envs/prod) of a git work tree, its module
// call to ../../modules/x is read, and the module's file functions read the module's own files. A call
// out of the work tree is still refused.
func TestModuleBoundaryIsTheGitWorkTree(t *testing.T) {
	for _, gitEntry := range []string{"folder", "file"} {
		t.Run(gitEntry, func(t *testing.T) {
			top := t.TempDir()
			repo := filepath.Join(top, "repo")
			if gitEntry == "folder" {
				require.NoError(t, os.MkdirAll(filepath.Join(repo, ".git"), 0o755))
			} else { // a linked work tree or a submodule
				writeFile(t, repo, ".git", "gitdir: /elsewhere/.git/worktrees/repo\n")
			}
			writeFile(t, top, "outside/main.tf", outsideModule)
			writeFile(t, repo, "envs/prod/main.tf", `
module "x" {
  source = "../../modules/x"
}
module "out" {
  source = "../../../outside"
}
`)
			writeFile(t, repo, "modules/x/main.tf", `
resource "aws_s3_bucket" "b" {
  bucket = trimspace(file("${path.module}/name.txt"))
  policy = file("${path.module}/../../envs/prod/policy.json")
}
`)
			writeFile(t, repo, "modules/x/name.txt", "from-module-file\n")
			writeFile(t, repo, "envs/prod/policy.json", `{"Version":"2012-10-17"}`)

			res, err := Load(context.Background(), filepath.Join(repo, "envs", "prod"), Options{})
			require.NoError(t, err)
			assert.Empty(t, res.Warnings)
			require.Len(t, res.Blocks, 1)
			assert.Equal(t, "module.x.aws_s3_bucket.b", res.Blocks[0].Address)
			assert.Equal(t, "from-module-file", res.Blocks[0].Attrs["bucket"])
			assert.Empty(t, res.Blocks[0].Unknown)
			require.Len(t, res.Issues, 1, "%v", res.Issues)
			assert.Contains(t, res.Issues[0].Message, `module module.out (source "../../../outside") not scanned: `+
				"../../../outside is outside the scanned tree")
			assert.NotContains(t, resultText(t, res), plantedSecret)
		})
	}
}

// Without a git work tree around it, the boundary is the scanned folder: a sibling module folder is
// outside, and a trusted run reads it.
func TestModuleBoundaryWithoutGitIsTheScannedFolder(t *testing.T) {
	top := t.TempDir()
	writeFile(t, top, "envs/prod/main.tf", "module \"x\" {\n  source = \"../../modules/x\"\n}\n")
	writeFile(t, top, "modules/x/main.tf", `resource "aws_s3_bucket" "b" { bucket = "b" }`)
	prod := filepath.Join(top, "envs", "prod")

	res, err := Load(context.Background(), prod, Options{})
	require.NoError(t, err)
	assert.Empty(t, res.Blocks)
	require.Len(t, res.Issues, 1)
	assert.Contains(t, res.Issues[0].Message, "../../modules/x is outside the scanned tree")

	res, err = Load(context.Background(), prod, Options{AllowOutsideFileReads: true})
	require.NoError(t, err)
	assert.Empty(t, res.Issues)
	require.Len(t, res.Blocks, 1)
}

func TestGitWorkTree(t *testing.T) {
	top := resolvePath(t.TempDir())
	require.NoError(t, os.MkdirAll(filepath.Join(top, "a", ".git"), 0o755))
	require.NoError(t, os.MkdirAll(filepath.Join(top, "a", "b", "c"), 0o755))
	writeFile(t, top, "s/.git", "gitdir: ../.git/modules/s\n")
	require.NoError(t, os.MkdirAll(filepath.Join(top, "s", "x"), 0o755))
	require.NoError(t, os.MkdirAll(filepath.Join(top, "l"), 0o755))
	require.NoError(t, os.Symlink(filepath.Join(top, "a", ".git"), filepath.Join(top, "l", ".git")))

	got, ok := gitWorkTree(filepath.Join(top, "a", "b", "c"))
	assert.True(t, ok)
	assert.Equal(t, filepath.Join(top, "a"), got)
	got, ok = gitWorkTree(filepath.Join(top, "a"))
	assert.True(t, ok)
	assert.Equal(t, filepath.Join(top, "a"), got)
	got, ok = gitWorkTree(filepath.Join(top, "s", "x"))
	assert.True(t, ok)
	assert.Equal(t, filepath.Join(top, "s"), got)
	if _, ok := gitWorkTree(top); ok {
		t.Skip("the temporary folder is inside a git work tree")
	}
	_, ok = gitWorkTree(filepath.Join(top, "l"))
	assert.False(t, ok, "a .git that is a symbolic link does not make a work tree")
}

// Root discovery reads no file that links out of the tree: the module call in the linked file is not
// seen, so the folder it calls is a root of its own.
func TestFindRootsDoesNotReadFilesLinkingOut(t *testing.T) {
	top := t.TempDir()
	repo := filepath.Join(top, "repo")
	writeFile(t, top, "outside/calls.tf", "module \"a\" {\n  source = \"./a\"\n}\n")
	writeFile(t, repo, "a/main.tf", `resource "aws_s3_bucket" "b" { bucket = "b" }`)
	require.NoError(t, os.MkdirAll(repo, 0o755))
	require.NoError(t, os.Symlink(filepath.Join(top, "outside", "calls.tf"), filepath.Join(repo, "calls.tf")))

	roots, err := FindRoots(repo, nil, nil)
	require.NoError(t, err)
	assert.Equal(t, []string{".", "a"}, roots)
}

// Module folders join the file functions' scope while other module instances read files: many folders
// outside the scanned folder, each read by its own instances (run with -race).
func TestModuleFoldersJoinTheFileScopeConcurrently(t *testing.T) {
	repo := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(repo, ".git"), 0o755))
	var calls strings.Builder
	const n = 12
	for i := 0; i < n; i++ {
		fmt.Fprintf(&calls, "module \"m%d\" {\n  source   = \"../../modules/m%d\"\n  for_each = toset([\"a\", \"b\", \"c\"])\n}\n", i, i)
		writeFile(t, repo, fmt.Sprintf("modules/m%d/main.tf", i),
			`resource "aws_s3_bucket" "b" { bucket = trimspace(file("${path.module}/name.txt")) }`)
		writeFile(t, repo, fmt.Sprintf("modules/m%d/name.txt", i), fmt.Sprintf("bucket-%d", i))
	}
	writeFile(t, repo, "envs/prod/main.tf", calls.String())

	res, err := Load(context.Background(), filepath.Join(repo, "envs", "prod"), Options{})
	require.NoError(t, err)
	assert.Empty(t, res.Issues)
	assert.Empty(t, res.Warnings)
	require.Len(t, res.Blocks, 3*n)
	for _, b := range res.Blocks {
		assert.Regexp(t, `^bucket-\d+$`, b.Attrs["bucket"], b.Address)
	}
}
