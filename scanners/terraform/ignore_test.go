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
