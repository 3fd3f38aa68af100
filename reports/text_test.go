package reports

import (
	"bytes"
	"context"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPrintable(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain text, ünïcode, 日本語 and a \ufffd", "plain text, ünïcode, 日本語 and a \ufffd"},
		{"a\nb\r\n\tc", `a\nb\r\n\tc`},
		{"\x1b[31mred\x1b[0m", `\x1b[31mred\x1b[0m`},
		{"nul\x00 bel\x07 del\x7f", `nul\x00 bel\x07 del\x7f`},
		{"c1 \u0085 \u009b", `c1 \u0085 \u009b`},
		{"bidi \u202aa\u202bb\u202cc\u202dd\u202ee \u2066f\u2067g\u2068h\u2069", `bidi \u202aa\u202bb\u202cc\u202dd\u202ee \u2066f\u2067g\u2068h\u2069`},
		{"marks \u200e\u200f\u061c seps \u2028\u2029", `marks \u200e\u200f\u061c seps \u2028\u2029`},
		{"bad utf-8 \xff\xc3", `bad utf-8 \xff\xc3`},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, Printable(tt.in), "%q", tt.in)
	}
}

func TestPrintableLine(t *testing.T) {
	tests := []struct{ in, want string }{
		{"::error::x", `\x3a:error::x`},
		{"   ::add-mask::y", `   \x3a:add-mask::y`},
		{"\t::error::x", `\t::error::x`},
		{"file.tf:1: a::b", "file.tf:1: a::b"},
		{":one colon", ":one colon"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, PrintableLine(tt.in), "%q", tt.in)
	}
	assert.Equal(t, "vigil: two problems\n\\x3a:error::x\n  a.rego:1: \\x1b[2J", PrintableLines("vigil: two problems\n::error::x\n  a.rego:1: \x1b[2J"))
}

// poison appends hostile text to every string reachable from v (exported fields, slices, maps, pointers).
func poison(v reflect.Value) {
	const bad = "\n::error::pwned\x1b[2J\u202e"
	switch v.Kind() {
	case reflect.String:
		if v.CanSet() {
			v.SetString(v.String() + bad)
		}
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			poison(v.Elem())
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			poison(v.Index(i))
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			val := reflect.New(v.Type().Elem()).Elem()
			val.Set(it.Value())
			poison(val)
			v.SetMapIndex(it.Key(), val)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				poison(v.Field(i))
			}
		}
	}
}

// TestTableEscapesEveryField poisons every string of the fixture report, so a field the table starts
// printing later is covered too.
func TestTableEscapesEveryField(t *testing.T) {
	r := fixtureReport()
	poison(reflect.ValueOf(r))
	before := printableCopy(r) // a deep copy: Render must leave r as it is
	sgr := regexp.MustCompile(`\x1b\[[0-9;]*m`)
	for _, opts := range []Options{{Verbose: true}, {Verbose: true, Color: true}} {
		var buf bytes.Buffer
		require.NoError(t, newTable(opts).Render(context.Background(), &buf, r))
		out := buf.String()
		require.Contains(t, out, `\n::error::pwned\x1b[2J\u202e`)
		if opts.Color {
			out = sgr.ReplaceAllString(out, "") // the table's own colors
		}
		assert.NotContains(t, out, "\x1b")
		assert.NotContains(t, out, "\u202e")
		for _, line := range strings.Split(out, "\n") {
			assert.False(t, strings.HasPrefix(strings.TrimSpace(line), "::"), "%q", line)
		}
	}
	assert.Equal(t, before, printableCopy(r), "the report is not modified")
}

func TestPrintableCopy(t *testing.T) {
	type inner struct {
		S   string
		M   map[string]any
		hid string
	}
	in := &inner{S: "a\nb", M: map[string]any{"k\x1b": []any{"v\r", 3}}, hid: "raw\n"}
	out := printableCopy(in)
	assert.Equal(t, &inner{S: `a\nb`, M: map[string]any{`k\x1b`: []any{`v\r`, 3}}, hid: "raw\n"}, out)
	assert.Equal(t, "a\nb", in.S, "the original is untouched")
	assert.Contains(t, in.M, "k\x1b")
}

// FuzzPrintable checks what every human format relies on: the result is valid UTF-8 without a character
// Printable escapes, and a line never starts with "::".
func FuzzPrintable(f *testing.F) {
	for _, s := range []string{"", "plain", "a\n::error::x", "\x1b[31m", "\u202egnp.exe", "\xff\xfe", " ::x", "\ufffd"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := PrintableLine(s)
		if !utf8.ValidString(out) {
			t.Fatalf("not UTF-8: %q -> %q", s, out)
		}
		for _, r := range out {
			if r != utf8.RuneError && needsEscape(r) {
				t.Fatalf("%q left in %q", r, out)
			}
		}
		if strings.HasPrefix(strings.TrimLeft(out, " "), "::") {
			t.Fatalf("line starts with '::': %q", out)
		}
		if !strings.ContainsFunc(s, needsEscape) && !strings.HasPrefix(strings.TrimLeft(s, " "), "::") && out != s {
			t.Fatalf("text without anything to escape changed: %q -> %q", s, out)
		}
	})
}
