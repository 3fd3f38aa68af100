package logfilter

import (
	"fmt"
	"strings"
)

type tokKind int

const (
	tokEOF tokKind = iota
	tokLBrace
	tokRBrace
	tokLParen
	tokRParen
	tokAnd
	tokOr
	tokOp
	tokSelector
	tokString
	tokWord
	tokRegex
)

func (k tokKind) String() string {
	return [...]string{"end of pattern", "{", "}", "(", ")", "&&", "||", "operator", "selector", "string", "word", "regular expression"}[k]
}

type token struct {
	kind tokKind
	text string
	pos  int
}

func (t token) describe() string {
	if t.kind == tokEOF {
		return "the end of the pattern"
	}
	return fmt.Sprintf("%q", t.text)
}

// isWordByte reports the characters of an unquoted value or keyword (values such as
// delivery.logs.amazonaws.com, *UnauthorizedOperation, 123.123.* or -1.5).
func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		c == '_' || c == '-' || c == '.' || c == '*' || c == ':' || c == '/' || c == '@' || c == '+'
}

func isSelectorByte(c byte) bool {
	return isWordByte(c) && c != '*' || c == '[' || c == ']'
}

func lex(s string) ([]token, error) {
	var out []token
	i := 0
	for i < len(s) {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '{':
			out = append(out, token{tokLBrace, "{", i})
			i++
		case c == '}':
			out = append(out, token{tokRBrace, "}", i})
			i++
		case c == '(':
			out = append(out, token{tokLParen, "(", i})
			i++
		case c == ')':
			out = append(out, token{tokRParen, ")", i})
			i++
		case strings.HasPrefix(s[i:], "&&"):
			out = append(out, token{tokAnd, "&&", i})
			i += 2
		case strings.HasPrefix(s[i:], "||"):
			out = append(out, token{tokOr, "||", i})
			i += 2
		case strings.HasPrefix(s[i:], "!=") || strings.HasPrefix(s[i:], "<=") || strings.HasPrefix(s[i:], ">="):
			out = append(out, token{tokOp, s[i : i+2], i})
			i += 2
		case c == '=' || c == '<' || c == '>':
			out = append(out, token{tokOp, string(c), i})
			i++
		case c == '$':
			j := i + 1
			for j < len(s) && isSelectorByte(s[j]) {
				j++
			}
			out = append(out, token{tokSelector, s[i:j], i})
			i = j
		case c == '"':
			str, n, err := quoted(s[i:])
			if err != nil {
				return nil, fmt.Errorf("offset %d: %w", i, err)
			}
			out = append(out, token{tokString, str, i})
			i += n
		case c == '%':
			j := strings.IndexByte(s[i+1:], '%')
			if j < 0 {
				return nil, fmt.Errorf("offset %d: unclosed regular expression", i)
			}
			out = append(out, token{tokRegex, s[i : i+j+2], i})
			i += j + 2
		case isWordByte(c):
			j := i
			for j < len(s) && isWordByte(s[j]) {
				j++
			}
			out = append(out, token{tokWord, s[i:j], i})
			i = j
		default:
			return nil, fmt.Errorf("offset %d: unexpected character %q", i, c)
		}
	}
	return append(out, token{tokEOF, "", len(s)}), nil
}

// quoted reads a double-quoted string starting at s[0], with \" and \\ escapes, and returns its value and
// the bytes it took.
func quoted(s string) (string, int, error) {
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			if i+1 >= len(s) {
				return "", 0, fmt.Errorf("unterminated string")
			}
			i++
			b.WriteByte(s[i])
		case '"':
			return b.String(), i + 1, nil
		default:
			b.WriteByte(s[i])
		}
	}
	return "", 0, fmt.Errorf("unterminated string")
}
