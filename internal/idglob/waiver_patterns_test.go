package idglob

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestWaiverPatterns: the waiver resource patterns engine/waivers.go documents.
func TestWaiverPatterns(t *testing.T) {
	tests := []struct {
		pattern, id string
		want        bool
	}{
		{"aws_s3_bucket.b", "aws_s3_bucket.b", true},
		{"aws_s3_bucket.?", "aws_s3_bucket.b", true},
		// `?` is one character, not one byte.
		{`aws_s3_bucket.b["?"]`, `aws_s3_bucket.b["é"]`, true},
		{`aws_s3_bucket.b["??"]`, `aws_s3_bucket.b["é"]`, false},
		{`aws_s3_bucket.b["?"]`, `aws_s3_bucket.b["日"]`, true},
		// Brackets, braces and backslashes are literal; `*` crosses dots, brackets and a root's "/".
		{`aws_s3_bucket.b["x"]`, `aws_s3_bucket.b["x"]`, true},
		{`aws_s3_bucket.b[x]`, `aws_s3_bucket.bx`, false},
		{`aws_s3_bucket.{a,b}`, `aws_s3_bucket.a`, false},
		{`aws_s3_bucket.{a,b}`, `aws_s3_bucket.{a,b}`, true},
		{`aws_s3_bucket.b["a\b"]`, `aws_s3_bucket.b["a\b"]`, true},
		{"module.*.aws_s3_bucket.tmp*", `module.data["eu/west"].aws_s3_bucket.tmp_logs`, true},
		{"*:aws_s3_bucket.logs", "envs/prod:aws_s3_bucket.logs", true},
		{"envs/*:aws_s3_bucket.logs", "envs/prod:aws_s3_bucket.logs", true},
		{"envs/?:aws_s3_bucket.logs", "envs/prod:aws_s3_bucket.logs", false},
		{"*", "", true},
		{"?", "", false},
		// The character standing for "/" cannot be confused with one in the id.
		{"a/b", "a\ue000b", false},
		{"a\ue000b", "a/b", false},
		{"a/*", "a/\ue000\ue001", true},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, Match(tt.pattern, tt.id), "%q ~ %q", tt.pattern, tt.id)
	}
}
