// Package jsonany decodes a JSON value into the generic Go values encoding/json gives for `any` with
// UseNumber: map[string]any, []any, string, json.Number, bool and nil. It exists for speed: a large
// inventory decodes every resource this way, and encoding/json spends most of its time in a scanner
// state machine that runs twice over the bytes.
//
// It decodes what encoding/json accepts, to the same values: strings are unescaped and invalid UTF-8
// is replaced by U+FFFD as encoding/json does, and of two equal keys the last wins. It reports only
// whether it succeeded: a caller that needs the error (its position, its wording) decodes the bytes
// again with encoding/json, which refuses exactly the documents this package refuses.
package jsonany

import (
	"encoding/json"
	"unicode/utf16"
	"unicode/utf8"
)

// MaxDepth is encoding/json's nesting limit; a deeper value is refused.
const MaxDepth = 10000

// sharedKeys bounds the table of object keys a Decoder shares between the values it decodes, and
// sharedKeyLength the keys it keeps.
const (
	sharedKeys      = 4096
	sharedKeyLength = 64
)

// Decoder decodes values one at a time. It shares the object keys it has seen between them (a large
// inventory repeats the same few hundred keys a million times), so it is for one goroutine.
type Decoder struct {
	keys     map[string]string
	repeated bool
	unusual  bool
}

// RepeatedKey reports whether the last value decoded has an object with two equal keys (of which the
// value holds the last, as encoding/json's does).
func (d *Decoder) RepeatedKey() bool { return d.repeated }

// UnusualNumber reports whether the last value decoded has a number written with an exponent or in more
// than 24 characters: the only ones that can be too large for exact arithmetic, which a caller may then
// look for (docschema.NumberProblems).
func (d *Decoder) UnusualNumber() bool { return d.unusual }

// NewDecoder returns a Decoder with an empty key table.
func NewDecoder() *Decoder { return &Decoder{keys: map[string]string{}} }

// Decode decodes data, which holds one JSON value and optional white space around it. ok is false
// for anything encoding/json would refuse.
func (d *Decoder) Decode(data []byte) (v any, ok bool) {
	p := parser{data: data, keys: d.keys}
	defer func() { d.repeated, d.unusual = p.repeated, p.unusual }()
	p.skipSpace()
	v, ok = p.value(0)
	if !ok {
		return nil, false
	}
	p.skipSpace()
	if p.i != len(p.data) {
		return nil, false
	}
	return v, true
}

type parser struct {
	data     []byte
	i        int
	keys     map[string]string
	repeated bool
	unusual  bool
}

func (p *parser) skipSpace() {
	for p.i < len(p.data) {
		switch p.data[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *parser) value(depth int) (any, bool) {
	if p.i >= len(p.data) {
		return nil, false
	}
	switch c := p.data[p.i]; {
	case c == '{':
		return p.object(depth + 1)
	case c == '[':
		return p.array(depth + 1)
	case c == '"':
		raw, escaped, ok := p.stringSpan()
		if !ok {
			return nil, false
		}
		if !escaped {
			return string(raw), true
		}
		return unquote(raw), true
	case c == '-' || c >= '0' && c <= '9':
		return p.number()
	case c == 't':
		return true, p.literal("true")
	case c == 'f':
		return false, p.literal("false")
	case c == 'n':
		return nil, p.literal("null")
	}
	return nil, false
}

func (p *parser) literal(word string) bool {
	if len(p.data)-p.i < len(word) || string(p.data[p.i:p.i+len(word)]) != word {
		return false
	}
	p.i += len(word)
	return true
}

func (p *parser) object(depth int) (any, bool) {
	if depth > MaxDepth {
		return nil, false
	}
	m := map[string]any{}
	p.i++ // {
	p.skipSpace()
	if p.i < len(p.data) && p.data[p.i] == '}' {
		p.i++
		return m, true
	}
	for {
		if p.i >= len(p.data) || p.data[p.i] != '"' {
			return nil, false
		}
		raw, escaped, ok := p.stringSpan()
		if !ok {
			return nil, false
		}
		var key string
		if escaped {
			key = unquote(raw)
		} else {
			key = p.sharedKey(raw)
		}
		p.skipSpace()
		if p.i >= len(p.data) || p.data[p.i] != ':' {
			return nil, false
		}
		p.i++
		p.skipSpace()
		v, ok := p.value(depth)
		if !ok {
			return nil, false
		}
		n := len(m)
		if m[key] = v; len(m) == n {
			p.repeated = true
		}
		if more, ok := p.next('}'); !more {
			return m, ok
		}
	}
}

// next reads what follows a member or an element: a comma and white space (more is true), or the
// closing bracket (more is false, ok true); ok is false for anything else.
func (p *parser) next(closing byte) (more, ok bool) {
	p.skipSpace()
	if p.i >= len(p.data) {
		return false, false
	}
	switch p.data[p.i] {
	case ',':
		p.i++
		p.skipSpace()
		return true, true
	case closing:
		p.i++
		return false, true
	}
	return false, false
}

func (p *parser) array(depth int) (any, bool) {
	if depth > MaxDepth {
		return nil, false
	}
	a := []any{}
	p.i++ // [
	p.skipSpace()
	if p.i < len(p.data) && p.data[p.i] == ']' {
		p.i++
		return a, true
	}
	for {
		v, ok := p.value(depth)
		if !ok {
			return nil, false
		}
		a = append(a, v)
		if more, ok := p.next(']'); !more {
			return a, ok
		}
	}
}

// sharedKey returns raw as a string, the same string for the same key while the table has room. A
// long key is rarely repeated, and is not kept.
func (p *parser) sharedKey(raw []byte) string {
	if len(raw) > sharedKeyLength {
		return string(raw)
	}
	if s, ok := p.keys[string(raw)]; ok {
		return s
	}
	s := string(raw)
	if len(p.keys) < sharedKeys {
		p.keys[s] = s
	}
	return s
}

// stringSpan reads the string at p.i and returns its bytes between the quotes, validated as
// encoding/json's scanner does. escaped says whether they need unquote: an escape, a byte that is
// not ASCII.
func (p *parser) stringSpan() (raw []byte, escaped, ok bool) {
	start := p.i + 1
	for i := start; i < len(p.data); {
		c := p.data[i]
		switch {
		case c == '"':
			p.i = i + 1
			return p.data[start:i], escaped, true
		case c < ' ':
			return nil, false, false
		case c == '\\':
			escaped = true
			if i+1 >= len(p.data) {
				return nil, false, false
			}
			switch p.data[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if hex4(p.data[i+2:]) < 0 {
					return nil, false, false
				}
				i += 6
			default:
				return nil, false, false
			}
		case c >= utf8.RuneSelf:
			escaped = true
			i++
		default:
			i++
		}
	}
	return nil, false, false
}

// number reads a number of JSON's grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (p *parser) number() (any, bool) {
	start, i := p.i, p.i
	if p.data[i] == '-' {
		i++
	}
	if i >= len(p.data) {
		return nil, false
	}
	switch {
	case p.data[i] == '0':
		i++
	case p.data[i] >= '1' && p.data[i] <= '9':
		i = digits(p.data, i)
	default:
		return nil, false
	}
	if i < len(p.data) && p.data[i] == '.' {
		j := digits(p.data, i+1)
		if j == i+1 {
			return nil, false
		}
		i = j
	}
	if i < len(p.data) && (p.data[i] == 'e' || p.data[i] == 'E') {
		p.unusual = true
		i++
		if i < len(p.data) && (p.data[i] == '+' || p.data[i] == '-') {
			i++
		}
		j := digits(p.data, i)
		if j == i {
			return nil, false
		}
		i = j
	}
	p.i = i
	if i-start > 24 {
		p.unusual = true
	}
	return json.Number(p.data[start:i]), true
}

func digits(data []byte, i int) int {
	for i < len(data) && data[i] >= '0' && data[i] <= '9' {
		i++
	}
	return i
}

// hex4 reads the four hex digits that follow `\u` at the start of b, or returns -1.
func hex4(b []byte) rune {
	if len(b) < 4 {
		return -1
	}
	var r rune
	for _, c := range b[:4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			c = c - 'A' + 10
		default:
			return -1
		}
		r = r*16 + rune(c)
	}
	return r
}

// unquote unescapes the validated bytes of a string as encoding/json does: a surrogate that is not
// half of a valid pair, and every byte of invalid UTF-8, becomes U+FFFD.
func unquote(raw []byte) string {
	b := make([]byte, 0, len(raw)+2*utf8.UTFMax)
	for r := 0; r < len(raw); {
		c := raw[r]
		switch {
		case c == '\\':
			switch raw[r+1] {
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'u':
				rr := hex4(raw[r+2:])
				r += 6
				if utf16.IsSurrogate(rr) {
					if r+1 < len(raw) && raw[r] == '\\' && raw[r+1] == 'u' {
						if dec := utf16.DecodeRune(rr, hex4(raw[r+2:])); dec != utf8.RuneError {
							b = utf8.AppendRune(b, dec)
							r += 6
							continue
						}
					}
					rr = utf8.RuneError
				}
				b = utf8.AppendRune(b, rr)
				continue
			default: // " \ /
				b = append(b, raw[r+1])
			}
			r += 2
		case c < utf8.RuneSelf:
			b = append(b, c)
			r++
		default:
			rr, size := utf8.DecodeRune(raw[r:])
			b = utf8.AppendRune(b, rr)
			r += size
		}
	}
	return string(b)
}
