package plan

import (
	"strings"

	"github.com/vigil-audit/vigil/scanners/iac"
)

// evalCtx is where an expression is evaluated: a module instance, and the instance key and for_each
// expression of the object that holds it (a resource, or a module call for its arguments).
type evalCtx struct {
	sc      *scope
	key     string // raw instance key: "[0]", `["web"]`, ""
	forEach *expression
}

// target is a resource instance whose id or arn an expression may evaluate to.
type target struct {
	addr string // absolute instance address
	attr string // "id" or "arn"; "" when the reference does not say (an index that is not a constant)
}

// refSet is what the references of one expression resolve to.
type refSet struct {
	targets []target
	// opaque: another reference may give the value and cannot be followed (a local value, a data
	// source, another attribute of a resource, ...).
	opaque bool
	// dup: a reference appears more than once: the value may combine several, as in "${x.arn}/*".
	dup bool
}

func (rs *refSet) add(o refSet) {
	for _, t := range o.targets {
		if !containsTarget(rs.targets, t) {
			rs.targets = append(rs.targets, t)
		}
	}
	rs.opaque = rs.opaque || o.opaque
	rs.dup = rs.dup || o.dup
}

func containsTarget(ts []target, t target) bool {
	for _, x := range ts {
		if x.addr == t.addr {
			return true
		}
	}
	return false
}

// fullRefs drops the shorter prefixes Terraform lists after each reference ("aws_x.y.arn", "aws_x.y"):
// an entry that begins the entry before it is one of them.
func fullRefs(refs []string) []string {
	var out []string
	prev := ""
	for _, r := range refs {
		if prev != "" && strings.HasPrefix(prev, r) && len(prev) > len(r) && (prev[len(r)] == '.' || prev[len(r)] == '[') {
			prev = r
			continue
		}
		out = append(out, r)
		prev = r
	}
	return out
}

// maxRefDepth bounds the chain of variables and outputs followed across modules, and maxRefSteps the
// references followed for one expression: a variable and an output can refer to each other across a
// module boundary, and each step may branch.
const (
	maxRefDepth = 64
	maxRefSteps = 512
)

// idAttr reports whether an attribute is one that references evaluate to the resource's address.
func idAttr(a string) bool { return a == "id" || a == "arn" }

// resolve follows the references of one expression in ctx to the resources whose id or arn it may
// evaluate to. via is an attribute read from the expression's value ("id" when a module output holds a
// whole resource and the caller reads module.m.out.id); "" when the value itself is wanted.
func (p *processor) resolve(ctx evalCtx, refs []string, depth int, via string) refSet {
	var rs refSet
	p.steps++
	if depth > maxRefDepth || ctx.sc == nil || p.steps > maxRefSteps {
		rs.opaque = true
		return rs
	}
	full := fullRefs(refs)
	seen := map[string]bool{}
	hasCount, hasEachKey := false, false
	for _, r := range full {
		if seen[r] {
			rs.dup = true
		}
		seen[r] = true
		hasCount = hasCount || r == "count.index"
		hasEachKey = hasEachKey || r == "each.key"
	}
	for _, r := range full {
		steps, ok := splitSteps(r)
		if !ok {
			rs.opaque = true
			continue
		}
		switch steps[0].name {
		case "count", "path", "terraform":
			// Known while planning.
		case "local", "self", "data":
			rs.opaque = true
		case "var":
			rs.add(p.resolveVar(ctx, steps, depth, via))
		case "each":
			rs.add(p.resolveEach(ctx, steps, via))
		case "module":
			rs.add(p.resolveOutput(ctx, steps, depth, via))
		default:
			rs.add(p.resolveResource(ctx, steps, via, hasCount, hasEachKey))
		}
	}
	return rs
}

// resolveVar follows var.name in a child module to the argument its call passes.
func (p *processor) resolveVar(ctx evalCtx, steps []step, depth int, via string) refSet {
	if len(steps) < 2 || steps[1].key != "" {
		return refSet{opaque: true}
	}
	if len(steps) > 2 {
		if via != "" || len(steps) > 3 || !idAttr(steps[2].name) {
			return refSet{opaque: true}
		}
		via = steps[2].name
	}
	sc := ctx.sc
	if sc.parent == nil {
		// A root variable has its value in the plan: it is known.
		if via != "" {
			return refSet{opaque: true}
		}
		return refSet{}
	}
	e, ok := asExpression(sc.call.Expressions[steps[1].name])
	if !ok {
		// Not passed: the variable's default, a constant.
		if via != "" {
			return refSet{opaque: true}
		}
		return refSet{}
	}
	return p.resolve(evalCtx{sc: sc.parent, key: sc.key, forEach: sc.call.ForEachExpression}, e.References, depth+1, via)
}

// resolveEach follows each.value.id (or .arn) when for_each iterates over the instances of one resource:
// each.value is then the instance with the same key.
func (p *processor) resolveEach(ctx evalCtx, steps []step, via string) refSet {
	if len(steps) < 2 || steps[1].name != "value" {
		return refSet{} // each.key: known
	}
	if ctx.forEach == nil || len(ctx.forEach.References) == 0 {
		return refSet{} // each.value of a constant collection: known
	}
	attr := via
	switch {
	case len(steps) == 3 && via == "" && steps[2].key == "":
		attr = steps[2].name
	case len(steps) != 2:
		return refSet{opaque: true}
	}
	fe := fullRefs(ctx.forEach.References)
	if !idAttr(attr) || len(fe) != 1 || ctx.key == "" {
		return refSet{opaque: true}
	}
	rsteps, ok := splitSteps(fe[0])
	if !ok || len(rsteps) != 2 || rsteps[1].key != "" || reservedRoot(rsteps[0].name) {
		return refSet{opaque: true}
	}
	addr := joinAddr(ctx.sc.addr, rsteps[0].name+"."+rsteps[1].name+ctx.key)
	if blk := p.b.byAddr[addr]; blk != nil && blk.Mode == iac.ModeManaged {
		return refSet{targets: []target{{addr: addr, attr: attr}}}
	}
	return refSet{opaque: true}
}

// resolveOutput follows module.name[key].output to the output's expression in the child module.
func (p *processor) resolveOutput(ctx evalCtx, steps []step, depth int, via string) refSet {
	if len(steps) < 3 || steps[0].key != "" || steps[2].key != "" {
		return refSet{opaque: true}
	}
	if len(steps) > 3 {
		if via != "" || len(steps) > 4 || !idAttr(steps[3].name) || steps[3].key != "" {
			return refSet{opaque: true}
		}
		via = steps[3].name
	}
	call, ok := ctx.sc.cfg.ModuleCalls[steps[1].name]
	if !ok || (steps[1].key == "" && (call.CountExpression != nil || call.ForEachExpression != nil)) {
		return refSet{opaque: true}
	}
	child := p.scope(joinAddr(ctx.sc.addr, "module."+steps[1].name+steps[1].key))
	if child == nil {
		return refSet{opaque: true}
	}
	out, ok := child.cfg.Outputs[steps[2].name]
	if !ok {
		return refSet{opaque: true}
	}
	return p.resolve(evalCtx{sc: child}, out.Expression.References, depth+1, via)
}

// resolveResource follows a reference to a managed resource: type.name[key].attr.
func (p *processor) resolveResource(ctx evalCtx, steps []step, via string, hasCount, hasEachKey bool) refSet {
	if len(steps) < 2 || steps[0].key != "" || reservedRoot(steps[0].name) {
		return refSet{opaque: true}
	}
	attr := ""
	if len(steps) > 2 {
		if len(steps) > 3 || steps[2].key != "" || via != "" {
			return refSet{opaque: true}
		}
		attr = steps[2].name
	} else {
		attr = via
	}
	rel := steps[0].name + "." + steps[1].name
	if attr != "" && !idAttr(attr) && !iac.IsJoinKey(steps[0].name, attr) {
		return refSet{opaque: true}
	}
	switch {
	case steps[1].key != "":
		if attr == "" {
			return refSet{opaque: true} // a whole instance object
		}
		return p.instanceTarget(joinAddr(ctx.sc.addr, rel+steps[1].key), attr)
	case attr != "":
		return p.instanceTarget(joinAddr(ctx.sc.addr, rel), attr)
	}
	// A reference without attribute: the index was not a constant (x[count.index].id lists only x),
	// or the whole object is used. The convention x[count.index] / x[each.key] selects the instance
	// with the referring object's own key; anything else cannot be told.
	insts := p.instances[instKey(ctx.sc.addr, iac.ModeManaged, steps[0].name, steps[1].name)]
	if ctx.key == "" || len(insts) == 0 {
		return refSet{opaque: true}
	}
	numeric := strings.HasPrefix(ctx.key, "[") && !strings.HasPrefix(ctx.key, `["`)
	if (numeric && !hasCount) || (!numeric && !hasEachKey) {
		return refSet{opaque: true}
	}
	return p.instanceTarget(joinAddr(ctx.sc.addr, rel+ctx.key), "")
}

func (p *processor) instanceTarget(addr, attr string) refSet {
	if blk := p.b.byAddr[addr]; blk != nil && blk.Mode == iac.ModeManaged {
		return refSet{targets: []target{{addr: addr, attr: attr}}}
	}
	return refSet{opaque: true}
}

// reservedRoot reports whether a reference's first name is not a resource type.
func reservedRoot(name string) bool {
	switch name {
	case "var", "local", "module", "each", "count", "path", "terraform", "self", "data":
		return true
	}
	return false
}
