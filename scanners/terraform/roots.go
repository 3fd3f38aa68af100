package terraform

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	"golang.org/x/sync/errgroup"

	"github.com/vigil-audit/vigil/internal/safefile"
)

// FindRoots lists the root modules under dir: every folder holding Terraform configuration files that no
// other folder under dir calls as a local module ("./x", "../x"). A repository of environments and shared
// modules thus yields the environments, each to be evaluated with its own arguments, and never a shared
// module with default variables. A folder that is called only by folders that are never evaluated (a
// cycle of calls, or callers that are themselves unreachable) is a root too: no configuration is dropped.
//
// Paths are returned relative to dir with forward slashes ("." for dir itself), sorted. Hidden folders
// (.terraform, .git, ...) and node_modules are not entered; exclude, when set, is given paths relative to
// dir (folders and files) and skips what it matches. A folder that cannot be read is an error.
//
// The files FindRoots parses go into files, when given (its base must be dir), for the loads that follow.
func FindRoots(dir string, exclude func(rel string) bool, files *FileCache) ([]string, error) {
	// WalkDir does not enter a root that is a symbolic link: walk where it points, name paths from dir.
	given := dir // how messages name the folders: never the machine's absolute path for a relative dir
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("find root modules: %w", err)
	}
	dir = abs
	// Files that link out of the module boundary are not read (see modscope.go): evaluation reports them.
	bound := newModuleBoundary(false, dir)
	walkRoot := dir
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		walkRoot = real
	}
	type folder struct{ path, rel string }
	var folders []folder
	walk := func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			name := given
			if rel, rerr := filepath.Rel(walkRoot, p); rerr == nil {
				name = filepath.Join(given, rel)
			}
			return fmt.Errorf("find root modules: read %s: %w", name, safefile.Bare(err))
		}
		if !d.IsDir() {
			return nil
		}
		rel, err := filepath.Rel(walkRoot, p)
		if err != nil {
			return fmt.Errorf("find root modules: %w", err)
		}
		rel = filepath.ToSlash(rel)
		if rel != "." && (strings.HasPrefix(d.Name(), ".") || d.Name() == "node_modules" || (exclude != nil && exclude(rel))) {
			return filepath.SkipDir
		}
		folders = append(folders, folder{filepath.Join(dir, filepath.FromSlash(rel)), rel})
		return nil
	}
	if err := filepath.WalkDir(walkRoot, walk); err != nil {
		return nil, err
	}
	type found struct {
		called []string
		ok     bool
		err    error
	}
	results := make([]found, len(folders))
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, folder := range folders {
		g.Go(func() error {
			f := &results[i]
			f.called, f.ok, f.err = moduleCalls(folder.path, folder.rel, exclude, files, bound)
			if f.err != nil {
				f.err = fmt.Errorf("find root modules: read %s: %w", filepath.Join(given, filepath.FromSlash(folder.rel)), f.err)
			}
			return f.err
		})
	}
	// The first error in folder order is returned below, whatever the timing.
	_ = g.Wait()
	calls := map[string][]string{} // folder -> local module folders it calls
	for i, f := range results {
		if f.err != nil {
			return nil, f.err
		}
		if f.ok {
			calls[folders[i].rel] = f.called
		}
	}
	roots := rootsOf(calls)
	if files != nil {
		files.expectUses(roots, calls)
	}
	return roots, nil
}

// reach adds to seen f and every configuration folder f reaches through local module calls.
func reach(calls map[string][]string, f string, seen map[string]bool) {
	if seen[f] {
		return
	}
	seen[f] = true
	for _, c := range calls[f] {
		if _, ok := calls[c]; ok {
			reach(calls, c, seen)
		}
	}
}

// rootsOf picks the roots out of the call graph of the configuration folders: the folders nobody calls,
// then, until every folder is reachable from a root, the first unreachable one (in path order).
func rootsOf(calls map[string][]string) []string {
	folders := make([]string, 0, len(calls))
	called := map[string]bool{}
	for f, cs := range calls {
		folders = append(folders, f)
		for _, c := range cs {
			if c != f {
				called[c] = true
			}
		}
	}
	sort.Strings(folders)
	reached := map[string]bool{}
	var roots []string
	for _, f := range folders {
		if !called[f] {
			roots = append(roots, f)
			reach(calls, f, reached)
		}
	}
	for _, f := range folders {
		if !reached[f] {
			roots = append(roots, f)
			reach(calls, f, reached)
		}
	}
	sort.Strings(roots)
	return roots
}

// moduleCalls reads the configuration files of one folder (rel: relative to the scan directory) and
// returns the folders its local module calls point to, relative to the scan directory. ok is false when
// the folder holds no configuration file. Files that do not parse, and files that link out of bound, are
// left to the evaluation, which reports them; only their calls go unseen here.
func moduleCalls(dir, rel string, exclude func(string) bool, files *FileCache, bound *fileScope) (called []string, ok bool, err error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, false, safefile.Bare(err) // the caller names the folder as the user gave it
	}
	for _, e := range entries {
		if !isConfigEntry(dir, e) {
			continue
		}
		fileRel := path.Join(rel, e.Name())
		if exclude != nil && exclude(fileRel) {
			continue
		}
		ok = true
		if e.Type()&fs.ModeSymlink != 0 {
			if _, in := bound.contains(filepath.Join(dir, e.Name())); !in {
				continue
			}
		}
		// Only a regular file: reading a named pipe would wait for a writer forever.
		src, err := safefile.Read(filepath.Join(dir, e.Name()), safefile.MaxConfigFile)
		if err != nil {
			continue // reported when the folder is evaluated
		}
		// Parsing is the expensive part: most files declare no module at all.
		if !mayDeclareModule(src, strings.HasSuffix(e.Name(), ".json")) {
			continue
		}
		var pf parsedFile
		if files != nil {
			pf = files.parse(filepath.Join(dir, e.Name()), src)
		} else {
			pf = parseFileAt(filepath.Join(dir, e.Name()), fileRel, src)
		}
		for _, s := range localSources(pf) {
			called = append(called, path.Join(rel, s))
		}
	}
	return called, ok, nil
}

// mayDeclareModule reports whether src may hold a module block: in native syntax, "module" first on a
// line and followed by a blank; in JSON, a "module" key.
func mayDeclareModule(src []byte, json bool) bool {
	if json {
		return bytes.Contains(src, []byte(`"module"`))
	}
	for rest, off := src, 0; ; {
		i := bytes.Index(rest, []byte("module"))
		if i < 0 {
			return false
		}
		at := off + i
		start := at
		for start > 0 && (src[start-1] == ' ' || src[start-1] == '\t') {
			start--
		}
		if end := at + len("module"); (start == 0 || src[start-1] == '\n') && end < len(src) && (src[end] == ' ' || src[end] == '\t') {
			return true
		}
		off = at + 1
		rest = src[off:]
	}
}

var moduleSourceSchema = &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: "module", LabelNames: []string{"name"}}}}

// localSources returns the literal local sources of the module blocks of one parsed file.
func localSources(pf parsedFile) []string {
	if pf.diags.HasErrors() || pf.file == nil {
		return nil
	}
	content, _, _ := pf.file.Body.PartialContent(moduleSourceSchema)
	var out []string
	for _, b := range content.Blocks {
		attrs, _ := b.Body.JustAttributes()
		a := attrs["source"]
		if a == nil {
			continue
		}
		v, d := a.Expr.Value(nil)
		if d.HasErrors() || v.Type() != cty.String || !v.IsKnown() || v.IsNull() {
			continue
		}
		if s := v.AsString(); isLocalSource(s) {
			out = append(out, s)
		}
	}
	return out
}
