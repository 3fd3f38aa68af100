package terraform

import (
	"os"
	"path/filepath"
)

// The module boundary is the tree whose configuration files the loader reads: module folders (a local
// source, or a Dir of .terraform/modules/modules.json) and the .tf and .tf.json files in them, symbolic
// links resolved. A configuration is input from whoever wrote it: without a boundary, `source = "/etc"`
// installed through a committed modules.json, or `source = "../../../../home/runner/x"`, would have the
// scan parse files of the runner and put their values (a local used as a bucket name) and their parse
// errors in the reports.
//
// The boundary is the scanned folder (Options.Files' base, or the root) widened to the git work tree that
// holds it, when there is one: scanning envs/prod of a repository whose modules live in modules/ is the
// common layout, and the whole work tree is the same pull request. A module folder inside the boundary
// but outside the scanned folder joins the file functions' scope (a module reads its own files), see
// loader.moduleFolder. Options.AllowOutsideFileReads lifts the boundary, for trusted runs.

// gitWorkTree returns the nearest folder, dir itself or one of its ancestors, that holds a .git entry (a
// folder, or the file a linked work tree or submodule has), up to the file system root; ok is false when
// there is none. dir must be absolute and have its symbolic links resolved.
func gitWorkTree(dir string) (string, bool) {
	for d := dir; ; {
		if fi, err := os.Lstat(filepath.Join(d, ".git")); err == nil && (fi.IsDir() || fi.Mode().IsRegular()) {
			return d, true
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", false
		}
		d = parent
	}
}

// newModuleBoundary returns the boundary of a scan of folder base (absolute): base, and the git work tree
// around it. With all, everything is inside.
func newModuleBoundary(all bool, base string) *fileScope {
	dirs := []string{base}
	if top, ok := gitWorkTree(resolvePath(base)); ok {
		dirs = append(dirs, top)
	}
	return newFileScope(all, dirs, nil)
}

// inBound reports whether path, symbolic links resolved, is inside the module boundary.
func (l *loader) inBound(path string) bool {
	_, ok := l.bound.contains(path)
	return ok
}

// outsideTreeHint is how a refusal to read outside the boundary ends: what the user can do about it.
const outsideTreeHint = "scan a folder that contains it, or pass --allow-outside-file-reads " +
	"(or allow_outside_file_reads in a file given with --config) for a trusted run"

// moduleFolder checks the folder dir of a module call (a local source joined to the caller's folder, or
// an installed module's Dir) against the boundary. It returns dir when it may be read, and otherwise a
// reason naming the folder relative to the scanned folder. A folder outside the scanned folder but inside
// the boundary is added to the file functions' scope.
func (l *loader) moduleFolder(dir string) (string, string) {
	real, ok := l.bound.contains(dir)
	if !ok {
		return "", l.name(dir) + " is outside the scanned tree (the scanned folder, or the git work tree " +
			"that holds it); " + outsideTreeHint
	}
	if _, in := l.scope.contains(real); !in {
		l.scope.addDir(real)
	}
	return dir, ""
}
