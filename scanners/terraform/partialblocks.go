package terraform

import (
	"strconv"
	"strings"

	"github.com/zclconf/go-cty/cty"
)

// Partly known nested block lists.
//
// Static blocks written next to a dynamic block of the same type whose for_each is unknown
// (`ingress { ... }` and `dynamic "ingress" { for_each = var.rules ... }`) are known; only the blocks
// the dynamic one adds are not. Terraform makes the whole list unknown, and so do references to it here.
// The resource's own arguments keep what is known: the list is an unknown value marked with its known
// blocks, and attrsToGo writes those blocks with the path one past them unknown (ingress.N), which is
// how an iac.Block says that more may follow. A security group with a static rule open to the internet
// then fails whatever the dynamic rules add.

// partialBlocks is the known part of a nested block list that may hold more blocks.
type partialBlocks struct {
	known []cty.Value
}

// markPartialBlocks returns an unknown value marked with the known blocks of a list.
func markPartialBlocks(known []cty.Value) cty.Value {
	return cty.DynamicVal.Mark(&partialBlocks{known: known})
}

// partialBlocksOf returns the known blocks v stands for: v must be unknown and carry exactly one
// partialBlocks mark.
func partialBlocksOf(v cty.Value) *partialBlocks {
	if v.IsKnown() || !v.IsMarked() {
		return nil
	}
	var pb *partialBlocks
	for m := range v.Marks() {
		p, ok := m.(*partialBlocks)
		if !ok {
			continue
		}
		if pb != nil {
			return nil
		}
		pb = p
	}
	return pb
}

// partialBlocksToGo converts the known blocks of a partly known list at c.path and records the path one
// past them as unknown.
func (c *goConverter) partialBlocksToGo(pb *partialBlocks) []any {
	out := make([]any, 0, len(pb.known))
	for i, ev := range pb.known {
		c.path = append(c.path, strconv.Itoa(i))
		out = append(out, c.toGo(ev))
		c.path = c.path[:len(c.path)-1]
	}
	c.unknown = append(c.unknown, strings.Join(c.path, ".")+"."+strconv.Itoa(len(pb.known)))
	return out
}

// dropPartialBlocks removes the partialBlocks marks from the values of attrs, keeping every other mark:
// what references see of a partly known list is unknown.
func dropPartialBlocks(attrs map[string]cty.Value) {
	for k, v := range attrs {
		if !containsMarks(v) {
			continue
		}
		u, pvm := v.UnmarkDeepWithPaths()
		var keep []cty.PathValueMarks
		for _, pm := range pvm {
			marks := cty.ValueMarks{}
			for m := range pm.Marks {
				if _, ok := m.(*partialBlocks); !ok {
					marks[m] = struct{}{}
				}
			}
			if len(marks) > 0 {
				keep = append(keep, cty.PathValueMarks{Path: pm.Path, Marks: marks})
			}
		}
		if len(keep) > 0 {
			u = u.MarkWithPaths(keep)
		}
		attrs[k] = u
	}
}
