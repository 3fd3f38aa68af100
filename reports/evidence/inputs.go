package evidence

import (
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"

	"github.com/vigil-audit/vigil/internal/safefile"
)

// maxInputFiles bounds how many files HashTerraformTree records: the scanner refuses larger trees anyway.
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

// HashTerraformTree returns the digest of every Terraform and variable file under root that exclude
// (given slash paths relative to root; nil keeps all) does not skip, sorted by path. Symbolic links are
// not followed: a link out of the tree must not put a foreign file's name in a pack. Hidden folders are
// skipped as the scanner skips them, except .terraform, where terraform init installs the modules a root
// may call. The list may thus hold files no root used (a module nothing calls): a digest too many is
// harmless, a missing one is not.
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
			if path != root && (hidden || (exclude != nil && exclude(rel))) {
				return filepath.SkipDir
			}
			return nil
		}
		kind := ""
		for _, s := range terraformSuffixes {
			if strings.HasSuffix(d.Name(), s.suffix) {
				kind = s.kind
			}
		}
		if kind == "" || !d.Type().IsRegular() || (exclude != nil && exclude(rel)) {
			return nil
		}
		if len(out) >= maxInputFiles {
			return fmt.Errorf("walk %s: more than %d Terraform files", root, maxInputFiles)
		}
		in, err := HashFile(kind, path)
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
