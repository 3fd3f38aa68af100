package nesting

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/vigil-audit/vigil/internal/docschema"
)

// NumberOutOfRange is the summary of Check's diagnostic for a number literal it refuses.
const NumberOutOfRange = "Number out of range"

// numberDiagnostic is the error at a number literal that docschema.HugeNumber refuses (more than 100
// characters, or an exponent beyond ±400). Terraform's numbers are exact: "${1e30000000}" is a 35-byte
// file whose number, turned into text, took 104 s and 680 MB, and an exponent ten times larger would take
// the runner down.
func numberDiagnostic(lit, filename string, at hcl.Pos) *hcl.Diagnostic {
	if len(lit) > 40 {
		lit = lit[:40] + "…"
	}
	return &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  NumberOutOfRange,
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

// hugeNumberToken returns the first number literal of toks that HugeNumber refuses.
func hugeNumberToken(toks hclsyntax.Tokens) (string, hcl.Pos) {
	for _, t := range toks {
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
		text := quoted[1 : len(quoted)-1]
		if bytes.IndexByte(text, '\\') >= 0 {
			var s string
			if json.Unmarshal(quoted, &s) != nil {
				return false
			}
			text = []byte(s)
		}
		if mayHoldHugeNumber(text) {
			lit, _ = hugeNumberToken(lex(text, Template, "", hcl.InitialPos))
			at = pos
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
