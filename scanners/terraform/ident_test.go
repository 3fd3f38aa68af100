package terraform

import (
	"testing"

	"github.com/hashicorp/hcl/v2/hclsyntax"
)

func TestValidIdentifierMatchesHCL(t *testing.T) {
	for _, s := range []string{"", "a", "aws_s3_bucket", "this", "a-b", "a_b9", "9a", "_a", "-a", "a.b", "a b", "é", "aé", "a$", "A", "Z_z-0"} {
		if got, want := validIdentifier(s), hclsyntax.ValidIdentifier(s); got != want {
			t.Errorf("validIdentifier(%q) = %v, hclsyntax says %v", s, got, want)
		}
	}
}
