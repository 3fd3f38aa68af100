package config

import (
	"path"
	"path/filepath"
	"strings"
)

// Excluded reports whether rel, a path relative to the scanned directory, matches one of the exclude
// patterns, or lies in a folder that does. Patterns use forward slashes and match whole path elements:
// `*` matches any run of characters within one element, `?` one character, `[a-z]` a class, and an
// element `**` matches any number of elements (none included). So "sandbox/*.tf" excludes the .tf files
// of sandbox/ but not of its subfolders, "modules/legacy" and "modules/legacy/**" exclude everything
// under modules/legacy, and "**/*.tftest.hcl" excludes those files at any depth.
func (c *Config) Excluded(rel string) bool {
	if c == nil || len(c.Exclude) == 0 {
		return false
	}
	rel = path.Clean(filepath.ToSlash(rel))
	if rel == "." || rel == "/" {
		return false
	}
	name := strings.Split(strings.TrimPrefix(rel, "/"), "/")
	for _, p := range c.Exclude {
		// A trailing "**" makes a pattern that matches a folder match everything in it too.
		if matchElements(append(strings.Split(p, "/"), "**"), name) {
			return true
		}
	}
	return false
}

// matchElements matches path elements against pattern elements, where "**" stands for any number of
// elements. Only the latest "**" is ever backtracked to, which is enough because "**" matches any run of
// elements, and keeps the cost at len(pat)×len(name) whatever the pattern.
func matchElements(pat, name []string) bool {
	p, n := 0, 0
	star, mark := -1, 0
	for n < len(name) {
		switch {
		case p < len(pat) && pat[p] == "**":
			star, mark = p, n
			p++
		case p < len(pat) && matchElement(pat[p], name[n]):
			p++
			n++
		case star >= 0:
			p = star + 1
			mark++
			n = mark
		default:
			return false
		}
	}
	for p < len(pat) && pat[p] == "**" {
		p++
	}
	return p == len(pat)
}

func matchElement(pattern, name string) bool {
	ok, _ := path.Match(pattern, name)
	return ok
}
