package evidence

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"time"

	"github.com/vigil-audit/vigil/internal/jsondup"
)

// ManifestSchema identifies the manifest format; a change that breaks readers changes it.
const ManifestSchema = "vigil.evidence/v1"

// Names of the files that are not listed in the manifest: the manifest itself and its signature.
const (
	ManifestFile  = "manifest.json"
	SignatureFile = "manifest.sig"
)

// maxManifestBytes bounds manifest.json; a real one lists a few hundred inputs and a few dozen files.
const maxManifestBytes = 64 << 20

// Manifest describes a pack: what was checked, when, against what, and the digest of every file.
type Manifest struct {
	Schema       string    `json:"schema"`
	VigilVersion string    `json:"vigil_version"`
	StartedAt    time.Time `json:"started_at"`
	FinishedAt   time.Time `json:"finished_at"`
	Frameworks   []string  `json:"frameworks"`
	// Complete is false when some input could not be read (or DR declarations had problems): the
	// results then do not stand for the whole estate, and Incomplete says why.
	Complete   bool     `json:"complete"`
	Incomplete []string `json:"incomplete,omitempty"`
	RuleSet    RuleSet  `json:"rule_set"`
	// Config is the digest of the vigil.hcl used, nil when none was.
	Config *Input `json:"config"`
	// Inputs are the files the scan read: Terraform files and variable files, a plan, a saved inventory.
	Inputs []Input `json:"inputs"`
	// Variables names the Terraform variables set outside any file (--var, TF_VAR_ environment
	// variables), which change what the files mean; their values are not recorded, as they may be secrets.
	Variables []Variable `json:"variables,omitempty"`
	// Previous chains this pack to the one before it.
	Previous *Previous `json:"previous,omitempty"`
	// Reports lists the report files of the pack by format.
	Reports []ReportFile `json:"reports"`
	// Files lists every file of the pack but manifest.json and manifest.sig, sorted by path.
	Files []FileDigest `json:"files"`
}

// RuleSet identifies the rules that were loaded: the built-in policies and every custom policy folder.
type RuleSet struct {
	// SHA256 is the digest of the sorted list of "path<TAB>sha256" lines of every policy file.
	SHA256     string       `json:"sha256"`
	Rules      int          `json:"rules"`
	PolicyDirs []string     `json:"policy_dirs,omitempty"`
	Files      []FileDigest `json:"files"`
}

// Input is one file the scan read, with its digest.
type Input struct {
	// Kind is "terraform", "tfvars", "plan", "inventory" or "config".
	Kind   string `json:"kind"`
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
}

// Variable is a Terraform variable set outside the scanned files: Source is "--var" or "environment"
// (TF_VAR_name).
type Variable struct {
	Name   string `json:"name"`
	Source string `json:"source"`
}

// Sources of a Variable.
const (
	VariableFromFlag        = "--var"
	VariableFromEnvironment = "environment"
)

// SortVariables sorts variables by source, then name, for a deterministic manifest.
func SortVariables(vs []Variable) []Variable {
	slices.SortFunc(vs, func(a, b Variable) int {
		return cmp.Or(cmp.Compare(a.Source, b.Source), cmp.Compare(a.Name, b.Name))
	})
	return vs
}

// Previous names the pack this one follows.
type Previous struct {
	// ManifestSHA256 is the SHA-256 of the previous pack's manifest.json bytes.
	ManifestSHA256 string    `json:"manifest_sha256"`
	FinishedAt     time.Time `json:"finished_at"`
}

// ReportFile is one rendered report in the pack.
type ReportFile struct {
	Format string `json:"format"`
	Path   string `json:"path"`
}

// FileDigest is one file's SHA-256 and size.
type FileDigest struct {
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
}

// SHA256Hex returns the hex SHA-256 of data.
func SHA256Hex(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// ParseManifest decodes manifest.json strictly: unknown fields, duplicate keys, trailing data, a schema
// other than ManifestSchema, or a file path that is not a clean relative path are errors.
func ParseManifest(data []byte) (*Manifest, error) {
	if len(data) > maxManifestBytes {
		return nil, fmt.Errorf("manifest is %d bytes, over the %d-byte cap", len(data), maxManifestBytes)
	}
	if err := jsondup.Check(data); err != nil {
		return nil, fmt.Errorf("manifest: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var m Manifest
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("manifest: %w", err)
	}
	if dec.More() {
		return nil, errors.New("manifest: data after the JSON object")
	}
	if m.Schema != ManifestSchema {
		return nil, fmt.Errorf("manifest: schema %q, want %q", m.Schema, ManifestSchema)
	}
	seen := make(map[string]bool, len(m.Files))
	for _, f := range m.Files {
		if err := checkName(f.Path); err != nil {
			return nil, fmt.Errorf("manifest: file %q: %w", f.Path, err)
		}
		if f.Path == ManifestFile || f.Path == SignatureFile {
			return nil, fmt.Errorf("manifest: lists %s, which it cannot hash", f.Path)
		}
		if seen[f.Path] {
			return nil, fmt.Errorf("manifest: file %q listed twice", f.Path)
		}
		seen[f.Path] = true
		if !isSHA256Hex(f.SHA256) {
			return nil, fmt.Errorf("manifest: file %q: sha256 %q is not 64 hex digits", f.Path, f.SHA256)
		}
	}
	if m.Previous != nil && !isSHA256Hex(m.Previous.ManifestSHA256) {
		return nil, fmt.Errorf("manifest: previous.manifest_sha256 %q is not 64 hex digits", m.Previous.ManifestSHA256)
	}
	return &m, nil
}

func isSHA256Hex(s string) bool {
	if len(s) != 64 {
		return false
	}
	for _, c := range s {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// checkName accepts a clean, relative, slash-separated path of printable characters: what a pack holds
// and what can be extracted anywhere without leaving the target folder.
func checkName(name string) error {
	if !fs.ValidPath(name) || name == "." {
		return errors.New("not a clean relative path")
	}
	for _, c := range name {
		if c < 0x20 || c == 0x7f || c == '\\' || c == ':' {
			return fmt.Errorf("contains %q", c)
		}
	}
	return nil
}
