package evidence

import (
	"crypto"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// PEM block types of the keys keygen writes: PKCS #8 for the private key, PKIX for the public one, as
// openssl genpkey -algorithm ed25519 and openssl pkey -pubout write them.
const (
	privateKeyPEM = "PRIVATE KEY"
	publicKeyPEM  = "PUBLIC KEY"
)

// GenerateKey returns a new Ed25519 key pair as PEM: the private key (PKCS #8) and the public key (PKIX).
func GenerateKey() (privatePEM, publicPEM []byte, err error) {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, nil, fmt.Errorf("generate key: %w", err)
	}
	p8, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		return nil, nil, fmt.Errorf("encode private key: %w", err)
	}
	pkix, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return nil, nil, fmt.Errorf("encode public key: %w", err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: privateKeyPEM, Bytes: p8}),
		pem.EncodeToMemory(&pem.Block{Type: publicKeyPEM, Bytes: pkix}), nil
}

// ParsePrivateKey reads a PEM PKCS #8 Ed25519 private key. Errors never quote the key.
func ParsePrivateKey(data []byte) (ed25519.PrivateKey, error) {
	block := onePEM(data, privateKeyPEM)
	if block == nil {
		return nil, errors.New("not a PEM \"PRIVATE KEY\" block (PKCS #8, as vigil keygen writes)")
	}
	key, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, errors.New("not a PKCS #8 private key")
	}
	priv, ok := key.(ed25519.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("a %T, not an Ed25519 key", key)
	}
	return priv, nil
}

// ParsePublicKey reads a PEM PKIX Ed25519 public key.
func ParsePublicKey(data []byte) (ed25519.PublicKey, error) {
	block := onePEM(data, publicKeyPEM)
	if block == nil {
		return nil, errors.New("not a PEM \"PUBLIC KEY\" block (PKIX, as vigil keygen writes)")
	}
	key, err := x509.ParsePKIXPublicKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("not a PKIX public key: %w", err)
	}
	pub, ok := key.(ed25519.PublicKey)
	if !ok {
		return nil, fmt.Errorf("a %T, not an Ed25519 key", key)
	}
	return pub, nil
}

// onePEM returns the first PEM block of the wanted type, nil when there is none.
func onePEM(data []byte, typ string) *pem.Block {
	for len(data) > 0 {
		var block *pem.Block
		block, data = pem.Decode(data)
		if block == nil {
			return nil
		}
		if block.Type == typ {
			return block
		}
	}
	return nil
}

// KeyID names a public key in messages: the first 16 hex digits of the SHA-256 of its PKIX encoding.
func KeyID(pub ed25519.PublicKey) string {
	pkix, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return "?"
	}
	return "sha256:" + SHA256Hex(pkix)[:16]
}

// Sign adds manifest.sig, the detached Ed25519 signature over manifest.json's bytes, replacing any
// earlier one.
func (p *Pack) Sign(key ed25519.PrivateKey) error {
	manifest := p.ManifestBytes()
	if manifest == nil {
		return errors.New("sign pack: no manifest")
	}
	sig, err := key.Sign(nil, manifest, crypto.Hash(0))
	if err != nil {
		return fmt.Errorf("sign pack: %w", err)
	}
	p.Files = slices.DeleteFunc(p.Files, func(f File) bool { return f.Path == SignatureFile })
	p.Files = append(p.Files, File{Path: SignatureFile, Data: sig})
	slices.SortFunc(p.Files, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	return nil
}
