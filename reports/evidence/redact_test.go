package evidence

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSecretKeyName(t *testing.T) {
	for name, want := range map[string]bool{
		"password": true, "db_password": true, "DbPassword": true, "master-password": true, "api_token": true,
		"ApiKey": true, "api_key": true, "aws_access_key_id": true, "secret_key": true, "private_key_pem": true,
		"client_secret": true, "credentials": true, "connection_string": true, "x-auth-token": true,
		// Settings about secrets, not secrets.
		"http_tokens": false, "password_policy": false, "minimum_password_length": false,
		"kms_key_id": false, "owner": false, "password_reuse_prevention": false, "keyring": false,
	} {
		assert.Equal(t, want, SecretKeyName(name), name)
	}
}

func TestRedactString(t *testing.T) {
	tests := []struct{ in, want string }{
		{"key AKIAIOSFODNN7EXAMPLE in text", "key (redacted) in text"},
		{"ASIAIOSFODNN7EXAMPLE", "(redacted)"},
		{"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "(redacted)"},
		{"x=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY;", "x=(redacted);"},
		{"-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----", "(redacted)"},
		// Not secrets: a hex digest, an ARN, a long lower-case name.
		{"da39a3ee5e6b4b0d3255bfef95601890afd80709", "da39a3ee5e6b4b0d3255bfef95601890afd80709"},
		{"arn:aws:iam::123456789012:role/AKIA-named-role", "arn:aws:iam::123456789012:role/AKIA-named-role"},
		{"this-is-a-long-bucket-name-for-logs-2026-eu", "this-is-a-long-bucket-name-for-logs-2026-eu"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, RedactString(tt.in), tt.in)
	}
}

func TestRedact(t *testing.T) {
	in := map[string]any{
		"tags":                 map[string]any{"DbPassword": "hunter2", "owner": "AKIAIOSFODNN7EXAMPLE", "team": "core"},
		"password":             "",
		"policy":               map[string]any{"minimum_password_length": 14, "require_symbols": true},
		"list":                 []any{map[string]any{"key": "api_token", "value": "t0k"}, "AKIAIOSFODNN7EXAMPLE"},
		"secret_id":            nil,
		"AKIAIOSFODNN7EXAMPLE": "key as a key",
	}
	want := map[string]any{
		"tags":      map[string]any{"DbPassword": Redacted, "owner": Redacted, "team": "core"},
		"password":  "",
		"policy":    map[string]any{"minimum_password_length": 14, "require_symbols": true},
		"list":      []any{map[string]any{"key": "api_token", "value": Redacted}, Redacted},
		"secret_id": nil,
		Redacted:    "key as a key",
	}
	assert.Equal(t, want, Redact(in))
}
