package terraform

import (
	"slices"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// isOverrideFile reports whether Terraform merges name into the other files of its folder rather than
// loading it beside them: override.tf, *_override.tf and their .tf.json forms.
func isOverrideFile(name string) bool {
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		name = name[i+1:]
	}
	base := strings.TrimSuffix(strings.TrimSuffix(name, ".json"), ".tf")
	return base == "override" || strings.HasSuffix(base, "_override")
}

// topBlock is one top-level block of a module folder, ready to decode: syn is its native-syntax body (nil
// for JSON), full its whole range.
type topBlock struct {
	b    *hcl.Block
	full hcl.Range
	syn  *hclsyntax.Body
}

// topBlocks returns the top-level blocks of a parsed file, in file order, and reports top-level arguments.
func (l *loader) topBlocks(pf parsedFile) []topBlock {
	var out []topBlock
	if syn, ok := pf.file.Body.(*hclsyntax.Body); ok {
		for name, a := range syn.Attributes {
			l.issue(CodeParse, a.SrcRange.Ptr(), "unexpected argument %q at the top level of the file", name)
		}
		for _, b := range syn.Blocks {
			out = append(out, topBlock{b: b.AsHCLBlock(), full: b.Range(), syn: b.Body})
		}
		return out
	}
	content, _, diags := pf.file.Body.PartialContent(fileSchema)
	l.diags(CodeParse, diags)
	for _, b := range content.Blocks {
		out = append(out, topBlock{b: b, full: b.DefRange})
	}
	return out
}

// applyOverride merges the blocks of an override file into blocks as Terraform does: a block replaces the
// arguments of the block of the same type and labels that it names, and its nested blocks of a type
// replace all the original's nested blocks of that type (dynamic ones included); each local value
// replaces the local of the same name. An override with nothing to override, and a merge involving JSON
// syntax (not modelled), are reported and not applied.
func (l *loader) applyOverride(blocks []topBlock, override []topBlock) {
	for _, o := range override {
		if _, known := labelCount[o.b.Type]; !known {
			continue // terraform, moved, import, check, removed: nothing vigil evaluates
		}
		if o.b.Type == "locals" {
			l.overrideLocals(blocks, o)
			continue
		}
		target := -1
		for i, t := range blocks {
			if t.b.Type == o.b.Type && slices.Equal(t.b.Labels, o.b.Labels) {
				target = i
				break
			}
		}
		switch {
		case target < 0:
			l.issue(CodeParse, o.b.DefRange.Ptr(), "override file: no %s %s to override", o.b.Type, strings.Join(quoted(o.b.Labels), " "))
		case o.syn == nil || blocks[target].syn == nil:
			l.issue(CodeParse, o.b.DefRange.Ptr(), "override file: merging JSON configuration is not supported; this override is not applied")
		default:
			t := blocks[target]
			merged := mergeBodies(t.syn, o.syn)
			hb := *t.b
			hb.Body = merged
			blocks[target] = topBlock{b: &hb, full: t.full, syn: merged}
		}
	}
}

// overrideLocals replaces, in the locals blocks of blocks, each local value the override block sets.
func (l *loader) overrideLocals(blocks []topBlock, o topBlock) {
	if o.syn == nil {
		l.issue(CodeParse, o.b.DefRange.Ptr(), "override file: merging JSON configuration is not supported; this override is not applied")
		return
	}
	for _, name := range sortedNames(o.syn.Attributes) {
		a := o.syn.Attributes[name]
		found := false
		for i, t := range blocks {
			if t.b.Type != "locals" || t.syn == nil || t.syn.Attributes[name] == nil {
				continue
			}
			merged := mergeBodies(t.syn, &hclsyntax.Body{Attributes: hclsyntax.Attributes{name: a}})
			hb := *t.b
			hb.Body = merged
			blocks[i] = topBlock{b: &hb, full: t.full, syn: merged}
			found = true
		}
		if !found {
			l.issue(CodeParse, a.SrcRange.Ptr(), "override file: no local value %q to override", name)
		}
	}
}

// mergeBodies returns a copy of base with the arguments of over replacing its own and the nested blocks
// of over replacing base's blocks of the same type.
func mergeBodies(base, over *hclsyntax.Body) *hclsyntax.Body {
	merged := *base
	merged.Attributes = make(hclsyntax.Attributes, len(base.Attributes)+len(over.Attributes))
	for k, v := range base.Attributes {
		merged.Attributes[k] = v
	}
	for k, v := range over.Attributes {
		merged.Attributes[k] = v
	}
	replaced := map[string]bool{}
	for _, b := range over.Blocks {
		replaced[nestedType(b)] = true
	}
	merged.Blocks = nil
	for _, b := range base.Blocks {
		if !replaced[nestedType(b)] {
			merged.Blocks = append(merged.Blocks, b)
		}
	}
	merged.Blocks = append(merged.Blocks, over.Blocks...)
	return &merged
}

// nestedType is the block type a nested block produces: a dynamic block's label.
func nestedType(b *hclsyntax.Block) string {
	if b.Type == "dynamic" && len(b.Labels) == 1 {
		return b.Labels[0]
	}
	return b.Type
}

func quoted(labels []string) []string {
	out := make([]string, len(labels))
	for i, s := range labels {
		out[i] = `"` + s + `"`
	}
	return out
}

func sortedNames(attrs hclsyntax.Attributes) []string {
	names := make([]string, 0, len(attrs))
	for n := range attrs {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
