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
		Detail: fmt.Sprintf("The number %s is beyond what vigil reads: at most %d characters and an exponent of ±%d.",
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

// hclHugeNumber lexes src and returns its first huge number literal.
func hclHugeNumber(src []byte, syntax Syntax, filename string, start hcl.Pos) (string, hcl.Pos) {
	for _, t := range lex(src, syntax, filename, start) {
		if t.Type == hclsyntax.TokenNumberLit && docschema.HugeNumber(string(t.Bytes)) {
			return string(t.Bytes), t.Range.Start
		}
	}
	return "", hcl.Pos{}
}

// jsonHugeNumber scans JSON: numbers outside strings, and the templates of strings that interpolate.
// A number in a string is reported at the string.
func jsonHugeNumber(src []byte, start hcl.Pos) (lit string, at hcl.Pos) {
	numStart := -1
	var numPos hcl.Pos
	jsonWalk(src, start, func(quoted []byte, pos hcl.Pos) bool {
		var text string
		if json.Unmarshal(quoted, &text) == nil && mayHoldHugeNumber([]byte(text)) {
			if l, _ := hclHugeNumber([]byte(text), Template, "", hcl.InitialPos); l != "" {
				lit, at = l, pos
			}
		}
		return lit != ""
	}, func(i int, c byte, pos hcl.Pos) bool {
		inNumber := '0' <= c && c <= '9' || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E'
		switch {
		case numStart < 0 && ('0' <= c && c <= '9' || c == '-'): // a JSON number starts so
			numStart, numPos = i, pos
		case numStart >= 0 && !inNumber:
			if l := string(src[numStart:i]); docschema.HugeNumber(l) {
				lit, at = l, numPos
			}
			numStart = -1
		}
		return lit != ""
	})
	return lit, at
}
