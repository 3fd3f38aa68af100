package nesting

import (
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func deep(open, close string, n int) string {
	return strings.Repeat(open, n) + "1" + strings.Repeat(close, n)
}

func TestCheck(t *testing.T) {
	tests := []struct {
		name   string
		src    string
		syntax Syntax
		want   string // "line:col" of the diagnostic, "" for none
	}{
		{"parentheses", "locals {\n  x = " + deep("(", ")", 100000) + "\n}\n", HCL, "2:1006"}, // the block's brace is the first level
		{"brackets at the limit", "x = " + deep("[", "]", Max) + "\n", HCL, ""},
		{"brackets past the limit", "x = " + deep("[", "]", Max+1) + "\n", HCL, "1:1005"},
		{"nested templates", `x = "` + strings.Repeat(`${"`, 600) + "a" + strings.Repeat(`"}`, 600) + "\"\n", HCL, "1:1505"}, // each level opens an interpolation and a string
		{"parentheses inside a string are text", `x = "` + strings.Repeat("(", 5000) + "\"\n", HCL, ""},
		{"closers inside a string do not hide nesting", "x = " + strings.Repeat(`["))))",`, 1001) + "]\n", HCL, "1:" + itoa(4+999*8+2)}, // the 1000th bracket's string is level 1001
		{"parentheses in comments are text", "# " + strings.Repeat("(", 5000) + "\n/* " + strings.Repeat("{", 5000) + " */\n", HCL, ""},
		{"parentheses in a heredoc are text", "x = <<EOT\n" + strings.Repeat("(", 5000) + "\nEOT\n", HCL, ""},
		{"expression", deep("{a = ", "}", 2000), HCLExpr, "1:5001"},
		{"template", deep("${", "}", 2000), Template, "1:2002"},
		{"template text", strings.Repeat("(", 5000), Template, ""},
		{"json", `{"locals": {"x": ` + deep("[", "]", 100000) + "}}", JSON, "1:1016"},
		{"json strings are text", `{"x": "` + strings.Repeat(`[\"{`, 3000) + `"}`, JSON, ""},
		{"a json string is a template", `{"x": "` + strings.Repeat(`${`, 1200) + `1` + strings.Repeat(`}`, 1200) + `"}`, JSON, "1:7"},
		{"a json string is not an expression", `{"x": "` + strings.Repeat(`(`, 1200) + `"}`, JSON, ""},
		{"json on a later line", "{\n \"x\":\n  " + deep("{\"a\":", "}", 1200), JSON, "3:4998"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Check([]byte(tt.src), tt.syntax, "f.tf", hcl.InitialPos)
			if tt.want == "" {
				assert.Nil(t, d)
				return
			}
			require.NotNil(t, d)
			assert.Equal(t, tt.want, itoa(d.Subject.Start.Line)+":"+itoa(d.Subject.Start.Column))
			assert.Equal(t, "f.tf", d.Subject.Filename)
			assert.Equal(t, "Nesting too deep", d.Summary)
		})
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// FuzzCheck: any input is scanned without a panic, and the same way twice.
func FuzzCheck(f *testing.F) {
	f.Add([]byte("x = "+deep("(", ")", 1200)), uint8(HCL))
	f.Add([]byte(`x = "${"${a}"}"`), uint8(HCL))
	f.Add([]byte("x = <<EOT\n${(\nEOT\n"), uint8(HCL))
	f.Add([]byte(`{"a": [[["\"]"]]]}`), uint8(JSON))
	f.Add([]byte(deep("%{", "}", 1100)), uint8(Template))
	f.Add([]byte(`x = "${1e30000000}"`), uint8(HCL))
	f.Add([]byte(strings.Repeat("9", 99)+"e+12"), uint8(HCLExpr))
	f.Add([]byte(`{"a": [1e401, "x${-1e-999}"]}`), uint8(JSON))
	f.Fuzz(func(t *testing.T, src []byte, syntax uint8) {
		s := Syntax(syntax % 4)
		a := Check(src, s, "f", hcl.InitialPos)
		b := Check(src, s, "f", hcl.InitialPos)
		assert.Equal(t, a, b)
		// The quick test never misses a number the lexer would find.
		if s != JSON {
			if lit, _ := hugeNumberToken(lex(src, s, "f", hcl.InitialPos)); lit != "" {
				assert.True(t, mayHoldHugeNumber(src), "quick test missed %q", lit)
			}
		}
	})
}
