package docschema

import (
	"encoding/json"
	"fmt"
	"math/big"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode/utf8"
)

// Accepter answers one question of a schema quickly: does it accept a value? A large inventory checks
// every resource against its schema, and the validator builds its state for every one; an Accepter is
// compiled once into plain checks, allocates nothing, and says yes only where the validator would.
// Anything else (a value it rejects, or one it cannot be sure of) goes to the validator, which then
// also says what is wrong.
//
// It understands the keywords vigil's schemas use: type, properties, additionalProperties, required,
// items, const, enum, minimum, minLength, pattern, format date-time, $ref into the same document, and
// if/then/else. A schema with any other keyword does not compile.
type Accepter struct{ root *node }

// Accepts reports whether the schema certainly accepts v (as jsonschema.UnmarshalJSON decodes it).
// False means the validator must decide.
func (a *Accepter) Accepts(v any) bool { return a.root.check(v) == yes }

type verdict uint8

const (
	no verdict = iota
	yes
	unsure
)

// JSON types, as bits of node.types.
const (
	typeNull = 1 << iota
	typeBoolean
	typeObject
	typeArray
	typeNumber
	typeInteger
	typeString
)

var typeBits = map[string]int{
	"null": typeNull, "boolean": typeBoolean, "object": typeObject, "array": typeArray,
	"number": typeNumber, "integer": typeInteger, "string": typeString,
}

type node struct {
	types      int // 0: any
	properties map[string]*node
	// additional applies to the members properties does not name; noAdditional refuses them.
	additional   *node
	noAdditional bool
	required     []string
	items        *node
	constant     []any // one value, when the schema has const
	enum         []any
	minimum      *big.Rat
	minLength    int
	pattern      *regexp.Regexp
	dateTime     bool
	ref          *node
	ifNode       *node
	thenNode     *node
	elseNode     *node
}

// annotations are the keywords that say nothing about validity.
var annotations = map[string]bool{
	"$schema": true, "$comment": true, "$defs": true, "title": true, "description": true,
	"examples": true, "default": true, "deprecated": true, "readOnly": true, "writeOnly": true,
}

// CompileAccepter compiles the schema at pointer ("" or "/$defs/x") of doc, a schema document as
// encoding/json decodes it; its $refs are "#/..." pointers into doc.
func CompileAccepter(doc map[string]any, pointer string) (*Accepter, error) {
	c := accepterCompiler{doc: doc, refs: map[string]*node{}}
	root, err := c.ref("#" + pointer)
	if err != nil {
		return nil, err
	}
	return &Accepter{root: root}, nil
}

type accepterCompiler struct {
	doc  map[string]any
	refs map[string]*node // by $ref, so that recursive schemas compile to a cycle
}

func (c *accepterCompiler) ref(ref string) (*node, error) {
	if n, ok := c.refs[ref]; ok {
		return n, nil
	}
	pointer, ok := strings.CutPrefix(ref, "#")
	if !ok || (pointer != "" && !strings.HasPrefix(pointer, "/")) {
		return nil, fmt.Errorf("$ref %q: only pointers into the document are supported", ref)
	}
	var target any = c.doc
	if pointer != "" {
		for _, tok := range strings.Split(pointer[1:], "/") {
			tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
			m, ok := target.(map[string]any)
			if !ok {
				return nil, fmt.Errorf("$ref %q: no such schema", ref)
			}
			if target, ok = m[tok]; !ok {
				return nil, fmt.Errorf("$ref %q: no such schema", ref)
			}
		}
	}
	n := &node{}
	c.refs[ref] = n
	if err := c.fill(n, target, ref); err != nil {
		return nil, err
	}
	return n, nil
}

func (c *accepterCompiler) schema(v any, at string) (*node, error) {
	n := &node{}
	return n, c.fill(n, v, at)
}

func (c *accepterCompiler) fill(n *node, v any, at string) error {
	m, ok := v.(map[string]any)
	if !ok {
		return fmt.Errorf("%s: a schema that is not an object", at)
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var err error
	for _, k := range keys {
		v := m[k]
		sub := at + "/" + k
		switch k {
		case "type":
			n.types, err = compileTypes(v)
		case "properties":
			props, ok := v.(map[string]any)
			if !ok {
				return fmt.Errorf("%s: not an object", sub)
			}
			n.properties = map[string]*node{}
			for name, p := range props {
				if n.properties[name], err = c.schema(p, sub+"/"+name); err != nil {
					return err
				}
			}
		case "additionalProperties":
			if b, ok := v.(bool); ok {
				n.noAdditional = !b
			} else {
				n.additional, err = c.schema(v, sub)
			}
		case "required":
			list, ok := v.([]any)
			if !ok {
				return fmt.Errorf("%s: not an array", sub)
			}
			for _, r := range list {
				s, ok := r.(string)
				if !ok {
					return fmt.Errorf("%s: not a list of names", sub)
				}
				n.required = append(n.required, s)
			}
		case "items":
			n.items, err = c.schema(v, sub)
		case "const":
			n.constant = []any{v}
		case "enum":
			list, ok := v.([]any)
			if !ok {
				return fmt.Errorf("%s: not an array", sub)
			}
			n.enum = list
		case "minimum":
			f, ok := v.(float64)
			if !ok {
				return fmt.Errorf("%s: not a number", sub)
			}
			n.minimum = new(big.Rat).SetFloat64(f)
			if n.minimum == nil {
				return fmt.Errorf("%s: not a finite number", sub)
			}
		case "minLength":
			f, ok := v.(float64)
			if !ok || f < 0 || f != float64(int(f)) {
				return fmt.Errorf("%s: not a length", sub)
			}
			n.minLength = int(f)
		case "pattern":
			s, ok := v.(string)
			if !ok {
				return fmt.Errorf("%s: not a string", sub)
			}
			if n.pattern, err = regexp.Compile(s); err != nil {
				return fmt.Errorf("%s: %w", sub, err)
			}
		case "format":
			if v != "date-time" {
				return fmt.Errorf("%s: format %v is not supported", sub, v)
			}
			n.dateTime = true
		case "$ref":
			s, ok := v.(string)
			if !ok {
				return fmt.Errorf("%s: not a string", sub)
			}
			n.ref, err = c.ref(s)
		case "if":
			n.ifNode, err = c.schema(v, sub)
		case "then":
			n.thenNode, err = c.schema(v, sub)
		case "else":
			n.elseNode, err = c.schema(v, sub)
		case "$id":
			// An $id below the document's root would change what its $refs mean.
			if at != "#" {
				return fmt.Errorf("%s: an $id inside the document is not supported", sub)
			}
		default:
			if !annotations[k] {
				return fmt.Errorf("%s: keyword not supported", sub)
			}
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func compileTypes(v any) (int, error) {
	names := []any{v}
	if list, ok := v.([]any); ok {
		names = list
	}
	bits := 0
	for _, name := range names {
		s, _ := name.(string)
		b, ok := typeBits[s]
		if !ok {
			return 0, fmt.Errorf("type %v: not a JSON type", name)
		}
		bits |= b
	}
	return bits, nil
}

// all combines verdicts: no wins, then unsure.
func all(a, b verdict) verdict {
	if a == no || b == no {
		return no
	}
	if a == unsure || b == unsure {
		return unsure
	}
	return yes
}

func (n *node) check(v any) verdict {
	out := n.checkType(v)
	if out == no {
		return no
	}
	switch v := v.(type) {
	case map[string]any:
		out = all(out, n.checkObject(v))
	case []any:
		if n.items != nil {
			for _, e := range v {
				if out = all(out, n.items.check(e)); out == no {
					return no
				}
			}
		}
	case string:
		if n.minLength > 0 && utf8.RuneCountInString(v) < n.minLength {
			return no
		}
		if n.pattern != nil && !n.pattern.MatchString(v) {
			return no
		}
		if n.dateTime && !strictDateTime(v) {
			out = all(out, unsure) // it may be a form the validator accepts
		}
	case json.Number:
		if HugeNumber(string(v)) {
			return unsure // Check refuses it before the validator
		}
		if n.minimum != nil {
			r, ok := new(big.Rat).SetString(string(v))
			if !ok {
				return unsure
			}
			if r.Cmp(n.minimum) < 0 {
				return no
			}
		}
	}
	if out == no {
		return no
	}
	if n.constant != nil {
		out = all(out, oneOf(v, n.constant))
	}
	if n.enum != nil {
		out = all(out, oneOf(v, n.enum))
	}
	if n.ref != nil && out != no {
		out = all(out, n.ref.check(v))
	}
	if n.ifNode != nil && out != no {
		switch n.ifNode.check(v) {
		case yes:
			if n.thenNode != nil {
				out = all(out, n.thenNode.check(v))
			}
		case no:
			if n.elseNode != nil {
				out = all(out, n.elseNode.check(v))
			}
		default:
			return unsure
		}
	}
	return out
}

func (n *node) checkType(v any) verdict {
	if n.types == 0 {
		return yes
	}
	var bit int
	switch v := v.(type) {
	case nil:
		bit = typeNull
	case bool:
		bit = typeBoolean
	case map[string]any:
		bit = typeObject
	case []any:
		bit = typeArray
	case string:
		bit = typeString
	case json.Number:
		if n.types&typeNumber != 0 {
			return yes
		}
		if n.types&typeInteger == 0 {
			return no
		}
		if !strings.ContainsAny(string(v), ".eE") {
			return yes
		}
		return unsure // 1.0 is an integer too
	default:
		return unsure
	}
	if n.types&bit != 0 {
		return yes
	}
	return no
}

func (n *node) checkObject(m map[string]any) verdict {
	for _, r := range n.required {
		if _, ok := m[r]; !ok {
			return no
		}
	}
	if n.properties == nil && n.additional == nil && !n.noAdditional {
		return yes
	}
	out := yes
	for k, v := range m {
		sub, named := n.properties[k]
		switch {
		case named:
		case n.noAdditional:
			return no
		case n.additional != nil:
			sub = n.additional
		default:
			continue
		}
		if out = all(out, sub.check(v)); out == no {
			return no
		}
	}
	return out
}

// oneOf says whether v equals one of the values (as JSON values: numbers by value); composite values
// are left to the validator.
func oneOf(v any, values []any) verdict {
	out := no
	for _, w := range values {
		switch w := w.(type) {
		case nil, bool, string:
			if v == w {
				return yes
			}
		case float64:
			if n, ok := v.(json.Number); ok && HugeNumber(string(n)) {
				out = unsure
			} else if ok {
				r, ok := new(big.Rat).SetString(string(n))
				wr := new(big.Rat).SetFloat64(w)
				if !ok || wr == nil {
					out = unsure
				} else if r.Cmp(wr) == 0 {
					return yes
				}
			}
		default:
			switch v.(type) {
			case map[string]any, []any:
				out = unsure
			}
		}
	}
	return out
}

// strictDateTime accepts the RFC 3339 date-times of the form 2006-01-02T15:04:05(.999)?(Z|+07:00): a
// subset of what the validator's date-time accepts (which adds leap seconds and lower-case letters).
func strictDateTime(s string) bool {
	if len(s) < 20 || s[10] != 'T' {
		return false
	}
	if _, err := time.Parse("2006-01-02", s[:10]); err != nil {
		return false
	}
	t := s[11:]
	if !twoDigits(t, 0, 23) || t[2] != ':' || !twoDigits(t, 3, 59) || t[5] != ':' || !twoDigits(t, 6, 59) {
		return false
	}
	t = t[8:]
	if rest, ok := strings.CutPrefix(t, "."); ok {
		i := 0
		for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
			i++
		}
		if i == 0 {
			return false
		}
		t = rest[i:]
	}
	if t == "Z" {
		return true
	}
	return len(t) == 6 && (t[0] == '+' || t[0] == '-') && twoDigits(t, 1, 23) && t[3] == ':' && twoDigits(t, 4, 59)
}

// twoDigits says whether s[i:i+2] is two digits of a number at most max.
func twoDigits(s string, i, max int) bool {
	if len(s) < i+2 {
		return false
	}
	a, b := s[i], s[i+1]
	if a < '0' || a > '9' || b < '0' || b > '9' {
		return false
	}
	return int(a-'0')*10+int(b-'0') <= max
}
