package aws

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/scanners/iac"
)

// m and l keep inline fixtures short.
type m = map[string]any

func l(v ...any) []any { return append([]any{}, v...) }

// mb builds a managed block in the root module; address is "type.name" and unknown lists unknown paths.
func mb(address string, attrs m, unknown ...string) iac.Block {
	typ, name, _ := strings.Cut(address, ".")
	module := ""
	if strings.HasPrefix(address, "module.") {
		parts := strings.Split(address, ".")
		module = strings.Join(parts[:2], ".")
		typ, name = parts[2], parts[3]
	}
	if i := strings.IndexByte(name, '['); i >= 0 {
		name = name[:i]
	}
	return iac.Block{Address: address, Mode: iac.ModeManaged, Type: typ, Name: name, Module: module,
		Attrs: attrs, Unknown: unknown, File: "main.tf", StartLine: 1, EndLine: 5, Region: "eu-west-1"}
}

// db builds a data block.
func db(address string, attrs m, unknown ...string) iac.Block {
	b := mb(strings.TrimPrefix(address, "data."), attrs, unknown...)
	b.Address, b.Mode = address, iac.ModeData
	return b
}

// loadBlocks reads a JSON fixture of []iac.Block.
func loadBlocks(t *testing.T, path string) []iac.Block {
	t.Helper()
	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	var blocks []iac.Block
	require.NoError(t, json.Unmarshal(raw, &blocks))
	return blocks
}

// resource returns the resource with id, failing the test when it is missing.
func resource(t *testing.T, rs []inventory.Resource, id string) inventory.Resource {
	t.Helper()
	for _, r := range rs {
		if r.ID == id {
			return r
		}
	}
	require.Failf(t, "resource not found", "%s in %v", id, ids(rs))
	return inventory.Resource{}
}

func ids(rs []inventory.Resource) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.ID)
	}
	return out
}

// at returns the attribute at a dotted path (list elements by index) and whether it exists.
func at(r inventory.Resource, path string) (any, bool) {
	var cur any = r.Attributes
	for _, seg := range strings.Split(path, ".") {
		switch c := cur.(type) {
		case map[string]any:
			v, ok := c[seg]
			if !ok {
				return nil, false
			}
			cur = v
		case []any:
			i := 0
			for _, ch := range seg {
				i = i*10 + int(ch-'0')
			}
			if i >= len(c) {
				return nil, false
			}
			cur = c[i]
		default:
			return nil, false
		}
	}
	return cur, true
}

// get is at for paths that must exist.
func get(t *testing.T, r inventory.Resource, path string) any {
	t.Helper()
	v, ok := at(r, path)
	require.Truef(t, ok, "%s: no attribute %s in %v", r.ID, path, r.Attributes)
	return v
}
