package terraform

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/vigil-audit/vigil/inventory"
)

// CodeOutsideScan is the code of the warning given when a file function is asked for a file outside the
// scanned tree (the call's value is unknown), and of the error given when an automatically loaded
// variables file links outside it (its values are missing).
const CodeOutsideScan = "file-outside-scan"

// fileScope is what Terraform's file functions (file, templatefile, filemd5, ..., fileexists, fileset) may
// read: the scanned folder and the variable files the user named. A configuration is input from whoever
// wrote it (in CI, whoever opened the pull request); reading /proc/self/environ or ../../.ssh/id_rsa
// into a resource attribute would publish the runner's secrets in every report. Paths are compared after
// symbolic links are resolved, so a link inside the tree that points outside it is outside.
type fileScope struct {
	all   bool            // Options.AllowOutsideFileReads: a trusted run, no confinement
	files map[string]bool // resolved absolute files

	// dirs are resolved absolute folders. Module folders outside the scanned folder join them while
	// module instances are evaluated (see loader.moduleFolder): mu guards them.
	mu   sync.RWMutex
	dirs []string
}

// newFileScope returns the scope made of dirs and files (absolute or relative to the working directory).
func newFileScope(all bool, dirs, files []string) *fileScope {
	s := &fileScope{all: all, files: map[string]bool{}}
	for _, d := range dirs {
		if abs, err := filepath.Abs(d); err == nil {
			s.dirs = append(s.dirs, resolvePath(abs))
		}
	}
	for _, f := range files {
		if abs, err := filepath.Abs(f); err == nil {
			s.files[resolvePath(abs)] = true
		}
	}
	return s
}

// contains reports whether the file at path p, symbolic links resolved, may be read: it is inside the
// scope and not in version-control or terraform init metadata (see inVCSMetadata; a variables file that
// links there is refused too). It returns the resolved path, which is what the caller must open (a link
// swapped afterwards cannot lead the read elsewhere).
func (s *fileScope) contains(p string) (string, bool) {
	real, ok := s.containsName(p)
	return real, ok && !s.inVCSMetadata(real)
}

// containsName reports whether path p, symbolic links resolved, is inside the scope, metadata folders
// included: what may be listed or tested for existence, whose content is not read. It returns the
// resolved path.
func (s *fileScope) containsName(p string) (string, bool) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return p, s.all
	}
	real := resolvePath(abs)
	if s.all || s.files[real] {
		return real, true
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, d := range s.dirs {
		if within(d, real) {
			return real, true
		}
	}
	return real, false
}

// addDir adds the resolved absolute folder dir to the scope.
func (s *fileScope) addDir(dir string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.dirs = append(s.dirs, dir)
}

// vcsMetadataDirs are the folders where version control keeps its metadata. They sit inside the scanned
// tree when the repository's root is scanned, and hold the checkout's credentials: actions/checkout, by
// default, writes the job's token into .git/config as an http.extraheader.
var vcsMetadataDirs = map[string]bool{".git": true, ".hg": true, ".svn": true}

// inVCSMetadata reports whether the resolved path real lies in a version-control metadata folder below
// one of the scope's folders, or in a .terraform folder other than its installed modules (terraform init
// keeps the backend's configuration there, with any -backend-config credentials, in terraform.tfstate).
// A trusted run, and a file the user named, are not refused.
func (s *fileScope) inVCSMetadata(real string) bool {
	if s.all || s.files[real] {
		return false
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, d := range s.dirs {
		rel, err := filepath.Rel(d, real)
		if err != nil || !within(d, real) {
			continue
		}
		parts := strings.Split(rel, string(filepath.Separator))
		for i, part := range parts {
			if vcsMetadataDirs[part] || (part == ".terraform" && (i+1 == len(parts) || parts[i+1] != "modules")) {
				return true
			}
		}
	}
	return false
}

// within reports whether path is dir or below it; both are clean absolute paths.
func within(dir, path string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// resolvePath resolves the symbolic links of the absolute path p. A path that does not exist is resolved
// as far as it exists: the missing rest is appended to its deepest existing folder, resolved, so that
// a missing file under a link to / is still seen to be outside.
func resolvePath(p string) string {
	p = filepath.Clean(p)
	real, err := filepath.EvalSymlinks(p)
	if err == nil {
		return real
	}
	parent := filepath.Dir(p)
	if parent == p {
		return p
	}
	return filepath.Join(resolvePath(parent), filepath.Base(p))
}

// denial is one path a file function was refused, and whether a warning names it yet. vcs is set when the
// path is inside the scan but in version-control metadata.
type denial struct {
	fn, path string
	located  bool
	vcs      bool
}

// deny records that function fn was refused path (as the configuration gave it).
func (l *loader) deny(fn, p string) { l.denyFor(fn, p, false) }

func (l *loader) denyFor(fn, p string, vcs bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.denied == nil {
		l.denied = map[string]*denial{}
	}
	k := fn + "\x00" + p
	if l.denied[k] == nil {
		l.denied[k] = &denial{fn: fn, path: p, vcs: vcs}
	}
	l.anyDenied.Store(true)
}

// inScope resolves the path p given to file function fn and reports whether it may be read; when it may
// not, the denial is recorded for locateDenied to report. A file in version-control metadata (.git) is
// not read either, though inside the tree; fileexists and fileset, which read no content, may see it.
func (l *loader) inScope(fn, p string) (string, bool) {
	real, ok := l.scope.containsName(l.abs(p))
	if !ok {
		l.deny(fn, p)
		return real, false
	}
	if fn != "fileexists" && fn != "fileset" && l.scope.inVCSMetadata(real) {
		l.denyFor(fn, p, true)
		return real, false
	}
	return real, true
}

// fileFuncs are the functions that read the file named by their first argument (fileset: list the folder).
var fileFuncs = map[string]bool{
	"file": true, "filebase64": true, "fileexists": true, "templatefile": true, "fileset": true,
	"filemd5": true, "filesha1": true, "filesha256": true, "filesha512": true, "filebase64sha256": true,
	"filebase64sha512": true,
}

// locateDenied warns, at each call of a file function in expr that was refused its path, that the value is
// unknown. Functions do not know where they are called from, so after an evaluation that left something
// unknown while a denial is on record, the expression's file function calls are found and their path
// argument evaluated again (inside a for expression, once per element). A call whose argument still
// cannot be evaluated, and a templatestring call (its template may call file functions), is given the
// denials of its function that no other call has claimed.
func (l *loader) locateDenied(expr hcl.Expression, ctx *hcl.EvalContext) {
	syn, ok := expr.(hclsyntax.Expression)
	if !ok {
		// JSON syntax: the expression is a string template whose calls are not exposed; name the
		// expression itself.
		l.warnUnlocated(expr.Range(), "")
		return
	}
	var fors []*hclsyntax.ForExpr
	var calls []*hclsyntax.FunctionCallExpr
	_ = hclsyntax.VisitAll(syn, func(n hclsyntax.Node) hcl.Diagnostics {
		switch n := n.(type) {
		case *hclsyntax.ForExpr:
			fors = append(fors, n)
		case *hclsyntax.FunctionCallExpr:
			if (fileFuncs[n.Name] || n.Name == "templatestring") && len(n.Args) > 0 {
				calls = append(calls, n)
			}
		}
		return nil
	})
	for _, call := range calls {
		if call.Name == "templatestring" {
			l.locateInTemplateString(call, ctx)
			continue
		}
		paths, ok := pathArgs(call, ctx, fors)
		if !ok {
			l.warnUnlocated(call.Range(), call.Name)
			continue
		}
		for _, p := range paths {
			l.warnDenied(call.Name, p, call.Range())
		}
	}
}

// locateInTemplateString warns at a templatestring call for the file function calls of its template that
// were refused their path.
func (l *loader) locateInTemplateString(call *hclsyntax.FunctionCallExpr, ctx *hcl.EvalContext) {
	src, ok := stringValue(call.Args[0], ctx)
	var tmpl hclsyntax.Expression
	var tctx *hcl.EvalContext
	if ok && len(call.Args) == 2 {
		var diags hcl.Diagnostics
		tmpl, diags = hclsyntax.ParseTemplate([]byte(src), templateStringName, hcl.InitialPos)
		vars, vd := call.Args[1].Value(ctx)
		vars, _ = vars.UnmarkDeep()
		ok = !diags.HasErrors() && !vd.HasErrors() && vars.IsWhollyKnown() && !vars.IsNull() &&
			(vars.Type().IsObjectType() || vars.Type().IsMapType())
		if ok {
			tctx = &hcl.EvalContext{Variables: vars.AsValueMap(), Functions: l.funcs}
		}
	}
	if !ok {
		l.warnUnlocated(call.Range(), "")
		return
	}
	_ = hclsyntax.VisitAll(tmpl, func(n hclsyntax.Node) hcl.Diagnostics {
		if c, isCall := n.(*hclsyntax.FunctionCallExpr); isCall && fileFuncs[c.Name] && len(c.Args) > 0 {
			if p, ok := stringValue(c.Args[0], tctx); ok {
				l.warnDenied(c.Name, p, call.Range())
			} else {
				l.warnUnlocated(call.Range(), c.Name)
			}
		}
		return nil
	})
}

// maxForElements bounds the elements of a for expression over which locateDenied evaluates a path again.
const maxForElements = 1000

// pathArgs evaluates the path argument of call: in ctx, or, when it names the variables of a for
// expression enclosing the call, once per element of the for's collection.
func pathArgs(call *hclsyntax.FunctionCallExpr, ctx *hcl.EvalContext, fors []*hclsyntax.ForExpr) ([]string, bool) {
	if p, ok := stringValue(call.Args[0], ctx); ok {
		return []string{p}, true
	}
	// The innermost for expression around the call.
	var in *hclsyntax.ForExpr
	cr := call.Range()
	for _, f := range fors {
		r := f.SrcRange
		if r.Filename == cr.Filename && r.Start.Byte <= cr.Start.Byte && cr.End.Byte <= r.End.Byte &&
			(in == nil || in.SrcRange.Start.Byte <= r.Start.Byte) {
			in = f
		}
	}
	if in == nil {
		return nil, false
	}
	coll, diags := in.CollExpr.Value(ctx)
	coll, _ = coll.UnmarkDeep()
	if diags.HasErrors() || !coll.IsWhollyKnown() || coll.IsNull() || !coll.CanIterateElements() || coll.LengthInt() > maxForElements {
		return nil, false
	}
	var out []string
	for it := coll.ElementIterator(); it.Next(); {
		k, v := it.Element()
		child := ctx.NewChild()
		child.Variables = map[string]cty.Value{in.ValVar: v}
		if in.KeyVar != "" {
			child.Variables[in.KeyVar] = k
		}
		p, ok := stringValue(call.Args[0], child)
		if !ok {
			return nil, false
		}
		out = append(out, p)
	}
	return out, true
}

// stringValue evaluates expr to a known string.
func stringValue(expr hcl.Expression, ctx *hcl.EvalContext) (string, bool) {
	v, diags := expr.Value(ctx)
	v, _ = v.UnmarkDeep()
	if diags.HasErrors() || !v.IsKnown() || v.IsNull() || v.Type() != cty.String {
		return "", false
	}
	return v.AsString(), true
}

// warnDenied warns at rng if fn was refused path p.
func (l *loader) warnDenied(fn, p string, rng hcl.Range) {
	l.mu.Lock()
	d := l.denied[fn+"\x00"+p]
	if d != nil {
		d.located = true
	}
	l.mu.Unlock()
	if d != nil {
		l.warn(rng, d)
	}
}

// warnUnlocated warns at rng for every denial of function fn ("" for any) not yet located.
func (l *loader) warnUnlocated(rng hcl.Range, fn string) {
	l.mu.Lock()
	var found []*denial
	for _, d := range l.denied {
		if !d.located && (fn == "" || d.fn == fn) {
			d.located = true
			found = append(found, d)
		}
	}
	l.mu.Unlock()
	sort.Slice(found, func(i, j int) bool { return found[i].fn+found[i].path < found[j].fn+found[j].path })
	for _, d := range found {
		l.warn(rng, d)
	}
}

func (l *loader) warn(rng hcl.Range, d *denial) {
	where := "outside the scanned folder"
	if d.vcs {
		where = "version-control or terraform init metadata (.git, .terraform: the checkout's and the backend's credentials)"
	}
	is := inventory.Issue{Code: CodeOutsideScan, File: rng.Filename, Line: rng.Start.Line, Column: rng.Start.Column,
		Message: fmt.Sprintf("%s(%q) reads %s: its value is unknown "+
			"(a trusted run may allow it with --allow-outside-file-reads, or allow_outside_file_reads in a file given with --config)",
			d.fn, d.path, where)}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.seen[is] {
		return
	}
	l.seen[is] = true
	l.warnings = append(l.warnings, is)
}

// warnRemaining warns, without a location, for the denials no evaluation could place: no refused read
// goes unreported.
func (l *loader) warnRemaining() {
	l.warnUnlocated(hcl.Range{}, "")
}

// Limits of one fileset call: it lists names, but a pattern like "**" under a large folder would read a
// whole disk's worth of directories. Variables so that tests can lower them.
var (
	maxFilesetEntries = 100_000 // directory entries read
	maxFilesetMatches = 10_000
)

var (
	errFilesetOutside = errors.New("outside the scanned folder")
	errFilesetTooMany = errors.New("too many entries")
)

// scopedFS is the file system fileset walks: the folder base, with every folder and file it looks at
// checked against the scope (a link out of the tree is not followed) and the entries it reads counted.
// Names may start with "../" (a pattern may climb out of its folder, and the scope says whether that is
// still inside the tree).
type scopedFS struct {
	l       *loader
	base    string
	entries int
	// outside is the first name found outside the scope; tooMany is set once maxFilesetEntries is passed.
	outside string
	tooMany bool
}

func (s *scopedFS) path(name string) (string, error) {
	if s.tooMany {
		return "", errFilesetTooMany
	}
	// fileset lists names: a metadata folder may be listed, its files are never opened.
	real, ok := s.l.scope.containsName(filepath.Join(s.base, filepath.FromSlash(name)))
	if !ok {
		if s.outside == "" {
			s.outside = name
		}
		return "", errFilesetOutside
	}
	return real, nil
}

func (s *scopedFS) Open(name string) (fs.File, error) {
	p, err := s.path(name)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	if fi, err := os.Stat(p); err != nil || !fi.IsDir() {
		// Only folders are opened, to be listed: a file's content is never read by fileset.
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	return os.Open(p)
}

func (s *scopedFS) Stat(name string) (fs.FileInfo, error) {
	p, err := s.path(name)
	if err != nil {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: err}
	}
	return os.Stat(p)
}

func (s *scopedFS) ReadDir(name string) ([]fs.DirEntry, error) {
	p, err := s.path(name)
	if err != nil {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: err}
	}
	entries, err := os.ReadDir(p)
	s.entries += len(entries)
	if s.entries > maxFilesetEntries {
		s.tooMany = true
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: errFilesetTooMany}
	}
	return entries, err
}
