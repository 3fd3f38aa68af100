package reports

import (
	"bytes"
	"encoding/json"
	"reflect"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/vigil-audit/vigil/engine"
	"github.com/vigil-audit/vigil/inventory"
)

// resultEncoder appends results as the json format writes them: the bytes of an indented json.Encoder
// (HTML not escaped) given normalizedResult(res), without its reflection. A report holds hundreds of
// thousands of results, and the reflecting encoder, sorting each result's control map and indenting
// its output afresh, was most of the time the json format took. Evidence and a waiver, whose values
// can be anything, still go through encoding/json, nested at their depth.
type resultEncoder struct {
	prefix string // before each line of the result but its first, as the Encoder's prefix
	// in and in2 are the indentation of the result's fields and of its location's.
	in, in2 string
	nested  bytes.Buffer
	enc     *json.Encoder
	keys    []string
	// controls holds the encoding of the controls maps met so far, by map: the results of one rule
	// share its map, and sorting and encoding it was two fifths of encoding a result.
	controls map[uintptr]encodedControls
}

// encodedControls is a controls map (held, so that no other map takes its address) and its encoding.
type encodedControls struct {
	m       map[string][]string
	indent  string
	encoded []byte
}

func newResultEncoder(prefix string) *resultEncoder {
	e := &resultEncoder{prefix: prefix, in: prefix + "  ", in2: prefix + "    ", controls: map[uintptr]encodedControls{}}
	e.enc = json.NewEncoder(&e.nested)
	e.enc.SetIndent(prefix+"  ", "  ")
	e.enc.SetEscapeHTML(false)
	return e
}

// appendResult appends res to dst. On an error (a value encoding/json refuses) dst is returned as it
// was: the caller encodes the result with encoding/json, which names the problem.
func (e *resultEncoder) appendResult(dst []byte, res *engine.Result) ([]byte, error) {
	in := e.in
	start := len(dst)
	first := true
	field := func(name string) {
		sep := ",\n"
		if first {
			sep, first = "\n", false
		}
		dst = appendKey(dst, sep, in, name)
	}
	str := func(name, s string) {
		field(name)
		dst = appendJSONString(dst, s)
	}
	dst = append(dst, '{')
	str("rule_id", res.RuleID)
	str("rule_title", res.RuleTitle)
	str("severity", string(res.Severity))
	str("status", string(res.Status))
	str("resource_id", res.ResourceID)
	str("resource_type", res.ResourceType)
	str("resource_name", res.ResourceName)

	field("location")
	var err error
	if dst, err = e.appendLocation(dst, res.Location); err != nil {
		return dst[:start], err
	}

	str("message", res.Message)
	if len(res.Evidence) > 0 {
		field("evidence")
		if dst, err = e.appendNested(dst, res.Evidence); err != nil {
			return dst[:start], err
		}
	}
	if len(res.Missing) > 0 {
		field("missing")
		dst = appendStringList(dst, res.Missing, in)
	}
	field("controls")
	dst = e.appendControls(dst, res.Controls, in)
	str("fingerprint", res.Fingerprint)
	if res.OriginalStatus != "" {
		str("original_status", string(res.OriginalStatus))
	}
	if res.Waiver != nil {
		field("waiver")
		if dst, err = e.appendNested(dst, res.Waiver); err != nil {
			return dst[:start], err
		}
	}
	if res.Baseline != "" {
		str("baseline", res.Baseline)
	}
	dst = append(dst, '\n')
	dst = append(dst, e.prefix...)
	return append(dst, '}'), nil
}

// appendLocation appends a result's location: null when it has none (a result written by hand), as
// encoding/json writes a nil pointer and Result.Where reads it back.
func (e *resultEncoder) appendLocation(dst []byte, loc *inventory.Location) ([]byte, error) {
	if loc == nil {
		return append(dst, "null"...), nil
	}
	in, in2 := e.in, e.in2
	dst = appendKey(dst, "{\n", in2, "kind")
	dst = appendJSONString(dst, loc.Kind)
	// The location's fields after kind are all omitempty.
	locField := func(name string) { dst = appendKey(dst, ",\n", in2, name) }
	locStr := func(name, s string) {
		if s != "" {
			locField(name)
			dst = appendJSONString(dst, s)
		}
	}
	locInt := func(name string, n int) {
		if n != 0 {
			locField(name)
			dst = strconv.AppendInt(dst, int64(n), 10)
		}
	}
	locStr("file", loc.File)
	locInt("start_line", loc.StartLine)
	locInt("end_line", loc.EndLine)
	locStr("address", loc.Address)
	if len(loc.Related) > 0 {
		locField("related")
		dst = appendStringList(dst, loc.Related, in2)
	}
	locStr("api", loc.API)
	if loc.CollectedAt != nil {
		text, err := loc.CollectedAt.MarshalJSON()
		if err != nil {
			return dst, err
		}
		locField("collected_at")
		dst = append(dst, text...)
	}
	dst = append(dst, '\n')
	dst = append(dst, in...)
	dst = append(dst, '}')
	return dst, nil
}

// appendKey appends an object member's separator (newline, after a comma but for the first member),
// indentation and name, as the indented Encoder writes them, up to the value.
func appendKey(dst []byte, sep, indent, name string) []byte {
	dst = append(dst, sep...)
	dst = append(dst, indent...)
	dst = append(dst, '"')
	dst = append(dst, name...)
	return append(dst, "\": "...)
}

// appendNested appends v as encoding/json writes it as a field of the result.
func (e *resultEncoder) appendNested(dst []byte, v any) ([]byte, error) {
	e.nested.Reset()
	if err := e.enc.Encode(v); err != nil {
		return dst, err
	}
	return append(dst, bytes.TrimSuffix(e.nested.Bytes(), []byte("\n"))...), nil
}

// appendControls appends a result's controls, keys in order as encoding/json sorts them; nil is {}, as
// normalizedResult has it.
func (e *resultEncoder) appendControls(dst []byte, controls map[string][]string, indent string) []byte {
	if len(controls) == 0 {
		return append(dst, "{}"...)
	}
	id := reflect.ValueOf(controls).Pointer()
	if c, ok := e.controls[id]; ok && c.indent == indent {
		return append(dst, c.encoded...)
	}
	start := len(dst)
	dst = appendControls(dst, controls, indent, e.keys[:0])
	if len(e.controls) < maxEncodedControls {
		e.controls[id] = encodedControls{m: controls, indent: indent, encoded: slices.Clone(dst[start:])}
	}
	return dst
}

// maxEncodedControls bounds the controls maps an encoder keeps the encoding of: a report has one per
// rule.
const maxEncodedControls = 1024

// appendControls appends a controls map, its frameworks in order, keys serving to sort them.
func appendControls(dst []byte, controls map[string][]string, indent string, keys []string) []byte {
	for k := range controls {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	inner := indent + "  "
	dst = append(dst, '{')
	for i, k := range keys {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, '\n')
		dst = append(dst, inner...)
		dst = appendJSONString(dst, k)
		dst = append(dst, ": "...)
		if list := controls[k]; list == nil {
			dst = append(dst, "null"...)
		} else {
			dst = appendStringList(dst, list, inner)
		}
	}
	dst = append(dst, '\n')
	dst = append(dst, indent...)
	return append(dst, '}')
}

// appendStringList appends a list of strings whose opening bracket is on a line indented by indent.
func appendStringList(dst []byte, list []string, indent string) []byte {
	if len(list) == 0 {
		return append(dst, "[]"...)
	}
	dst = append(dst, '[')
	for i, s := range list {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, '\n')
		dst = append(dst, indent...)
		dst = append(dst, "  "...)
		dst = appendJSONString(dst, s)
	}
	dst = append(dst, '\n')
	dst = append(dst, indent...)
	return append(dst, ']')
}

const hexDigits = "0123456789abcdef"

// appendJSONString appends s quoted as encoding/json quotes a string with HTML escaping off: quote,
// backslash and control characters escaped (\b, \f, \n, \r, \t by name), invalid UTF-8 as \ufffd, and
// U+2028 and U+2029 escaped for JavaScript.
func appendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if b := s[i]; b < utf8.RuneSelf {
			if b >= 0x20 && b != '"' && b != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '\\', '"':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[b>>4], hexDigits[b&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
