package evidence

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"

	"github.com/vigil-audit/vigil/internal/safefile"
	"github.com/vigil-audit/vigil/policies"
)

// errNoRules is returned when a rule set has no policy file: something went wrong before the pack.
var errNoRules = errors.New("no policy file")

// HashRuleSet returns the digest of the rules a run loaded: every file embedded in vigil (the built-in
// policies and the framework catalogs, named "builtin/<path>") and every .rego file of each custom policy
// folder (named "<dir>/<path>"). rules is the number of rules the engine loaded from them. The digest
// changes when any rule, test or catalog changes, and is the same on every machine for the same files.
func HashRuleSet(policyDirs []string, rules int) (RuleSet, error) {
	var files []FileDigest
	add := func(fsys fs.FS, prefix string, keep func(string) bool) error {
		return fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.Type().IsRegular() || !keep(p) {
				return nil
			}
			var data []byte
			if prefix == "builtin" {
				data, err = fs.ReadFile(fsys, p)
			} else {
				data, err = safefile.Read(path.Join(prefix, p), safefile.MaxConfigFile)
			}
			if err != nil {
				return fmt.Errorf("read %s: %w", p, err)
			}
			files = append(files, FileDigest{Path: path.Join(prefix, p), SHA256: SHA256Hex(data), Size: int64(len(data))})
			return nil
		})
	}
	if err := add(policies.FS, "builtin", func(string) bool { return true }); err != nil {
		return RuleSet{}, fmt.Errorf("hash built-in policies: %w", err)
	}
	for _, dir := range policyDirs {
		slashDir := strings.TrimSuffix(strings.ReplaceAll(dir, `\`, "/"), "/")
		if err := add(os.DirFS(dir), slashDir, func(p string) bool { return strings.HasSuffix(p, ".rego") }); err != nil {
			return RuleSet{}, fmt.Errorf("hash policies %s: %w", dir, err)
		}
	}
	if len(files) == 0 {
		return RuleSet{}, errNoRules
	}
	slices.SortFunc(files, func(a, b FileDigest) int { return strings.Compare(a.Path, b.Path) })
	var list strings.Builder
	for _, f := range files {
		fmt.Fprintf(&list, "%s\t%s\n", f.Path, f.SHA256)
	}
	return RuleSet{SHA256: SHA256Hex([]byte(list.String())), Rules: rules, PolicyDirs: policyDirs, Files: files}, nil
}
