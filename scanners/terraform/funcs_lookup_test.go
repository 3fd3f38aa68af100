package terraform

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Terraform's lookup accepts a null default, and a map with one computed element still yields the
// others: real modules write lookup(var.timeouts, "create", null) and look up rule ports in maps
// whose CIDR is computed. go-cty's stdlib lookup rejected the first and made the second unknown.
func TestLookupAsTerraform(t *testing.T) {
	res := load(t, "lookup", Options{})
	r := blocks(res)["aws_security_group_rule.r"]
	assert.Equal(t, "5432", r.Attrs["from_port"])
	assert.Equal(t, "5432", r.Attrs["to_port"])
	assert.Equal(t, "tcp", r.Attrs["protocol"])
	assert.Nil(t, r.Attrs["description"])
	assert.Equal(t, []string{"cidr_blocks.0"}, r.Unknown)
	// The two-argument form fails on a missing key, as in Terraform.
	require.Len(t, res.Issues, 1, issueMessages(res))
	assert.Equal(t, 38, res.Issues[0].Line)
	assert.Contains(t, res.Issues[0].Message, `"nope"`)
}
