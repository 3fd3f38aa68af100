package dr

import (
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
)

func withHole(before, after string) subject {
	s := &subject{}
	s.lit(before).holeOr("").lit(after)
	return *s
}

func TestGlobMatch(t *testing.T) {
	// Each expectation is worked out by hand from the rule: '*' is any run of characters (no whitespace
	// for ARNs); a hole is an unknown, non-empty run of non-whitespace characters.
	acct := withHole("arn:aws:rds:eu-west-1:", ":db:orders")       // account unknown
	name := withHole("arn:aws:rds:eu-west-1:111122223333:db:", "") // identifier unknown
	tests := []struct {
		name    string
		pattern string
		subject subject
		noSpace bool
		want    tri
	}{
		{"every resource", "*", known("arn:aws:s3:::logs"), true, yes},
		{"wildcard region, account and name", "arn:aws:rds:*:*:db:*", known("arn:aws:rds:eu-west-1:111122223333:db:orders"), true, yes},
		{"other service", "arn:aws:ec2:*:*:volume/*", known("arn:aws:rds:eu-west-1:111122223333:db:orders"), true, no},
		{"exact ARN", "arn:aws:s3:::logs", known("arn:aws:s3:::logs"), true, yes},
		{"prefix of the ARN only", "arn:aws:s3:::log", known("arn:aws:s3:::logs"), true, no},
		{"star matches empty", "arn:aws:s3:::logs*", known("arn:aws:s3:::logs"), true, yes},
		{"double star", "a**b", known("ab"), true, yes},
		{"star stops at whitespace for ARNs", "a*b", known("a b"), true, no},
		{"star spans whitespace in tag values", "a*b", known("a b"), false, yes},
		// The unknown account sits where the pattern has '*': whatever it is, it matches.
		{"hole under a star", "arn:aws:rds:eu-west-1:*:db:orders", acct, true, yes},
		// The pattern names an account: the unknown one may or may not be it.
		{"hole against a literal", "arn:aws:rds:eu-west-1:111122223333:db:orders", acct, true, maybe},
		// Another region: no account makes it match.
		{"hole, other literal fails", "arn:aws:rds:us-east-1:*:db:orders", acct, true, no},
		{"unknown name against a prefix", "arn:aws:rds:eu-west-1:111122223333:db:prod-*", name, true, maybe},
		{"unknown name under a star", "arn:aws:rds:*:*:db:*", name, true, yes},
		// The pattern ends where the name begins, and a name is never empty.
		{"unknown name, pattern without one", "arn:aws:rds:eu-west-1:111122223333:db:", name, true, no},
		{"hole may spell a literal stretch", "arn:aws:s3:::logs-*", withHole("arn:aws:s3:::", ""), true, maybe},
		// An account cannot hold ":db:": a cluster ARN with an unknown account is not a db: ARN.
		{"hole holds no separator", "arn:aws:rds:*:*:db:*", withHole("arn:aws:rds:eu-west-1:", ":cluster:ledger"), true, no},
		{"hole holds no slash", "arn:aws:ec2:*:*:volume/*", withHole("arn:aws:ec2:eu-west-1:", ":instance/i-1"), true, no},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, globMatch(tt.pattern, tt.subject, tt.noSpace))
		})
	}
}

// globRegexp is a reference implementation of the wildcard through the regexp package.
func globRegexp(pattern string, noSpace bool) *regexp.Regexp {
	star := `(?s:.*)`
	if noSpace {
		star = `[^\t-\r\x{85}\pZ]*` // unicode.IsSpace
	}
	parts := strings.Split(pattern, "*")
	for i, p := range parts {
		parts[i] = regexp.QuoteMeta(p)
	}
	return regexp.MustCompile(`^` + strings.Join(parts, star) + `$`)
}

func FuzzGlobMatch(f *testing.F) {
	f.Add("arn:aws:rds:*:*:db:*", "arn:aws:rds:eu-west-1:", ":db:x", "111")
	f.Add("*", "", "", "x")
	f.Add("a*b*c", "a", "c", "bb")
	f.Add("arn:aws:s3:::logs-*", "arn:aws:s3:::", "", "logs-1")
	f.Fuzz(func(t *testing.T, pattern, before, after, fill string) {
		if !utf8.ValidString(pattern) || !utf8.ValidString(before) || !utf8.ValidString(after) || !utf8.ValidString(fill) {
			return
		}
		if len(pattern) > 200 || len(before)+len(after)+len(fill) > 200 {
			return
		}
		for _, noSpace := range []bool{true, false} {
			re := globRegexp(pattern, noSpace)
			// Without holes the answer is yes or no, and agrees with the reference.
			whole := before + fill + after
			got := globMatch(pattern, known(whole), noSpace)
			if re.MatchString(whole) != (got == yes) || got == maybe {
				t.Fatalf("globMatch(%q, %q, %v) = %v, regexp says %v", pattern, whole, noSpace, got, re.MatchString(whole))
			}
			// With a hole: yes exactly when a character the pattern lacks fits there (only a star takes it).
			h := globMatch(pattern, withHole(before, after), noSpace)
			if !strings.ContainsRune(pattern, 0) {
				if re.MatchString(before+"\x00"+after) != (h == yes) {
					t.Fatalf("globMatch(%q, %q?%q) = %v, inconsistent with a NUL filler", pattern, before, after, h)
				}
			}
			// Any filler a hole may hold that matches makes the answer yes or maybe, never no.
			if fill != "" && !strings.ContainsFunc(fill, func(c rune) bool { return !holeMayHold(c) }) && re.MatchString(whole) && h == no {
				t.Fatalf("globMatch(%q, %q?%q) = no, but %q matches", pattern, before, after, whole)
			}
		}
	})
}

// TestGlobMatchLongPatternHoles: a hole reads a stretch of the pattern in linear time; a 60,000-character
// pattern against a subject with holes took seconds when each position rescanned its stretch.
func TestGlobMatchLongPatternHoles(t *testing.T) {
	pattern := "arn:aws:rds:" + strings.Repeat("a", 60000)
	s := known("arn:aws:rds:")
	s.holeOr("").holeOr("").lit("a").holeOr("")
	start := time.Now()
	assert.Equal(t, maybe, globMatch(pattern, *s.holeOr(""), true))
	assert.Less(t, time.Since(start), 5*time.Second)
}
