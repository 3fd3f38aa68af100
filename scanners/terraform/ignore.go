package terraform

import (
	"bytes"
	"regexp"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/vigil-audit/vigil/inventory"
)

// ignoreDirective is one `# vigil:ignore RULE[KEY] reason [exp:YYYY-MM-DD]` comment.
type ignoreDirective struct {
	rule, key, reason, expires string
	line                       int
}

// fileComments records, per line of one file, the vigil:ignore directives and which lines hold only a
// comment, so a directive can be tied to the block header it sits on or directly above.
type fileComments struct {
	directives  map[int][]ignoreDirective
	commentOnly map[int]bool
}

var ignoreMarker = []byte("vigil:ignore")

// directiveHead matches the rule id and the optional instance key: EC2.1, EC2.1["web"], RDS.2[0].
var directiveHead = regexp.MustCompile(`^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?(?:\s+|$)`)

// scanComments finds vigil:ignore directives in src. Files without the marker cost one bytes.Contains.
// Malformed directives are returned as diagnostics naming file:line. Only line comments (# and //) are
// read, found by the HCL lexer: the marker inside a string or a heredoc ("x # vigil:ignore S3.1 ...") is
// text, not a waiver.
func scanComments(src []byte, filename string) (*fileComments, hcl.Diagnostics) {
	if !bytes.Contains(src, ignoreMarker) {
		return nil, nil
	}
	fc := &fileComments{directives: map[int][]ignoreDirective{}, commentOnly: map[int]bool{}}
	var diags hcl.Diagnostics
	// The lexer's own diagnostics belong to the parse, which reports them.
	tokens, _ := hclsyntax.LexConfig(src, filename, hcl.InitialPos)
	lastLine := 0 // the line of the last token that is not a comment or a line break
	for _, tok := range tokens {
		line := tok.Range.Start.Line
		switch tok.Type {
		case hclsyntax.TokenNewline, hclsyntax.TokenEOF:
			continue
		case hclsyntax.TokenComment:
		default:
			lastLine = tok.Range.End.Line
			continue
		}
		text := string(tok.Bytes)
		var body string
		switch {
		case strings.HasPrefix(text, "#"):
			body = text[1:]
		case strings.HasPrefix(text, "//"):
			body = text[2:]
		default:
			continue // a /* block */ comment
		}
		if lastLine != line {
			fc.commentOnly[line] = true
		}
		rest, ok := strings.CutPrefix(strings.TrimLeft(body, " \t"), "vigil:ignore")
		if !ok {
			continue
		}
		col := tok.Range.Start.Column + len(text) - len(strings.TrimLeft(body, " \t"))
		d, problem := parseDirective(strings.TrimSpace(rest))
		if problem != "" {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid vigil:ignore comment",
				Detail: problem, Subject: &hcl.Range{Filename: filename, Start: hcl.Pos{Line: line, Column: col}, End: hcl.Pos{Line: line, Column: col}}})
			continue
		}
		d.line = line
		fc.directives[line] = append(fc.directives[line], d)
	}
	return fc, diags
}

func parseDirective(rest string) (ignoreDirective, string) {
	const usage = "want: vigil:ignore RULE-ID[\"instance key\"] reason [exp:YYYY-MM-DD]"
	m := directiveHead.FindStringSubmatch(rest)
	if m == nil {
		return ignoreDirective{}, "missing rule id; " + usage
	}
	d := ignoreDirective{rule: m[1], key: m[2]}
	var words []string
	for _, w := range strings.Fields(rest[len(m[0]):]) {
		if exp, ok := strings.CutPrefix(w, "exp:"); ok {
			if _, err := time.Parse(time.DateOnly, exp); err != nil {
				return ignoreDirective{}, "invalid expiry date " + exp + "; " + usage
			}
			d.expires = exp
			continue
		}
		words = append(words, w)
	}
	d.reason = strings.Join(words, " ")
	if d.reason == "" {
		return ignoreDirective{}, "missing reason for " + d.rule + "; " + usage
	}
	return d, ""
}

// directivesFor returns the directives that belong to a block whose header is on line header: those on
// the header line itself and on the comment lines directly above it.
func (fc *fileComments) directivesFor(header int) []ignoreDirective {
	if fc == nil {
		return nil
	}
	out := append([]ignoreDirective(nil), fc.directives[header]...)
	for l := header - 1; l > 0 && fc.commentOnly[l]; l-- {
		out = append(out, fc.directives[l]...)
	}
	return out
}

// ignoresForInstance keeps the directives that apply to one instance (key suffix like `["web"]` or `[0]`,
// "" for a block without count/for_each) and converts them for the inventory.
func ignoresForInstance(ds []ignoreDirective, file, keySuffix string) []inventory.Ignore {
	var out []inventory.Ignore
	for _, d := range ds {
		if d.key != "" && normalizeKey(d.key) != normalizeKey(keySuffix) {
			continue
		}
		out = append(out, inventory.Ignore{Rule: d.rule, Reason: d.reason, Expires: d.expires, File: file, Line: d.line})
	}
	return out
}

// normalizeKey lets `['web']` and `[ "web" ]` match Terraform's `["web"]`.
func normalizeKey(k string) string {
	k = strings.ReplaceAll(k, " ", "")
	return strings.ReplaceAll(k, "'", `"`)
}
