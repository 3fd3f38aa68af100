package aws

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/inventory"
)

// schemaValid checks that the adapted resources, saved as an inventory, read back: every attribute the
// adapters write has the type the inventory schema (docs/inventory.md) gives it, or is listed unknown.
// The adapter tests pass what Adapt returns through it, so every crafted block (wrong types, unknowns,
// partial lists) is checked.
func schemaValid(t *testing.T, resources []inventory.Resource) []inventory.Resource {
	t.Helper()
	inv := inventory.New()
	inv.Resources = resources
	var buf bytes.Buffer
	require.NoError(t, inv.Write(&buf))
	_, err := inventory.ReadNamed(&buf, "adapted.json")
	require.NoError(t, err, "the adapted resources do not match docs/schemas/inventory.schema.json")
	return resources
}
