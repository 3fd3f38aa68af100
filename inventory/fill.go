package inventory

import (
	"bytes"
	"encoding/json"
	"time"
)

// fillResource sets every field of r but its attributes from m, the resource as decodeGeneric read it
// and the schema accepted it: what a typed decode of the resource's span sets, without reading the
// span a second time (a third of the reader's time). Anything a typed decode would refuse, or read
// differently, is errNotStreamable, which sends the document to readWhole and its typed decode.
func fillResource(m map[string]any, span []byte, r *Resource) error {
	f := filler{}
	f.str(m, "id", &r.ID)
	f.str(m, "type", &r.Type)
	f.str(m, "name", &r.Name)
	f.str(m, "account", &r.Account)
	f.str(m, "region", &r.Region)
	if v, ok := m["tags"]; ok {
		r.Tags = f.tags(v)
	}
	if v, ok := m["unknown"]; ok {
		r.Unknown = f.strings(v)
	}
	if v, ok := m["ignores"]; ok {
		r.Ignores = f.ignores(v)
	}
	if v, ok := m["source"]; ok {
		f.location(v, span, &r.Source)
	}
	return f.err
}

// filler reads typed values out of generic ones, keeping the first failure.
type filler struct{ err error }

func (f *filler) fail() { f.err = errNotStreamable }

func (f *filler) object(v any) map[string]any {
	o, ok := v.(map[string]any)
	if !ok && v != nil {
		f.fail()
	}
	return o
}

// str sets *dst to the string at key, when present. A null leaves it as it is, as a typed decode does.
func (f *filler) str(m map[string]any, key string, dst *string) {
	if v, ok := m[key]; ok && v != nil {
		*dst = f.text(v)
	}
}

// text returns v as a string; a value of another type fails.
func (f *filler) text(v any) string {
	s, ok := v.(string)
	if !ok {
		f.fail()
	}
	return s
}

// integer sets *dst to the integer at key, when present: a number with a fraction or an exponent, or
// beyond an int, is what a typed decode refuses.
func (f *filler) integer(m map[string]any, key string, dst *int) {
	v, ok := m[key]
	if !ok || v == nil {
		return
	}
	n, ok := v.(json.Number)
	if !ok {
		f.fail()
		return
	}
	i, err := n.Int64()
	if err != nil || int64(int(i)) != i {
		f.fail()
		return
	}
	*dst = int(i)
}

// list returns v as a list, and false for null (a typed decode leaves the slice nil) or a value of
// another type.
func (f *filler) list(v any) ([]any, bool) {
	if v == nil {
		return nil, false
	}
	list, ok := v.([]any)
	if !ok {
		f.fail()
	}
	return list, ok
}

func (f *filler) strings(v any) []string {
	list, ok := f.list(v)
	if !ok {
		return nil
	}
	out := make([]string, len(list))
	for i, e := range list {
		out[i] = f.text(e)
	}
	return out
}

func (f *filler) tags(v any) map[string]string {
	o := f.object(v)
	if o == nil {
		return nil
	}
	out := make(map[string]string, len(o))
	for k, e := range o {
		out[k] = f.text(e)
	}
	return out
}

func (f *filler) ignores(v any) []Ignore {
	list, ok := f.list(v)
	if !ok {
		return nil
	}
	out := make([]Ignore, len(list))
	for i, e := range list {
		o := f.object(e)
		f.str(o, "rule", &out[i].Rule)
		f.str(o, "reason", &out[i].Reason)
		f.str(o, "expires", &out[i].Expires)
		f.str(o, "file", &out[i].File)
		f.integer(o, "line", &out[i].Line)
	}
	return out
}

func (f *filler) location(v any, span []byte, loc *Location) {
	o := f.object(v)
	f.str(o, "kind", &loc.Kind)
	f.str(o, "file", &loc.File)
	f.integer(o, "start_line", &loc.StartLine)
	f.integer(o, "end_line", &loc.EndLine)
	f.str(o, "address", &loc.Address)
	if r, ok := o["related"]; ok {
		loc.Related = f.strings(r)
	}
	f.str(o, "api", &loc.API)
	at, ok := o["collected_at"]
	if !ok || at == nil {
		return
	}
	s, ok := at.(string)
	// time.Time reads the string's bytes as they are written: an escaped character (\u0030 for 0),
	// which the generic decode has turned into the character, is what it refuses.
	if !ok || bytes.IndexByte(span, '\\') >= 0 {
		f.fail()
		return
	}
	var t time.Time
	if err := t.UnmarshalText([]byte(s)); err != nil {
		f.fail()
		return
	}
	loc.CollectedAt = &t
}
