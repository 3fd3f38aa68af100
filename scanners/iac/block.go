// Package iac holds the evaluated form of Terraform resource blocks: the seam between the readers of
// Terraform (scanners/terraform for HCL, and the plan JSON reader) and the AWS adapters
// (scanners/iac/aws) that join and map blocks into canonical inventory resources. Both readers produce
// Blocks, so there is one set of joins to test.
package iac

import (
	"sort"
	"strconv"
	"strings"

	"github.com/vigil-audit/vigil/inventory"
)

// Block modes.
const (
	ModeManaged = "managed"
	ModeData    = "data"
)

// Redacted is how a sensitive value (Block.Sensitive) is shown: the value never reaches a report.
const Redacted = "(sensitive)"

// Block is one evaluated instance of a Terraform resource or data block.
type Block struct {
	// Address is exactly as Terraform prints it: module.net.aws_security_group.this["web"].
	Address string
	Mode    string // ModeManaged or ModeData
	Type    string // aws_s3_bucket
	Name    string // label: this
	// Module is the module path prefix ("" for the root module, "module.net" otherwise).
	Module string

	// Attrs holds the evaluated arguments. Values are JSON-like: string, bool, int64, float64, []any,
	// map[string]any, or nil. Nested blocks are always []any of map[string]any, even when only one
	// block may appear. A reference to another resource's id or arn evaluates to that resource's
	// address (module-qualified), so adapters can join blocks by reference. A JSON policy document the
	// Terraform reader could render only in part is its decoded object instead of the string, with its
	// unknown parts in Unknown below the attribute ("policy.Statement.0.Resource.0").
	Attrs map[string]any
	// Unknown lists dotted paths of attributes whose value is not known (list elements use their index:
	// "ingress.0.cidr_blocks"). The value at an unknown path is nil or absent.
	//
	// A list of nested blocks may be partly known: static blocks written next to a dynamic block of the
	// same type whose for_each is unknown. The list then holds the known blocks and the path one past
	// them (ingress.N, N the number of known blocks) is unknown: more blocks may follow (MayHoldMore).
	// Readers that cannot judge a list by its known elements close it first (CloseLists).
	Unknown []string
	// Sensitive lists the dotted paths whose value is sensitive (a `sensitive` variable or output,
	// sensitive(), a value the plan marks sensitive): each is also in Unknown, its value nil. Readers show
	// such a value as Redacted and judge it as unknown.
	Sensitive []string

	File      string // path relative to the root module (or the scan's FileCache base), forward slashes
	StartLine int
	EndLine   int

	// Region is the region of the provider configuration the block uses ("" when not known).
	Region string
	// DefaultTags are the provider's default_tags, merged under the block's own tags by adapters.
	DefaultTags map[string]string

	// Ignores are the `# vigil:ignore` comments written on this block (or on this instance of it).
	Ignores []inventory.Ignore
}

// IsUnknown reports whether path, or a parent of it, is unknown.
func (b *Block) IsUnknown(path string) bool { return within(b.Unknown, path) }

// IsSensitive reports whether path, or a parent of it, is sensitive.
func (b *Block) IsSensitive(path string) bool { return within(b.Sensitive, path) }

// within reports whether path is one of paths or below one.
func within(paths []string, path string) bool {
	for _, u := range paths {
		if u == path || (len(path) > len(u) && path[:len(u)] == u && path[len(u)] == '.') {
			return true
		}
	}
	return false
}

// MayHoldMore reports whether the list at path is partly known: its elements are known so far, and the
// index one past them is unknown, so more may follow.
func (b *Block) MayHoldMore(path string) bool {
	if b.IsUnknown(path) {
		return false
	}
	v, ok := inventory.ValueAt(b.Attrs, path)
	l, isList := v.([]any)
	return ok && isList && b.IsUnknown(path+"."+strconv.Itoa(len(l)))
}

// PartlyKnownLists returns the paths of b's partly known lists (see MayHoldMore), sorted.
func (b *Block) PartlyKnownLists() []string {
	var out []string
	for _, u := range b.Unknown {
		i := strings.LastIndexByte(u, '.')
		if i <= 0 {
			continue
		}
		if _, err := strconv.Atoi(u[i+1:]); err != nil {
			continue
		}
		if b.MayHoldMore(u[:i]) {
			out = append(out, u[:i])
		}
	}
	sort.Strings(out)
	return out
}

// CloseLists returns b with each partly known list for which keep is false made wholly unknown, as it
// was before its known blocks were kept: a reader that judges a list as a whole (every rule expires,
// no statement grants too much) must not judge only the blocks it sees. b is not changed; the result
// shares nothing it changes with b. keep may be nil.
func (b Block) CloseLists(keep func(path string) bool) Block {
	var closing []string
	for _, p := range b.PartlyKnownLists() {
		if keep == nil || !keep(p) {
			closing = append(closing, p)
		}
	}
	if len(closing) == 0 {
		return b
	}
	attrs, _ := inventory.CopyJSON(b.Attrs).(map[string]any)
	unknown := append([]string(nil), b.Unknown...)
	for _, p := range closing { // sorted: a parent list comes before the lists inside it
		if within(unknown, p) {
			continue // inside a list closed already
		}
		setNil(attrs, p)
		kept := unknown[:0]
		for _, u := range unknown {
			if !strings.HasPrefix(u, p+".") {
				kept = append(kept, u)
			}
		}
		unknown = append(kept, p)
	}
	sort.Strings(unknown)
	b.Attrs, b.Unknown = attrs, unknown
	return b
}

// setNil stores nil at a dotted path of JSON-like values whose parents exist.
func setNil(v any, path string) {
	segs := strings.Split(path, ".")
	for _, s := range segs[:len(segs)-1] {
		var ok bool
		if v, ok = inventory.Child(v, s); !ok {
			return
		}
	}
	last := segs[len(segs)-1]
	switch x := v.(type) {
	case map[string]any:
		x[last] = nil
	case []any:
		if i, err := strconv.Atoi(last); err == nil && i >= 0 && i < len(x) {
			x[i] = nil
		}
	}
}
