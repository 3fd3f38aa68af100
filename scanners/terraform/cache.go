package terraform

import (
	"fmt"
	"path/filepath"
	"sync"

	"github.com/hashicorp/hcl/v2"
)

// FileCache holds parsed configuration files for every Load of one scan, so a module shared by many root
// modules (and the files FindRoots already read) is read and parsed once per scan rather than once per
// root. File names, in locations and issues, are then relative to the cache's base folder for every
// root, and Options.Exclude is given paths relative to it. Parsed files are immutable: loads running
// concurrently share them.
//
// FindRoots tells the cache how many roots use each folder; a folder's files are dropped once that many
// loads have decoded it, so memory does not grow with the number of roots. Files of folders FindRoots
// did not count (installed registry modules) are parsed without being kept.
type FileCache struct {
	base string // absolute

	mu    sync.Mutex
	files map[string]*cachedFile // by absolute path
	uses  map[string]int         // absolute folder -> loads that have yet to decode it
	byDir map[string][]string    // absolute folder -> its cached files
	// vars holds the variable blocks of a folder decoded, by the position of the block: decoding one
	// and converting its default (a large table of predefined rules) can cost more than evaluating a
	// small root module, and every root calling the module needs the same declarations.
	vars map[string]map[declPos]*decodedVar // absolute folder -> block -> declaration
	// budget counts the instances the loads sharing the cache expand (Limits.Instances).
	budget instanceBudget
}

// declPos is where a declaration starts: file name and position.
type declPos struct {
	file string
	pos  hcl.Pos
}

type cachedFile struct {
	once sync.Once
	pf   parsedFile
}

// NewFileCache returns an empty cache whose file names are relative to base.
func NewFileCache(base string) (*FileCache, error) {
	abs, err := filepath.Abs(base)
	if err != nil {
		return nil, fmt.Errorf("resolve %s: %w", base, err)
	}
	return &FileCache{base: abs, files: map[string]*cachedFile{}, uses: map[string]int{}, byDir: map[string][]string{},
		vars: map[string]map[declPos]*decodedVar{}}, nil
}

// Base returns the folder file names are relative to, as an absolute path.
func (c *FileCache) Base() string { return c.base }

// parse returns the parse of the file at the absolute path, parsing it on first use; src, when not nil,
// is the file's content, already read.
func (c *FileCache) parse(path string, src []byte) parsedFile {
	dir := filepath.Dir(path)
	c.mu.Lock()
	f := c.files[path]
	if f == nil {
		f = &cachedFile{}
		if _, counted := c.uses[dir]; counted || len(c.uses) == 0 { // before FindRoots counted: keep
			c.files[path] = f
			c.byDir[dir] = append(c.byDir[dir], path)
		}
	}
	c.mu.Unlock()
	f.once.Do(func() { f.pf = parseFileAt(path, relTo(c.base, path), src) })
	return f.pf
}

// decodedVar returns the shared decoding of the variable block at rng in folder dir: a new one when
// there is no cache or the cache does not keep dir's files (the block may then come from another parse).
func (c *FileCache) decodedVar(dir string, rng hcl.Range) *decodedVar {
	if c == nil {
		return &decodedVar{}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, counted := c.uses[dir]; !counted {
		return &decodedVar{}
	}
	byPos := c.vars[dir]
	if byPos == nil {
		byPos = map[declPos]*decodedVar{}
		c.vars[dir] = byPos
	}
	k := declPos{rng.Filename, rng.Start}
	dv := byPos[k]
	if dv == nil {
		dv = &decodedVar{}
		byPos[k] = dv
	}
	return dv
}

// expectUses records, for each folder, how many of roots reach it through local module calls (calls:
// folder -> called folders, relative to the base), and drops what was cached for other folders.
func (c *FileCache) expectUses(roots []string, calls map[string][]string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, r := range roots {
		seen := map[string]bool{}
		reach(calls, r, seen)
		for f := range seen {
			c.uses[filepath.Join(c.base, filepath.FromSlash(f))]++
		}
	}
	for dir := range c.byDir {
		if c.uses[dir] == 0 {
			c.dropLocked(dir)
		}
	}
}

// decoded tells the cache that one load has decoded dir and needs its parses no more.
func (c *FileCache) decoded(dir string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if n, ok := c.uses[dir]; ok && n > 0 {
		c.uses[dir] = n - 1
		if n == 1 {
			c.dropLocked(dir)
		}
	}
}

func (c *FileCache) dropLocked(dir string) {
	for _, p := range c.byDir[dir] {
		delete(c.files, p)
	}
	delete(c.byDir, dir)
	delete(c.vars, dir)
}

// relTo returns path relative to base with forward slashes, or path itself when it has no relative form.
func relTo(base, path string) string {
	r, err := filepath.Rel(base, path)
	if err != nil {
		return filepath.ToSlash(path)
	}
	return filepath.ToSlash(r)
}
