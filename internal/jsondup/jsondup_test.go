package jsondup

import (
	"bytes"
	"encoding/json"
	"errors"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCheck(t *testing.T) {
	tests := []struct {
		name    string
		doc     string
		pointer string // "" for no duplicate
		line    int
		col     int
	}{
		{name: "no duplicates", doc: `{"a": 1, "b": {"a": 2}, "c": [{"a": 1}, {"a": 2}]}`},
		{name: "same key in sibling objects", doc: `[{"k": 1}, {"k": 2}]`},
		{name: "top level", doc: `{"errors": [1], "errors": []}`, pointer: "/errors", line: 1, col: 17},
		{name: "nested in array", doc: "{\"sources\": [\n  {\"kind\": \"aws\"},\n  {\"errors\": [{\"code\": \"x\"}],\n   \"errors\": []}]}",
			pointer: "/sources/1/errors", line: 4, col: 4},
		{name: "escaped equal key", doc: `{"a": 1, "\u0061": 2}`, pointer: "/a", line: 1, col: 10},
		{name: "empty key twice", doc: `{"": 1, "": 2}`, pointer: "/", line: 1, col: 9},
		{name: "pointer escaping", doc: `{"a/b": {"~": 1, "~": 2}}`, pointer: "/a~1b/~0", line: 1, col: 18},
		{name: "key after a nested value", doc: `{"x": {"y": [1, {"z": null}]}, "x": 0}`, pointer: "/x", line: 1, col: 32},
		{name: "empty key then value string", doc: `{"": "", "b": ""}`},
		{name: "many keys (map path)", doc: manyKeys(40, true), pointer: "/k0", line: 1},
		{name: "many distinct keys", doc: manyKeys(40, false)},
		{name: "not JSON after a duplicate", doc: `{"a": 1, "a"`, pointer: "/a", line: 1, col: 10},
		{name: "not JSON", doc: `{"a": 1, "b"`},
		{name: "scalar", doc: `"a"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Check([]byte(tt.doc))
			if tt.pointer == "" {
				require.NoError(t, err)
				return
			}
			var dup *Error
			require.True(t, errors.As(err, &dup), "want a duplicate, got %v", err)
			assert.Equal(t, tt.pointer, dup.Pointer)
			assert.Equal(t, tt.line, dup.Line)
			if tt.col > 0 {
				assert.Equal(t, tt.col, dup.Column)
			}
			assert.Contains(t, err.Error(), "duplicate key")
		})
	}
}

func manyKeys(n int, repeatFirst bool) string {
	var b strings.Builder
	b.WriteString("{")
	for i := range n {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(`"k` + strings.Repeat("x", i%3) + string(rune('a'+i%26)) + string(rune('a'+i/26)) + `": 1`)
	}
	if repeatFirst {
		b.WriteString(`, "k0": 1, "k0": 2`)
	}
	b.WriteString("}")
	return b.String()
}

// referenceDuplicate is a plain recursive reading of the token stream: whether any object repeats a key.
func referenceDuplicate(data []byte) (bool, bool) {
	dec := json.NewDecoder(bytes.NewReader(data))
	var value func() (bool, error)
	value = func() (bool, error) {
		tok, err := dec.Token()
		if err != nil {
			return false, err
		}
		d, ok := tok.(json.Delim)
		if !ok {
			return false, nil
		}
		found := false
		keys := map[string]bool{}
		for dec.More() {
			if d == '{' {
				k, err := dec.Token()
				if err != nil {
					return false, err
				}
				if keys[k.(string)] {
					found = true
				}
				keys[k.(string)] = true
			}
			dup, err := value()
			if err != nil {
				return false, err
			}
			found = found || dup
		}
		_, err = dec.Token()
		return found, err
	}
	dup, err := value()
	if err != nil {
		return false, false
	}
	if _, err := dec.Token(); err == nil { // more than one value
		return false, false
	}
	return dup, true
}

func FuzzCheck(f *testing.F) {
	for _, s := range []string{`{"a":1,"a":2}`, `{"a":{"b":[1,{"c":1,"c":2}]}}`, `[{"":1},{"":1}]`, `{"\u0061":1,"a":2}`, `{}`, `[]`, `1`, `{"a":[{}],"b":{"a":1}}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		err := Check(data)
		if !json.Valid(data) {
			return // no panic is all that matters: the decoder reports the syntax error
		}
		want, ok := referenceDuplicate(data)
		if !ok {
			return
		}
		var dup *Error
		if !want {
			require.NoError(t, err)
			return
		}
		require.True(t, errors.As(err, &dup), "missed a duplicate in %q", data)
		// The position is that of the repeated key, a JSON string, and the first one is before it.
		off := offset(data, dup.Line, dup.Column)
		require.Less(t, off, len(data))
		require.Equal(t, byte('"'), data[off], "position %d:%d in %q", dup.Line, dup.Column, data)
		first := offset(data, dup.FirstLine, dup.FirstColumn)
		require.Less(t, first, off)
		require.Equal(t, byte('"'), data[first])
		require.True(t, strings.HasSuffix(dup.Pointer, "/"+escape(dup.Key)))
	})
}

func offset(data []byte, line, col int) int {
	off := 0
	for l := 1; l < line; l++ {
		off += bytes.IndexByte(data[off:], '\n') + 1
	}
	return off + col - 1
}

// A document nested deeper than encoding/json accepts is not read to the end: a gigabyte of '[' would
// otherwise hold a frame per byte (about 130 bytes each). A duplicate at the deepest accepted level is
// still found.
func TestCheckDeepNesting(t *testing.T) {
	deep := bytes.Repeat([]byte("["), 4<<20)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	if err := Check(deep); err != nil {
		t.Fatalf("Check(deep) = %v, want nil", err)
	}
	runtime.ReadMemStats(&after)
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 16<<20 {
		t.Errorf("Check allocated %d MiB on 4 MiB of '['", alloc>>20)
	}
	doc := append(bytes.Repeat([]byte("["), maxDepth-1), `{"a":1,"a":2}`...)
	doc = append(doc, bytes.Repeat([]byte("]"), maxDepth-1)...)
	var dup *Error
	if err := Check(doc); !errors.As(err, &dup) || dup.Key != "a" {
		t.Fatalf("Check at depth %d = %v, want a duplicate key a", maxDepth, err)
	}
}

// Check keeps its frames for the next call (a plan is checked one resource at a time): a document
// checked after another, large or failing, is read as if it came first, and the kept frames hold none
// of the earlier documents' keys.
func TestCheckReusesFrames(t *testing.T) {
	nested := `{"a":{"b":{"c":{"d":1,"e":2,"f":3}}},"g":[{"h":1},{"h":2}]}`
	wide := "{" + strings.Repeat(`"k":{"x":1},`, 1) + `"l":1`
	for i := 0; i < 40; i++ {
		wide += `,"m` + strings.Repeat("x", i) + `":{"y":[1,{"z":2}]}`
	}
	wide += "}"
	for range 3 {
		require.NoError(t, Check([]byte(nested)))
		require.NoError(t, Check([]byte(wide)))
		var dup *Error
		require.ErrorAs(t, Check([]byte(`{"a":{"b":{"c":1,"c":2}}}`)), &dup)
		require.Equal(t, "/a/b/c", dup.Pointer)
		require.NoError(t, Check([]byte(`{"a":{"b":{"c":1}}}`)), "a duplicate found before leaves no key behind")
	}
	st := new(state)
	frames := []*frame{{object: true}, {object: true}}
	frames[0].seen([]byte("a"), 1)
	frames[1].seen([]byte("b"), 2)
	frames[1].key = []byte("b")
	st.release(frames[:1], frames[1:])
	for _, f := range st.free {
		require.Empty(t, f.small)
		require.Nil(t, f.key)
		for _, k := range f.small[:cap(f.small)] {
			require.Nil(t, k.key, "a kept frame holds a key of the document checked")
		}
	}
}

// BenchmarkCheckSmallValues checks many small documents one after another, as the plan reader does
// with each resource.
func BenchmarkCheckSmallValues(b *testing.B) {
	doc := []byte(`{"address":"module.app[\"a\"].aws_s3_bucket.this","mode":"managed","type":"aws_s3_bucket","name":"this",` +
		`"values":{"bucket":"b","tags":{"env":"prod","team":"x"},"grants":[{"id":"1","type":"CanonicalUser","permissions":["READ"]}]},` +
		`"sensitive_values":{"tags":{},"grants":[{"permissions":[false]}]}}`)
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		if err := Check(doc); err != nil {
			b.Fatal(err)
		}
	}
}
