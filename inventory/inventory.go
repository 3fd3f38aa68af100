// Package inventory is the canonical, source-agnostic model of the configuration vigil audits
// (schema vigil.inventory/v1). Scanners (scanners/...) produce it; the engine evaluates policies over it.
// It is a leaf package: of vigil it imports only internal/docschema, which applies its JSON Schema
// (schema/inventory.schema.json, published as docs/schemas/inventory.schema.json).
package inventory

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
)

// SchemaVersion identifies the JSON document layout. Bump it on any incompatible change.
const SchemaVersion = "vigil.inventory/v1"

// Source kinds.
const (
	SourceTerraform = "terraform"
	SourcePlan      = "terraform-plan"
	SourceAWS       = "aws"
)

// Inventory is what every scanner produces: resources plus a record of how complete the collection was.
type Inventory struct {
	Schema string `json:"schema"`
	// GeneratedAt is set for live collections; Terraform scans leave it empty so output stays reproducible.
	GeneratedAt *time.Time `json:"generated_at,omitempty"`
	Sources     []Source   `json:"sources"`
	Resources   []Resource `json:"resources"`
}

// Source describes one input that was scanned (a Terraform root module, a plan file, an account/region) and
// everything that went wrong while reading it. Errors are kept, never dropped: a source with errors is incomplete.
type Source struct {
	Kind string `json:"kind"`
	// Path is the root module directory or file for IaC; for live sources it is "account/region".
	Path   string  `json:"path"`
	Files  int     `json:"files,omitempty"`
	Errors []Issue `json:"errors,omitempty"`
	// Warnings are problems that leave the source complete: what they concern is unknown, and the
	// results that depend on it say so (a Terraform file function refused a path outside the scan).
	Warnings []Issue `json:"warnings,omitempty"`
	// Gaps are parts of the source that were not evaluated because the user's configuration accepts it
	// (a Terraform registry module that terraform init has not installed, with uninstalled_modules = "gap"
	// in vigil.hcl). They do not make the source incomplete, but nothing in them was checked: reports list
	// them, and no result stands for what they hold.
	Gaps  []Issue  `json:"gaps,omitempty"`
	Notes []string `json:"notes,omitempty"`
	// UnattachedIgnores are inline `# vigil:ignore` waivers found in the source that apply to no resource
	// (above a variable block, an instance key no instance has, a resource type no rule reads). Each is
	// also a warning saying why; the engine checks their rule ids like any waiver and lists them as unused.
	UnattachedIgnores []Ignore `json:"unattached_ignores,omitempty"`
}

// Complete reports whether the source was read without any error. Gaps do not count: the user accepted them.
func (s Source) Complete() bool { return len(s.Errors) == 0 }

// Issue is a problem met while reading a source: a parse error with its position, or a failed API call.
type Issue struct {
	// Code classifies the problem: "parse", "eval", "unreadable", "AccessDenied", "Throttling", ...
	Code    string `json:"code"`
	Message string `json:"message"`
	File    string `json:"file,omitempty"`
	Line    int    `json:"line,omitempty"`
	Column  int    `json:"column,omitempty"`
	Service string `json:"service,omitempty"`
	API     string `json:"api,omitempty"`
	Region  string `json:"region,omitempty"`
	// Omitted is, on an issue of code CodeOmitted, how many issues a cap left out (see CapIssues).
	Omitted int `json:"omitted,omitempty"`
}

// String renders the issue the way compilers do: "path:line:col: message".
func (i Issue) String() string {
	switch {
	case i.Code == CodeOmitted:
		return i.Message // names its file itself: "and 12 more in x.tf"
	case i.File != "" && i.Line > 0 && i.Column > 0:
		return fmt.Sprintf("%s:%d:%d: %s", i.File, i.Line, i.Column, i.Message)
	case i.File != "" && i.Line > 0:
		return fmt.Sprintf("%s:%d: %s", i.File, i.Line, i.Message)
	case i.File != "":
		return fmt.Sprintf("%s: %s", i.File, i.Message)
	case i.API != "":
		return fmt.Sprintf("%s %s (%s): %s: %s", i.Service, i.API, i.Region, i.Code, i.Message)
	default:
		return i.Message
	}
}

// Resource is one canonical resource. Attributes use the canonical names documented in docs/inventory.md.
type Resource struct {
	// ID is the ARN for live resources and the module-qualified address for Terraform
	// (module.net.aws_security_group.web["a"]).
	ID         string            `json:"id"`
	Type       string            `json:"type"`
	Name       string            `json:"name"`
	Account    string            `json:"account,omitempty"`
	Region     string            `json:"region,omitempty"`
	Tags       map[string]string `json:"tags"`
	Attributes map[string]any    `json:"attributes"`
	Source     Location          `json:"source"`
	// Unknown lists attribute paths (dotted, e.g. "encryption.kms_key_id") whose value cannot be known:
	// a variable without a value, a value computed at apply time, an API call that was denied.
	// An unknown path's value in Attributes is null or absent.
	Unknown []string `json:"unknown"`
	// Ignores are waivers written in the source next to the resource (`# vigil:ignore RULE reason`).
	Ignores []Ignore `json:"ignores,omitempty"`
}

// Ignore is an inline waiver found in the source of a resource.
type Ignore struct {
	Rule   string `json:"rule"`
	Reason string `json:"reason"`
	// Expires is the last day it applies, YYYY-MM-DD; empty never expires.
	Expires string `json:"expires,omitempty"`
	File    string `json:"file"`
	Line    int    `json:"line"`
}

// Location is where a resource came from.
type Location struct {
	Kind      string `json:"kind"`
	File      string `json:"file,omitempty"`
	StartLine int    `json:"start_line,omitempty"`
	EndLine   int    `json:"end_line,omitempty"`
	// Address is the Terraform address of the block that declared the resource.
	Address string `json:"address,omitempty"`
	// Related lists the addresses of other blocks joined into this resource (aws_s3_bucket_versioning.x, ...).
	Related     []string   `json:"related,omitempty"`
	API         string     `json:"api,omitempty"`
	CollectedAt *time.Time `json:"collected_at,omitempty"`
}

// String renders "file:start-end", "file:line" or the API name.
func (l Location) String() string {
	switch {
	case l.File != "" && l.EndLine > l.StartLine:
		return fmt.Sprintf("%s:%d-%d", l.File, l.StartLine, l.EndLine)
	case l.File != "" && l.StartLine > 0:
		return fmt.Sprintf("%s:%d", l.File, l.StartLine)
	case l.File != "":
		return l.File
	default:
		return l.API
	}
}

// Short is where a person goes to fix what the location declares: "file:line" for code (the first line
// of the block, which editors and terminals open), the Terraform address when there is no file (a plan
// read without its configuration), the API name for live resources.
func (l Location) Short() string {
	switch {
	case l.File != "" && l.StartLine > 0:
		return fmt.Sprintf("%s:%d", l.File, l.StartLine)
	case l.File != "":
		return l.File
	case l.Address != "":
		return l.Address
	default:
		return l.API
	}
}

// IsUnknown reports whether the attribute path, or any parent of it, is unknown.
func (r *Resource) IsUnknown(path string) bool {
	for _, u := range r.Unknown {
		if u == path || strings.HasPrefix(path, u+".") {
			return true
		}
	}
	return false
}

// MarkUnknown records path as unknown, unless it or a parent already is.
func (r *Resource) MarkUnknown(path string) {
	if !r.IsUnknown(path) {
		r.Unknown = append(r.Unknown, path)
	}
}

// New returns an empty inventory of the current schema.
func New() *Inventory {
	return &Inventory{Schema: SchemaVersion, Sources: []Source{}, Resources: []Resource{}}
}

// Complete reports whether every source was read without error.
func (inv *Inventory) Complete() bool {
	for _, s := range inv.Sources {
		if !s.Complete() {
			return false
		}
	}
	return true
}

// Normalize sorts resources by ID and unknown paths, replaces nil maps and slices with empty ones,
// so the JSON encoding of an inventory is deterministic, and caps the issues listed (CapIssues).
func (inv *Inventory) Normalize() {
	if inv.Sources == nil {
		inv.Sources = []Source{}
	}
	CapIssues(inv.Sources)
	if inv.Resources == nil {
		inv.Resources = []Resource{}
	}
	for i := range inv.Resources {
		r := &inv.Resources[i]
		if r.Tags == nil {
			r.Tags = map[string]string{}
		}
		if r.Attributes == nil {
			r.Attributes = map[string]any{}
		}
		if r.Unknown == nil {
			r.Unknown = []string{}
		}
		sort.Strings(r.Unknown)
	}
	less := func(a, b int) bool {
		// By pointer: a Resource is a few hundred bytes, and a sort compares n log n pairs.
		ra, rb := &inv.Resources[a], &inv.Resources[b]
		if ra.ID != rb.ID {
			return ra.ID < rb.ID
		}
		return ra.Type < rb.Type
	}
	if !sort.SliceIsSorted(inv.Resources, less) {
		sort.SliceStable(inv.Resources, less)
	}
}

// ByType groups resources by canonical type, keeping the inventory order.
func (inv *Inventory) ByType() map[string][]*Resource {
	out := map[string][]*Resource{}
	for i := range inv.Resources {
		r := &inv.Resources[i]
		out[r.Type] = append(out[r.Type], r)
	}
	return out
}

// Write encodes the inventory as indented JSON.
func (inv *Inventory) Write(w io.Writer) error {
	inv.Normalize()
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(inv); err != nil {
		return fmt.Errorf("encode inventory: %w", err)
	}
	return nil
}

// Read decodes an inventory document, validating it as ReadNamed does.
func Read(r io.Reader) (*Inventory, error) {
	return ReadNamed(r, "inventory")
}
