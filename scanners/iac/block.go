// Package iac holds the evaluated form of Terraform resource blocks: the seam between the readers of
// Terraform (scanners/terraform for HCL, and the plan JSON reader) and the AWS adapters
// (scanners/iac/aws) that join and map blocks into canonical inventory resources. Both readers produce
// Blocks, so there is one set of joins to test.
package iac

import "github.com/vigil-audit/vigil/inventory"

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
