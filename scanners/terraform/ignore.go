package terraform

import (
	"bytes"
	"fmt"
	"regexp"
	"sort"
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
	idx                        int // its place among the directives of its line
}

// directiveKey identifies a directive of one file, across the copies made of it.
type directiveKey struct {
	file      string
	line, idx int
}

// fileComments records, per line of one file, the vigil:ignore directives and which lines hold only a
// comment, so a directive can be tied to the block header it sits on or directly above; and the
// top-level block headers, so that a directive that applies to nothing can say what it sits above.
type fileComments struct {
	directives  map[int][]ignoreDirective
	commentOnly map[int]bool
	headers     map[int][]string // line → block type and labels: resource, aws_s3_bucket, b
}

const ignoreMarker = "vigil:ignore"

// directiveHead matches the rule id and the optional instance key: EC2.1, EC2.1["web"], RDS.2[0].
var directiveHead = regexp.MustCompile(`^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?(?:\s+|$)`)

// scanComments finds vigil:ignore directives in src. Files without the marker (in any case) cost one
// pass over their colons. Malformed directives are returned as diagnostics naming file:line. Comments
// are found by the HCL lexer: the marker inside a string or a heredoc ("x # vigil:ignore S3.1 ...") is
// text, not a waiver.
//
// A directive is written in lower case, at the start of a # or // line comment, as tfsec and similar
// linters take theirs. What looks like one but is not (VIGIL:IGNORE, or the marker opening a line of a
// /* block */ comment) is an error rather than a comment silently read as nothing: its author meant
// to waive something, and a reviewer reading it believes it does.
func scanComments(src []byte, filename string) (*fileComments, hcl.Diagnostics) {
	if !containsMarkerFold(src) {
		return nil, nil
	}
	fc := &fileComments{directives: map[int][]ignoreDirective{}, commentOnly: map[int]bool{}, headers: map[int][]string{}}
	var diags hcl.Diagnostics
	problem := func(line, col int, detail string) {
		diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid vigil:ignore comment",
			Detail: detail, Subject: &hcl.Range{Filename: filename, Start: hcl.Pos{Line: line, Column: col}, End: hcl.Pos{Line: line, Column: col}}})
	}
	// The lexer's own diagnostics belong to the parse, which reports them.
	tokens, _ := hclsyntax.LexConfig(src, filename, hcl.InitialPos)
	lastLine := 0 // the line of the last token that is not a comment or a line break
	depth := 0    // of braces: block headers are read at depth 0
	var header []string
	headerLine := 0
	for _, tok := range tokens {
		line := tok.Range.Start.Line
		switch tok.Type {
		case hclsyntax.TokenNewline, hclsyntax.TokenEOF:
			continue
		case hclsyntax.TokenComment:
		default:
			header, headerLine = fc.readHeader(tok, depth, lastLine != line, header, headerLine)
			switch tok.Type {
			case hclsyntax.TokenOBrace:
				depth++
			case hclsyntax.TokenCBrace:
				depth--
			}
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
		default: // a /* block */ comment: any of its lines may open with the marker
			for i, l := range strings.Split(text, "\n") {
				l = strings.TrimLeft(strings.TrimPrefix(strings.TrimLeft(l, " \t"), "/*"), " \t*")
				if hasPrefixFold(l, ignoreMarker) {
					problem(line+i, 1, "a vigil:ignore directive must be a # or // line comment; "+
						"a /* block */ comment is not read as one. Write it as # vigil:ignore RULE-ID reason.")
				}
			}
			continue
		}
		if lastLine != line {
			fc.commentOnly[line] = true
		}
		trimmed := strings.TrimLeft(body, " \t")
		col := tok.Range.Start.Column + len(text) - len(trimmed)
		rest, ok := strings.CutPrefix(trimmed, ignoreMarker)
		if !ok {
			if hasPrefixFold(trimmed, ignoreMarker) {
				problem(line, col, fmt.Sprintf("%q is not read as a directive: write vigil:ignore in lower case.", trimmed[:len(ignoreMarker)]))
			}
			continue
		}
		d, bad := parseDirective(strings.TrimSpace(rest))
		if bad != "" {
			problem(line, col, bad)
			continue
		}
		d.line, d.idx = line, len(fc.directives[line])
		fc.directives[line] = append(fc.directives[line], d)
	}
	return fc, diags
}

// readHeader follows a top-level block header, token by token: an identifier that starts a line at
// depth 0, labels (quoted or bare), then "{". It returns the header being read and its line; a complete
// one is recorded in fc.headers.
func (fc *fileComments) readHeader(tok hclsyntax.Token, depth int, startsLine bool, header []string, line int) ([]string, int) {
	if depth != 0 {
		return nil, 0
	}
	switch {
	case header == nil:
		if tok.Type == hclsyntax.TokenIdent && startsLine {
			return []string{string(tok.Bytes)}, tok.Range.Start.Line
		}
		return nil, 0
	case tok.Type == hclsyntax.TokenIdent || tok.Type == hclsyntax.TokenQuotedLit:
		return append(header, string(tok.Bytes)), line
	case tok.Type == hclsyntax.TokenOQuote || tok.Type == hclsyntax.TokenCQuote:
		return header, line
	case tok.Type == hclsyntax.TokenOBrace:
		fc.headers[line] = header
	}
	return nil, 0
}

// containsMarkerFold reports whether src holds "vigil:ignore" in any mix of case.
func containsMarkerFold(src []byte) bool {
	const before, after = len("vigil"), len(":ignore")
	for i := 0; ; {
		j := bytes.IndexByte(src[i:], ':')
		if j < 0 {
			return false
		}
		at := i + j
		if at >= before && at+after <= len(src) && bytes.EqualFold(src[at-before:at+after], []byte(ignoreMarker)) {
			return true
		}
		i = at + 1
	}
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
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

// instanceIgnores keeps the directives of resource or data block d that apply to one instance (key
// suffix like `["web"]` or `[0]`, "" for a block without count/for_each) and converts them for the
// inventory. Each one kept is recorded as used; when the instance keys are unknown, every directive is,
// as none can be said to match nothing.
func (l *loader) instanceIgnores(d *resourceDecl, keySuffix string, unknownKeys bool) []inventory.Ignore {
	if len(d.ignores) == 0 {
		return nil
	}
	var out []inventory.Ignore
	for _, ig := range d.ignores {
		matches := ig.key == "" || normalizeKey(ig.key) == normalizeKey(keySuffix)
		if matches || unknownKeys {
			l.mu.Lock()
			l.usedIgnores[directiveKey{d.rng.Filename, ig.line, ig.idx}] = true
			l.mu.Unlock()
		}
		if matches {
			out = append(out, inventory.Ignore{Rule: ig.rule, Reason: ig.reason, Expires: ig.expires, File: d.rng.Filename, Line: ig.line})
		}
	}
	return out
}

// unattachedIgnores lists the directives of every file read that applied to no instance, with why.
func (l *loader) unattachedIgnores() []UnattachedIgnore {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []UnattachedIgnore
	for file, fc := range l.comments {
		for line, ds := range fc.directives {
			for _, d := range ds {
				if l.usedIgnores[directiveKey{file, line, d.idx}] {
					continue
				}
				out = append(out, UnattachedIgnore{
					Ignore: inventory.Ignore{Rule: d.rule, Reason: d.reason, Expires: d.expires, File: file, Line: line},
					Why:    fc.whyUnattached(d),
				})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i].Ignore, out[j].Ignore
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Rule < b.Rule
	})
	return out
}

// whyUnattached says why directive d applied to nothing, from the block header it is on or above.
func (fc *fileComments) whyUnattached(d ignoreDirective) string {
	header, found := fc.headers[d.line]
	for l := d.line; !found && fc.commentOnly[l]; l++ {
		header, found = fc.headers[l+1]
	}
	rule := d.rule + d.key
	switch {
	case header == nil:
		return fmt.Sprintf("vigil:ignore %s applies to nothing: it is not on or directly above a resource block "+
			"(a blank line or code separates it from one)", rule)
	case header[0] != "resource" || len(header) != 3:
		article := "a"
		if strings.ContainsRune("aeiou", rune(header[0][0])) {
			article = "an"
		}
		return fmt.Sprintf("vigil:ignore %s applies to nothing: it is above %s %s block, and waives rules only on the "+
			"resource block it is written on or directly above", rule, article, header[0])
	case d.key != "":
		return fmt.Sprintf("vigil:ignore %s applies to nothing: no instance of %s.%s has the key %s", rule, header[1], header[2], d.key)
	default:
		return fmt.Sprintf("vigil:ignore %s applies to nothing: %s.%s has no instance (count or for_each is empty, "+
			"or its module is not called)", rule, header[1], header[2])
	}
}

// normalizeKey lets `['web']` and `[ "web" ]` match Terraform's `["web"]`.
func normalizeKey(k string) string {
	k = strings.ReplaceAll(k, " ", "")
	return strings.ReplaceAll(k, "'", `"`)
}
