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
// It also refuses, at the literal, a number that docschema.HugeNumber refuses (numbers.go).
func Check(src []byte, syntax Syntax, filename string, start hcl.Pos) *hcl.Diagnostic {
	if d := hugeNumber(src, syntax, filename, start); d != nil {
		return d
	}
	if !mayNest(src) {
		return nil
	}
	var pos hcl.Pos
	var deep bool
	if syntax == JSON {
		pos, deep = jsonDepth(src, start)
	} else {
		pos, deep = hclDepth(src, syntax, filename, start)
	}
	if !deep {
		return nil
	}
	return &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "Nesting too deep",
		Detail: fmt.Sprintf("Brackets, braces, parentheses or template interpolations nest more than %d levels deep here; "+
			"vigil does not read deeper nesting.", Max),
		Subject: &hcl.Range{Filename: filename, Start: pos, End: pos},
	}
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

// hclDepth reads src's tokens with the HCL lexer, which does not recurse.
func hclDepth(src []byte, syntax Syntax, filename string, start hcl.Pos) (hcl.Pos, bool) {
	var toks hclsyntax.Tokens
	switch syntax {
	case HCLExpr:
		toks, _ = hclsyntax.LexExpression(src, filename, start)
	case Template:
		toks, _ = hclsyntax.LexTemplate(src, filename, start)
	default:
		toks, _ = hclsyntax.LexConfig(src, filename, start)
	}
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
func jsonDepth(src []byte, start hcl.Pos) (hcl.Pos, bool) {
	pos := start
	depth := 0
	inString, escaped := false, false
	var strStart int
	var strPos hcl.Pos
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
				if i-strStart > Max && deepString(src[strStart:i+1]) {
					return strPos, true
				}
			}
		case c == '"':
			inString, strStart = true, i
			strPos = hcl.Pos{Line: pos.Line, Column: pos.Column, Byte: start.Byte + i}
		case c == '[' || c == '{':
			if depth++; depth > Max {
				return hcl.Pos{Line: pos.Line, Column: pos.Column, Byte: start.Byte + i}, true
			}
		case c == ']' || c == '}':
			depth--
		}
		if c == '\n' {
			pos.Line, pos.Column = pos.Line+1, 1
		} else if c < 0x80 || c >= 0xC0 { // count characters, not continuation bytes
			pos.Column++
		}
	}
	return hcl.Pos{}, false
}

// deepString reports whether the JSON string literal quoted nests too deep as a template. (A variable's
// type, a string holding an expression, is checked where it is parsed.)
func deepString(quoted []byte) bool {
	var text string
	if json.Unmarshal(quoted, &text) != nil || !mayNest([]byte(text)) {
		return false
	}
	_, deep := hclDepth([]byte(text), Template, "", hcl.InitialPos)
	return deep
}
