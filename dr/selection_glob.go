package dr

import (
	"unicode"
	"unicode/utf8"
)

// tri is a three-valued truth: a match that cannot be decided from the inventory is maybe, never yes or no.
type tri int

const (
	no tri = iota
	maybe
	yes
)

func (t tri) and(u tri) tri { return min(t, u) }
func (t tri) or(u tri) tri  { return max(t, u) }
func (t tri) not() tri      { return yes - t }

// subject is a string some of whose parts are not known (holes): a Terraform resource's ARN built from
// its region, account and name, any of which may be unknown until apply.
type subject struct {
	parts []subjectPart
}

type subjectPart struct {
	text string
	hole bool
}

func known(s string) subject { return subject{parts: []subjectPart{{text: s}}} }

func (s *subject) lit(t string) *subject {
	s.parts = append(s.parts, subjectPart{text: t})
	return s
}

func (s *subject) holeOr(t string) *subject {
	if t == "" {
		s.parts = append(s.parts, subjectPart{hole: true})
		return s
	}
	return s.lit(t)
}

// token is one rune of a subject, or a hole (rune -1).
const holeRune = -1

func (s subject) tokens() []rune {
	var out []rune
	for _, p := range s.parts {
		if p.hole {
			out = append(out, holeRune)
			continue
		}
		out = append(out, []rune(p.text)...)
	}
	return out
}

// holeMayHold reports whether a hole may hold c. Holes stand for ARN fields (partition, region, account,
// a resource's name or id): none holds whitespace, ':' (the ARN field separator) or '/' (the resource
// type separator), so an unknown account cannot turn a cluster ARN into a db: one.
func holeMayHold(c rune) bool { return c != ':' && c != '/' && !unicode.IsSpace(c) }

// globMatch matches pattern, where '*' stands for zero or more characters (non-whitespace ones when
// starNoSpace, as AWS Backup documents for resource ARNs), against s, whose holes may hold any
// non-empty run of the characters holeMayHold allows. It is yes when the pattern matches whatever the holes
// hold, no when it matches for no value of them, maybe otherwise.
//
// Exactness: the pattern matches for every value of the holes exactly when it matches with each hole
// absorbed by a '*' (fill a hole with a character the pattern does not hold: only a star can take it);
// and it matches for some value exactly when each hole may stand for any stretch of the pattern.
func globMatch(pattern string, s subject, starNoSpace bool) tri {
	if len(s.parts) == 1 && !s.parts[0].hole {
		if m, decided := wildcard(pattern, s.parts[0].text, starNoSpace); decided {
			if m {
				return yes
			}
			return no
		}
	}
	p := []rune(pattern)
	toks := s.tokens()
	if run(p, toks, starNoSpace, false) {
		return yes
	}
	if run(p, toks, starNoSpace, true) {
		return maybe
	}
	return no
}

// run simulates the pattern as an automaton over its positions: reach holds the pattern positions
// reachable after the tokens read so far. With possible, a hole may consume any stretch of the pattern;
// without, only a star may absorb it.
func run(p, toks []rune, starNoSpace, possible bool) bool {
	reach := make([]bool, len(p)+1)
	next := make([]bool, len(p)+1)
	reach[0] = true
	closeStars(p, reach)
	for _, t := range toks {
		clear(next)
		any := false
		filled := 0 // with a hole: next[1..filled] already set by an earlier position of the same run
		for i := 0; i <= len(p); i++ {
			if !reach[i] {
				continue
			}
			switch {
			case t == holeRune && possible:
				// A hole holds at least one character: it spells a non-empty stretch of the pattern
				// (one without a character a hole cannot hold), or a star absorbs it. The stretches
				// from the positions of one run end at the same character, so each is set once: linear,
				// not quadratic, in the pattern's length.
				for k := max(i+1, filled+1); k <= len(p); k++ {
					if c := p[k-1]; c != '*' && !holeMayHold(c) {
						break
					}
					next[k] = true
					any = true
					filled = k
				}
				if i < len(p) && p[i] == '*' {
					next[i] = true
					any = true
				}
			case i == len(p):
			case p[i] == '*':
				if t == holeRune || !(starNoSpace && unicode.IsSpace(t)) {
					next[i] = true
					any = true
				}
			case t != holeRune && p[i] == t:
				next[i+1] = true
				any = true
			}
		}
		if !any {
			return false
		}
		reach, next = next, reach
		closeStars(p, reach)
	}
	return reach[len(p)]
}

// closeStars adds the positions after stars that match the empty string.
func closeStars(p []rune, reach []bool) {
	for i := 0; i < len(p); i++ {
		if reach[i] && p[i] == '*' {
			reach[i+1] = true
		}
	}
}

// wildcard is the usual linear-time match of a pattern with '*' against a known string, backtracking
// to the last star only. When that star cannot take a whitespace character (starNoSpace), an earlier
// star might have had to: it gives up (decided false) and leaves the case to the automaton.
func wildcard(pattern, s string, starNoSpace bool) (match, decided bool) {
	pi, si := 0, 0
	star, mark := -1, 0
	for si < len(s) {
		if pi < len(pattern) && pattern[pi] == '*' {
			star, mark = pi, si
			pi++
			continue
		}
		if pi < len(pattern) && pattern[pi] == s[si] {
			pi++
			si++
			continue
		}
		if star < 0 {
			return false, true
		}
		r, size := utf8.DecodeRuneInString(s[mark:])
		if starNoSpace && unicode.IsSpace(r) {
			return false, false
		}
		mark += size
		si, pi = mark, star+1
	}
	for pi < len(pattern) && pattern[pi] == '*' {
		pi++
	}
	return pi == len(pattern), true
}
