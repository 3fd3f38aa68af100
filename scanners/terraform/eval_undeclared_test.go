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
	// Worded as Terraform words them: HCL's "There is no variable named "local"" named the wrong thing.
	undeclaredVar := `Reference to undeclared input variable: An input variable with the name "nope" has not been ` +
		`declared. This variable can be declared with a variable "nope" {} block.`
	undeclaredLocal := `Reference to undeclared local value: A local value with the name "nope" has not been declared.`
	require.Equal(t, []string{
		// In a module, the message names the module.
		`m/main.tf:3:11: Reference to undeclared module: No module call named "x" is declared in module.m.`,
		`main.tf:20:52: Reference to undeclared resource: A data resource "aws_iam_policy_document" "not_declared" ` +
			`has not been declared in the root module.`,
		`main.tf:21:37: Reference to undeclared resource: A managed resource "aws_s3_bucket" "not_declared" ` +
			`has not been declared in the root module.`,
		`main.tf:22:24: Reference to undeclared module: No module call named "not_declared" is declared in the root module.`,
		"main.tf:36:11: " + undeclaredLocal,
		"main.tf:37:11: " + undeclaredVar,
		"main.tf:46:16: " + undeclaredLocal,
		"main.tf:47:11: " + undeclaredVar,
	}, issueMessages(res))
}
