package config

import (
	"path"
	"path/filepath"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
)

// Excluded reports whether rel, a path relative to the scanned directory, matches one of the exclude
// patterns, or lies in a folder that does. Patterns are doublestar globs over forward-slash paths:
// `*` matches any run of characters within one element, `?` one character, `[a-z]` a class, `{a,b}`
// either alternative, and an element `**` any number of elements (none included). So "sandbox/*.tf"
// excludes the .tf files of sandbox/ but not of its subfolders, "modules/legacy" and "modules/legacy/**"
// exclude everything under modules/legacy, and "**/*.tftest.hcl" excludes those files at any depth.
func (c *Config) Excluded(rel string) bool {
	if c == nil || len(c.Exclude) == 0 {
		return false
	}
	rel = path.Clean(filepath.ToSlash(rel))
	if rel == "." || rel == "/" {
		return false
	}
	rel = strings.TrimPrefix(rel, "/")
	for _, p := range c.Exclude {
		// A trailing "/**" makes a pattern that matches a folder match everything in it too.
		if p != "**" && !strings.HasSuffix(p, "/**") {
			p += "/**"
		}
		if ok, _ := doublestar.Match(p, rel); ok {
			return true
		}
	}
	return false
}
