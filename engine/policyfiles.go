package engine

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/vigil-audit/vigil/internal/safefile"
)

// Bounds of the walk of one --policy folder. A folder of rules is small; these stop `--policy /` or a
// home folder from reading the whole disk, and a hostile repository from making vigil read without end.
const (
	maxPolicyEntries = 20000   // files and folders visited
	maxPolicyFiles   = 2000    // .rego files read
	maxPolicyDepth   = 16      // folders below the one given
	maxPolicyBytes   = 8 << 20 // bytes of .rego read (the built-in rules: 0.12 MiB)
)

// policySource is one .rego file read from a user folder, named as the module key (slash-separated,
// the folder as given joined with the file's path inside it).
type policySource struct {
	name string
	src  []byte
}

// readPolicyPath reads the Rego sources (not tests) of a folder, or one .rego file, within the bounds
// above. It does not follow symbolic links to folders, refuses a .rego link that leads outside the
// folder or to anything but a regular file, refuses a .rego that is not a regular file (a FIFO would
// block the read), and skips hidden folders (.git, .terraform). Other files are never opened.
func readPolicyPath(path string) ([]policySource, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("policy folder %s: %w", path, unwrapPathError(err))
	}
	if !info.IsDir() {
		if !strings.HasSuffix(path, ".rego") || !info.Mode().IsRegular() {
			return nil, fmt.Errorf("policy path %s: not a folder or .rego file", path)
		}
		src, err := readPolicyFile(path, maxPolicyBytes)
		if err != nil {
			return nil, err
		}
		return []policySource{{name: filepath.ToSlash(path), src: src}}, nil
	}
	root, err := filepath.EvalSymlinks(path)
	if err != nil {
		return nil, fmt.Errorf("policy folder %s: %w", path, err)
	}
	var out []policySource
	entries, budget := 0, int64(maxPolicyBytes)
	err = filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("policy folder %s: %w", path, err)
		}
		if entries++; entries > maxPolicyEntries {
			return fmt.Errorf("policy folder %s: more than %d files and folders; give the folder that holds your rules", path, maxPolicyEntries)
		}
		rel, _ := filepath.Rel(path, p)
		if d.IsDir() {
			if p == path {
				return nil
			}
			if strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			if depth := strings.Count(filepath.ToSlash(rel), "/") + 1; depth > maxPolicyDepth {
				return fmt.Errorf("policy folder %s: %s is more than %d folders deep", path, filepath.ToSlash(rel), maxPolicyDepth)
			}
			return nil
		}
		if !isRegoSource(d.Name()) {
			return nil // never opened, whatever it is
		}
		if len(out) == maxPolicyFiles {
			return fmt.Errorf("policy folder %s: more than %d .rego files", path, maxPolicyFiles)
		}
		if err := checkPolicyEntry(root, p, d); err != nil {
			return err
		}
		src, err := readPolicyFile(p, budget)
		if err != nil {
			if errors.Is(err, safefile.ErrTooLarge) {
				return fmt.Errorf("policy folder %s: more than %d MiB of .rego files", path, maxPolicyBytes>>20)
			}
			return err
		}
		budget -= int64(len(src))
		out = append(out, policySource{name: filepath.ToSlash(p), src: src})
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("policy folder %s has no .rego policy files (files ending in _test.rego are tests, not rules)", path)
	}
	return out, nil
}

// checkPolicyEntry refuses a .rego entry that is not a regular file, or a link that leads outside the
// policy folder (root, with its own links resolved) or to anything but a regular file.
func checkPolicyEntry(root, p string, d fs.DirEntry) error {
	if d.Type()&fs.ModeSymlink != 0 {
		target, err := filepath.EvalSymlinks(p)
		if err != nil {
			return fmt.Errorf("policy file %s: broken symbolic link: %w", p, unwrapPathError(err))
		}
		if rel, err := filepath.Rel(root, target); err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return fmt.Errorf("policy file %s: symbolic link to %s, outside the policy folder", p, target)
		}
		info, err := os.Stat(target)
		if err != nil {
			return fmt.Errorf("policy file %s: %w", p, unwrapPathError(err))
		}
		if !info.Mode().IsRegular() {
			return fmt.Errorf("policy file %s: %w (%s)", p, safefile.ErrNotRegular, safefile.Kind(info.Mode()))
		}
		return nil
	}
	if !d.Type().IsRegular() {
		return fmt.Errorf("policy file %s: %w (%s)", p, safefile.ErrNotRegular, safefile.Kind(d.Type()))
	}
	return nil
}

// readPolicyFile reads at most limit bytes of a regular file (safefile refuses a pipe swapped in after
// the walk looked at the entry).
func readPolicyFile(p string, limit int64) ([]byte, error) {
	src, err := safefile.Read(p, limit)
	if err != nil {
		return nil, fmt.Errorf("policy file %s: %w", p, err)
	}
	return src, nil
}

// reservedPackage is the package namespace of the built-in policies (vigil.aws..., vigil.lib).
const reservedPackage = "vigil"

// parsePolicies parses user sources, with their METADATA, collecting every file's syntax errors, and
// refuses packages in the built-ins' namespace: Rego merges the rules of one package across files, so a
// user file in package vigil.lib would add definitions to the built-in helpers.
func parsePolicies(sources []policySource, modules map[string]*ast.Module) error {
	var errs PolicyErrors
	for _, s := range sources {
		m, err := ast.ParseModuleWithOpts(s.name, string(s.src), ast.ParserOptions{ProcessAnnotation: true, RegoVersion: ast.RegoV1})
		if err != nil {
			var astErrs ast.Errors
			if !errors.As(err, &astErrs) {
				errs = append(errs, &PolicyError{File: s.name, Message: err.Error()})
				continue
			}
			for _, e := range astErrs {
				pe := &PolicyError{File: s.name, Message: e.Code + ": " + e.Message}
				if e.Location != nil {
					pe.Line = e.Location.Row
				}
				errs = append(errs, pe)
			}
			continue
		}
		if m == nil {
			continue // an empty file, or only comments
		}
		if pkg := packagePath(m); pkg == reservedPackage || strings.HasPrefix(pkg, reservedPackage+".") {
			errs = append(errs, &PolicyError{File: s.name, Line: m.Package.Location.Row, Message: fmt.Sprintf(
				"package %s: packages under %q belong to the built-in policies; a custom policy that added to them could change built-in results (a helper that declares every value unknown turns failures into unknowns). Name custom packages otherwise, such as custom.<service>.<rule>",
				pkg, reservedPackage)})
			continue
		}
		modules[s.name] = m
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
