// Package oscalschema compiles NIST's OSCAL JSON Schemas with github.com/santhosh-tekuri/jsonschema/v6, so
// that vigil's OSCAL output (reports, the oscal format) can be validated against the official schema. It
// holds no schema itself: callers pass the published document (reports/testdata keeps a copy with its
// provenance).
package oscalschema

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Compile compiles an OSCAL JSON Schema document (draft-07), asserting formats (date-time, uri,
// uri-reference) as well as patterns. The \p{L} and \p{N} classes of OSCAL's token pattern need no
// configuration: they are Go regexp syntax, the library's default engine.
//
// NIST's schemas give some definitions a "$ref" next to an "$id": "#name" anchor that other definitions
// refer to. Draft-07 ignores every sibling of "$ref", so a strict validator finds no such anchor and the
// schema does not compile. Compile moves each such "$ref" into an "allOf", in memory: the anchor stays
// and the definition validates exactly what the reference does, as NIST intends.
func Compile(raw []byte) (*jsonschema.Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("parse oscal schema: %w", err)
	}
	root, ok := doc.(map[string]any)
	if !ok {
		return nil, errors.New("parse oscal schema: not a JSON object")
	}
	id, _ := root["$id"].(string)
	if id == "" {
		return nil, errors.New("parse oscal schema: no $id")
	}
	defs, _ := root["definitions"].(map[string]any)
	for _, d := range defs {
		def, ok := d.(map[string]any)
		if !ok {
			continue
		}
		if ref, hasRef := def["$ref"]; hasRef && def["$id"] != nil {
			delete(def, "$ref")
			def["allOf"] = []any{map[string]any{"$ref": ref}}
		}
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(id, root); err != nil {
		return nil, fmt.Errorf("add oscal schema: %w", err)
	}
	sch, err := c.Compile(id)
	if err != nil {
		return nil, fmt.Errorf("compile oscal schema: %w", err)
	}
	return sch, nil
}

// Validate checks one JSON document against a compiled schema.
func Validate(sch *jsonschema.Schema, doc []byte) error {
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		return fmt.Errorf("parse oscal document: %w", err)
	}
	return sch.Validate(inst)
}
