// Package idglob matches resource ids (Terraform addresses and ARNs) against the patterns users write in
// vigil.hcl: `*` is any run of characters, `?` any one character, and every other character stands for
// itself. Waiver resource patterns (engine/waivers.go) and dr_system ids (package dr) both match with it, so
// one pattern means the same thing in both places.
package idglob

import (
	"slices"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
)

// Match reports whether id matches pattern. Resource ids are addresses, not paths: `*` crosses the "/" of
// a root's folder and of an ARN, and "[", "]", "{", "}" and "\" are literal (aws_s3_bucket.b["x"]), so
// they are escaped, and "/" is given doublestar as a character that appears in neither string.
func Match(pattern, id string) bool {
	sep := string(unusedRune(pattern, id))
	ok, err := doublestar.Match(
		strings.ReplaceAll(literal.Replace(pattern), "/", sep),
		strings.ReplaceAll(id, "/", sep))
	return err == nil && ok
}

// literal escapes what doublestar reads as syntax besides `*` and `?`.
var literal = strings.NewReplacer(`\`, `\\`, "[", `\[`, "]", `\]`, "{", `\{`, "}", `\}`)

// unusedRune returns a character of the private use area that occurs in none of ss.
func unusedRune(ss ...string) rune {
	r := rune(0xE000)
	for slices.ContainsFunc(ss, func(s string) bool { return strings.ContainsRune(s, r) }) {
		r++
	}
	return r
}
