// Package nesting bounds how deeply a source file nests, and how large its number literals are, before
// it is parsed. The HCL and JSON parsers
// recurse once or more per level: a file of 100,000 nested parentheses overflows the goroutine stack, a
// crash that names no file and that no recover can catch. Check scans the file once, without recursion,
// and says where the limit was crossed, so that the caller reports file:line instead.
//
// It is used by the Terraform reader (scanners/terraform: .tf, .tf.json, .tfvars, templates, --var
// values) and the config loader (config: vigil.hcl). JSON read with encoding/json (plans, inventories)
// needs no check: encoding/json refuses nesting deeper than 10,000 with the offset of the error.
package nesting

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// Max is how deep brackets, braces, parentheses, strings and template interpolations may nest. Real
// configurations nest a few dozen levels at most.
const Max = 1000

// Syntax says how to read a source.
type Syntax int

// The syntaxes Check reads.
const (
	HCL      Syntax = iota // a configuration file: .tf, .tfvars, vigil.hcl
	HCLExpr                // a single expression (a --var value)
	Template               // a template file (templatefile)
	JSON                   // .tf.json, .tfvars.json
)

// Check returns an error diagnostic at the point where src, read as syntax, first nests deeper than
// Max, or nil. filename and start locate it as the parser would.
//
// It also refuses, at the literal, a number that docschema.HugeNumber refuses (numbers.go). The HCL
// lexer, when a quick test says it is needed, runs once for both checks.
func Check(src []byte, syntax Syntax, filename string, start hcl.Pos) *hcl.Diagnostic {
	nest, numbers := mayNest(src), mayHoldHugeNumber(src)
	if syntax == JSON {
		// An escape can spell a number's digits in a string's template ("${\u0031e9…}").
		numbers = numbers || bytes.Contains(src, []byte(`\u`))
	}
	if !nest && !numbers {
		return nil
	}
	var lit string
	var at hcl.Pos
	deep := false
	if syntax == JSON {
		if numbers {
			lit, at = jsonHugeNumber(src, start)
		}
		if lit == "" && nest {
			at, deep = jsonDepth(src, start)
		}
	} else {
		toks := lex(src, syntax, filename, start)
		if numbers {
			lit, at = hugeNumberToken(toks)
		}
		if lit == "" && nest {
			at, deep = tokensDepth(toks)
		}
	}
	switch {
	case lit != "":
		return numberDiagnostic(lit, filename, at)
	case deep:
		return &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Nesting too deep",
			Detail: fmt.Sprintf("Brackets, braces, parentheses or template interpolations nest more than %d levels deep here; "+
				"vigil does not read deeper nesting.", Max),
			Subject: &hcl.Range{Filename: filename, Start: at, End: at},
		}
	}
	return nil
}

// mayNest reports whether src holds enough opening characters to nest deeper than Max: every level
// opens with one of them ("${" and "%{" hold a brace, a heredoc starts with '<').
func mayNest(src []byte) bool {
	n := 0
	for _, c := range src {
		switch c {
		case '(', '[', '{', '"', '<':
			if n++; n > Max {
				return true
			}
		}
	}
	return false
}

// lex reads src's tokens with the HCL lexer, which does not recurse.
func lex(src []byte, syntax Syntax, filename string, start hcl.Pos) hclsyntax.Tokens {
	var toks hclsyntax.Tokens
	switch syntax {
	case HCLExpr:
		toks, _ = hclsyntax.LexExpression(src, filename, start)
	case Template:
		toks, _ = hclsyntax.LexTemplate(src, filename, start)
	default:
		toks, _ = hclsyntax.LexConfig(src, filename, start)
	}
	return toks
}

// tokensDepth returns where tokens first nest deeper than Max.
func tokensDepth(toks hclsyntax.Tokens) (hcl.Pos, bool) {
	depth := 0
	for _, t := range toks {
		switch t.Type {
		case hclsyntax.TokenOBrace, hclsyntax.TokenOBrack, hclsyntax.TokenOParen, hclsyntax.TokenOQuote,
			hclsyntax.TokenOHeredoc, hclsyntax.TokenTemplateInterp, hclsyntax.TokenTemplateControl:
			if depth++; depth > Max {
				return t.Range.Start, true
			}
		case hclsyntax.TokenCBrace, hclsyntax.TokenCBrack, hclsyntax.TokenCParen, hclsyntax.TokenCQuote,
			hclsyntax.TokenCHeredoc, hclsyntax.TokenTemplateSeqEnd:
			depth--
		}
	}
	return hcl.Pos{}, false
}

// jsonDepth scans JSON: brackets and braces outside strings. Terraform's JSON syntax parses strings as
// templates when it evaluates them: a long string is checked as one.
func jsonDepth(src []byte, start hcl.Pos) (at hcl.Pos, deep bool) {
	depth := 0
	jsonWalk(src, start, func(quoted []byte, pos hcl.Pos) bool {
		if len(quoted) > Max && deepString(quoted) {
			at, deep = pos, true
		}
		return deep
	}, func(_ int, c byte, pos hcl.Pos) bool {
		switch c {
		case '[', '{':
			if depth++; depth > Max {
				at, deep = pos, true
			}
		case ']', '}':
			depth--
		}
		return deep
	})
	return at, deep
}

// jsonWalk reads JSON once, in order: it calls str with each string literal, quotes included, and its
// position, and other with each byte outside strings (and the quotes), its index and position, then
// with index len(src) and byte 0 at the end. It stops when either returns true.
func jsonWalk(src []byte, start hcl.Pos, str func(quoted []byte, at hcl.Pos) bool, other func(i int, c byte, at hcl.Pos) bool) {
	pos := start
	inString, escaped := false, false
	var strStart int
	var strPos hcl.Pos
	for i, c := range src {
		here := hcl.Pos{Line: pos.Line, Column: pos.Column, Byte: start.Byte + i}
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
				if str(src[strStart:i+1], strPos) {
					return
				}
			}
		case c == '"':
			inString, strStart, strPos = true, i, here
		default:
			if other(i, c, here) {
				return
			}
		}
		if c == '\n' {
			pos.Line, pos.Column = pos.Line+1, 1
		} else if c < 0x80 || c >= 0xC0 { // count characters, not continuation bytes
			pos.Column++
		}
	}
	other(len(src), 0, pos)
}

// deepString reports whether the JSON string literal quoted nests too deep as a template. (A variable's
// type, a string holding an expression, is checked where it is parsed.)
func deepString(quoted []byte) bool {
	var text string
	if json.Unmarshal(quoted, &text) != nil || !mayNest([]byte(text)) {
		return false
	}
	_, deep := tokensDepth(lex([]byte(text), Template, "", hcl.InitialPos))
	return deep
}
