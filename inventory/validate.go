package inventory

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/vigil-audit/vigil/internal/docschema"
	"github.com/vigil-audit/vigil/internal/jsondup"
)

// JSONSchemaDocument is the JSON Schema of the inventory document (vigil.inventory/v1). docs/schemas holds
// a copy for users; a test keeps both identical.
//
//go:embed schema/inventory.schema.json
var JSONSchemaDocument []byte

// JSONSchemaID is the $id of JSONSchemaDocument; the report schema refers to its definitions by it.
const JSONSchemaID = "https://vigil-audit.github.io/schemas/inventory.schema.json"

var compiledSchema = sync.OnceValues(func() (*jsonschema.Schema, error) {
	return docschema.Compile(JSONSchemaID, JSONSchemaDocument, nil)
})

// ReadNamed reads an inventory document, naming it name (the file, as the user gave it) in the errors
// that list its problems (other errors do not name it: the caller does). A document that is not a valid inventory returns a *docschema.Error listing every problem
// at its JSON pointer: what the schema says (a missing id or type, a field of the wrong type, an
// unknown field) and what it cannot say (two resources with one id, a type vigil does not know, an object
// that repeats a key: decoders keep the last value silently, so `"errors": [...], "errors": []` would make
// an incomplete inventory complete). Such
// an inventory would otherwise be evaluated wrongly without a word: a resource of an unknown type is
// judged by no rule, and a missing or shared id mixes up results.
func ReadNamed(r io.Reader, name string) (*Inventory, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read inventory: %w", err)
	}
	// The typed decode runs beside the validation, which reads the document a second time: on 100,000
	// resources (60 MiB) each takes seconds.
	type decoded struct {
		inv Inventory
		err error
	}
	typed := make(chan decoded, 1)
	go func() {
		var d decoded
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		d.err = dec.Decode(&d.inv)
		typed <- d
	}()
	dupErr := make(chan error, 1)
	go func() { dupErr <- jsondup.Check(data) }()
	problems, err := documentProblems(data)
	d := <-typed
	var dup *jsondup.Error
	if errors.As(<-dupErr, &dup) {
		// Checked first: the decoders below kept one of the two values and judged the document by it.
		return nil, &docschema.Error{Name: name, Problems: []docschema.Problem{{Pointer: dup.Pointer, Message: dup.Message()}}}
	}
	if err != nil {
		if d.err != nil { // not JSON: the typed decode can say where
			return nil, locatedDecodeError(data, d.err)
		}
		return nil, err
	}
	if len(problems) > 0 {
		return nil, &docschema.Error{Name: name, Problems: problems}
	}
	if d.err != nil {
		return nil, locatedDecodeError(data, d.err)
	}
	d.inv.Normalize()
	return &d.inv, nil
}

// documentProblems checks the document against the schema, then (when it passes) what the schema cannot
// check. An error is a document that is not JSON, or of another schema version.
func documentProblems(data []byte) ([]docschema.Problem, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("decode inventory: %w", err)
	}
	if m, ok := doc.(map[string]any); !ok || m["schema"] != SchemaVersion {
		// Say which version was found rather than list every difference with another layout.
		var found any
		if ok {
			found = m["schema"]
		}
		return nil, fmt.Errorf("unsupported inventory schema %s (want %q)", describeJSON(found), SchemaVersion)
	}
	sch, err := compiledSchema()
	if err != nil {
		return nil, err
	}
	if problems := withoutUnknownValues(docschema.Check(sch, doc), doc); len(problems) > 0 {
		return problems, nil
	}
	return semanticProblems(doc), nil
}

// withoutUnknownValues drops the problems at or below a path that the resource lists in unknown: its
// value is not known (null or absent), so its documented type does not apply to it.
func withoutUnknownValues(problems []docschema.Problem, doc any) []docschema.Problem {
	if len(problems) == 0 {
		return nil
	}
	resources, _ := doc.(map[string]any)["resources"].([]any)
	exempt := map[string][]string{} // "/resources/N" -> pointers of its unknown values
	for i, item := range resources {
		r, _ := item.(map[string]any)
		unknown, _ := r["unknown"].([]any)
		at := "/resources/" + strconv.Itoa(i)
		for _, u := range unknown {
			path, ok := u.(string)
			if !ok || path == "" {
				continue
			}
			tokens := strings.Split(path, ".")
			base := "/attributes"
			if tokens[0] == "tags" {
				base = "" // tags is a field of its own; its unknown path says a tag value is
			}
			exempt[at] = append(exempt[at], at+base+docschema.Pointer(tokens))
		}
	}
	return slices.DeleteFunc(problems, func(p docschema.Problem) bool {
		rest, ok := strings.CutPrefix(p.Pointer, "/resources/")
		if !ok {
			return false
		}
		n, _, _ := strings.Cut(rest, "/")
		for _, u := range exempt["/resources/"+n] {
			if p.Pointer == u || strings.HasPrefix(p.Pointer, u+"/") {
				return true
			}
		}
		return false
	})
}

// semanticProblems checks what the schema cannot: unique resource ids and known types. doc has passed
// the schema.
func semanticProblems(doc any) []docschema.Problem {
	var out []docschema.Problem
	resources, _ := doc.(map[string]any)["resources"].([]any)
	first := map[string]int{}
	for i, item := range resources {
		r := item.(map[string]any)
		id, typ := r["id"].(string), r["type"].(string)
		at := "/resources/" + strconv.Itoa(i)
		if !KnownType(typ) {
			out = append(out, docschema.Problem{Pointer: at + "/type", Message: fmt.Sprintf(
				"resource %q has type %q, which vigil does not know: no rule would judge it (known types: %s)", id, typ, strings.Join(Types, ", "))})
		}
		if j, dup := first[id]; dup {
			prev := resources[j].(map[string]any)["type"]
			out = append(out, docschema.Problem{Pointer: at + "/id", Message: fmt.Sprintf(
				"duplicate resource id %q: /resources/%d (type %v) has it too; ids identify results, waivers and baselines", id, j, prev)})
			continue
		}
		first[id] = i
	}
	return out
}

func describeJSON(v any) string {
	if v == nil {
		return "(missing)"
	}
	b, _ := json.Marshal(v)
	return string(b)
}
