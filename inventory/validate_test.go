package inventory_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/internal/docschema"
	"github.com/vigil-audit/vigil/inventory"
)

// TestSchemaPublishedInDocs keeps docs/schemas/inventory.schema.json identical to the embedded schema.
func TestSchemaPublishedInDocs(t *testing.T) {
	docs, err := os.ReadFile("../docs/schemas/inventory.schema.json")
	require.NoError(t, err)
	assert.Equal(t, string(inventory.JSONSchemaDocument), string(docs), "copy inventory/schema/inventory.schema.json to docs/schemas/")
}

// TestSchemaMatchesTypes checks that the schema describes exactly the JSON fields of the Go types, so
// that a field added to one is added to the other (an inventory vigil writes must read back).
func TestSchemaMatchesTypes(t *testing.T) {
	var schema struct {
		Properties map[string]any `json:"properties"`
		Defs       map[string]struct {
			Properties map[string]any `json:"properties"`
		} `json:"$defs"`
	}
	require.NoError(t, json.Unmarshal(inventory.JSONSchemaDocument, &schema))
	tests := []struct {
		def string
		typ any
	}{
		{"", inventory.Inventory{}},
		{"source", inventory.Source{}},
		{"issue", inventory.Issue{}},
		{"resource", inventory.Resource{}},
		{"location", inventory.Location{}},
		{"ignore", inventory.Ignore{}},
	}
	for _, tt := range tests {
		props := schema.Properties
		if tt.def != "" {
			props = schema.Defs[tt.def].Properties
		}
		var inSchema []string
		for k := range props {
			inSchema = append(inSchema, k)
		}
		sort.Strings(inSchema)
		assert.Equal(t, jsonFields(reflect.TypeOf(tt.typ)), inSchema, "schema %q vs Go type %T", tt.def, tt.typ)
	}
	assert.Equal(t, []string{inventory.SourceTerraform, inventory.SourcePlan, inventory.SourceAWS},
		[]string{"terraform", "terraform-plan", "aws"}, "the kind enum of $defs/source")
}

func jsonFields(t reflect.Type) []string {
	var out []string
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name != "" && name != "-" {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

// TestEveryFieldReadsBack writes an inventory with every field set and reads it back: what vigil
// writes, the schema accepts.
func TestEveryFieldReadsBack(t *testing.T) {
	at := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	inv := inventory.New()
	inv.GeneratedAt = &at
	inv.Sources = []inventory.Source{{Kind: inventory.SourceAWS, Path: "123456789012/eu-west-1", Files: 1,
		Errors: []inventory.Issue{{Code: "AccessDenied", Message: "no", File: "f", Line: 1, Column: 2, Service: "s3", API: "GetBucketPolicy", Region: "eu-west-1"}},
		Notes:  []string{"n"}}}
	inv.Resources = []inventory.Resource{{ID: "a", Type: inventory.TypeS3Bucket, Name: "a", Account: "123456789012", Region: "eu-west-1",
		Tags: map[string]string{"k": "v"}, Attributes: map[string]any{"versioning": map[string]any{"enabled": true}, "n": 3},
		Source:  inventory.Location{Kind: "aws", File: "main.tf", StartLine: 1, EndLine: 2, Address: "aws_s3_bucket.a", Related: []string{"x"}, API: "s3:ListBuckets", CollectedAt: &at},
		Unknown: []string{"logging"},
		Ignores: []inventory.Ignore{{Rule: "S3.1", Reason: "r", Expires: "2027-01-31", File: "main.tf", Line: 1}}}}
	var buf bytes.Buffer
	require.NoError(t, inv.Write(&buf))
	back, err := inventory.ReadNamed(&buf, "inv.json")
	require.NoError(t, err)
	assert.Equal(t, inv.Resources[0].Ignores, back.Resources[0].Ignores)
}

// TestReadNamedRejectsInvalidInventories pins the message for each kind of bad entry: each names the
// file and the JSON pointer. Each of these used to be read without a word, and then evaluated wrongly
// (a resource without type judged by no rule, a shared id mixing two resources' results).
func TestReadNamedRejectsInvalidInventories(t *testing.T) {
	const head = `{"schema": "vigil.inventory/v1", "sources": [], "resources": [`
	tests := []struct {
		name      string
		resources string
		want      []string
	}{
		{"missing type", `{"id": "a"}`, []string{`inv.json: /resources/0: missing property 'type'`}},
		{"unknown type", `{"id": "a", "type": "aws.s3.buckets"}`, []string{
			`inv.json: /resources/0/type: resource "a" has type "aws.s3.buckets", which vigil does not know: no rule would judge it (known types: aws.s3.bucket, `}},
		{"missing id", `{"type": "aws.s3.bucket"}`, []string{`inv.json: /resources/0: missing property 'id'`}},
		{"empty id", `{"id": "", "type": "aws.s3.bucket"}`, []string{`inv.json: /resources/0/id: minLength: got 0, want 1`}},
		{"duplicate id", `{"id": "a", "type": "aws.s3.bucket"}, {"id": "b", "type": "aws.kms.key"}, {"id": "a", "type": "aws.iam.role"}`, []string{
			`inv.json: /resources/2/id: duplicate resource id "a": /resources/0 (type aws.s3.bucket) has it too`}},
		{"misspelt field", `{"id": "a", "type": "aws.s3.bucket", "attributs": {}}`, []string{`inv.json: /resources/0: additional properties 'attributs' not allowed`}},
		{"wrong types", `{"id": 7, "type": "aws.s3.bucket", "tags": {"team": 1}}`, []string{
			`inv.json: /resources/0/id: got number, want string`, `inv.json: /resources/0/tags/team: got number, want string`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := inventory.ReadNamed(strings.NewReader(head+tt.resources+"]}"), "inv.json")
			require.Error(t, err)
			var invalid *docschema.Error
			require.True(t, errors.As(err, &invalid), err.Error())
			for _, w := range tt.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
	_, err := inventory.ReadNamed(strings.NewReader(`{"schema": "vigil.inventory/v1", "resources": {"a": {"type": "aws.s3.bucket"}}}`), "inv.json")
	assert.EqualError(t, err, `inv.json: /resources: got object, want array`)
	_, err = inventory.ReadNamed(strings.NewReader(`{"resources": []}`), "inv.json")
	assert.EqualError(t, err, `unsupported inventory schema (missing) (want "vigil.inventory/v1")`)
}

// TestReadNamedRejectsDuplicateKeys: decoders keep the last of two equal keys, so a second "errors"
// made an incomplete inventory complete (exit 0) without a word.
func TestReadNamedRejectsDuplicateKeys(t *testing.T) {
	tests := []struct{ name, doc, want string }{
		{"errors emptied", "{\"schema\": \"vigil.inventory/v1\", \"sources\": [{\"kind\": \"aws\", \"path\": \"123\",\n" +
			"  \"errors\": [{\"code\": \"AccessDenied\", \"message\": \"denied\"}],\n  \"errors\": []}], \"resources\": []}",
			`inv.json: /sources/0/errors: duplicate key "errors" at line 3, column 3 (the first is at line 2, column 3)`},
		{"attribute", `{"schema": "vigil.inventory/v1", "resources": [{"id": "a", "type": "aws.s3.bucket", "attributes": {"acl": "public-read", "acl": "private"}}]}`,
			`inv.json: /resources/0/attributes/acl: duplicate key "acl"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := inventory.ReadNamed(strings.NewReader(tt.doc), "inv.json")
			var invalid *docschema.Error
			require.True(t, errors.As(err, &invalid), "%v", err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

// TestInvalidInventoryErrorsAreCapped checks that a document with a problem per entry lists a bounded
// number of them.
func TestInvalidInventoryErrorsAreCapped(t *testing.T) {
	entries := slices.Repeat([]string{`{"id": "a"}`}, 50)
	_, err := inventory.ReadNamed(strings.NewReader(`{"schema": "vigil.inventory/v1", "resources": [`+strings.Join(entries, ",")+`]}`), "inv.json")
	require.Error(t, err)
	lines := strings.Split(err.Error(), "\n")
	assert.Len(t, lines, docschema.MaxProblems+1)
	assert.Equal(t, "inv.json: and 30 more problems", lines[len(lines)-1])
}

func FuzzReadNamed(f *testing.F) {
	f.Add([]byte(`{"schema": "vigil.inventory/v1", "resources": [{"id": "a", "type": "aws.s3.bucket"}]}`))
	f.Add([]byte(`{"schema": "vigil.inventory/v1", "resources": [{"id": "a"}, {"id": "a", "type": "x.y"}]}`))
	if seed, err := os.ReadFile("../cmd/vigil/testdata/custom_rules/trail.inventory.json"); err == nil {
		f.Add(seed)
	}
	f.Add([]byte(`{"schema": "vigil.inventory/v1", "resources": [{"id": "a", "type": "aws.s3.bucket", "attributes": {"encryption": {"enabled": true}}}]}`))
	f.Add([]byte(`{"schema": "vigil.inventory/v1", "resources": [{"id": "a", "type": "aws.s3.bucket", "attributes": {"encryption": null}, "unknown": ["encryption"]}]}`))
	f.Add([]byte(`{"schema": "vigil.inventory/v1", "sources": [{"kind": "aws", "path": "p", "errors": [], "errors": []}], "resources": []}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		inv, err := inventory.ReadNamed(bytes.NewReader(data), "fuzz.json")
		if err != nil {
			return
		}
		seen := map[string]bool{}
		for _, r := range inv.Resources {
			if r.ID == "" || !inventory.KnownType(r.Type) || seen[r.ID] {
				t.Fatalf("an invalid inventory was accepted: %+v", r)
			}
			seen[r.ID] = true
			// Typed attributes: a bucket's encryption is an object unless it is unknown.
			if enc, ok := r.Attributes["encryption"]; ok && r.Type == inventory.TypeS3Bucket && !slices.Contains(r.Unknown, "encryption") {
				if _, isObject := enc.(map[string]any); !isObject {
					t.Fatalf("a bucket with encryption %#v was accepted", enc)
				}
			}
		}
	})
}
