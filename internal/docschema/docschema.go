// Package docschema validates JSON documents that vigil reads back (saved inventories, saved reports)
// against the JSON Schemas the project publishes in docs/schemas, and renders what is wrong with each
// as "file: /json/pointer: problem". The inventory and reports packages own their schemas; this package
// only compiles and applies them.
package docschema

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
)

// Compile compiles the embedded schema with $id url. others are schemas it refers to, by $id: they are
// embedded too, so nothing is ever fetched.
func Compile(url string, src []byte, others map[string][]byte) (*jsonschema.Schema, error) {
	out, err := CompileFragments(url, src, others, "")
	if err != nil {
		return nil, err
	}
	return out[0], nil
}

// CompileFragments is Compile for parts of the schema: each fragment is a JSON pointer into it
// ("/$defs/x"; "" is the whole schema), compiled as one schema.
func CompileFragments(url string, src []byte, others map[string][]byte, fragments ...string) ([]*jsonschema.Schema, error) {
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	c.UseLoader(noLoader{})
	add := func(url string, src []byte) error {
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(src))
		if err != nil {
			return fmt.Errorf("schema %s: %w", url, err)
		}
		if err := c.AddResource(url, doc); err != nil {
			return fmt.Errorf("schema %s: %w", url, err)
		}
		return nil
	}
	if err := add(url, src); err != nil {
		return nil, err
	}
	for u, s := range others {
		if err := add(u, s); err != nil {
			return nil, err
		}
	}
	out := make([]*jsonschema.Schema, 0, len(fragments))
	for _, f := range fragments {
		ref := url
		if f != "" {
			ref += "#" + f
		}
		sch, err := c.Compile(ref)
		if err != nil {
			return nil, err
		}
		out = append(out, sch)
	}
	return out, nil
}

// noLoader refuses every URL: the schemas vigil applies are all embedded.
type noLoader struct{}

func (noLoader) Load(url string) (any, error) {
	return nil, fmt.Errorf("schema %s is not embedded in vigil", url)
}

// Problem is one thing wrong with a document, at a JSON pointer ("/resources/3/type"; "" is the whole
// document).
type Problem struct {
	Pointer string
	Message string
}

// Check validates doc (as jsonschema.UnmarshalJSON decodes it) and returns every problem, sorted by
// pointer: the innermost errors of the validation, which say what is wrong where. A document with a
// number out of range (NumberProblems) gets those problems alone.
func Check(sch *jsonschema.Schema, doc any) []Problem {
	// Numbers out of range are refused before the validator, which would take minutes over them.
	if problems := NumberProblems(doc); len(problems) > 0 {
		return problems
	}
	err := sch.Validate(doc)
	if err == nil {
		return nil
	}
	ve, ok := err.(*jsonschema.ValidationError)
	if !ok {
		return []Problem{{Message: err.Error()}}
	}
	var out []Problem
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(e.Causes) == 0 {
			out = append(out, Problem{Pointer: Pointer(e.InstanceLocation), Message: describe(e.ErrorKind)})
			return
		}
		for _, c := range e.Causes {
			walk(c)
		}
	}
	walk(ve)
	slices.SortStableFunc(out, func(a, b Problem) int { return strings.Compare(a.Pointer, b.Pointer) })
	return slices.Compact(out)
}

// describe renders what a validation error says. An enum's null is written null (the library writes
// <nil>).
func describe(k jsonschema.ErrorKind) string {
	if e, ok := k.(*kind.Enum); ok && slices.Contains(e.Want, nil) {
		want := make([]string, 0, len(e.Want))
		for _, v := range e.Want {
			if s, ok := v.(string); ok {
				want = append(want, "'"+s+"'")
				continue
			}
			b, _ := json.Marshal(v)
			want = append(want, string(b))
		}
		return "value must be one of " + strings.Join(want, ", ")
	}
	return k.LocalizedString(printer)
}

// Pointer renders path tokens as a JSON pointer (RFC 6901).
func Pointer(tokens []string) string {
	var b strings.Builder
	for _, t := range tokens {
		b.WriteByte('/')
		b.WriteString(strings.NewReplacer("~", "~0", "/", "~1").Replace(t))
	}
	return b.String()
}

// MaxProblems bounds how many problems an Error lists: a document of the wrong kind has one per entry.
const MaxProblems = 20

// Error is a document that is not what its schema says, with every problem found.
type Error struct {
	// Name is the file, as the user gave it.
	Name     string
	Problems []Problem
}

func (e *Error) Error() string {
	lines := make([]string, 0, min(len(e.Problems), MaxProblems)+1)
	for i, p := range e.Problems {
		if i == MaxProblems {
			lines = append(lines, fmt.Sprintf("%s: and %d more problems", e.Name, len(e.Problems)-i))
			break
		}
		at := p.Pointer
		if at == "" {
			at = "/"
		}
		lines = append(lines, fmt.Sprintf("%s: %s: %s", e.Name, at, p.Message))
	}
	return strings.Join(lines, "\n")
}

// DescribeJSON renders a decoded value for a message, such as the schema version a document gives:
// as JSON, or "(missing)" for nil.
func DescribeJSON(v any) string {
	if v == nil {
		return "(missing)"
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// DecodeError gives an error of encoding/json decoding data (a document of kind what) the line and
// column it happened at (encoding/json also refuses nesting deeper than 10,000 levels as a syntax
// error: say where).
func DecodeError(what string, data []byte, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	off := int64(-1)
	switch {
	case errors.As(err, &syn):
		off = syn.Offset
	case errors.As(err, &typ):
		off = typ.Offset
	}
	if off >= 0 {
		line, col := lineCol(data, off)
		return fmt.Errorf("decode %s: line %d, column %d: %w", what, line, col, err)
	}
	return fmt.Errorf("decode %s: %w", what, err)
}

// lineCol returns the line and column (in characters) of byte offset off in data, as encoding/json's
// offsets count: the offset is just past the byte in error.
func lineCol(data []byte, off int64) (line, col int) {
	at := min(max(int(off)-1, 0), len(data))
	prefix := data[:at]
	line = 1 + bytes.Count(prefix, []byte{'\n'})
	col = 1 + utf8.RuneCount(prefix[bytes.LastIndexByte(prefix, '\n')+1:])
	return line, col
}
