package terraform

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/inventory"
)

func TestInlineIgnores(t *testing.T) {
	res, err := Load(context.Background(), "testdata/ignores", Options{})
	require.NoError(t, err)
	require.Empty(t, res.Issues)
	got := map[string][]inventory.Ignore{}
	for _, b := range res.Blocks {
		got[b.Address] = b.Ignores
	}
	assert.Equal(t, []inventory.Ignore{{Rule: "EC2.5", Reason: "scratch data, recreated daily", Expires: "2027-01-31", File: "main.tf", Line: 1}},
		got["aws_ebs_volume.scratch"])
	assert.Equal(t, []inventory.Ignore{{Rule: "EC2.1", Reason: "jump host, IP-restricted by NACL", File: "main.tf", Line: 7}},
		got[`aws_security_group.apps["bastion"]`])
	assert.Empty(t, got[`aws_security_group.apps["web"]`], "instance-specific directive")
	assert.Empty(t, got["aws_db_instance.replica[0]"])
	assert.Equal(t, "RDS.2", got["aws_db_instance.replica[1]"][0].Rule)
	assert.Empty(t, got["aws_s3_bucket.detached"], "a blank line separates the comment from the block")
}

func TestInvalidIgnoreDirectives(t *testing.T) {
	tests := []struct{ src, want string }{
		{"# vigil:ignore EC2.5\nresource \"aws_ebs_volume\" \"v\" {}\n", "missing reason for EC2.5"},
		{"# vigil:ignore EC2.5 reason exp:31-12-2027\nresource \"aws_ebs_volume\" \"v\" {}\n", "invalid expiry date 31-12-2027"},
		{"# vigil:ignore\nresource \"aws_ebs_volume\" \"v\" {}\n", "missing rule id"},
	}
	for _, tt := range tests {
		dir := t.TempDir()
		require.NoError(t, os.WriteFile(filepath.Join(dir, "main.tf"), []byte(tt.src), 0o644))
		res, err := Load(context.Background(), dir, Options{})
		require.NoError(t, err)
		require.Len(t, res.Issues, 1, tt.src)
		assert.Equal(t, "main.tf", res.Issues[0].File)
		assert.Equal(t, 1, res.Issues[0].Line)
		assert.Contains(t, res.Issues[0].Message, tt.want)
	}
}

// The marker counts only in a comment: in a string or a heredoc on the header line or the lines above it,
// it is text, and the rule is not waived.
func TestIgnoreMarkerInStringsIsText(t *testing.T) {
	dir := t.TempDir()
	src := `resource "aws_s3_bucket" "in_string" { bucket = "x # vigil:ignore S3.1 hidden in a string" }

resource "aws_s3_bucket" "in_string_slashes" { bucket = "x // vigil:ignore S3.1 hidden" }

resource "aws_s3_bucket" "in_heredoc" {
  bucket = <<EOT
# vigil:ignore S3.1 hidden in a heredoc
EOT
}

locals {
  text = "# vigil:ignore S3.1 a string on the line above"
}
resource "aws_s3_bucket" "below_string" { bucket = "x" }

resource "aws_s3_bucket" "header_comment" { # vigil:ignore S3.1 a real comment
  bucket = "x"
}

#vigil:ignore S3.5 no space after the hash
// vigil:ignore S3.6 a slash comment
resource "aws_s3_bucket" "above" { bucket = "x" }
`
	require.NoError(t, os.WriteFile(filepath.Join(dir, "main.tf"), []byte(src), 0o644))
	res, err := Load(context.Background(), dir, Options{})
	require.NoError(t, err)
	require.Empty(t, res.Issues, issueMessages(res))
	got := map[string][]string{}
	for _, b := range res.Blocks {
		for _, ig := range b.Ignores {
			got[b.Address] = append(got[b.Address], ig.Rule)
		}
	}
	assert.Equal(t, map[string][]string{
		"aws_s3_bucket.header_comment": {"S3.1"},
		"aws_s3_bucket.above":          {"S3.6", "S3.5"}, // nearest the header first
	}, got)
}

// Every directive the scanner reads applies to a resource instance or is listed with why it applies to
// nothing: above a block that is not a resource, detached from any block, naming an instance key that no
// instance has, or on a resource with no instance. They used to be dropped without a word.
func TestUnattachedIgnoreDirectives(t *testing.T) {
	dir := t.TempDir()
	src := `# vigil:ignore S3.1x typo above a variable
variable "v" {
  default = "x"
}

# vigil:ignore S3.1 above a module
module "m" {
  source = "./m"
}

# vigil:ignore S3.1 above a data source
data "aws_caller_identity" "me" {}

locals { # vigil:ignore S3.1 on a locals header
  a = 1
}

# vigil:ignore S3.1 above an output
output "o" {
  value = 1
}

// vigil:ignore S3.1 above a provider
provider "aws" {
  region = "eu-west-1"
}

# vigil:ignore S3.1 detached by a blank line

resource "aws_s3_bucket" "keyed" {
  # vigil:ignore S3.1 inside the body
  for_each = toset(["a", "b"])
  bucket   = each.key
}

# vigil:ignore S3.1["nope"] a key no instance has
# vigil:ignore S3.2["a"] a key that matches
resource "aws_s3_bucket" "keyed2" {
  for_each = toset(["a", "b"])
  bucket   = each.key
}

# vigil:ignore S3.1 on a resource with no instance
resource "aws_s3_bucket" "none" {
  count  = 0
  bucket = "x"
}
`
	require.NoError(t, os.WriteFile(filepath.Join(dir, "main.tf"), []byte(src), 0o644))
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "m"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "m", "main.tf"), nil, 0o644))
	res, err := Load(context.Background(), dir, Options{})
	require.NoError(t, err)
	require.Empty(t, res.Issues)

	got := map[int]string{}
	for _, u := range res.UnattachedIgnores {
		assert.Equal(t, "main.tf", u.File)
		got[u.Line] = u.Why
	}
	assert.Equal(t, map[int]string{
		1:  "vigil:ignore S3.1x applies to nothing: it is above a variable block, and waives rules only on the resource block it is written on or directly above",
		6:  "vigil:ignore S3.1 applies to nothing: it is above a module block, and waives rules only on the resource block it is written on or directly above",
		14: "vigil:ignore S3.1 applies to nothing: it is above a locals block, and waives rules only on the resource block it is written on or directly above",
		18: "vigil:ignore S3.1 applies to nothing: it is above an output block, and waives rules only on the resource block it is written on or directly above",
		23: "vigil:ignore S3.1 applies to nothing: it is above a provider block, and waives rules only on the resource block it is written on or directly above",
		28: "vigil:ignore S3.1 applies to nothing: it is not on or directly above a resource block (a blank line or code separates it from one)",
		31: "vigil:ignore S3.1 applies to nothing: it is not on or directly above a resource block (a blank line or code separates it from one)",
		36: `vigil:ignore S3.1["nope"] applies to nothing: no instance of aws_s3_bucket.keyed2 has the key ["nope"]`,
		43: "vigil:ignore S3.1 applies to nothing: aws_s3_bucket.none has no instance (count or for_each is empty, or its module is not called)",
	}, got, "the data source's directive applies to its block; the scan reports it (scanners.unattachedIgnores)")

	for _, b := range res.Blocks {
		if b.Address == `aws_s3_bucket.keyed2["a"]` {
			assert.Equal(t, []inventory.Ignore{{Rule: "S3.2", Reason: "a key that matches", File: "main.tf", Line: 37}}, b.Ignores)
		}
	}
}

// A directive is lower case in a # or // comment. What looks like one in another form is an error at
// its line rather than a comment read as nothing.
func TestIgnoreDirectiveNearMisses(t *testing.T) {
	tests := []struct {
		src  string
		line int
		want string
	}{
		{"# VIGIL:IGNORE S3.1 upper case\nresource \"aws_s3_bucket\" \"b\" {}\n", 1, `"VIGIL:IGNORE" is not read as a directive: write vigil:ignore in lower case`},
		{"resource \"aws_s3_bucket\" \"b\" { // Vigil:Ignore S3.1 mixed case\n}\n", 1, `"Vigil:Ignore" is not read as a directive`},
		{"/* vigil:ignore S3.1 a block comment */\nresource \"aws_s3_bucket\" \"b\" {}\n", 1, "must be a # or // line comment"},
		{"/*\n * vigil:ignore S3.1 in a block comment\n */\nresource \"aws_s3_bucket\" \"b\" {}\n", 2, "must be a # or // line comment"},
	}
	for _, tt := range tests {
		dir := t.TempDir()
		require.NoError(t, os.WriteFile(filepath.Join(dir, "main.tf"), []byte(tt.src), 0o644))
		res, err := Load(context.Background(), dir, Options{})
		require.NoError(t, err)
		require.Len(t, res.Issues, 1, tt.src)
		assert.Equal(t, "main.tf", res.Issues[0].File)
		assert.Equal(t, tt.line, res.Issues[0].Line)
		assert.Contains(t, res.Issues[0].Message, tt.want)
	}
	// Text that mentions the marker elsewhere in a comment is a comment.
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "main.tf"), []byte("# see the docs on vigil:ignore\n/* no VIGIL:IGNORE here */\nresource \"aws_s3_bucket\" \"b\" {}\n"), 0o644))
	res, err := Load(context.Background(), dir, Options{})
	require.NoError(t, err)
	assert.Empty(t, res.Issues)
	assert.Empty(t, res.UnattachedIgnores)
}
