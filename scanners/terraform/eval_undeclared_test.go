package terraform

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A reference to an undeclared resource, data source or module is an error in Terraform, even when a
// block of the same type is declared (the type's object then exists and the name reads as a missing
// attribute): it must be reported, not taken for a value the provider computes.
func TestUndeclaredReferencesAreReported(t *testing.T) {
	res := load(t, "undeclared", Options{})
	r := blocks(res)["aws_iam_role.r"]
	assert.Equal(t, []string{"assume_role_policy", "description", "path", "tags.arn"}, r.Unknown)
	var lines []int
	for _, is := range res.Issues {
		lines = append(lines, is.Line)
	}
	require.Equal(t, []int{20, 21, 22}, lines, issueMessages(res))
}
