package inventory_test

import (
	"encoding/json"
	"errors"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/internal/docschema"
	"github.com/vigil-audit/vigil/inventory"
)

// TestReadNamedRejectsWrongAttributeTypes: the attributes of each type are typed as docs/inventory.md
// documents them. They used to be any object: `"encryption": 5` on a bucket was read, and a rule may
// take it for encryption that is not off.
func TestReadNamedRejectsWrongAttributeTypes(t *testing.T) {
	tests := []struct {
		name     string
		resource string
		want     []string
	}{
		{"scalars for objects", `{"id": "b", "type": "aws.s3.bucket", "attributes": {"encryption": 5, "public_access_block": "x"}}`, []string{
			`inv.json: /resources/0/attributes/encryption: got number, want object`,
			`inv.json: /resources/0/attributes/public_access_block: got string, want object`}},
		{"nested field", `{"id": "b", "type": "aws.s3.bucket", "attributes": {"encryption": {"enabled": "yes"}}}`, []string{
			`inv.json: /resources/0/attributes/encryption/enabled: got string, want boolean`}},
		{"list element field", `{"id": "g", "type": "aws.ec2.security_group", "attributes": {"ingress": [{"protocol": "tcp", "from_port": "22", "cidr_blocks": ["0.0.0.0/0", 1]}]}}`, []string{
			`inv.json: /resources/0/attributes/ingress/0/cidr_blocks/1: got number, want string`,
			`inv.json: /resources/0/attributes/ingress/0/from_port: got string, want number`}},
		{"null where not nullable", `{"id": "k", "type": "aws.kms.key", "attributes": {"rotation_enabled": null}}`, []string{
			`inv.json: /resources/0/attributes/rotation_enabled: got null, want boolean`}},
		{"enum", `{"id": "v", "type": "aws.backup.vault", "attributes": {"lock": {"enabled": true, "mode": "strict"}}}`, []string{
			`inv.json: /resources/0/attributes/lock/mode: value must be one of 'compliance', 'governance', null`}},
		{"account region facts", `{"id": "a", "type": "aws.account", "attributes": {"regions": {"eu-west-1": {"config_recorder_on": "yes"}}}}`, []string{
			`inv.json: /resources/0/attributes/regions/eu-west-1/config_recorder_on: got string, want boolean`}},
		{"policy document", `{"id": "p", "type": "aws.iam.policy", "attributes": {"document": "{\"Statement\": []}"}}`, []string{
			`inv.json: /resources/0/attributes/document: got string, want null or object`}},
		// An unknown path exempts that path only.
		{"unknown elsewhere", `{"id": "b", "type": "aws.s3.bucket", "attributes": {"encryption": 5}, "unknown": ["encryption_x", "logging"]}`, []string{
			`inv.json: /resources/0/attributes/encryption: got number, want object`}},
		{"attributes not an object", `{"id": "b", "type": "aws.s3.bucket", "attributes": []}`, []string{
			`inv.json: /resources/0/attributes: got array, want object`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := inventory.ReadNamed(strings.NewReader(`{"schema": "vigil.inventory/v1", "resources": [`+tt.resource+`]}`), "inv.json")
			var invalid *docschema.Error
			require.True(t, errors.As(err, &invalid), "%v", err)
			assert.Equal(t, tt.want, strings.Split(err.Error(), "\n"))
		})
	}
}

// TestReadNamedAcceptsDocumentedAttributes: documented nulls, values at unknown paths (null whatever
// the type) and attributes the documentation does not list (written by a newer vigil) are accepted.
func TestReadNamedAcceptsDocumentedAttributes(t *testing.T) {
	for name, resource := range map[string]string{
		"documented nulls": `{"id": "b", "type": "aws.s3.bucket", "attributes": {"acl": null, "policy": null, "encryption": {"enabled": true, "kms_key_id": null}}}`,
		"unknown value":    `{"id": "b", "type": "aws.s3.bucket", "attributes": {"encryption": null}, "unknown": ["encryption"]}`,
		"unknown parent":   `{"id": "b", "type": "aws.s3.bucket", "attributes": {"encryption": {"enabled": null}}, "unknown": ["encryption"]}`,
		"unknown in list":  `{"id": "g", "type": "aws.ec2.security_group", "attributes": {"ingress": [{"protocol": null, "from_port": null, "to_port": null}]}, "unknown": ["ingress.0.protocol", "ingress.0.from_port", "ingress.0.to_port"]}`,
		"absent":           `{"id": "b", "type": "aws.s3.bucket", "attributes": {}}`,
		"extra attribute":  `{"id": "b", "type": "aws.s3.bucket", "attributes": {"intelligent_tiering": {"enabled": true}, "encryption": {"enabled": true, "new_field": 1}}}`,
		"policy document":  `{"id": "p", "type": "aws.iam.policy", "attributes": {"document": {"Statement": [{"Effect": "Allow", "Resource": [null]}]}}, "unknown": ["document.Statement.0.Resource.0"]}`,
	} {
		t.Run(name, func(t *testing.T) {
			_, err := inventory.ReadNamed(strings.NewReader(`{"schema": "vigil.inventory/v1", "resources": [`+resource+`]}`), "inv.json")
			assert.NoError(t, err)
		})
	}
}

// schemaDoc is the part of the inventory schema the tests below read.
type schemaDoc struct {
	Defs map[string]json.RawMessage `json:"$defs"`
}

type node struct {
	Type       any             `json:"type"`
	Ref        string          `json:"$ref"`
	Enum       []any           `json:"enum"`
	Properties map[string]node `json:"properties"`
	Items      *node           `json:"items"`
	AllOf      []any           `json:"allOf"`
}

func loadSchema(t *testing.T) (map[string]node, schemaDoc) {
	t.Helper()
	var doc schemaDoc
	require.NoError(t, json.Unmarshal(inventory.JSONSchemaDocument, &doc))
	defs := map[string]node{}
	for k, raw := range doc.Defs {
		var n node
		require.NoError(t, json.Unmarshal(raw, &n))
		defs[k] = n
	}
	return defs, doc
}

// TestSchemaTypesEveryCanonicalType: one attribute schema and one branch per canonical type, no more.
func TestSchemaTypesEveryCanonicalType(t *testing.T) {
	defs, _ := loadSchema(t)
	var branches []string
	for _, b := range defs["resource"].AllOf {
		raw, _ := json.Marshal(b)
		m := regexp.MustCompile(`"const":"([^"]+)"`).FindStringSubmatch(string(raw))
		require.NotNil(t, m, "branch %s", raw)
		branches = append(branches, m[1])
		assert.Contains(t, string(raw), `"$ref":"#/$defs/attributes_`+m[1]+`"`)
	}
	assert.ElementsMatch(t, inventory.Types, branches)
	for _, typ := range inventory.Types {
		assert.Contains(t, defs, "attributes_"+typ)
	}
}

// TestSchemaMatchesDocs reads the attribute tables of docs/inventory.md and checks that every
// documented attribute is in the schema of its type, with the documented type (string, string/null,
// bool, number, number/null, object, object/null, list): the schema is written from the tables, and
// this keeps them together.
func TestSchemaMatchesDocs(t *testing.T) {
	defs, _ := loadSchema(t)
	md, err := os.ReadFile("../docs/inventory.md")
	require.NoError(t, err)
	resolve := func(n node) node {
		if n.Ref != "" {
			return defs[strings.TrimPrefix(n.Ref, "#/$defs/")]
		}
		return n
	}
	jsonTypes := map[string][]string{
		"string": {"string"}, "string/null": {"string", "null"}, "bool": {"boolean"}, "bool/null": {"boolean", "null"}, "number": {"number"},
		"number/null": {"number", "null"}, "object": {"object"}, "object/null": {"object", "null"},
	}
	heading := regexp.MustCompile("^### `([a-z0-9_.]+)`")
	names := regexp.MustCompile("`([^`]+)`")
	typ := ""
	checked := 0
	for _, line := range strings.Split(string(md), "\n") {
		if m := heading.FindStringSubmatch(line); m != nil {
			typ = m[1]
			require.Contains(t, defs, "attributes_"+typ, "documented type %s", typ)
			continue
		}
		if typ == "" || !strings.HasPrefix(line, "| `") {
			continue
		}
		cols := strings.Split(strings.TrimPrefix(line, "|"), "|")
		require.GreaterOrEqual(t, len(cols), 2, line)
		var paths []string
		for _, m := range names.FindAllStringSubmatch(cols[0], -1) {
			paths = append(paths, m[1])
		}
		types := strings.Split(cols[1], ", ")
		for i, path := range paths {
			n := defs["attributes_"+typ]
			for _, seg := range strings.Split(path, ".") {
				n = resolve(n)
				if strings.HasPrefix(seg, "<") { // regions.<region>.x
					n = regionFacts(t)
					continue
				}
				if n.Items != nil {
					n = *n.Items
				}
				next, ok := resolve(n).Properties[seg]
				require.True(t, ok, "%s: %s is documented but not in $defs/attributes_%s", typ, path, typ)
				n = next
			}
			n = resolve(n)
			documented := strings.TrimSpace(types[min(i, len(types)-1)])
			var got []string
			switch v := n.Type.(type) {
			case string:
				got = []string{v}
			case []any:
				for _, x := range v {
					got = append(got, x.(string))
				}
			}
			if n.Enum != nil {
				continue // an enum of strings, checked by the tests above
			}
			switch {
			case strings.HasPrefix(documented, "list"):
				assert.Equal(t, []string{"array"}, got, "%s %s: documented %q", typ, path, documented)
			case jsonTypes[documented] != nil:
				assert.Equal(t, jsonTypes[documented], got, "%s %s: documented %q", typ, path, documented)
			default:
				assert.Empty(t, strings.TrimSpace(documented), "%s %s: documented type %q is not one this test knows", typ, path, documented)
			}
			checked++
		}
	}
	assert.Greater(t, checked, 200)
	assert.True(t, slices.Contains(inventory.Types, typ))
}

// regionFacts is the schema of one region's entry of aws.account regions.
func regionFacts(t *testing.T) node {
	t.Helper()
	var raw struct {
		Properties map[string]struct {
			AdditionalProperties node `json:"additionalProperties"`
		} `json:"properties"`
	}
	var doc schemaDoc
	require.NoError(t, json.Unmarshal(inventory.JSONSchemaDocument, &doc))
	require.NoError(t, json.Unmarshal(doc.Defs["attributes_aws.account"], &raw))
	return raw.Properties["regions"].AdditionalProperties
}
