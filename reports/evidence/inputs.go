package evidence

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/vigil-audit/vigil/internal/safefile"
)

// maxInputFiles bounds how many files HashTerraformTree records.
const maxInputFiles = 200_000

// terraformSuffixes are the files a Terraform scan reads in a folder.
var terraformSuffixes = []struct{ suffix, kind string }{
	{".tf", "terraform"}, {".tf.json", "terraform"}, {".tfvars", "tfvars"}, {".tfvars.json", "tfvars"},
}

// HashFile reads one input file (a regular file, capped like every user file) and returns its digest.
func HashFile(kind, path string) (Input, error) {
	data, err := safefile.Read(path, safefile.MaxDocument)
	if err != nil {
		return Input{}, fmt.Errorf("hash %s: %w", path, err)
	}
	return Input{Kind: kind, Path: filepath.ToSlash(path), SHA256: SHA256Hex(data), Size: int64(len(data))}, nil
}

// KindFile is the kind of an input that is neither Terraform nor variables: a file in the scanned tree
// that the configuration may read through file(), templatefile(), filebase64() and the like (a policy
// document, a template, a script).
const KindFile = "file"

// HashTerraformTree returns the digest of every file under root that exclude (given slash paths relative
// to root; nil keeps all) does not skip, sorted by path: Terraform and variable files, and every other
// file (KindFile), since the configuration may read any of them with a file function and its results
// then depend on it. Symbolic links are not followed: a link out of the tree must not put a foreign
// file's name in a pack. Hidden folders are skipped as the scanner skips them, except .terraform, where
// terraform init installs the modules a root may call (but not its providers/, plugin binaries no rule
// reads). The list may thus hold files no root used (a module nothing calls, a README): a digest too many
// is harmless, a missing one is not.
func HashTerraformTree(root string, exclude func(rel string) bool) ([]Input, error) {
	var out []Input
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("walk %s: %w", path, safefile.Bare(err))
		}
		rel, relErr := filepath.Rel(root, path)
		if relErr != nil {
			return fmt.Errorf("walk %s: %w", path, relErr)
		}
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			hidden := strings.HasPrefix(d.Name(), ".") && d.Name() != ".terraform"
			providers := d.Name() == "providers" && filepath.Base(filepath.Dir(path)) == ".terraform"
			if path != root && (hidden || providers || (exclude != nil && exclude(rel))) {
				return filepath.SkipDir
			}
			return nil
		}
		kind := KindFile
		for _, s := range terraformSuffixes {
			if strings.HasSuffix(d.Name(), s.suffix) {
				kind = s.kind
			}
		}
		if !d.Type().IsRegular() || (exclude != nil && exclude(rel)) {
			return nil
		}
		if len(out) >= maxInputFiles {
			return fmt.Errorf("walk %s: more than %d files to digest: --exclude the folders that hold no configuration (node_modules, build output)", root, maxInputFiles)
		}
		var in Input
		if kind == KindFile {
			in, err = hashStream(kind, path) // any size: a packaged Lambda, an image
		} else {
			in, err = HashFile(kind, path)
		}
		if err != nil {
			return err
		}
		out = append(out, in)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// hashStream digests a regular file of any size without holding it in memory.
func hashStream(kind, path string) (Input, error) {
	f, err := os.Open(path)
	if err != nil {
		return Input{}, fmt.Errorf("hash %s: %w", path, safefile.Bare(err))
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		return Input{}, fmt.Errorf("hash %s: not a regular file", path)
	}
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return Input{}, fmt.Errorf("hash %s: %w", path, err)
	}
	return Input{Kind: kind, Path: filepath.ToSlash(path), SHA256: hex.EncodeToString(h.Sum(nil)), Size: n}, nil
}

// SortInputs orders inputs by path then kind and drops exact duplicates (a var file inside the tree).
func SortInputs(in []Input) []Input {
	slices.SortFunc(in, func(a, b Input) int {
		if c := strings.Compare(a.Path, b.Path); c != 0 {
			return c
		}
		return strings.Compare(a.Kind, b.Kind)
	})
	return slices.CompactFunc(in, func(a, b Input) bool { return a.Path == b.Path })
}
