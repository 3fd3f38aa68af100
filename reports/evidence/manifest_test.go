package evidence

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseManifestRefuses(t *testing.T) {
	p, err := Build(context.Background(), testRun(t))
	require.NoError(t, err)
	good := p.ManifestBytes()
	_, err = ParseManifest(good)
	require.NoError(t, err)
	hash := SHA256Hex(nil)
	tests := []struct{ name, in, want string }{
		{"not JSON", "{", "unexpected EOF"},
		{"unknown field", `{"schema":"vigil.evidence/v1","extra":1}`, `unknown field "extra"`},
		{"duplicate key", `{"schema":"vigil.evidence/v1","schema":"vigil.evidence/v1"}`, "duplicate"},
		{"other schema", `{"schema":"vigil.evidence/v9"}`, `schema "vigil.evidence/v9"`},
		{"trailing data", `{"schema":"vigil.evidence/v1"} {}`, "data after the JSON object"},
		{"escaping path", `{"schema":"vigil.evidence/v1","files":[{"path":"../x","sha256":"` + hash + `"}]}`, "not a clean relative path"},
		{"absolute path", `{"schema":"vigil.evidence/v1","files":[{"path":"/x","sha256":"` + hash + `"}]}`, "not a clean relative path"},
		{"listed twice", `{"schema":"vigil.evidence/v1","files":[{"path":"a","sha256":"` + hash + `"},{"path":"a","sha256":"` + hash + `"}]}`, `"a" listed twice`},
		{"lists itself", `{"schema":"vigil.evidence/v1","files":[{"path":"manifest.json","sha256":"` + hash + `"}]}`, "lists manifest.json"},
		{"bad digest", `{"schema":"vigil.evidence/v1","files":[{"path":"a","sha256":"XYZ"}]}`, "not 64 hex digits"},
		{"bad previous", `{"schema":"vigil.evidence/v1","previous":{"manifest_sha256":"1"}}`, "previous.manifest_sha256"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseManifest([]byte(tt.in))
			assert.ErrorContains(t, err, tt.want)
		})
	}
	_, err = ParseManifest(bytes.Repeat([]byte(" "), maxManifestBytes+1))
	assert.ErrorContains(t, err, "over the")
}

func TestKeys(t *testing.T) {
	privPEM, pubPEM, err := GenerateKey()
	require.NoError(t, err)
	priv, err := ParsePrivateKey(privPEM)
	require.NoError(t, err)
	pub, err := ParsePublicKey(pubPEM)
	require.NoError(t, err)
	assert.Equal(t, priv.Public(), pub)
	assert.Contains(t, string(privPEM), "-----BEGIN PRIVATE KEY-----")
	assert.Contains(t, string(pubPEM), "-----BEGIN PUBLIC KEY-----")

	_, err = ParsePrivateKey(pubPEM)
	assert.ErrorContains(t, err, `not a PEM "PRIVATE KEY" block`)
	_, err = ParsePublicKey(privPEM)
	assert.ErrorContains(t, err, `not a PEM "PUBLIC KEY" block`)
	_, err = ParsePrivateKey([]byte("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"))
	assert.EqualError(t, err, "not a PKCS #8 private key")
}
