package plan

import (
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/scanners/iac"
)

// processor applies the configuration to the blocks: it resolves references, drops the computed
// attributes the configuration leaves out, and sets each block's region and default tags.
type processor struct {
	b      *builder
	cfg    *configJSON
	root   *scope
	scopes map[string]*scope
	// instances maps a resource's module instance and module-relative address without key
	// ("module.a[0]|aws_x.y") to its instance blocks.
	instances map[string][]*iac.Block
	// tagIssue remembers the provider configurations whose default tags were reported unknown.
	tagIssue map[string]bool
	// derived holds, per provider configuration, the default tags read back from tags_all.
	derived map[string]map[string]string
	// steps counts the references followed for the expression being resolved (see maxRefSteps).
	steps int
}

// scope is one module instance of the configuration.
type scope struct {
	addr   string // module instance address: "", "module.a[0]"
	path   string // module path without keys: "", "module.a"
	cfg    *configModule
	parent *scope
	call   *moduleCall // the call in parent that created this instance
	key    string      // this instance's key in call ("[0]", `["a"]`, "")
	// resources indexes the module's configuration resources by module-relative address, built on first use.
	resources map[string]*configResource
}

func newProcessor(b *builder) *processor {
	p := &processor{b: b, cfg: b.doc.Configuration, scopes: map[string]*scope{},
		instances: map[string][]*iac.Block{}, tagIssue: map[string]bool{}}
	if p.cfg != nil && p.cfg.RootModule != nil {
		p.root = &scope{cfg: p.cfg.RootModule}
		p.scopes[""] = p.root
	}
	for _, blk := range b.blocks {
		if a, ok := parseAddress(blk.Address); ok {
			k := instKey(a.module, a.mode, a.typ, a.name)
			p.instances[k] = append(p.instances[k], blk)
		}
	}
	return p
}

func instKey(module, mode, typ, name string) string {
	rel := typ + "." + name
	if mode == iac.ModeData {
		rel = "data." + rel
	}
	return module + "|" + rel
}

func (p *processor) run() {
	for _, blk := range p.b.blocks {
		a, _ := parseAddress(blk.Address)
		sc := p.scope(a.module)
		var cr *configResource
		if sc != nil {
			cr = sc.resource(a)
		}
		p.provider(blk, sc, cr)
		if cr == nil {
			continue
		}
		ctx := evalCtx{sc: sc, key: a.key, forEach: cr.ForEachExpression}
		p.configOnly(blk, cr)
		p.walk(blk, ctx, map[string]any(cr.Expressions), "")
		p.dropComputed(blk, cr)
	}
}

// scope returns the configuration scope of a module instance address, nil when the configuration does
// not declare it.
func (p *processor) scope(addr string) *scope {
	if p.root == nil {
		return nil
	}
	if sc, ok := p.scopes[addr]; ok {
		return sc
	}
	steps, ok := splitSteps(addr)
	if !ok || len(steps)%2 != 0 {
		p.scopes[addr] = nil
		return nil
	}
	cur := p.root
	for i := 0; i < len(steps); i += 2 {
		if steps[i].name != "module" || steps[i].key != "" {
			cur = nil
			break
		}
		next, ok := p.scopes[joinSteps(steps[:i+2])]
		if !ok {
			call, found := cur.cfg.ModuleCalls[steps[i+1].name]
			if !found || call.Module == nil {
				next = nil
			} else {
				c := call
				next = &scope{addr: joinSteps(steps[:i+2]), path: joinAddr(cur.path, "module."+steps[i+1].name),
					cfg: c.Module, parent: cur, call: &c, key: steps[i+1].key}
			}
			p.scopes[joinSteps(steps[:i+2])] = next
		}
		if next == nil {
			cur = nil
			break
		}
		cur = next
	}
	p.scopes[addr] = cur
	return cur
}

// resource returns the configuration of the resource a (in this scope's module), nil when there is none.
func (sc *scope) resource(a address) *configResource {
	if sc.resources == nil {
		sc.resources = make(map[string]*configResource, len(sc.cfg.Resources))
		for i := range sc.cfg.Resources {
			r := &sc.cfg.Resources[i]
			rel := r.Address
			if rel == "" {
				rel = r.Type + "." + r.Name
				if r.Mode == iac.ModeData {
					rel = "data." + rel
				}
			}
			if _, dup := sc.resources[rel]; !dup {
				sc.resources[rel] = r
			}
		}
	}
	rel := a.typ + "." + a.name
	if a.mode == iac.ModeData {
		rel = "data." + rel
	}
	return sc.resources[rel]
}

// configOnly drops the attributes listed in configOnly that the configuration does not set. The
// configuration JSON leaves dynamic blocks out, so a known, non-empty list of nested blocks of a resource
// being created is kept: nothing but the configuration can have set it before the resource exists.
func (p *processor) configOnly(blk *iac.Block, cr *configResource) {
	for _, attr := range configOnly[blk.Type] {
		if configured(cr.Expressions, attr, blk.Attrs) {
			continue
		}
		if l, ok := blk.Attrs[attr].([]any); ok && len(l) > 0 && p.b.creates[blk.Address] && !hasUnknownUnder(blk, attr) {
			continue
		}
		delete(blk.Attrs, attr)
		removeUnknown(blk, attr, true)
	}
}

// dropComputed removes the unknown paths listed in computedDefaults that the configuration does not set.
func (p *processor) dropComputed(blk *iac.Block, cr *configResource) {
	pats := computedFor(blk.Type)
	var drop []string
	for _, u := range blk.Unknown {
		if coveredBy(pats, u) && !configured(cr.Expressions, u, blk.Attrs) {
			drop = append(drop, u)
		}
	}
	for _, u := range drop {
		removeUnknown(blk, u, false)
	}
}

func hasUnknownUnder(blk *iac.Block, attr string) bool {
	for _, u := range blk.Unknown {
		if u == attr || strings.HasPrefix(u, attr+".") {
			return true
		}
	}
	return false
}

// configured reports whether the expressions set the value at a dotted path of attrs. Below a list of
// nested blocks it looks in the blocks that may have produced the element (see matchBlocks).
func configured(exprs map[string]any, path string, attrs map[string]any) bool {
	segs := strings.Split(path, ".")
	return configuredAt(exprs, segs, attrs, 0)
}

func configuredAt(node any, segs []string, val any, depth int) bool {
	if depth > maxValueDepth {
		return false
	}
	if _, ok := asExpression(node); ok {
		return true // an argument: everything below it is its value
	}
	if len(segs) == 0 {
		return node != nil
	}
	switch n := node.(type) {
	case map[string]any:
		child, ok := n[segs[0]]
		if !ok {
			return false
		}
		return configuredAt(child, segs[1:], member(val, segs[0]), depth+1)
	case []any:
		elem := member(val, segs[0])
		for _, blk := range matchBlocks(n, elem) {
			if configuredAt(blk, segs[1:], elem, depth+1) {
				return true
			}
		}
	}
	return false
}

// member returns the object member or list element seg of v, nil when there is none.
func member(v any, seg string) any {
	switch x := v.(type) {
	case map[string]any:
		return x[seg]
	case []any:
		i, err := strconv.Atoi(seg)
		if err == nil && i >= 0 && i < len(x) {
			return x[i]
		}
	}
	return nil
}

// matchBlocks returns the nested block expressions that may have produced the value elem: those whose
// constant arguments equal elem's. Sets are not ordered as written, so position cannot tell. When none
// matches, every block may have.
func matchBlocks(blocks []any, elem any) []map[string]any {
	var all, match []map[string]any
	em, _ := elem.(map[string]any)
	for _, b := range blocks {
		bm, ok := b.(map[string]any)
		if !ok {
			continue
		}
		all = append(all, bm)
		if em != nil && consistent(bm, em) {
			match = append(match, bm)
		}
	}
	if len(match) == 0 {
		return all
	}
	return match
}

// consistent reports whether every scalar constant argument of a block expression equals the value's.
func consistent(blk, val map[string]any) bool {
	for k, e := range blk {
		ex, ok := asExpression(e)
		if !ok || !ex.HasConstant || len(ex.References) > 0 {
			continue
		}
		c := convert(ex.ConstantValue, 0)
		v, present := val[k]
		if !scalar(c) || !present || !scalar(v) {
			continue
		}
		if !reflect.DeepEqual(c, v) {
			return false
		}
	}
	return true
}

func scalar(v any) bool {
	switch v.(type) {
	case string, bool, int64, float64:
		return true
	}
	return false
}

// mergeBlocks returns one block expression holding the arguments on which all candidates agree.
func mergeBlocks(cands []map[string]any) map[string]any {
	if len(cands) == 1 {
		return cands[0]
	}
	out := map[string]any{}
	if len(cands) == 0 {
		return out
	}
	for k, v := range cands[0] {
		same := true
		for _, c := range cands[1:] {
			if !reflect.DeepEqual(c[k], v) {
				same = false
				break
			}
		}
		if same {
			out[k] = v
		}
	}
	return out
}

// walk visits the expressions of a block alongside its values and resolves every argument that holds
// references.
func (p *processor) walk(blk *iac.Block, ctx evalCtx, node any, path string) {
	if e, ok := asExpression(node); ok {
		if path != "" {
			p.resolveAt(blk, ctx, e, path)
		}
		return
	}
	switch n := node.(type) {
	case map[string]any:
		keys := make([]string, 0, len(n))
		for k := range n {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			p.walk(blk, ctx, n[k], joinPath(path, k))
		}
	case []any:
		v, _ := getPath(blk.Attrs, path)
		list, ok := v.([]any)
		if !ok {
			return
		}
		for i, elem := range list {
			p.walk(blk, ctx, mergeBlocks(matchBlocks(n, elem)), joinPath(path, strconv.Itoa(i)))
		}
	}
}

// resolveAt replaces the value at path, set by expression e, with the address of the resource whose id
// or arn it is (docs/plan.md, "References").
func (p *processor) resolveAt(blk *iac.Block, ctx evalCtx, e expression, path string) {
	if len(e.References) == 0 {
		return
	}
	p.steps = 0
	rs := p.resolve(ctx, e.References, 0, "")
	if len(rs.targets) == 0 {
		return
	}
	if hasUnknown(blk, path) {
		// Unknown object members are left out of the planned values: setPath adds them back.
		if t, ok := p.single(rs); ok && setPath(blk.Attrs, path, t.addr) {
			removeUnknown(blk, path, false)
		}
		return
	}
	v, ok := getPath(blk.Attrs, path)
	if !ok {
		return
	}
	// A known name stays the name: only an unknown one is replaced by its resource's address.
	known := knownTargets(rs.targets)
	switch x := v.(type) {
	case string:
		if t, ok := p.matchKnown(known, x); ok {
			setPath(blk.Attrs, path, t.addr)
		}
	case []any:
		remaining := append([]target{}, rs.targets...)
		for i, el := range x {
			s, ok := el.(string)
			if !ok {
				continue
			}
			if t, ok := p.matchKnown(knownTargets(remaining), s); ok {
				x[i] = t.addr
				remaining = without(remaining, t)
			} else if t, ok := p.matchKnown(remaining, s); ok {
				remaining = without(remaining, t) // a known name: kept, and not a candidate for an unknown element
			}
		}
		var unk []int
		for i := range x {
			if hasUnknown(blk, path+"."+strconv.Itoa(i)) {
				unk = append(unk, i)
			}
		}
		if len(unk) == 0 || rs.opaque || rs.dup {
			return
		}
		var cands []target
		for _, t := range remaining {
			if p.targetUnknown(t) {
				cands = append(cands, t)
			}
		}
		if len(cands) != len(unk) {
			return
		}
		for j, i := range unk {
			x[i] = cands[j].addr
			removeUnknown(blk, path+"."+strconv.Itoa(i), false)
		}
	}
}

// single returns the one target an unknown value can be: the expression references exactly one
// resource id or arn, nothing else that could give the value, and that id or arn is itself unknown.
func (p *processor) single(rs refSet) (target, bool) {
	if rs.opaque || rs.dup || len(rs.targets) != 1 {
		return target{}, false
	}
	t := rs.targets[0]
	return t, p.targetUnknown(t)
}

// targetUnknown reports whether the id or arn a target stands for is unknown in the plan.
func (p *processor) targetUnknown(t target) bool {
	blk := p.b.byAddr[t.addr]
	if blk == nil {
		return false
	}
	if t.attr != "" {
		if blk.IsUnknown(t.attr) {
			return true
		}
		// A name the provider computes is dropped from the block when the configuration leaves it out
		// (computedDefaults, name_prefix): it is unknown all the same.
		return iac.IsJoinKey(blk.Type, t.attr) && blk.Attrs[t.attr] == nil
	}
	return blk.IsUnknown("id") || blk.IsUnknown("arn")
}

// matchKnown returns the target whose planned id or arn equals s.
func (p *processor) matchKnown(ts []target, s string) (target, bool) {
	if s == "" {
		return target{}, false
	}
	for _, t := range ts {
		blk := p.b.byAddr[t.addr]
		if blk == nil {
			continue
		}
		attrs := []string{"id", "arn"}
		if t.attr != "" {
			attrs = []string{t.attr}
		}
		for _, a := range attrs {
			if v, ok := blk.Attrs[a].(string); ok && v == s && !blk.IsUnknown(a) {
				return t, true
			}
		}
	}
	return target{}, false
}

// knownTargets drops the targets that stand for a join key (a name, iac.JoinKeys): a known name is kept
// as written, so only the targets of id and arn references replace a known value.
func knownTargets(ts []target) []target {
	out := make([]target, 0, len(ts))
	for _, t := range ts {
		if t.attr == "" || idAttr(t.attr) {
			out = append(out, t)
		}
	}
	return out
}

func without(ts []target, t target) []target {
	out := make([]target, 0, len(ts))
	removed := false
	for _, x := range ts {
		if !removed && x == t {
			removed = true
			continue
		}
		out = append(out, x)
	}
	return out
}

// provider sets the block's region and default tags from the provider configuration it uses.
func (p *processor) provider(blk *iac.Block, sc *scope, cr *configResource) {
	key := providerKeyOf(blk, cr)
	var pc *providerConfig
	if cr != nil && p.cfg != nil {
		key, pc = p.providerConfig(key)
	}
	if pc != nil {
		pcScope := sc
		for pcScope != nil && pcScope.path != pc.ModuleAddress {
			pcScope = pcScope.parent
		}
		if pcScope != nil {
			if v, ok := p.evalConst(pcScope, pc.Expressions["region"]); ok {
				if s, ok := v.(string); ok {
					blk.Region = s
				}
			}
			if tags, ok := p.defaultTags(pcScope, pc.Expressions["default_tags"]); ok {
				blk.DefaultTags = tags
				return
			}
		}
	}
	// Not a constant (default_tags = local.tags), or no configuration: the provider merges its
	// default tags into every resource's tags_all, so they are read back from there.
	if tags, ok := p.derivedTags(key); ok {
		blk.DefaultTags = tags
		return
	}
	if blk.Mode == iac.ModeManaged && !p.tagIssue[key] && (pc == nil || pc.Expressions["default_tags"] != nil) {
		if _, tagged := blk.Attrs["tags_all"]; tagged || hasUnknownUnder(blk, "tags_all") {
			p.tagIssue[key] = true
			p.b.issue(fmt.Sprintf("the default_tags of provider configuration %s cannot be read from the plan: "+
				"tags of its resources may be incomplete", key))
		}
	}
}

// providerKeyOf returns the provider_config key a block uses; without configuration, its provider's
// default configuration.
func providerKeyOf(blk *iac.Block, cr *configResource) string {
	if cr != nil && cr.ProviderConfigKey != "" {
		return cr.ProviderConfigKey
	}
	prov, _, _ := strings.Cut(blk.Type, "_")
	return prov
}

// derivedTags returns the default tags of a provider configuration as its resources' tags_all show them:
// what tags_all holds beyond a resource's own tags, over every resource whose tags_all is known. It
// reports false when no such resource exists.
func (p *processor) derivedTags(key string) (map[string]string, bool) {
	if p.derived == nil {
		p.derived = map[string]map[string]string{}
		for _, blk := range p.b.blocks {
			all, ok := blk.Attrs["tags_all"].(map[string]any)
			if !ok || hasUnknownUnder(blk, "tags_all") || hasUnknownUnder(blk, "tags") {
				continue
			}
			a, _ := parseAddress(blk.Address)
			var cr *configResource
			if sc := p.scope(a.module); sc != nil {
				cr = sc.resource(a)
			}
			k := providerKeyOf(blk, cr)
			if p.cfg != nil && cr != nil {
				k, _ = p.providerConfig(k)
			}
			dt := p.derived[k]
			if dt == nil {
				dt = map[string]string{}
				p.derived[k] = dt
			}
			own, _ := blk.Attrs["tags"].(map[string]any)
			for tk, tv := range all {
				if _, mine := own[tk]; mine {
					continue
				}
				if s, ok := inventory.ScalarString(tv); ok {
					dt[tk] = s
				}
			}
		}
	}
	dt, ok := p.derived[key]
	if !ok {
		return nil, false
	}
	if len(dt) == 0 {
		return nil, true
	}
	out := make(map[string]string, len(dt))
	for k, v := range dt {
		out[k] = v
	}
	return out, true
}

// providerConfig finds a provider_config entry by key; a key of a module that inherits its parent's
// configuration ("module.a:aws") falls back to the parent's ("aws").
func (p *processor) providerConfig(key string) (string, *providerConfig) {
	for p.cfg != nil {
		if pc, ok := p.cfg.ProviderConfig[key]; ok {
			return key, &pc
		}
		mod, prov, ok := strings.Cut(key, ":")
		if !ok {
			return key, nil
		}
		i := strings.LastIndex(mod, ".module.")
		if i < 0 {
			key = prov
		} else {
			key = mod[:i] + ":" + prov
		}
	}
	return key, nil
}

// defaultTags reads a provider's default_tags block: known reports whether the tags could be read
// (no block at all means no default tags).
func (p *processor) defaultTags(sc *scope, expr any) (map[string]string, bool) {
	if expr == nil {
		return nil, true
	}
	var blk map[string]any
	switch x := expr.(type) {
	case []any:
		if len(x) == 0 {
			return nil, true
		}
		blk, _ = x[0].(map[string]any)
	case map[string]any:
		blk = x
	}
	if blk == nil {
		return nil, false
	}
	te, ok := blk["tags"]
	if !ok {
		return nil, true
	}
	v, ok := p.evalConst(sc, te)
	if !ok {
		return nil, false
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, v == nil
	}
	out := make(map[string]string, len(m))
	for k, tv := range m {
		s, ok := inventory.ScalarString(tv)
		if !ok {
			return nil, false
		}
		out[k] = s
	}
	if len(out) == 0 {
		return nil, true
	}
	return out, true
}

// evalConst evaluates an expression that is a constant, or a plain reference to a variable: a root
// variable has its value in the plan, a module variable the value its call passes (or its default).
func (p *processor) evalConst(sc *scope, node any) (any, bool) {
	for depth := 0; depth <= maxModuleDepth && sc != nil; depth++ {
		e, ok := asExpression(node)
		if !ok {
			return nil, false
		}
		if len(e.References) == 0 {
			if !e.HasConstant {
				return nil, false
			}
			return convert(e.ConstantValue, 0), true
		}
		refs := fullRefs(e.References)
		if len(refs) != 1 {
			return nil, false
		}
		steps, ok := splitSteps(refs[0])
		if !ok || len(steps) != 2 || steps[0].name != "var" || steps[0].key != "" || steps[1].key != "" {
			return nil, false
		}
		name := steps[1].name
		if def, ok := sc.variable(name); ok && def.Sensitive {
			return nil, false // not shown, so not used: it would reach the reports
		}
		if sc.parent == nil {
			v, ok := p.b.doc.Variables[name]
			if !ok {
				return nil, false
			}
			return convert(v.Value, 0), true
		}
		if ce, ok := sc.call.Expressions[name]; ok {
			node, sc = ce, sc.parent
			continue
		}
		if def, ok := sc.cfg.Variables[name]; ok && def.Default != nil {
			return convert(def.Default, 0), true
		}
		return nil, false
	}
	return nil, false
}

// variable returns the declaration of variable name in the scope's module.
func (sc *scope) variable(name string) (configVariableDef, bool) {
	if sc.cfg == nil {
		return configVariableDef{}, false
	}
	def, ok := sc.cfg.Variables[name]
	return def, ok
}
