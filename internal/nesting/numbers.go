package nesting

import (
	"encoding/json"
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/vigil-audit/vigil/internal/docschema"
)

// hugeNumber returns an error diagnostic at src's first number literal that docschema.HugeNumber
// refuses (more than 100 characters, or an exponent beyond ±400), or nil. Terraform's numbers are exact:
// "${1e30000000}" is a 35-byte file whose number, turned into text, took 104 s and 680 MB, and an
// exponent ten times larger would take the runner down. Literals in JSON strings are looked for in the
// strings' templates.
func hugeNumber(src []byte, syntax Syntax, filename string, start hcl.Pos) *hcl.Diagnostic {
	if !mayHoldHugeNumber(src) {
		return nil
	}
	var lit string
	var at hcl.Pos
	if syntax == JSON {
		lit, at = jsonHugeNumber(src, start)
	} else {
		lit, at = hclHugeNumber(src, syntax, filename, start)
	}
	if lit == "" {
		return nil
	}
	if len(lit) > 40 {
		lit = lit[:40] + "…"
	}
	return &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "Number out of range",
		Detail: fmt.Sprintf("The number %s is larger than vigil reads: at most %d characters and an exponent of ±%d.",
			lit, docschema.MaxNumberLength, docschema.MaxNumberExponent),
		Subject: &hcl.Range{Filename: filename, Start: at, End: at},
	}
}

// mayHoldHugeNumber is a quick test that src has no number HugeNumber refuses. A lexer's number
// literal starts with a digit and lies within a run of the characters numbers are made of; HugeNumber
// refuses the run whenever it refuses the literal (the run only adds characters after a maximal
// literal, which make its exponent unreadable).
func mayHoldHugeNumber(src []byte) bool {
	inNumber := func(c byte) bool {
		return '0' <= c && c <= '9' || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-'
	}
	for i := 0; i < len(src); i++ {
		if c := src[i]; c < '0' || c > '9' {
			continue
		}
		j, exponent := i, false
		for j < len(src) && inNumber(src[j]) {
			exponent = exponent || src[j] == 'e' || src[j] == 'E'
			j++
		}
		if j-i > docschema.MaxNumberLength || exponent && docschema.HugeNumber(string(src[i:j])) {
			return true
		}
		i = j - 1
	}
	return false
}

// hclHugeNumber lexes src, which does not recurse, and returns its first huge number literal.
func hclHugeNumber(src []byte, syntax Syntax, filename string, start hcl.Pos) (string, hcl.Pos) {
	var toks hclsyntax.Tokens
	switch syntax {
	case HCLExpr:
		toks, _ = hclsyntax.LexExpression(src, filename, start)
	case Template:
		toks, _ = hclsyntax.LexTemplate(src, filename, start)
	default:
		toks, _ = hclsyntax.LexConfig(src, filename, start)
	}
	for _, t := range toks {
		if t.Type == hclsyntax.TokenNumberLit && docschema.HugeNumber(string(t.Bytes)) {
			return string(t.Bytes), t.Range.Start
		}
	}
	return "", hcl.Pos{}
}

// jsonHugeNumber scans JSON: numbers outside strings, and the templates of strings that interpolate.
// A number in a string is reported at the string.
func jsonHugeNumber(src []byte, start hcl.Pos) (string, hcl.Pos) {
	pos := start
	inString, escaped := false, false
	var strStart, numStart int
	var strPos, numPos hcl.Pos
	numStart = -1
	for i, c := range src {
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
				var text string
				if json.Unmarshal(src[strStart:i+1], &text) == nil && mayHoldHugeNumber([]byte(text)) {
					if lit, _ := hclHugeNumber([]byte(text), Template, "", hcl.InitialPos); lit != "" {
						return lit, strPos
					}
				}
			}
		case c == '"':
			inString, strStart = true, i
			strPos = hcl.Pos{Line: pos.Line, Column: pos.Column, Byte: start.Byte + i}
		case numStart < 0 && ('0' <= c && c <= '9' || c == '-'): // a JSON number starts so
			numStart, numPos = i, hcl.Pos{Line: pos.Line, Column: pos.Column, Byte: start.Byte + i}
		}
		if numStart >= 0 && (inString || !('0' <= c && c <= '9' || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E')) {
			if lit := string(src[numStart:i]); docschema.HugeNumber(lit) {
				return lit, numPos
			}
			numStart = -1
		}
		if c == '\n' {
			pos.Line, pos.Column = pos.Line+1, 1
		} else if c < 0x80 || c >= 0xC0 {
			pos.Column++
		}
	}
	if numStart >= 0 {
		if lit := string(src[numStart:]); docschema.HugeNumber(lit) {
			return lit, numPos
		}
	}
	return "", hcl.Pos{}
}
