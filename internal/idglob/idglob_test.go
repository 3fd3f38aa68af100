package idglob

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
)

func TestMatch(t *testing.T) {
	tests := []struct {
		pattern, id string
		want        bool
	}{
		{"aws_db_instance.ledger", "aws_db_instance.ledger", true},
		{"aws_db_instance.ledger", "aws_db_instance.ledger2", false},
		{"aws_db_instance.?", "aws_db_instance.a", true},
		// `?` is one character, not one byte.
		{`aws_s3_bucket.b["?"]`, `aws_s3_bucket.b["é"]`, true},
		{`aws_s3_bucket.b["??"]`, `aws_s3_bucket.b["é"]`, false},
		// Brackets, braces and backslashes are literal; `*` crosses dots, brackets, ":" and "/".
		{`aws_s3_bucket.b["x"]`, `aws_s3_bucket.b["x"]`, true},
		{`aws_s3_bucket.b[x]`, `aws_s3_bucket.bx`, false},
		{`aws_s3_bucket.{a,b}`, `aws_s3_bucket.a`, false},
		{`aws_s3_bucket.{a,b}`, `aws_s3_bucket.{a,b}`, true},
		{`a\b`, `a\b`, true},
		{"module.ledger.*", `module.ledger.aws_db_instance.main["eu/west"]`, true},
		{"*:aws_db_instance.ledger", "envs/prod:aws_db_instance.ledger", true},
		{"envs/?:aws_db_instance.ledger", "envs/prod:aws_db_instance.ledger", false},
		{"arn:aws:rds:*:111122223333:db:ledger-*", "arn:aws:rds:eu-west-1:111122223333:db:ledger-main", true},
		{"arn:aws:dynamodb:*:*:table/ledger*", "arn:aws:dynamodb:eu-west-1:111122223333:table/ledger-events", true},
		{"arn:aws:dynamodb:*:*:table/ledger", "arn:aws:dynamodb:eu-west-1:111122223333:table/ledger-events", false},
		{"*", "", true},
		{"?", "", false},
		// The character standing for "/" cannot be confused with one in the id.
		{"a/b", "a\ue000b", false},
		{"a\ue000b", "a/b", false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, Match(tt.pattern, tt.id), "%q ~ %q", tt.pattern, tt.id)
	}
}

// FuzzMatch checks that no pattern makes Match panic, that "*" matches every id, that an id matches
// itself written as a pattern when it holds no `*` or `?`, and that `*` in place of any one character
// still matches.
func FuzzMatch(f *testing.F) {
	for _, s := range []string{`aws_s3_bucket.b["x"]`, "module.a.aws_db_instance.b[0]", "arn:aws:s3:::bucket/key", `a\b{c,d}[e]`, "\ue000/", ""} {
		f.Add(s, 0)
	}
	f.Fuzz(func(t *testing.T, id string, at int) {
		if !Match("*", id) {
			t.Fatalf("* does not match %q", id)
		}
		if strings.ContainsAny(id, "*?") || !utf8.ValidString(id) {
			return
		}
		if !Match(id, id) {
			t.Fatalf("%q does not match itself", id)
		}
		runes := []rune(id)
		if len(runes) == 0 {
			return
		}
		i := (at%len(runes) + len(runes)) % len(runes)
		p := string(runes[:i]) + "*" + string(runes[i+1:])
		if !Match(p, id) {
			t.Fatalf("%q does not match %q", p, id)
		}
	})
}
