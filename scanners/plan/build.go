package plan

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/vigil-audit/vigil/internal/parallel"
	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/scanners/iac"
)

// builder assembles the blocks of one plan.
type builder struct {
	name    string // the plan file, for issues
	doc     *planJSON
	res     *Result
	changes map[string]*resourceChange
	blocks  []*iac.Block
	byAddr  map[string]*iac.Block
	creates map[string]bool // addresses planned for creation (create or replace)
	// pending holds the blocks added whose values convert has yet to turn into attributes.
	pending []pendingBlock
}

func build(name string, doc *planJSON) *Result {
	b := &builder{
		name:    name,
		doc:     doc,
		res:     &Result{Actions: map[string][]string{}, TerraformVersion: doc.TerraformVersion},
		changes: map[string]*resourceChange{},
		byAddr:  map[string]*iac.Block{},
		creates: map[string]bool{},
	}
	for i := range doc.ResourceChanges {
		rc := &doc.ResourceChanges[i]
		if rc.Address == "" {
			b.issue("a resource change has no address; it is ignored")
			continue
		}
		if b.changes[rc.Address] != nil {
			// Terraform lists each instance once: a second change would decide by its order alone.
			b.issue(fmt.Sprintf("resource %s has more than one change; the plan is malformed", rc.Address))
			continue
		}
		b.changes[rc.Address] = rc
		b.res.Actions[rc.Address] = append([]string{}, rc.Change.Actions...)
		for _, a := range rc.Change.Actions {
			if a == "create" {
				b.creates[rc.Address] = true
			}
		}
	}
	if doc.PlannedValues != nil && doc.PlannedValues.RootModule != nil {
		b.module(doc.PlannedValues.RootModule, 0, nil)
	}
	// Data sources read while planning are in the prior state only.
	if doc.PriorState != nil && doc.PriorState.Values != nil && doc.PriorState.Values.RootModule != nil {
		b.module(doc.PriorState.Values.RootModule, 0, func(rv *resourceValues) bool { return rv.Mode == iac.ModeData })
	}
	// A change missing from planned_values (a hand-trimmed plan) still has its planned values.
	for i := range doc.ResourceChanges {
		rc := &doc.ResourceChanges[i]
		if rc.Address == "" || b.byAddr[rc.Address] != nil || onlyDelete(rc.Change.Actions) {
			continue
		}
		after, _ := rc.Change.After.(map[string]any)
		b.add(&resourceValues{Address: rc.Address, Mode: rc.Mode, Type: rc.Type, Name: rc.Name, Values: after})
	}
	b.planIssues()
	b.convert()

	newProcessor(b).run()

	sort.SliceStable(b.blocks, func(i, j int) bool { return naturalLess(b.blocks[i].Address, b.blocks[j].Address) })
	b.res.Blocks = make([]iac.Block, len(b.blocks))
	for i, blk := range b.blocks {
		sort.Strings(blk.Unknown)
		blk.Unknown = slices.Compact(blk.Unknown)
		if len(blk.Unknown) == 0 {
			blk.Unknown = nil
		}
		b.res.Blocks[i] = *blk
	}
	return b.res
}

// maxModuleDepth bounds the nesting of child_modules read, a guard against hostile input.
const maxModuleDepth = 64

// module adds the resources of a planned or prior module and its children; keep filters resources.
func (b *builder) module(m *moduleValues, depth int, keep func(*resourceValues) bool) {
	if depth > maxModuleDepth {
		b.issue(fmt.Sprintf("modules nested deeper than %d levels are not read", maxModuleDepth))
		return
	}
	for i := range m.Resources {
		rv := &m.Resources[i]
		if keep != nil && !keep(rv) {
			continue
		}
		if b.byAddr[rv.Address] != nil {
			// A data source read while planning is in planned_values and in the prior state alike; a
			// managed resource listed twice in planned_values would be judged by whichever came first.
			if keep == nil {
				b.issue(fmt.Sprintf("resource %s is listed more than once in planned_values; the plan is malformed", rv.Address))
			}
			continue
		}
		b.add(rv)
	}
	for i := range m.ChildModules {
		b.module(&m.ChildModules[i], depth+1, keep)
	}
}

// add turns one resource instance into a block with its unknown paths.
func (b *builder) add(rv *resourceValues) {
	a, mode, problem := blockOf(rv)
	if problem != "" {
		b.issue(problem)
		return
	}
	// The decoded values become the block's attributes in place (convert): nothing else reads them.
	attrs := rv.Values
	if attrs == nil {
		attrs = map[string]any{}
	}
	rv.Values = nil
	blk := &iac.Block{
		Address: rv.Address, Mode: mode, Type: a.typ, Name: a.name, Module: a.module,
		Attrs: attrs,
	}
	b.pending = append(b.pending, pendingBlock{blk: blk, sensitive: rv.SensitiveValues, change: b.changes[rv.Address]})
	b.blocks = append(b.blocks, blk)
	b.byAddr[blk.Address] = blk
}

// pendingBlock is a block whose attributes are still the decoded values, with what marks its paths
// unknown or sensitive.
type pendingBlock struct {
	blk       *iac.Block
	sensitive any
	change    *resourceChange // nil when the resource has no change
}

// finish converts the block's values (null members are dropped: not set, as the HCL reader leaves
// them out) and applies its unknown and sensitive paths. It touches nothing but the block.
func (p *pendingBlock) finish() {
	blk := p.blk
	convertInPlace(blk.Attrs, 0)
	var sensitive []string
	unknownPaths(p.sensitive, "", 0, &sensitive)
	if rc := p.change; rc != nil {
		unknownPaths(rc.Change.AfterUnknown, "", 0, &blk.Unknown)
		unknownPaths(rc.Change.AfterSensitive, "", 0, &sensitive)
	}
	redact(blk, sensitive)
}

// convert finishes the pending blocks, each on its own, on every core: the build is otherwise serial.
func (b *builder) convert() {
	_ = parallel.Each(len(b.pending), 256, func(lo, hi int) error {
		for i := lo; i < hi; i++ {
			b.pending[i].finish()
		}
		return nil
	})
	b.pending = nil
}

// blockOf reads the address and mode of the block add makes of rv; problem says why add ignores it.
func blockOf(rv *resourceValues) (a address, mode, problem string) {
	a, ok := parseAddress(rv.Address)
	if !ok {
		return a, "", fmt.Sprintf("resource address %q cannot be read; the resource is ignored", rv.Address)
	}
	mode = rv.Mode
	if mode == "" {
		mode = a.mode
	}
	if mode != iac.ModeManaged && mode != iac.ModeData {
		return a, mode, fmt.Sprintf("resource %s has mode %q; it is ignored", rv.Address, mode)
	}
	return a, mode, ""
}

// redact removes the values at the sensitive paths (a plan holds them in clear): each becomes nil, unknown
// and listed in blk.Sensitive, as the HCL reader treats a sensitive value. Reports show iac.Redacted.
func redact(blk *iac.Block, paths []string) {
	if len(paths) == 0 {
		return
	}
	sort.Strings(paths)
	paths = slices.Compact(paths)
	for _, p := range paths {
		if _, ok := getPath(blk.Attrs, p); !ok {
			continue // not set: nothing to hide
		}
		setPath(blk.Attrs, p, nil)
		blk.Sensitive = append(blk.Sensitive, p)
		if !hasUnknown(blk, p) {
			blk.Unknown = append(blk.Unknown, p)
		}
	}
}

// planIssues records what makes the plan itself incomplete.
func (b *builder) planIssues() {
	d := b.doc
	if d.Errored {
		b.issue("the plan errored: Terraform could not plan every change, so resources may be missing or incomplete")
	}
	if d.Complete != nil && !*d.Complete {
		b.issue("the plan is not complete (complete: false): more changes will follow once it is applied")
	}
	for _, dc := range d.DeferredChanges {
		b.issue(fmt.Sprintf("change of %s deferred (%s): it is not in the plan", dc.ResourceChange.Address, dc.Reason))
	}
	if d.Configuration == nil || d.Configuration.RootModule == nil {
		b.issue("the plan has no configuration: references cannot be followed and computed attributes are kept as planned")
	}
}

func (b *builder) issue(msg string) {
	b.res.Issues = append(b.res.Issues, inventory.Issue{Code: CodePlan, Message: msg, File: b.name})
}

func onlyDelete(actions []string) bool {
	return len(actions) == 1 && actions[0] == "delete"
}

// maxValueDepth bounds the nesting of values converted (JSON decoding already bounds it; this keeps the
// reader's own recursion independent of that limit).
const maxValueDepth = 10000

// convert turns a decoded JSON value into the Block attribute form: numbers become int64 when whole
// (and in range) and float64 otherwise; null object members are left out, null list elements kept.
func convert(v any, depth int) any {
	if depth > maxValueDepth {
		return nil
	}
	switch x := v.(type) {
	case json.Number:
		return number(x)
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			if e == nil {
				continue
			}
			out[k] = convert(e, depth+1)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = convert(e, depth+1)
		}
		return out
	}
	return v
}

// convertInPlace is convert for a value no one else holds: maps and lists are changed rather than copied.
func convertInPlace(v any, depth int) any {
	if depth > maxValueDepth {
		return nil
	}
	switch x := v.(type) {
	case json.Number:
		return number(x)
	case map[string]any:
		for k, e := range x {
			if e == nil {
				delete(x, k)
				continue
			}
			x[k] = convertInPlace(e, depth+1)
		}
		return x
	case []any:
		for i, e := range x {
			x[i] = convertInPlace(e, depth+1)
		}
		return x
	}
	return v
}

// number converts a JSON number. A number too large for float64 keeps its text: any other form would
// change its value.
func number(n json.Number) any {
	s := n.String()
	if i, err := strconv.ParseInt(s, 10, 64); err == nil {
		return i
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(f, 0) {
		return s
	}
	if f == math.Trunc(f) && math.Abs(f) < 1<<63 {
		return int64(f)
	}
	return f
}

// unknownPaths appends the dotted paths where after_unknown is true. Objects and arrays mirror the value.
func unknownPaths(au any, path string, depth int, out *[]string) {
	if depth > maxValueDepth {
		return
	}
	switch x := au.(type) {
	case pathList:
		for _, p := range x {
			*out = append(*out, joinPath(path, p))
		}
	case bool:
		if x && path != "" {
			*out = append(*out, path)
		}
	case map[string]any:
		for k, v := range x {
			unknownPaths(v, joinPath(path, k), depth+1, out)
		}
	case []any:
		for i, v := range x {
			unknownPaths(v, joinPath(path, strconv.Itoa(i)), depth+1, out)
		}
	}
}

// pathList is a mirror value (after_unknown, after_sensitive, sensitive_values) already reduced to its
// paths, so that the stream does not hold the mirror trees of every resource until the blocks are built.
type pathList []string

func compactPaths(mirror any) any {
	var paths []string
	unknownPaths(mirror, "", 0, &paths)
	return pathList(paths)
}

func joinPath(path, seg string) string {
	if path == "" {
		return seg
	}
	return path + "." + seg
}

// getPath returns the value at a dotted path of attrs.
func getPath(attrs map[string]any, path string) (any, bool) { return inventory.ValueAt(attrs, path) }

// setPath stores v at a dotted path whose parent exists (an object member or a list element).
func setPath(attrs map[string]any, path string, v any) bool {
	parent, last := "", path
	if i := strings.LastIndexByte(path, '.'); i >= 0 {
		parent, last = path[:i], path[i+1:]
	}
	var p any = attrs
	if parent != "" {
		var ok bool
		if p, ok = getPath(attrs, parent); !ok {
			return false
		}
	}
	switch c := p.(type) {
	case map[string]any:
		c[last] = v
		return true
	case []any:
		i, err := strconv.Atoi(last)
		if err != nil || i < 0 || i >= len(c) {
			return false
		}
		c[i] = v
		return true
	}
	return false
}

// removeUnknown deletes path, and every path under it when under is set, from blk.Unknown.
func removeUnknown(blk *iac.Block, path string, under bool) {
	out := blk.Unknown[:0]
	for _, u := range blk.Unknown {
		if u == path || (under && strings.HasPrefix(u, path+".")) {
			continue
		}
		out = append(out, u)
	}
	blk.Unknown = out
}

func hasUnknown(blk *iac.Block, path string) bool {
	for _, u := range blk.Unknown {
		if u == path {
			return true
		}
	}
	return false
}
