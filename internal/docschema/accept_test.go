package docschema

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// acceptSchema uses every keyword an Accepter understands.
const acceptSchema = `{
  "$id": "https://example.test/accept.json",
  "$defs": {
    "node": {
      "type": "object",
      "required": ["id"],
      "additionalProperties": false,
      "properties": {
        "id": {"type": "string", "minLength": 2, "pattern": "^[a-z]+[0-9]*$"},
        "kind": {"enum": ["a", "b", null, 3]},
        "at": {"type": "string", "format": "date-time"},
        "count": {"type": "integer", "minimum": 1},
        "ratio": {"type": ["number", "null"], "minimum": -0.5},
        "children": {"type": "array", "items": {"$ref": "#/$defs/node"}},
        "labels": {"type": "object", "additionalProperties": {"type": "string"}},
        "fixed": {"const": "x"},
        "flag": {"type": "boolean"},
        "shape": {
          "if": {"properties": {"sides": {"const": 4}}, "required": ["sides"]},
          "then": {"required": ["square"]},
          "else": {"properties": {"square": {"type": "null"}}}
        }
      }
    }
  },
  "$ref": "#/$defs/node"
}`

func compileBoth(t testing.TB) (*jsonschema.Schema, *Accepter) {
	sch, err := Compile("https://example.test/accept.json", []byte(acceptSchema), nil)
	require.NoError(t, err)
	var doc map[string]any
	require.NoError(t, json.Unmarshal([]byte(acceptSchema), &doc))
	acc, err := CompileAccepter(doc, "")
	require.NoError(t, err)
	return sch, acc
}

func decodeInstance(t testing.TB, s string) (any, bool) {
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader([]byte(s)))
	return v, err == nil
}

func TestAccepterAgreesWithTheValidator(t *testing.T) {
	sch, acc := compileBoth(t)
	for _, c := range []struct {
		doc    string
		accept bool // whether the Accepter must say yes (it may never say yes to an invalid document)
	}{
		{`{"id": "ab"}`, true},
		{`{"id": "abc12", "kind": "a", "count": 3, "ratio": null, "flag": true, "fixed": "x"}`, true},
		{`{"id": "ab", "kind": null}`, true},
		{`{"id": "ab", "kind": 3.0}`, true},
		{`{"id": "ab", "at": "2026-12-07T10:00:00Z"}`, true},
		{`{"id": "ab", "at": "2024-02-29T23:59:59.123+05:30"}`, true},
		{`{"id": "ab", "labels": {"a": "b"}, "children": [{"id": "cd", "children": []}]}`, true},
		{`{"id": "ab", "shape": {"sides": 4, "square": true}}`, true},
		{`{"id": "ab", "shape": {"sides": 3, "square": null}}`, true},
		{`{"id": "ab", "count": 1, "ratio": -0.5}`, true},
		// the validator accepts these; the Accepter leaves them to it
		{`{"id": "ab", "count": 2.0}`, false},
		{`{"id": "ab", "at": "2026-12-07t10:00:00z"}`, false},
		{`{"id": "ab", "at": "2016-12-31T23:59:60Z"}`, false},
		// invalid
		{`{}`, false},
		{`{"id": "a"}`, false},
		{`{"id": "AB"}`, false},
		{`{"id": 12}`, false},
		{`{"id": "ab", "extra": 1}`, false},
		{`{"id": "ab", "kind": "c"}`, false},
		{`{"id": "ab", "kind": 4}`, false},
		{`{"id": "ab", "at": "2026-02-30T10:00:00Z"}`, false},
		{`{"id": "ab", "at": "2026-12-07 10:00:00Z"}`, false},
		{`{"id": "ab", "at": "2026-12-07T24:00:00Z"}`, false},
		{`{"id": "ab", "count": 0}`, false},
		{`{"id": "ab", "count": 1.5}`, false},
		{`{"id": "ab", "ratio": -1}`, false},
		{`{"id": "ab", "ratio": "1"}`, false},
		{`{"id": "ab", "labels": {"a": 1}}`, false},
		{`{"id": "ab", "children": [{"id": "x"}]}`, false},
		{`{"id": "ab", "children": [{"id": "cd", "children": [{}]}]}`, false},
		{`{"id": "ab", "fixed": "y"}`, false},
		{`{"id": "ab", "flag": "true"}`, false},
		{`{"id": "ab", "shape": {"sides": 4}}`, false},
		{`{"id": "ab", "shape": {"sides": 3, "square": true}}`, false},
		{`[]`, false},
		{`null`, false},
	} {
		t.Run(c.doc, func(t *testing.T) {
			v, ok := decodeInstance(t, c.doc)
			require.True(t, ok)
			valid := len(Check(sch, v)) == 0
			got := acc.Accepts(v)
			if got {
				assert.True(t, valid, "accepted what the validator refuses: %v", Check(sch, v))
			}
			assert.Equal(t, c.accept, got)
			if c.accept {
				assert.True(t, valid)
			}
		})
	}
}

func TestCompileAccepterRefusesWhatItDoesNotUnderstand(t *testing.T) {
	for _, schema := range []string{
		`{"oneOf": [{"type": "string"}]}`,
		`{"properties": {"a": {"patternProperties": {"^x": {}}}}}`,
		`{"format": "email"}`,
		`{"$ref": "other.json#/x"}`,
		`{"$ref": "#/$defs/missing"}`,
		`{"properties": {"a": {"$id": "inner.json"}}}`,
		`{"items": [{"type": "string"}]}`,
		`{"type": "float"}`,
		`{"pattern": "("}`,
	} {
		var doc map[string]any
		require.NoError(t, json.Unmarshal([]byte(schema), &doc))
		_, err := CompileAccepter(doc, "")
		assert.Error(t, err, schema)
	}
}

func TestStrictDateTimeIsASubsetOfTheValidators(t *testing.T) {
	sch, err := Compile("https://example.test/dt.json", []byte(`{"type": "string", "format": "date-time"}`), nil)
	require.NoError(t, err)
	for _, s := range []string{
		"2026-12-07T10:00:00Z", "2026-12-07T10:00:00.5Z", "2026-12-07T10:00:00-00:00", "2000-02-29T00:00:00+23:59",
		"1900-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-12-07T10:60:00Z", "2026-12-07T10:00:00.Z",
		"2026-12-07T10:00:00+24:00", "2026-12-07T10:00:00+05:60", "2026-12-07T10:00:00", "2026-12-07T+1:00:00Z",
		"2026-12-07T10:00:00+0530", "2026-12-07T10:00:00ZZ", "２026-12-07T10:00:00Z",
	} {
		if strictDateTime(s) {
			assert.Empty(t, Check(sch, s), s)
		}
	}
	assert.True(t, strictDateTime("2026-12-07T10:00:00.123456789+01:00"))
	assert.False(t, strictDateTime("1900-02-29T00:00:00Z"))
}

func FuzzAccepterNeverAcceptsWhatTheValidatorRefuses(f *testing.F) {
	for _, seed := range []string{
		`{"id": "ab", "kind": "a", "at": "2026-12-07T10:00:00Z", "count": 2, "ratio": 0.5, "flag": false}`,
		`{"id": "ab", "children": [{"id": "cd", "labels": {"x": "y"}}], "shape": {"sides": 4, "square": 1}}`,
		`{"id": "zz9", "fixed": "x", "kind": 3e0}`,
	} {
		f.Add(seed)
	}
	sch, acc := compileBoth(f)
	f.Fuzz(func(t *testing.T, doc string) {
		v, ok := decodeInstance(t, doc)
		if !ok || !acc.Accepts(v) {
			return
		}
		if problems := Check(sch, v); len(problems) > 0 {
			t.Fatalf("accepted %s, which the validator refuses: %v", doc, problems)
		}
	})
}
