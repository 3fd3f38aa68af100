package policies_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/engine"
	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/scanners"
)

// wrongTypes are attribute values of every JSON kind, at least one of them of a type no rule expects
// wherever it is put. A hand-written inventory (or an API answer a collector did not foresee) can hold
// any of them.
var wrongTypes = []struct {
	name  string
	value func() any
}{
	{"number", func() any { return int64(5) }},
	{"string", func() any { return "x" }},
	{"bool", func() any { return true }},
	{"null", func() any { return nil }},
	{"empty list", func() any { return []any{} }},
	{"list of number", func() any { return []any{int64(5)} }},
	{"list of null", func() any { return []any{nil} }},
	{"empty object", func() any { return map[string]any{} }},
	{"object", func() any { return map[string]any{"x": int64(5)} }},
}

// attrPath is a path into a resource's attributes: map keys (string) and list indexes (int).
type attrPath []any

func (p attrPath) String() string {
	var b strings.Builder
	for _, s := range p {
		switch s := s.(type) {
		case string:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(s)
		case int:
			fmt.Fprintf(&b, "[%d]", s)
		}
	}
	return b.String()
}

// attrPaths lists every path in v, interior ones included, in a stable order.
func attrPaths(v any, prefix attrPath, out *[]attrPath) {
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			p := append(append(attrPath(nil), prefix...), k)
			*out = append(*out, p)
			attrPaths(x[k], p, out)
		}
	case []any:
		for i, e := range x {
			p := append(append(attrPath(nil), prefix...), i)
			*out = append(*out, p)
			attrPaths(e, p, out)
		}
	}
}

// valueAt returns the value at p in attrs.
func valueAt(attrs map[string]any, p attrPath) any {
	var v any = attrs
	for _, s := range p {
		switch s := s.(type) {
		case string:
			v = v.(map[string]any)[s]
		case int:
			v = v.([]any)[s]
		}
	}
	return v
}

// kind is the JSON type of a decoded value.
func kind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case map[string]any:
		return "object"
	case []any:
		return "array"
	default:
		return "number"
	}
}

// withValue returns a deep copy of attrs with the value at p replaced by val, or removed when del is set
// and p ends in a map key.
func withValue(attrs map[string]any, p attrPath, val any, del bool) map[string]any {
	root := inventory.CopyJSON(attrs).(map[string]any)
	var parent any = root
	for _, s := range p[:len(p)-1] {
		switch s := s.(type) {
		case string:
			parent = parent.(map[string]any)[s]
		case int:
			parent = parent.([]any)[s]
		}
	}
	switch last := p[len(p)-1].(type) {
	case string:
		if del {
			delete(parent.(map[string]any), last)
		} else {
			parent.(map[string]any)[last] = val
		}
	case int:
		parent.([]any)[last] = val
	}
	return root
}

// documentedKinds reads, per canonical type and top-level attribute, the JSON kinds the inventory schema
// allows for its value (a "string/null" attribute: string and null).
func documentedKinds(t *testing.T) map[string]map[string]map[string]bool {
	raw, err := os.ReadFile("../inventory/schema/inventory.schema.json")
	require.NoError(t, err)
	var doc struct {
		Defs map[string]struct {
			Properties map[string]struct {
				Type any `json:"type"`
			} `json:"properties"`
		} `json:"$defs"`
	}
	require.NoError(t, json.Unmarshal(raw, &doc))
	out := map[string]map[string]map[string]bool{}
	for name, def := range doc.Defs {
		typ, ok := strings.CutPrefix(name, "attributes_")
		if !ok {
			continue
		}
		out[typ] = map[string]map[string]bool{}
		for attr, p := range def.Properties {
			kinds := map[string]bool{}
			switch x := p.Type.(type) {
			case string:
				kinds[schemaKind(x)] = true
			case []any:
				for _, k := range x {
					if s, ok := k.(string); ok {
						kinds[schemaKind(s)] = true
					}
				}
			}
			out[typ][attr] = kinds
		}
	}
	return out
}

// schemaKind names a JSON Schema type as kind names a decoded value.
func schemaKind(s string) string {
	if s == "integer" {
		return "number"
	}
	return s
}

// TestWrongTypedAttributesNeverPass puts a value of the wrong type at every attribute path of every
// resource of the example configuration, one path per copy of the resource, and evaluates the built-in
// rules with strict built-in errors (as vigil does). No rule may fail to evaluate (a built-in called on a
// value of the wrong type is a guard missing), and where removing the attribute keeps a resource from
// passing a rule, a wrong-typed value must not make it pass: it is no more evidence than none.
func TestWrongTypedAttributesNeverPass(t *testing.T) {
	if testing.Short() {
		t.Skip("evaluates the built-in rules over thousands of resources")
	}
	ctx := context.Background()
	base, err := scanners.ScanTerraform(ctx, "../examples/terraform", scanners.TerraformOptions{})
	require.NoError(t, err)
	require.NotEmpty(t, base.Resources)
	eng, err := engine.New(ctx, engine.Options{})
	require.NoError(t, err)

	type mutation struct {
		resource int
		path     attrPath
	}
	var mutations []mutation
	for i, r := range base.Resources {
		var paths []attrPath
		attrPaths(r.Attributes, nil, &paths)
		for _, p := range paths {
			mutations = append(mutations, mutation{i, p})
		}
	}
	t.Logf("%d resources, %d attribute paths", len(base.Resources), len(mutations))

	// evaluate returns each mutated copy's status per rule: copy id -> rule id -> status.
	evaluate := func(name string, val func() any, del bool) map[string]map[string]engine.Status {
		inv := &inventory.Inventory{Schema: base.Schema, Sources: base.Sources}
		inv.Resources = append(inv.Resources, base.Resources...)
		for n, m := range mutations {
			r := base.Resources[m.resource]
			var v any
			if val != nil {
				v = val()
			}
			r.Attributes = withValue(r.Attributes, m.path, v, del)
			r.ID = fmt.Sprintf("%s#m%d", r.ID, n)
			r.Ignores = nil
			inv.Resources = append(inv.Resources, r)
		}
		rep, err := eng.Evaluate(ctx, inv, engine.EvalOptions{})
		if err != nil {
			t.Errorf("attributes set to %s: %v", name, err)
			return nil
		}
		out := map[string]map[string]engine.Status{}
		for _, res := range rep.Results {
			if out[res.ResourceID] == nil {
				out[res.ResourceID] = map[string]engine.Status{}
			}
			out[res.ResourceID][res.RuleID] = res.Status
		}
		return out
	}
	documented := documentedKinds(t)
	removed := evaluate("removed", nil, true)
	for _, wt := range wrongTypes {
		got := evaluate(wt.name, wt.value, false)
		for n, m := range mutations {
			if _, isIndex := m.path[len(m.path)-1].(int); isIndex {
				continue // removing a list element is not "no evidence": there is no removed copy to compare with
			}
			r := base.Resources[m.resource]
			if kind(valueAt(r.Attributes, m.path)) == kind(wt.value()) {
				continue // "x" for a key ARN is a value of the right type, that a rule may accept
			}
			if documented[r.Type][m.path.String()][kind(wt.value())] {
				continue // "x" for an instance profile left null is a documented type (string/null) too
			}
			id := fmt.Sprintf("%s#m%d", r.ID, n)
			for rule, status := range got[id] {
				if status == engine.StatusPass && removed[id][rule] != engine.StatusPass {
					t.Errorf("%s %s: %s = %s passes, though without it the resource is %s",
						rule, r.ID, m.path, wt.name, removed[id][rule])
				}
			}
		}
	}
}

// TestWrongTypedAttributesTable feeds hand-written wrong-typed attributes, as a saved inventory can hold
// them, to rules whose checks read them: each gives unknown or a failure, never a pass, and no rule error.
func TestWrongTypedAttributesTable(t *testing.T) {
	sgRule := func(over map[string]any) map[string]any {
		r := map[string]any{"protocol": "tcp", "from_port": int64(22), "to_port": int64(22), "cidr_blocks": []any{"0.0.0.0/0"}, "ipv6_cidr_blocks": []any{}}
		for k, v := range over {
			r[k] = v
		}
		return r
	}
	adminStatement := map[string]any{"Effect": "Allow", "Action": []any{"*"}, "Resource": []any{"*"}}
	tests := []struct {
		rule, typ string
		attrs     map[string]any
	}{
		{"S3.2", inventory.TypeS3Bucket, map[string]any{"encryption": map[string]any{"enabled": int64(5)}}},
		{"S3.2", inventory.TypeS3Bucket, map[string]any{"encryption": map[string]any{"enabled": "x"}}},
		{"S3.2", inventory.TypeS3Bucket, map[string]any{"encryption": int64(5)}},
		{"S3.2", inventory.TypeS3Bucket, map[string]any{"encryption": "x"}},
		{"S3.2", inventory.TypeS3Bucket, map[string]any{"encryption": []any{}}},
		{"S3.4", inventory.TypeS3Bucket, map[string]any{"public_access_block": "x"}},
		{"S3.4", inventory.TypeS3Bucket, map[string]any{"public_access_block": int64(5)}},
		{"S3.4", inventory.TypeS3Bucket, map[string]any{"public_access_block": []any{true}}},
		{"S3.4", inventory.TypeS3Bucket, map[string]any{"public_access_block": map[string]any{"block_public_acls": "x"}}},
		{"S3.1", inventory.TypeS3Bucket, map[string]any{"versioning": "x"}},
		{"S3.1", inventory.TypeS3Bucket, map[string]any{"versioning": map[string]any{"enabled": "true"}}},
		{"RDS.1", inventory.TypeRDSInstance, map[string]any{"storage_encrypted": "true"}},
		{"RDS.1", inventory.TypeRDSInstance, map[string]any{"storage_encrypted": int64(1)}},
		{"RDS.1", inventory.TypeRDSInstance, map[string]any{"storage_encrypted": map[string]any{}}},
		{"RDS.2", inventory.TypeRDSInstance, map[string]any{"backup_retention_period": "35"}},
		{"RDS.2", inventory.TypeRDSInstance, map[string]any{"backup_retention_period": []any{int64(35)}}},
		{"EC2.1", inventory.TypeEC2SecurityGroup, map[string]any{"ingress": "x"}},
		{"EC2.1", inventory.TypeEC2SecurityGroup, map[string]any{"ingress": map[string]any{"0": sgRule(nil)}}},
		{"EC2.1", inventory.TypeEC2SecurityGroup, map[string]any{"ingress": []any{sgRule(map[string]any{"cidr_blocks": "0.0.0.0/0"})}}},
		{"EC2.1", inventory.TypeEC2SecurityGroup, map[string]any{"ingress": []any{sgRule(map[string]any{"from_port": "22"})}}},
		{"EC2.1", inventory.TypeEC2SecurityGroup, map[string]any{"ingress": []any{sgRule(map[string]any{"protocol": int64(6)})}}},
		{"IAM.1", inventory.TypeIAMPolicy, map[string]any{"document": "x"}},
		{"IAM.1", inventory.TypeIAMPolicy, map[string]any{"document": map[string]any{"Statement": adminStatement}}},
		{"IAM.1", inventory.TypeIAMPolicy, map[string]any{"document": map[string]any{"Statement": []any{map[string]any{"Effect": "Allow", "Action": "*", "Resource": "*"}}}}},
		{"IAM.1", inventory.TypeIAMPolicy, map[string]any{"document": map[string]any{"Statement": []any{int64(5), adminStatement}}}},
		{"KMS.1", inventory.TypeKMSKey, map[string]any{"rotation_enabled": "true"}},
		{"KMS.1", inventory.TypeKMSKey, map[string]any{"rotation_enabled": int64(1)}},
		{"KMS.1", inventory.TypeKMSKey, map[string]any{"rotation_enabled": false, "key_spec": int64(5)}},
	}
	ctx := context.Background()
	eng, err := engine.New(ctx, engine.Options{})
	require.NoError(t, err)
	for _, tt := range tests {
		name := fmt.Sprintf("%s %v", tt.rule, tt.attrs)
		t.Run(name, func(t *testing.T) {
			inv := inventory.New()
			inv.Resources = []inventory.Resource{{ID: "r", Type: tt.typ, Name: "r", Attributes: tt.attrs}}
			rep, err := eng.Evaluate(ctx, inv, engine.EvalOptions{})
			require.NoError(t, err)
			found := false
			for _, res := range rep.Results {
				if res.RuleID != tt.rule {
					continue
				}
				found = true
				assert.NotEqual(t, engine.StatusPass, res.Status, "%s: %s", res.Status, res.Message)
			}
			assert.True(t, found, "no result of %s", tt.rule)
		})
	}
}
