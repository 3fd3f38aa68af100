package aws

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/inventory"
)

// schemaValid checks that the collected resources, saved as an inventory, read back: every attribute
// a collector writes has the type the inventory schema (docs/inventory.md) gives it. The tests that read
// a sink's resources pass them through it, so every emulated answer (denied calls included) is checked.
func schemaValid(t *testing.T, resources []inventory.Resource) []inventory.Resource {
	t.Helper()
	inv := inventory.New()
	inv.Resources = resources
	var buf bytes.Buffer
	require.NoError(t, inv.Write(&buf))
	_, err := inventory.ReadNamed(&buf, "collected.json")
	require.NoError(t, err, "the collected resources do not match docs/schemas/inventory.schema.json")
	return resources
}
