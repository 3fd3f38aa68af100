package aws

import (
	"crypto/x509"
	"encoding/pem"
	"time"

	"github.com/vigil-audit/vigil/inventory"
)

// adaptServerCertificates maps aws_iam_server_certificate. The expiration is read from the certificate
// body (the first PEM certificate); the private key is never read. Whether the certificate has expired
// depends on when it is judged, which the configuration does not say: expired is unknown.
func adaptServerCertificates(ix *index) []*res {
	var out []*res
	for _, b := range ix.managed("aws_iam_server_certificate") {
		r := newRes(b, inventory.TypeIAMServerCert)
		r.nameFrom("name", "name")
		r.f.str("path", b, "path", "/")
		body, st := getString(b, "certificate_body")
		switch {
		case st != known || b.IsSensitive("certificate_body"):
			r.f.setUnknown("expiration")
		default:
			if t, ok := certificateExpiration(body); ok {
				r.f.set("expiration", t.UTC().Format(time.RFC3339))
			} else {
				r.f.setUnknown("expiration") // not a PEM certificate AWS would accept
			}
		}
		r.f.setUnknown("expired")
		out = append(out, r)
	}
	return out
}

// certificateExpiration returns the NotAfter of the first certificate in a PEM body.
func certificateExpiration(body string) (time.Time, bool) {
	rest := []byte(body)
	for {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			return time.Time{}, false
		}
		if block.Type != "CERTIFICATE" {
			continue
		}
		cert, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return time.Time{}, false
		}
		return cert.NotAfter, true
	}
}
