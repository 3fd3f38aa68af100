package aws

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/scanners/iac"
)

func TestServerCertificate(t *testing.T) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	notAfter := time.Date(2027, 3, 4, 5, 6, 7, 0, time.UTC)
	der, err := x509.CreateCertificate(rand.Reader, &x509.Certificate{SerialNumber: big.NewInt(1),
		Subject: pkix.Name{CommonName: "www.example.com"}, NotBefore: notAfter.AddDate(-1, 0, 0), NotAfter: notAfter},
		&x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "www.example.com"}}, &key.PublicKey, key)
	require.NoError(t, err)
	body := string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))

	rs := schemaValid(t, Adapt([]iac.Block{
		mb("aws_iam_server_certificate.www", m{"name": "www", "certificate_body": body, "private_key": "(sensitive)"}),
		mb("aws_iam_server_certificate.junk", m{"name": "junk", "path": "/cloudfront/", "certificate_body": "not a certificate"}),
		mb("aws_iam_server_certificate.unknown", m{"name_prefix": "x", "certificate_body": nil}, "certificate_body"),
	}))
	www := resource(t, rs, "aws_iam_server_certificate.www")
	assert.Equal(t, m{"name": "www", "path": "/", "expiration": "2027-03-04T05:06:07Z", "expired": nil}, www.Attributes)
	assert.Equal(t, []string{"expired"}, www.Unknown, "when it is judged is not in the source")
	junk := resource(t, rs, "aws_iam_server_certificate.junk")
	assert.Equal(t, "/cloudfront/", get(t, junk, "path"))
	assert.Contains(t, junk.Unknown, "expiration")
	assert.ElementsMatch(t, []string{"name", "expiration", "expired"}, resource(t, rs, "aws_iam_server_certificate.unknown").Unknown)
}

// FuzzCertificateExpiration: a certificate body from the scanned configuration never panics the reader.
func FuzzCertificateExpiration(f *testing.F) {
	f.Add("not a certificate")
	f.Add("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n")
	f.Add("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")
	f.Fuzz(func(t *testing.T, body string) {
		if exp, ok := certificateExpiration(body); !ok && !exp.IsZero() {
			t.Fatalf("no certificate but an expiration %v", exp)
		}
	})
}
