// Package logfilter parses CloudWatch Logs JSON filter patterns ({ $.field = "value" && ... }) and
// evaluates them on JSON events, so that the CloudWatch Logs adapters (scanners/iac/aws, scanners/aws) can
// tell which CloudTrail event classes a metric filter counts by what it matches, not by how it is written.
// The event classes and their sample events live in classes.go; the rules read only the class names.
package logfilter

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// MaxPatternLen caps the pattern text (CloudWatch Logs itself accepts at most 1,024 characters).
const MaxPatternLen = 1024

// maxDepth caps nested parentheses.
const maxDepth = 32

// ErrUnsupported marks patterns that are valid CloudWatch Logs syntax vigil does not evaluate: term and
// space-delimited patterns, and regular expressions (%...%), whose event matching cannot be told from the
// JSON fields of a CloudTrail record.
var ErrUnsupported = errors.New("unsupported filter pattern")

// Pattern is a parsed JSON filter pattern.
type Pattern struct{ root node }

// Parse parses a JSON filter pattern. A pattern that is not a JSON pattern returns an error wrapping
// ErrUnsupported; a malformed one, an error naming the offset.
func Parse(text string) (*Pattern, error) {
	if len(text) > MaxPatternLen {
		return nil, fmt.Errorf("filter pattern of %d characters exceeds %d", len(text), MaxPatternLen)
	}
	s := strings.TrimSpace(text)
	if !strings.HasPrefix(s, "{") {
		return nil, fmt.Errorf("%w: not a JSON pattern ({ ... })", ErrUnsupported)
	}
	toks, err := lex(s)
	if err != nil {
		return nil, err
	}
	p := &parser{toks: toks}
	if err := p.expect(tokLBrace); err != nil {
		return nil, err
	}
	root, err := p.or(0)
	if err != nil {
		return nil, err
	}
	if err := p.expect(tokRBrace); err != nil {
		return nil, err
	}
	if p.peek().kind != tokEOF {
		return nil, fmt.Errorf("offset %d: unexpected %q after the closing brace", p.peek().pos, p.peek().text)
	}
	return &Pattern{root: root}, nil
}

// Match reports whether the pattern matches a JSON event (decoded into maps, slices, strings, float64,
// bool and nil, as encoding/json does).
func (p *Pattern) Match(event map[string]any) bool { return p.root.match(event) }

type node interface{ match(map[string]any) bool }

type andNode struct{ l, r node }

func (n andNode) match(e map[string]any) bool { return n.l.match(e) && n.r.match(e) }

type orNode struct{ l, r node }

func (n orNode) match(e map[string]any) bool { return n.l.match(e) || n.r.match(e) }

// step is one selector element: a key or a list index.
type step struct {
	key   string
	index int // -1 for a key
}

type cond struct {
	sel []step
	op  string // = != < <= > >= or "is", "exists", "not exists"
	val value
}

// value is the right-hand side: a string (with * wildcards), a number, or for IS: true, false, null.
type value struct {
	kind string // "string", "number", "true", "false", "null"
	str  string
	num  float64
}

func (c cond) match(e map[string]any) bool {
	v, ok := lookup(e, c.sel)
	switch c.op {
	case "exists":
		return ok
	case "not exists":
		return !ok
	case "is":
		if !ok {
			return false
		}
		switch c.val.kind {
		case "true":
			return v == true
		case "false":
			return v == false
		}
		return v == nil
	}
	// A comparison needs the field: an absent field matches neither = nor != (evaluated conservatively).
	if !ok || v == nil {
		return false
	}
	if c.val.kind == "number" {
		n, isNum := v.(float64)
		if !isNum {
			return false
		}
		return compare(n, c.op, c.val.num)
	}
	var s string
	switch x := v.(type) {
	case string:
		s = x
	case float64:
		s = strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		s = strconv.FormatBool(x)
	default:
		return false // objects and lists equal no string
	}
	switch c.op {
	case "=":
		return glob(c.val.str, s)
	case "!=":
		return !glob(c.val.str, s)
	}
	return false // < > on strings: never a match
}

func compare(a float64, op string, b float64) bool {
	switch op {
	case "=":
		return a == b
	case "!=":
		return a != b
	case "<":
		return a < b
	case "<=":
		return a <= b
	case ">":
		return a > b
	case ">=":
		return a >= b
	}
	return false
}

func lookup(e map[string]any, sel []step) (any, bool) {
	var cur any = e
	for _, s := range sel {
		if s.index >= 0 {
			l, ok := cur.([]any)
			if !ok || s.index >= len(l) {
				return nil, false
			}
			cur = l[s.index]
			continue
		}
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		if cur, ok = m[s.key]; !ok {
			return nil, false
		}
	}
	return cur, true
}

// glob matches s against a value with * wildcards (any run of characters), case-sensitively as
// CloudWatch Logs does.
func glob(pattern, s string) bool {
	parts := strings.Split(pattern, "*")
	if len(parts) == 1 {
		return pattern == s
	}
	if !strings.HasPrefix(s, parts[0]) {
		return false
	}
	s = s[len(parts[0]):]
	last := parts[len(parts)-1]
	for _, p := range parts[1 : len(parts)-1] {
		i := strings.Index(s, p)
		if i < 0 {
			return false
		}
		s = s[i+len(p):]
	}
	return strings.HasSuffix(s, last)
}

type parser struct {
	toks []token
	i    int
}

func (p *parser) peek() token { return p.toks[p.i] }

func (p *parser) next() token {
	t := p.toks[p.i]
	if t.kind != tokEOF {
		p.i++
	}
	return t
}

func (p *parser) expect(k tokKind) error {
	t := p.next()
	if t.kind != k {
		return fmt.Errorf("offset %d: expected %s, found %s", t.pos, k, t.describe())
	}
	return nil
}

func (p *parser) or(depth int) (node, error) {
	l, err := p.and(depth)
	if err != nil {
		return nil, err
	}
	for p.peek().kind == tokOr {
		p.next()
		r, err := p.and(depth)
		if err != nil {
			return nil, err
		}
		l = orNode{l, r}
	}
	return l, nil
}

func (p *parser) and(depth int) (node, error) {
	l, err := p.unary(depth)
	if err != nil {
		return nil, err
	}
	for p.peek().kind == tokAnd {
		p.next()
		r, err := p.unary(depth)
		if err != nil {
			return nil, err
		}
		l = andNode{l, r}
	}
	return l, nil
}

func (p *parser) unary(depth int) (node, error) {
	if p.peek().kind == tokLParen {
		if depth >= maxDepth {
			return nil, fmt.Errorf("offset %d: parentheses nested deeper than %d", p.peek().pos, maxDepth)
		}
		p.next()
		n, err := p.or(depth + 1)
		if err != nil {
			return nil, err
		}
		return n, p.expect(tokRParen)
	}
	return p.condition()
}

func (p *parser) condition() (node, error) {
	t := p.next()
	if t.kind != tokSelector {
		return nil, fmt.Errorf("offset %d: expected a selector ($.field), found %s", t.pos, t.describe())
	}
	sel, err := parseSelector(t)
	if err != nil {
		return nil, err
	}
	op := p.next()
	switch {
	case op.kind == tokOp:
		v := p.next()
		switch v.kind {
		case tokString:
			return cond{sel: sel, op: op.text, val: value{kind: "string", str: v.text}}, nil
		case tokWord:
			if n, err := strconv.ParseFloat(v.text, 64); err == nil {
				return cond{sel: sel, op: op.text, val: value{kind: "number", num: n}}, nil
			}
			if op.text != "=" && op.text != "!=" {
				return nil, fmt.Errorf("offset %d: %s needs a number, found %q", v.pos, op.text, v.text)
			}
			return cond{sel: sel, op: op.text, val: value{kind: "string", str: v.text}}, nil
		case tokRegex:
			return nil, fmt.Errorf("%w: regular expression at offset %d", ErrUnsupported, v.pos)
		}
		return nil, fmt.Errorf("offset %d: expected a value after %s, found %s", v.pos, op.text, v.describe())
	case op.kind == tokWord && strings.EqualFold(op.text, "IS"):
		v := p.next()
		kind := strings.ToLower(v.text)
		if v.kind != tokWord || (kind != "true" && kind != "false" && kind != "null") {
			return nil, fmt.Errorf("offset %d: expected TRUE, FALSE or NULL after IS, found %s", v.pos, v.describe())
		}
		return cond{sel: sel, op: "is", val: value{kind: kind}}, nil
	case op.kind == tokWord && strings.EqualFold(op.text, "EXISTS"):
		return cond{sel: sel, op: "exists"}, nil
	case op.kind == tokWord && strings.EqualFold(op.text, "NOT"):
		v := p.next()
		if v.kind != tokWord || !strings.EqualFold(v.text, "EXISTS") {
			return nil, fmt.Errorf("offset %d: expected EXISTS after NOT, found %s", v.pos, v.describe())
		}
		return cond{sel: sel, op: "not exists"}, nil
	}
	return nil, fmt.Errorf("offset %d: expected an operator after %s, found %s", op.pos, t.text, op.describe())
}

// parseSelector reads $.a.b[0].c into steps.
func parseSelector(t token) ([]step, error) {
	s := t.text[1:] // after $
	var out []step
	for len(s) > 0 {
		switch s[0] {
		case '.':
			j := 1
			for j < len(s) && s[j] != '.' && s[j] != '[' {
				j++
			}
			if j == 1 {
				return nil, fmt.Errorf("offset %d: empty field name in %s", t.pos, t.text)
			}
			out = append(out, step{key: s[1:j], index: -1})
			s = s[j:]
		case '[':
			j := strings.IndexByte(s, ']')
			if j < 0 {
				return nil, fmt.Errorf("offset %d: unclosed [ in %s", t.pos, t.text)
			}
			n, err := strconv.Atoi(s[1:j])
			if err != nil || n < 0 {
				return nil, fmt.Errorf("offset %d: list index %q in %s is not a number", t.pos, s[1:j], t.text)
			}
			out = append(out, step{index: n})
			s = s[j+1:]
		default:
			return nil, fmt.Errorf("offset %d: unexpected %q in selector %s", t.pos, s[0], t.text)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("offset %d: selector $ names no field", t.pos)
	}
	return out, nil
}
