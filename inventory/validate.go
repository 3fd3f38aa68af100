package inventory

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unique"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/vigil-audit/vigil/internal/docschema"
	"github.com/vigil-audit/vigil/internal/gcpace"
	"github.com/vigil-audit/vigil/internal/jsonany"
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
	resource   *jsonschema.Schema            // $defs/resource, without the branches, for one resource at a time
	attributes map[string]*jsonschema.Schema // by resource type
	// resourceOK and attributesOK accept the resources and attributes that resource and attributes
	// accept, at a fraction of the cost; the validator sees only the others, and says what is wrong.
	resourceOK   *docschema.Accepter
	attributesOK map[string]*docschema.Accepter
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
	fragments := []string{"", "/$defs/resource"}
	for _, typ := range branches {
		fragments = append(fragments, "/$defs/attributes_"+typ)
	}
	compiled, err := docschema.CompileFragments(JSONSchemaID, trimmed, nil, fragments...)
	if err != nil {
		return nil, err
	}
	out := &schemas{document: compiled[0], resource: compiled[1], attributes: map[string]*jsonschema.Schema{},
		attributesOK: map[string]*docschema.Accepter{}}
	for i, typ := range branches {
		out.attributes[typ] = compiled[i+2]
	}
	if out.resourceOK, err = docschema.CompileAccepter(doc, "/$defs/resource"); err != nil {
		return nil, fmt.Errorf("inventory schema: %w", err)
	}
	for _, typ := range branches {
		if out.attributesOK[typ], err = docschema.CompileAccepter(doc, "/$defs/attributes_"+typ); err != nil {
			return nil, fmt.Errorf("inventory schema: %w", err)
		}
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
	return ReadBytes(data, name)
}

// ReadBytes is ReadNamed of a document already in memory (without a copy of it: on 100,000 resources
// that is 70 MiB).
func ReadBytes(data []byte, name string) (*Inventory, error) {
	defer gcpace.Relax()()
	inv, problems, repeated, err := readStreaming(data)
	// The duplicate-key check, a scan of the whole document, runs only when the one pass met a
	// repeated key (or read no further), to say where it is.
	var dupErr error
	if repeated || err != nil {
		dupErr = jsondup.Check(data)
	}
	// A document with a repeated key is read whole too: the one pass decodes only the last of two
	// resources lists, so a syntax error in the first, which comes before the repeated key, would go
	// unsaid.
	if errors.Is(err, errNotStreamable) || dupErr != nil {
		return readWhole(data, name, dupErr)
	}
	if err != nil {
		return nil, err
	}
	if len(problems) > 0 {
		return nil, &docschema.Error{Name: name, Problems: problems}
	}
	inv.Normalize()
	return inv, nil
}

// errNotStreamable is a document readStreaming does not read: not JSON, not an object, resources that
// are not an array, a value the typed decode refuses. All are errors, which readWhole reports as it
// always has, with the position or the pointer.
var errNotStreamable = errors.New("not streamable")

// readStreaming reads the document in one pass, a resource at a time: each resource is decoded once
// into the generic values the schema validates, checked against $defs/resource and the attribute schema
// of its type, and kept with those attributes, its other fields read from the same values
// (fillResource). Resources are handled by one worker per core; nothing holds a generic copy of the
// whole document. problems are what the schema says, else what it cannot say (semanticProblems); an
// error is a document of another schema version. repeated says that an object of the document may
// repeat a key (jsondup.Check says which): the decoders keep the last value of a key.
func readStreaming(data []byte) (_ *Inventory, _ []docschema.Problem, repeated bool, _ error) {
	sch, err := compiledSchema()
	if err != nil {
		return nil, nil, false, err
	}
	top := map[string]any{}
	var head bytes.Buffer // the members other than resources, for the typed decode
	head.WriteByte('{')
	var spans [][]byte
	var repeatedKey atomic.Bool
	err = scanObject(data, func(key string, data []byte, at int) (int, bool) {
		if _, ok := top[key]; ok {
			repeatedKey.Store(true)
		}
		if key == "resources" {
			var end int
			var ok bool
			if spans, end, ok = scanArray(data, at); !ok {
				return 0, false
			}
			top[key] = []any{} // its items are validated one by one
			return end, true
		}
		end, ok := valueEnd(data, at)
		if !ok {
			return 0, false
		}
		value := data[at:end]
		v, err := decodeGeneric(value)
		if err != nil {
			return 0, false
		}
		if jsondup.Check(value) != nil {
			repeatedKey.Store(true)
		}
		top[key] = v
		if head.Len() > 1 {
			head.WriteByte(',')
		}
		k, _ := json.Marshal(key)
		head.Write(k)
		head.WriteByte(':')
		head.Write(value)
		return end, true
	})
	head.WriteByte('}')
	if err != nil {
		return nil, nil, false, err
	}
	if top["schema"] != SchemaVersion {
		return nil, nil, false, errNotStreamable // readWhole says which version it is
	}

	inv := &Inventory{}
	if err := json.Unmarshal(head.Bytes(), inv); err != nil {
		return nil, nil, false, errNotStreamable
	}
	if len(docschema.NumberProblems(top)) > 0 {
		return nil, nil, false, errNotStreamable // documentProblems lists them with the resources'
	}
	problems := docschema.Check(sch.document, top)
	resources := make([]Resource, len(spans))
	perResource := make([][]docschema.Problem, len(spans))
	var next atomic.Int64
	var failed atomic.Bool
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), max(len(spans)/64, 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			shared, dec := newInterner(), jsonany.NewDecoder()
			for i := int(next.Add(1) - 1); i < len(spans) && !failed.Load(); i = int(next.Add(1) - 1) {
				var err error
				var repeated bool
				perResource[i], repeated, err = readResource(sch, dec, spans[i], i, &resources[i], shared)
				if err != nil {
					failed.Store(true)
				}
				if repeated {
					repeatedKey.Store(true)
				}
			}
		}()
	}
	wg.Wait()
	if failed.Load() {
		return nil, nil, false, errNotStreamable
	}
	for _, p := range perResource {
		problems = append(problems, p...)
	}
	if len(problems) > 0 {
		slices.SortStableFunc(problems, func(a, b docschema.Problem) int { return strings.Compare(a.Pointer, b.Pointer) })
		return nil, slices.Compact(problems), repeatedKey.Load(), nil
	}
	inv.Resources = resources
	return inv, resourceProblems(resources), repeatedKey.Load(), nil
}

// readResource validates the resource at span, the i-th, and decodes it into r when it is valid. An
// error is a span the decoders refuse; repeated says that an object of it may repeat a key.
func readResource(sch *schemas, dec *jsonany.Decoder, span []byte, i int, r *Resource, shared *interner) (_ []docschema.Problem, repeated bool, _ error) {
	g, ok := dec.Decode(span)
	repeated, unusual := dec.RepeatedKey(), dec.UnusualNumber()
	if !ok { // encoding/json decides, and says why it refuses
		var err error
		if g, err = decodeGeneric(span); err != nil {
			return nil, false, err
		}
		repeated, unusual = jsondup.Check(span) != nil, true
	}
	at := "/resources/" + strconv.Itoa(i)
	// A number out of range anywhere in the resource, where the schema looks or not (an attribute it
	// does not list reaches the rules as it is), has the document read whole: documentProblems lists
	// every such number, in one place.
	if unusual && len(docschema.NumberProblems(g)) > 0 {
		return nil, repeated, errNotStreamable
	}
	var problems []docschema.Problem
	if !sch.resourceOK.Accepts(g) {
		for _, p := range docschema.Check(sch.resource, g) {
			problems = append(problems, docschema.Problem{Pointer: at + p.Pointer, Message: p.Message})
		}
	}
	m, _ := g.(map[string]any)
	typ, _ := m["type"].(string)
	attrs, ok := m["attributes"]
	if sub := sch.attributes[typ]; sub != nil && ok && !sch.attributesOK[typ].Accepts(attrs) {
		for _, p := range docschema.Check(sub, attrs) {
			problems = append(problems, docschema.Problem{Pointer: at + "/attributes" + p.Pointer, Message: p.Message})
		}
	}
	// The pointers of the unknown paths are made only for a resource with problems: most have none.
	if len(problems) > 0 {
		if problems = withoutUnknown(problems, unknownPointers(m, at)); len(problems) > 0 {
			return problems, repeated, nil
		}
	}
	// The attributes are the generic ones just validated (json.Number for numbers, as a typed decode
	// with UseNumber gives), and the other fields are read from the same values.
	if err := fillResource(m, span, r); err != nil {
		return nil, false, err
	}
	r.Attributes, _ = attrs.(map[string]any)
	shared.resource(r)
	return nil, repeated, nil
}

// interner shares the values that repeat from resource to resource (a type, an account, a region, an
// API, a collection time): each resource decodes its own copy, and a large inventory holds its
// resources until the report is written. Strings go through the unique package; collection times,
// held by pointer, through a bounded table of the goroutine that uses the interner.
type interner struct {
	times map[time.Time]*time.Time
}

// Short strings and a bounded number of times are shared.
const (
	internMaxLen = 64
	internTimes  = 1 << 14
)

func newInterner() *interner { return &interner{times: map[time.Time]*time.Time{}} }

func (in *interner) resource(r *Resource) {
	for _, s := range []*string{&r.Type, &r.Account, &r.Region, &r.Source.Kind, &r.Source.File, &r.Source.API} {
		if len(*s) <= internMaxLen {
			*s = unique.Make(*s).Value()
		}
	}
	if t := r.Source.CollectedAt; t != nil {
		if have, ok := in.times[*t]; ok {
			r.Source.CollectedAt = have
		} else if len(in.times) < internTimes {
			in.times[*t] = t
		}
	}
}

// scanObject calls member with each key of the object that data is, in order, and the offset of its
// value in data; member finds the value's end (valueEnd, by its brackets and quotes alone: the decoders
// check each value later). It returns errNotStreamable when data is not an object of that shape, or
// member returns false.
func scanObject(data []byte, member func(key string, data []byte, at int) (end int, ok bool)) error {
	i := skipSpace(data, 0)
	if i >= len(data) || data[i] != '{' {
		return errNotStreamable
	}
	i = skipSpace(data, i+1)
	if i < len(data) && data[i] == '}' {
		i++
	} else {
		for {
			if i >= len(data) || data[i] != '"' {
				return errNotStreamable
			}
			end := stringEnd(data, i)
			var key string
			if end < 0 || json.Unmarshal(data[i:end], &key) != nil {
				return errNotStreamable
			}
			i = skipSpace(data, end)
			if i >= len(data) || data[i] != ':' {
				return errNotStreamable
			}
			i = skipSpace(data, i+1)
			end, ok := member(key, data, i)
			if !ok {
				return errNotStreamable
			}
			i = skipSpace(data, end)
			if i < len(data) && data[i] == ',' {
				i = skipSpace(data, i+1)
				continue
			}
			if i < len(data) && data[i] == '}' {
				i++
				break
			}
			return errNotStreamable
		}
	}
	if skipSpace(data, i) != len(data) {
		return errNotStreamable // trailing data
	}
	return nil
}

// scanArray returns the elements (their bytes) of the array at data[i:], and the offset after it, in
// one pass over it; ok is false when it is not an array of that shape.
func scanArray(data []byte, i int) (elems [][]byte, end int, ok bool) {
	if i >= len(data) || data[i] != '[' {
		return nil, 0, false
	}
	i = skipSpace(data, i+1)
	if i < len(data) && data[i] == ']' {
		return nil, i + 1, true
	}
	for {
		end, ok := valueEnd(data, i)
		if !ok {
			return nil, 0, false
		}
		elems = append(elems, data[i:end])
		i = skipSpace(data, end)
		switch {
		case i < len(data) && data[i] == ',':
			i = skipSpace(data, i+1)
		case i < len(data) && data[i] == ']':
			return elems, i + 1, true
		default:
			return nil, 0, false
		}
	}
}

// valueEnd returns where the value starting at data[i] ends: after its closing bracket or quote, or
// before the delimiter after a literal. It does not check what is inside.
func valueEnd(data []byte, i int) (int, bool) {
	start, depth := i, 0
	for i < len(data) {
		switch data[i] {
		case '"':
			end := stringEnd(data, i)
			if end < 0 {
				return 0, false
			}
			if depth == 0 {
				return end, true
			}
			i = end
			continue
		case '{', '[':
			depth++
		case '}', ']':
			if depth == 0 {
				return i, i > start
			}
			if depth--; depth == 0 {
				return i + 1, true
			}
		case ',', ' ', '\t', '\n', '\r', ':':
			if depth == 0 {
				return i, i > start
			}
		}
		i++
	}
	return i, depth == 0 && i > start
}

// stringEnd returns the index after the closing quote of the string whose opening quote is data[i], or -1.
func stringEnd(data []byte, i int) int {
	for j := i + 1; j < len(data); j++ {
		switch data[j] {
		case '\\':
			j++
		case '"':
			return j + 1
		}
	}
	return -1
}

func skipSpace(data []byte, i int) int {
	for i < len(data) && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r') {
		i++
	}
	return i
}

// decodeGeneric decodes one value as the schema validator expects it (numbers as json.Number); anything
// after it is an error.
func decodeGeneric(span []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(span))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errNotStreamable
	}
	return v, nil
}

// readWhole reads a document readStreaming does not: the typed decode, the schema over the whole
// document and the duplicate-key check, each over the whole. Only documents in error reach it.
func readWhole(data []byte, name string, dupErr error) (*Inventory, error) {
	var inv Inventory
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	typedErr := dec.Decode(&inv)
	problems, err := documentProblems(data)
	if err != nil {
		if typedErr != nil { // not JSON: the typed decode can say where
			return nil, docschema.DecodeError("inventory", data, typedErr)
		}
		return nil, err
	}
	var dup *jsondup.Error
	if errors.As(dupErr, &dup) {
		return nil, &docschema.Error{Name: name, Problems: []docschema.Problem{{Pointer: dup.Pointer, Message: dup.Message()}}}
	}
	if len(problems) > 0 {
		return nil, &docschema.Error{Name: name, Problems: problems}
	}
	if typedErr != nil {
		return nil, docschema.DecodeError("inventory", data, typedErr)
	}
	inv.Normalize()
	return &inv, nil
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
	// Numbers out of range are refused wherever they are, at an unknown path too.
	if huge := docschema.NumberProblems(doc); len(huge) > 0 {
		return huge, nil
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
		at := "/resources/" + strconv.Itoa(i)
		exempt[at] = unknownPointers(r, at)
	}
	return slices.DeleteFunc(problems, func(p docschema.Problem) bool {
		rest, ok := strings.CutPrefix(p.Pointer, "/resources/")
		if !ok {
			return false
		}
		n, _, _ := strings.Cut(rest, "/")
		return exempted(p, exempt["/resources/"+n])
	})
}

// unknownPointers returns the JSON pointers of the values the resource r, at pointer at, lists unknown.
func unknownPointers(r map[string]any, at string) []string {
	unknown, _ := r["unknown"].([]any)
	var out []string
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
		out = append(out, at+base+docschema.Pointer(tokens))
	}
	return out
}

// withoutUnknown drops the problems at or below one of the pointers exempt.
func withoutUnknown(problems []docschema.Problem, exempt []string) []docschema.Problem {
	return slices.DeleteFunc(problems, func(p docschema.Problem) bool { return exempted(p, exempt) })
}

func exempted(p docschema.Problem, exempt []string) bool {
	for _, u := range exempt {
		if p.Pointer == u || strings.HasPrefix(p.Pointer, u+"/") {
			return true
		}
	}
	return false
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

// resourceProblems is semanticProblems for resources decoded by readStreaming.
func resourceProblems(resources []Resource) []docschema.Problem {
	var out []docschema.Problem
	first := make(map[string]int, len(resources))
	for i := range resources {
		id, typ := resources[i].ID, resources[i].Type
		at := "/resources/" + strconv.Itoa(i)
		if !KnownType(typ) {
			out = append(out, docschema.Problem{Pointer: at + "/type", Message: fmt.Sprintf(
				"resource %q has type %q, which vigil does not know: no rule would judge it (known types: %s)", id, typ, strings.Join(Types, ", "))})
		}
		if j, dup := first[id]; dup {
			out = append(out, docschema.Problem{Pointer: at + "/id", Message: fmt.Sprintf(
				"duplicate resource id %q: /resources/%d (type %v) has it too; ids identify results, waivers and baselines", id, j, resources[j].Type)})
			continue
		}
		first[id] = i
	}
	return out
}
