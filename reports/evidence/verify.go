package evidence

import (
	"crypto/ed25519"
	"fmt"
)

// Problem kinds Verify reports.
const (
	ProblemChanged   = "changed"   // a file's bytes differ from its digest in the manifest
	ProblemAdded     = "added"     // a file the manifest does not list
	ProblemRemoved   = "removed"   // a file the manifest lists that the pack lacks
	ProblemSignature = "signature" // manifest.sig missing or not matching manifest.json and the key
	ProblemManifest  = "manifest"  // manifest.json missing or not a valid manifest
	ProblemChain     = "chain"     // the previous pack is not the one the manifest names, or does not verify
)

// Problem is one thing that does not verify, naming the file concerned.
type Problem struct {
	Kind   string `json:"kind"`
	Path   string `json:"path"`
	Detail string `json:"detail"`
}

func (p Problem) String() string {
	if p.Detail == "" {
		return p.Kind + ": " + p.Path
	}
	return p.Kind + ": " + p.Path + ": " + p.Detail
}

// VerifyOptions say what to verify besides the file digests.
type VerifyOptions struct {
	// PublicKey checks manifest.sig; nil leaves the signature unchecked (Verification.Notes says so).
	PublicKey ed25519.PublicKey
	// Previous is the pack this one claims to follow; nil leaves the chain unchecked.
	Previous *Contents
	// PreviousPublicKey checks the previous pack's signature when another key signed it (a rotation);
	// nil uses PublicKey.
	PreviousPublicKey ed25519.PublicKey
}

// Verification is what Verify found: the problems (none means the pack verifies) and notes on what was
// not checked or is worth knowing (an unsigned pack, an incomplete scan).
type Verification struct {
	Manifest *Manifest
	Problems []Problem
	Notes    []string
}

// OK reports whether nothing failed to verify.
func (v *Verification) OK() bool { return len(v.Problems) == 0 }

// Verify checks a pack: the signature over manifest.json, every file against its manifest digest (naming
// each changed, added and removed file), and the chain to the previous pack.
func Verify(c *Contents, opts VerifyOptions) *Verification {
	v := &Verification{}
	manifest, hasManifest := c.Data[ManifestFile]
	sig, hasSig := c.Data[SignatureFile]
	switch {
	case opts.PublicKey != nil && !hasSig:
		v.problem(ProblemSignature, SignatureFile, "missing: the pack is not signed")
	case opts.PublicKey != nil && hasManifest && !ed25519.Verify(opts.PublicKey, manifest, sig):
		v.problem(ProblemSignature, ManifestFile, fmt.Sprintf("signature does not verify with key %s: manifest.json or manifest.sig was changed, or signed by another key", KeyID(opts.PublicKey)))
	case opts.PublicKey == nil && hasSig:
		v.Notes = append(v.Notes, "signature not checked: give the signer's public key with --pubkey")
	case opts.PublicKey == nil:
		v.Notes = append(v.Notes, "the pack is not signed: its manifest itself is not protected")
	}
	if !hasManifest {
		v.problem(ProblemManifest, ManifestFile, "missing")
		return v
	}
	m, err := ParseManifest(manifest)
	if err != nil {
		v.problem(ProblemManifest, ManifestFile, err.Error())
		return v
	}
	v.Manifest = m
	listed := make(map[string]bool, len(m.Files))
	for _, f := range m.Files {
		listed[f.Path] = true
		data, ok := c.Data[f.Path]
		switch {
		case !ok:
			v.problem(ProblemRemoved, f.Path, "listed in the manifest, absent from the pack")
		case SHA256Hex(data) != f.SHA256 || int64(len(data)) != f.Size:
			v.problem(ProblemChanged, f.Path, fmt.Sprintf("sha256 %s, manifest says %s", SHA256Hex(data), f.SHA256))
		}
	}
	for _, p := range c.Paths {
		if !listed[p] && p != ManifestFile && p != SignatureFile {
			v.problem(ProblemAdded, p, "not listed in the manifest")
		}
	}
	for _, r := range m.Reports {
		if !listed[r.Path] {
			v.problem(ProblemManifest, r.Path, fmt.Sprintf("the %s report is not among the manifest's files", r.Format))
		}
	}
	v.checkChain(m, opts)
	if !m.Complete {
		v.Notes = append(v.Notes, "the scan was incomplete: the results do not stand for every input")
	}
	return v
}

func (v *Verification) checkChain(m *Manifest, opts VerifyOptions) {
	switch {
	case opts.Previous == nil && m.Previous != nil:
		v.Notes = append(v.Notes, fmt.Sprintf("chained to a previous manifest with sha256 %s: not checked (give it with --previous)", m.Previous.ManifestSHA256))
		return
	case opts.Previous == nil:
		return
	case m.Previous == nil:
		v.problem(ProblemChain, ManifestFile, "names no previous pack, but one was given")
		return
	}
	prevManifest, ok := opts.Previous.Data[ManifestFile]
	if !ok {
		v.problem(ProblemChain, "previous/"+ManifestFile, "missing")
		return
	}
	if got := SHA256Hex(prevManifest); got != m.Previous.ManifestSHA256 {
		v.problem(ProblemChain, "previous/"+ManifestFile, fmt.Sprintf("sha256 %s, the manifest names %s: not the pack this one follows, or changed since", got, m.Previous.ManifestSHA256))
		return
	}
	// The previous pack must verify on its own, with the same key unless told otherwise; its own chain is
	// its business.
	key := opts.PublicKey
	if opts.PreviousPublicKey != nil {
		key = opts.PreviousPublicKey
	}
	prev := Verify(opts.Previous, VerifyOptions{PublicKey: key})
	for _, p := range prev.Problems {
		p.Path = "previous/" + p.Path
		p.Kind = ProblemChain
		v.Problems = append(v.Problems, p)
	}
}

func (v *Verification) problem(kind, path, detail string) {
	v.Problems = append(v.Problems, Problem{Kind: kind, Path: path, Detail: detail})
}

// PreviousOf returns the chain link to the pack c: the digest of its manifest.json and its end time. The
// pack is verified first (with pub, when given), so a pack cannot follow one that does not verify.
func PreviousOf(c *Contents, pub ed25519.PublicKey) (*Previous, error) {
	v := Verify(c, VerifyOptions{PublicKey: pub})
	if !v.OK() {
		return nil, fmt.Errorf("the previous pack does not verify: %s", v.Problems[0])
	}
	return &Previous{ManifestSHA256: SHA256Hex(c.Data[ManifestFile]), FinishedAt: v.Manifest.FinishedAt}, nil
}
