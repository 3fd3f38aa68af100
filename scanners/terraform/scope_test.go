package terraform

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const plantedSecret = "PLANTED-SECRET-7f3a"

// escapeTree lays out a scanned folder beside a folder holding a secret, with links from the first into
// the second. It returns the scanned folder and the secret file.
func escapeTree(t *testing.T) (repo, secret string) {
	t.Helper()
	top := t.TempDir()
	repo, outside := filepath.Join(top, "repo"), filepath.Join(top, "outside")
	writeFile(t, outside, "secret.txt", plantedSecret)
	writeFile(t, repo, "ok.txt", "inside")
	writeFile(t, repo, "files/a.txt", "a")
	secret = filepath.Join(outside, "secret.txt")
	require.NoError(t, os.Symlink(secret, filepath.Join(repo, "link.txt")))
	require.NoError(t, os.Symlink(outside, filepath.Join(repo, "linkdir")))
	return repo, secret
}

// Every way out of the scanned folder leaves the value unknown with a warning at the call, and the
// secret is in no part of the result.
func TestFileFunctionsAreConfinedToTheScannedFolder(t *testing.T) {
	repo, secret := escapeTree(t)
	tests := []struct{ name, expr string }{
		{"absolute", fmt.Sprintf("file(%q)", secret)},
		{"dotdot", `file("../outside/secret.txt")`},
		{"dotdot_module", `file("${path.module}/../outside/secret.txt")`},
		{"symlink_file", `file("link.txt")`},
		{"symlink_dir", `file("linkdir/secret.txt")`},
		{"missing_under_symlink_dir", `file("linkdir/nope.txt")`},
		{"proc_environ", `file("/proc/self/environ")`},
		{"etc_passwd", `file("/etc/passwd")`},
		{"filebase64", `filebase64("../outside/secret.txt")`},
		{"filemd5", `filemd5("../outside/secret.txt")`},
		{"filesha256", `filesha256("link.txt")`},
		{"filebase64sha512", `filebase64sha512("../outside/secret.txt")`},
		{"templatefile", `templatefile("../outside/secret.txt", {})`},
		{"fileexists", `tostring(fileexists("../outside/secret.txt"))`},
		{"fileset_root", `join(",", fileset("/", "**"))`},
		{"fileset_dotdot", `join(",", fileset(".", "../outside/*"))`},
		{"fileset_symlink_dir", `join(",", fileset(".", "linkdir/*"))`},
		{"fileset_walks_into_link", `join(",", fileset(".", "**"))`},
		{"in_template", `templatestring("$${file(\"../outside/secret.txt\")}", {})`},
		{"in_for", `join(",", [for p in ["../outside/secret.txt"] : file(p)])`},
	}
	var src strings.Builder
	for _, tc := range tests {
		// One resource per line, so the warning's line says which case it is.
		fmt.Fprintf(&src, "resource \"aws_s3_bucket\" %q { bucket = %s }\n", tc.name, tc.expr)
	}
	writeFile(t, repo, "main.tf", src.String())

	done := make(chan *Result, 1)
	go func() {
		res, err := Load(context.Background(), repo, Options{})
		assert.NoError(t, err)
		done <- res
	}()
	var res *Result
	select {
	case res = <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("Load did not finish: a fileset walked outside the scanned folder?")
	}
	require.NotNil(t, res)
	assert.Empty(t, res.Issues, issueMessages(res))
	bs := blocks(res)
	warned := map[int]string{}
	for _, w := range res.Warnings {
		assert.Equal(t, CodeOutsideScan, w.Code)
		assert.Equal(t, "main.tf", w.File, w.String())
		warned[w.Line] = w.Message
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, ok := bs["aws_s3_bucket."+tc.name]
			require.True(t, ok)
			assert.Contains(t, b.Unknown, "bucket", "value %v", b.Attrs["bucket"])
			assert.Contains(t, warned[i+1], "reads outside the scanned folder", "no warning at main.tf:%d", i+1)
		})
	}
	out, err := json.Marshal(res)
	require.NoError(t, err)
	assert.NotContains(t, string(out), plantedSecret)
}

// Inside the folder the functions read as Terraform does; a variable file the user named may be read,
// and a trusted run may read anywhere.
func TestFileFunctionsInsideAndAllowed(t *testing.T) {
	repo, secret := escapeTree(t)
	writeFile(t, repo, "main.tf", fmt.Sprintf(`
resource "aws_s3_bucket" "inside" { bucket = file("ok.txt") }
resource "aws_s3_bucket" "exists" { bucket = tostring(fileexists("ok.txt")) }
resource "aws_s3_bucket" "set" { bucket = join(",", fileset(path.module, "files/*")) }
resource "aws_s3_bucket" "outside" { bucket = file(%q) }
`, secret))

	res, err := Load(context.Background(), repo, Options{})
	require.NoError(t, err)
	bs := blocks(res)
	assert.Equal(t, "inside", bs["aws_s3_bucket.inside"].Attrs["bucket"])
	assert.Equal(t, "true", bs["aws_s3_bucket.exists"].Attrs["bucket"])
	assert.Equal(t, "files/a.txt", bs["aws_s3_bucket.set"].Attrs["bucket"])
	assert.Contains(t, bs["aws_s3_bucket.outside"].Unknown, "bucket")

	// A file named as a variable file is the user's choice, not the configuration's.
	varFile := filepath.Join(filepath.Dir(secret), "prod.tfvars")
	writeFile(t, filepath.Dir(varFile), "prod.tfvars", `region = "eu-west-1"`)
	writeFile(t, repo, "vf.tf", fmt.Sprintf(`resource "aws_s3_bucket" "varfile" { bucket = file(%q) }`, varFile))
	res, err = Load(context.Background(), repo, Options{VarFiles: []string{varFile}})
	require.NoError(t, err)
	assert.Equal(t, `region = "eu-west-1"`, blocks(res)["aws_s3_bucket.varfile"].Attrs["bucket"])
	assert.Contains(t, blocks(res)["aws_s3_bucket.outside"].Unknown, "bucket")

	res, err = Load(context.Background(), repo, Options{AllowOutsideFileReads: true})
	require.NoError(t, err)
	assert.Equal(t, plantedSecret, blocks(res)["aws_s3_bucket.outside"].Attrs["bucket"])
	assert.Empty(t, res.Warnings)
}

// fileset is bounded: a pattern that reads too many entries is a located error, not a long walk.
func TestFilesetIsBounded(t *testing.T) {
	dir := t.TempDir()
	for i := range 30 {
		writeFile(t, dir, fmt.Sprintf("many/d%02d/f.txt", i), "x")
	}
	writeFile(t, dir, "main.tf", `resource "aws_s3_bucket" "b" { bucket = join(",", fileset(".", "**")) }`)
	l := newLoader(context.Background(), dir)
	t.Cleanup(func() { l.pre.close(); l.evals.close() })
	fsys := &scopedFS{l: l, base: dir}
	_, err := fsys.ReadDir("many")
	require.NoError(t, err)
	assert.Equal(t, 30, fsys.entries)

	prevEntries, prevMatches := maxFilesetEntries, maxFilesetMatches
	t.Cleanup(func() { maxFilesetEntries, maxFilesetMatches = prevEntries, prevMatches })
	maxFilesetEntries = 20
	res, err := Load(context.Background(), dir, Options{})
	require.NoError(t, err)
	require.Len(t, res.Issues, 1)
	assert.Equal(t, "main.tf", res.Issues[0].File)
	assert.Equal(t, 1, res.Issues[0].Line)
	assert.Contains(t, res.Issues[0].Message, "reads more than 20 directory entries")

	maxFilesetEntries, maxFilesetMatches = prevEntries, 10
	res, err = Load(context.Background(), dir, Options{})
	require.NoError(t, err)
	require.Len(t, res.Issues, 1)
	assert.Contains(t, res.Issues[0].Message, "matches more than 10 files")
}

// terraform.tfvars and *.auto.tfvars are read without being named by the user: one that links out of the
// scanned folder (an env file of KEY = "value" lines is valid .tfvars) is not read, and as the variables
// would otherwise take their defaults, that is an error naming the file.
func TestAutoVariableFilesAreConfined(t *testing.T) {
	for _, name := range []string{"terraform.tfvars", "prod.auto.tfvars"} {
		t.Run(name, func(t *testing.T) {
			repo, secret := escapeTree(t)
			env := filepath.Join(filepath.Dir(secret), "ci.env")
			writeFile(t, filepath.Dir(env), "ci.env", `token = "`+plantedSecret+`"`)
			require.NoError(t, os.Symlink(env, filepath.Join(repo, name)))
			writeFile(t, repo, "main.tf", `
variable "token" {
  default = "none"
}
resource "aws_s3_bucket" "b" { bucket = var.token }
`)
			res, err := Load(context.Background(), repo, Options{})
			require.NoError(t, err)
			require.Len(t, res.Issues, 1)
			assert.Equal(t, CodeOutsideScan, res.Issues[0].Code)
			assert.Equal(t, name, res.Issues[0].File)
			assert.Contains(t, res.Issues[0].Message, "leads outside the scanned folder")
			out, err := json.Marshal(res)
			require.NoError(t, err)
			assert.NotContains(t, string(out), plantedSecret)

			res, err = Load(context.Background(), repo, Options{AllowOutsideFileReads: true})
			require.NoError(t, err)
			assert.Empty(t, res.Issues)
			assert.Equal(t, plantedSecret, blocks(res)["aws_s3_bucket.b"].Attrs["bucket"])
		})
	}
}

// A variables file read without being named (terraform.tfvars, *.auto.tfvars.json) that links into
// .terraform is not read either: terraform init's backend settings are valid .tfvars.json, and a
// variable "backend" would carry their credentials into the report.
func TestAutoVariableFilesDoNotReadMetadata(t *testing.T) {
	repo := t.TempDir()
	writeFile(t, repo, ".terraform/terraform.tfstate", `{"version": 3, "backend": {"type": "http", "config": {"password": "`+plantedSecret+`"}}}`)
	require.NoError(t, os.Symlink(filepath.Join(".terraform", "terraform.tfstate"), filepath.Join(repo, "x.auto.tfvars.json")))
	writeFile(t, repo, "main.tf", `
variable "backend" {
  type    = any
  default = { config = { password = "none" } }
}
resource "aws_s3_bucket" "b" { bucket = var.backend.config.password }
`)
	res, err := Load(context.Background(), repo, Options{})
	require.NoError(t, err)
	require.Len(t, res.Issues, 1, issueMessages(res))
	assert.Equal(t, CodeOutsideScan, res.Issues[0].Code)
	assert.Equal(t, "x.auto.tfvars.json", res.Issues[0].File)
	out, err := json.Marshal(res)
	require.NoError(t, err)
	assert.NotContains(t, string(out), plantedSecret)
}

// Scanning a repository's root puts its .git folder inside the scanned tree, and actions/checkout writes
// the job's token into .git/config by default; terraform init keeps -backend-config credentials in
// .terraform/terraform.tfstate: no file function reads them, however they are reached; fileexists and
// fileset, which read no content, still see them, and installed modules are read.
func TestFileFunctionsDoNotReadVCSMetadata(t *testing.T) {
	repo := t.TempDir()
	writeFile(t, repo, ".git/config", "[http \"https://github.com/\"]\n\textraheader = AUTHORIZATION: basic "+plantedSecret+"\n")
	writeFile(t, repo, ".hg/hgrc", plantedSecret)
	writeFile(t, repo, "infra/ok.txt", "inside")
	writeFile(t, repo, "infra/.terraform/terraform.tfstate", `{"backend": {"config": {"token": "`+plantedSecret+`"}}}`)
	writeFile(t, repo, "infra/.terraform/modules/m/t.tpl", "module file")
	require.NoError(t, os.Symlink(filepath.Join(repo, ".git", "config"), filepath.Join(repo, "infra", "cfg.txt")))
	tests := []struct{ name, expr string }{
		{"file", `file("${path.module}/../.git/config")`},
		{"root_relative", `file("../.git/config")`},
		{"templatefile", `templatefile("../.git/config", {})`},
		{"filebase64", `filebase64("../.git/config")`},
		{"filesha256", `filesha256("../.git/config")`},
		{"link_into_git", `file("cfg.txt")`},
		{"hg", `file("../.hg/hgrc")`},
		{"in_template", `templatestring("$${file(\"../.git/config\")}", {})`},
		{"backend_state", `file(".terraform/terraform.tfstate")`},
	}
	var src strings.Builder
	for _, tc := range tests {
		fmt.Fprintf(&src, "resource \"aws_s3_bucket\" %q { bucket = %s }\n", tc.name, tc.expr)
	}
	src.WriteString(`resource "aws_s3_bucket" "inside" { bucket = file("ok.txt") }` + "\n")
	src.WriteString(`resource "aws_s3_bucket" "exists" { bucket = tostring(fileexists("../.git/config")) }` + "\n")
	src.WriteString(`resource "aws_s3_bucket" "installed_module" { bucket = file(".terraform/modules/m/t.tpl") }` + "\n")
	writeFile(t, repo, "infra/main.tf", src.String())

	// The scanned folder is the repository's root (vigil scan .); the root module is infra.
	cache, err := NewFileCache(repo)
	require.NoError(t, err)
	res, err := Load(context.Background(), filepath.Join(repo, "infra"), Options{Files: cache})
	require.NoError(t, err)
	assert.Empty(t, res.Issues, issueMessages(res))
	bs := blocks(res)
	warned := map[int]string{}
	for _, w := range res.Warnings {
		assert.Equal(t, CodeOutsideScan, w.Code)
		warned[w.Line] = w.Message
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, ok := bs["aws_s3_bucket."+tc.name]
			require.True(t, ok)
			assert.Contains(t, b.Unknown, "bucket", "value %v", b.Attrs["bucket"])
			assert.Contains(t, warned[i+1], "metadata (.git, .terraform", "no warning at main.tf:%d", i+1)
		})
	}
	assert.Equal(t, "inside", bs["aws_s3_bucket.inside"].Attrs["bucket"])
	assert.Equal(t, "true", bs["aws_s3_bucket.exists"].Attrs["bucket"])
	assert.Equal(t, "module file", bs["aws_s3_bucket.installed_module"].Attrs["bucket"], "installed modules are read")
	out, err := json.Marshal(res)
	require.NoError(t, err)
	assert.NotContains(t, string(out), plantedSecret)

	cache, err = NewFileCache(repo)
	require.NoError(t, err)
	res, err = Load(context.Background(), filepath.Join(repo, "infra"), Options{Files: cache, AllowOutsideFileReads: true})
	require.NoError(t, err)
	assert.Contains(t, blocks(res)["aws_s3_bucket.file"].Attrs["bucket"], plantedSecret, "a trusted run reads it")
}
