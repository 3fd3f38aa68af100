package inventory

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
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

// schemas is JSONSchemaDocument compiled for vigil's own use: the document without the per-type
// attribute branches of $defs/resource (allOf: if type is T then attributes is $defs/attributes_T), and
// each $defs/attributes_T on its own, which documentProblems applies to the attributes of each resource
// of type T. That is what the branches say, at a seventh of the cost: a validator tries every branch's
// condition on every resource, and builds an error for each that does not hold.
type schemas struct {
	document   *jsonschema.Schema
	attributes map[string]*jsonschema.Schema // by resource type
}

var compiledSchema = sync.OnceValues(func() (*schemas, error) {
	var doc map[string]any
	if err := json.Unmarshal(JSONSchemaDocument, &doc); err != nil {
		return nil, fmt.Errorf("inventory schema: %w", err)
	}
	resource, _ := doc["$defs"].(map[string]any)["resource"].(map[string]any)
	branches, err := attributeBranches(resource["allOf"])
	if err != nil {
		return nil, fmt.Errorf("inventory schema: $defs/resource/allOf: %w", err)
	}
	delete(resource, "allOf")
	trimmed, err := json.Marshal(doc)
	if err != nil {
		return nil, fmt.Errorf("inventory schema: %w", err)
	}
	fragments := []string{""}
	for _, typ := range branches {
		fragments = append(fragments, "/$defs/attributes_"+typ)
	}
	compiled, err := docschema.CompileFragments(JSONSchemaID, trimmed, nil, fragments...)
	if err != nil {
		return nil, err
	}
	out := &schemas{document: compiled[0], attributes: map[string]*jsonschema.Schema{}}
	for i, typ := range branches {
		out.attributes[typ] = compiled[i+1]
	}
	return out, nil
})

// attributeBranches returns the type of each branch of $defs/resource/allOf, checking that each is
// exactly {"if": {"properties": {"type": {"const": T}}, "required": ["type"]}, "then": {"properties":
// {"attributes": {"$ref": "#/$defs/attributes_T"}}}}: vigil applies them as such.
func attributeBranches(allOf any) ([]string, error) {
	list, ok := allOf.([]any)
	if !ok {
		return nil, fmt.Errorf("missing")
	}
	var types []string
	for i, b := range list {
		typ, _ := valueAt(b, "if", "properties", "type", "const").(string)
		want := map[string]any{
			"if":   map[string]any{"properties": map[string]any{"type": map[string]any{"const": typ}}, "required": []any{"type"}},
			"then": map[string]any{"properties": map[string]any{"attributes": map[string]any{"$ref": "#/$defs/attributes_" + typ}}},
		}
		if typ == "" || !reflect.DeepEqual(b, want) {
			return nil, fmt.Errorf("branch %d is not an attribute branch of a type", i)
		}
		types = append(types, typ)
	}
	return types, nil
}

func valueAt(v any, keys ...string) any {
	for _, k := range keys {
		m, _ := v.(map[string]any)
		v = m[k]
	}
	return v
}

// ReadNamed reads an inventory document, naming it name (the file, as the user gave it) in the errors
// that list its problems (other errors do not name it: the caller does). A document that is not a valid
// inventory returns a *docschema.Error listing every problem at its JSON pointer: what the schema says (a
// missing id or type, a field of the wrong type, an unknown field, an attribute that does not have the
// type docs/inventory.md documents for its resource type, unless the resource lists it unknown) and what
// it cannot say (two resources with one id, a type vigil does not know, an object that repeats a key:
// decoders keep the last value silently, so `"errors": [...], "errors": []` would make an incomplete
// inventory complete). Such an inventory would otherwise be evaluated wrongly without a word: a resource
// of an unknown type is judged by no rule, a missing or shared id mixes up results, and a rule reading
// `"encryption": 5` may take it for encryption that is not off.
func ReadNamed(r io.Reader, name string) (*Inventory, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read inventory: %w", err)
	}
	// The typed decode and the duplicate-key check run beside the validation, which reads the document
	// a third time: on 100,000 resources (60 to 200 MiB) each takes seconds.
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
	dupCheck := make(chan error, 1)
	go func() { dupCheck <- jsondup.Check(data) }()
	problems, err := documentProblems(data)
	d := <-typed
	dupErr := <-dupCheck
	if err != nil {
		if d.err != nil { // not JSON: the typed decode can say where
			return nil, docschema.DecodeError("inventory", data, d.err)
		}
		return nil, err
	}
	var dup *jsondup.Error
	if errors.As(dupErr, &dup) {
		// Before the schema's problems: the decoders kept one of the two values and judged the document by it.
		return nil, &docschema.Error{Name: name, Problems: []docschema.Problem{{Pointer: dup.Pointer, Message: dup.Message()}}}
	}
	if len(problems) > 0 {
		return nil, &docschema.Error{Name: name, Problems: problems}
	}
	if d.err != nil {
		return nil, docschema.DecodeError("inventory", data, d.err)
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
		return nil, fmt.Errorf("unsupported inventory schema %s (want %q)", docschema.DescribeJSON(found), SchemaVersion)
	}
	sch, err := compiledSchema()
	if err != nil {
		return nil, err
	}
	// The attributes are checked beside the rest: neither changes doc.
	attrProblems := make(chan []docschema.Problem, 1)
	go func() { attrProblems <- attributeProblems(sch, doc) }()
	problems := docschema.Check(sch.document, doc)
	problems = append(problems, <-attrProblems...)
	if problems := withoutUnknownValues(problems, doc); len(problems) > 0 {
		slices.SortStableFunc(problems, func(a, b docschema.Problem) int { return strings.Compare(a.Pointer, b.Pointer) })
		return slices.Compact(problems), nil
	}
	return semanticProblems(doc), nil
}

// attributeProblems checks the attributes of each resource of a known type against the type's schema.
func attributeProblems(sch *schemas, doc any) []docschema.Problem {
	var out []docschema.Problem
	resources, _ := doc.(map[string]any)["resources"].([]any)
	for i, item := range resources {
		r, _ := item.(map[string]any)
		typ, _ := r["type"].(string)
		attrs, ok := r["attributes"]
		if sub := sch.attributes[typ]; sub != nil && ok {
			at := "/resources/" + strconv.Itoa(i) + "/attributes"
			for _, p := range docschema.Check(sub, attrs) {
				out = append(out, docschema.Problem{Pointer: at + p.Pointer, Message: p.Message})
			}
		}
	}
	return out
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
