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
	const pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----"
	key, temporary, secret := RedactedMark("AKIAIOSFODNN7EXAMPLE"), RedactedMark("ASIAIOSFODNN7EXAMPLE"),
		RedactedMark("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
	tests := []struct{ in, want string }{
		{"key AKIAIOSFODNN7EXAMPLE in text", "key " + key + " in text"},
		{"ASIAIOSFODNN7EXAMPLE", temporary},
		{"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", secret},
		{"x=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY;", "x=" + secret + ";"},
		{pem, RedactedMark(pem)},
		{"user/AKIAIOSFODNN7EXAMPLE and user/AKIAIOSFODNN7EXAMPLE", "user/" + key + " and user/" + key},
		// Not secrets: a hex digest, an ARN, a long lower-case name.
		{"da39a3ee5e6b4b0d3255bfef95601890afd80709", "da39a3ee5e6b4b0d3255bfef95601890afd80709"},
		{"arn:aws:iam::123456789012:role/AKIA-named-role", "arn:aws:iam::123456789012:role/AKIA-named-role"},
		{"this-is-a-long-bucket-name-for-logs-2026-eu", "this-is-a-long-bucket-name-for-logs-2026-eu"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, RedactString(tt.in), tt.in)
		assert.Equal(t, tt.want, RedactString(RedactString(tt.in)), "redacting again changes nothing: %s", tt.in)
	}
}

// TestRedactedMarkKeepsSecretsApart: two ids that differ only by their access key id stay two ids (a
// report refuses two results of one rule for one resource), and the mark says nothing of the key.
func TestRedactedMarkKeepsSecretsApart(t *testing.T) {
	a, b := RedactString("aws_iam_user.AKIAIOSFODNN7EXAMPLE"), RedactString("aws_iam_user.AKIAI44QH8DHBEXAMPLE")
	assert.NotEqual(t, a, b)
	assert.Regexp(t, `^aws_iam_user\.\(redacted:[0-9a-f]{12}\)$`, a)
	assert.NotContains(t, a+b, "AKIA")
	assert.Equal(t, a, RedactString("aws_iam_user.AKIAIOSFODNN7EXAMPLE"), "the same key, the same mark")
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
		"tags":                               map[string]any{"DbPassword": Redacted, "owner": RedactedMark("AKIAIOSFODNN7EXAMPLE"), "team": "core"},
		"password":                           "",
		"policy":                             map[string]any{"minimum_password_length": 14, "require_symbols": true},
		"list":                               []any{map[string]any{"key": "api_token", "value": Redacted}, RedactedMark("AKIAIOSFODNN7EXAMPLE")},
		"secret_id":                          nil,
		RedactedMark("AKIAIOSFODNN7EXAMPLE"): "key as a key",
	}
	assert.Equal(t, want, Redact(in))
}
