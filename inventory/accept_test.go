package inventory_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/bench/gen/invgen"
	"github.com/vigil-audit/vigil/internal/jsonany"
	"github.com/vigil-audit/vigil/inventory"
)

// TestQuickSchemaChecksAreSound: the reader asks the validator only about the resources the quick
// accepters do not take. Every generated resource is taken, and so is none that the validator refuses:
// each value of each resource, replaced by values of every JSON type or removed.
func TestQuickSchemaChecksAreSound(t *testing.T) {
	var doc bytes.Buffer
	require.NoError(t, invgen.Generate(64, 1, 7)[0].Write(&doc))
	var top struct{ Resources []json.RawMessage }
	require.NoError(t, json.Unmarshal(doc.Bytes(), &top))
	require.Len(t, top.Resources, 64)

	dec := jsonany.NewDecoder()
	decode := func(b []byte) any {
		v, ok := dec.Decode(b)
		require.True(t, ok)
		return v
	}
	replacements := []any{nil, "", "x", json.Number("0"), json.Number("-1"), json.Number("1.5"), json.Number("2.0"),
		true, []any{}, []any{"a", json.Number("1")}, map[string]any{}, map[string]any{"k": "v"}}
	accepted, refused := 0, 0
	check := func(what string, g any) {
		resOK, resProblems, attrsOK, attrsProblems := inventory.SchemaVerdicts(g)
		if resOK {
			accepted++
			assert.Empty(t, resProblems, "%s: accepted a resource the validator refuses", what)
		}
		if attrsOK {
			assert.Empty(t, attrsProblems, "%s: accepted attributes the validator refuses", what)
		}
		if len(resProblems)+len(attrsProblems) > 0 {
			refused++
		}
	}
	for i, raw := range top.Resources {
		g := decode(raw)
		resOK, _, attrsOK, _ := inventory.SchemaVerdicts(g)
		require.True(t, resOK && attrsOK, "resource %d is valid and plain: the accepters must take it", i)
		// Each mutation starts from a fresh copy: the paths are those of the original.
		for _, path := range leafPaths(g, nil) {
			for k, r := range replacements {
				m := decode(raw)
				setPath(m, path, r, false)
				check(fmt.Sprintf("resource %d, %v = %v (%d)", i, path, r, k), m)
			}
			m := decode(raw)
			setPath(m, path, nil, true)
			check(fmt.Sprintf("resource %d, %v removed", i, path), m)
		}
	}
	t.Logf("%d mutated resources accepted without the validator, %d refused by it", accepted, refused)
	assert.Greater(t, refused, 1000, "the mutations reach the schema's checks")
	assert.Greater(t, accepted, 1000)
}

// leafPaths lists the path of every value in v, containers included.
func leafPaths(v any, at []any) [][]any {
	var out [][]any
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			p := append(append([]any{}, at...), k)
			out = append(out, p)
			out = append(out, leafPaths(e, p)...)
		}
	case []any:
		for i, e := range v {
			p := append(append([]any{}, at...), i)
			out = append(out, p)
			out = append(out, leafPaths(e, p)...)
		}
	}
	return out
}

// setPath sets (or removes) the value at path in v.
func setPath(v any, path []any, to any, remove bool) {
	for i, step := range path {
		last := i == len(path)-1
		switch c := v.(type) {
		case map[string]any:
			k := step.(string)
			if last {
				if remove {
					delete(c, k)
				} else {
					c[k] = to
				}
				return
			}
			v = c[k]
		case []any:
			k := step.(int)
			if last {
				c[k] = to // an element is replaced, never removed: the paths after it stay valid
				return
			}
			v = c[k]
		}
	}
}

// TestReadRefusesHugeNumbers: a number the schema validator would take seconds to compare exactly is
// refused at its pointer, also in an attribute the schema does not list (the rules would read it).
func TestReadRefusesHugeNumbers(t *testing.T) {
	doc := `{"schema": "vigil.inventory/v1", "resources": [
		{"id": "a", "type": "aws.s3.bucket", "attributes": {"extra": {"n": [1.5e-999999]}}},
		{"id": "b", "type": "aws.s3.bucket", "source": {"kind": "aws", "start_line": 1e1000000}},
		{"id": "c", "type": "aws.s3.bucket", "attributes": {"size": 2.5e-05}}]}`
	_, err := inventory.ReadNamed(strings.NewReader(doc), "inv.json")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "inv.json: /resources/0/attributes/extra/n/0: number 1.5e-999999 is out of range")
	assert.Contains(t, err.Error(), "inv.json: /resources/1/source/start_line: number 1e1000000 is out of range")
	assert.NotContains(t, err.Error(), "/resources/2")
}
