// Package aws adapts evaluated Terraform AWS provider blocks (iac.Block, produced by the HCL reader in
// scanners/terraform and by the plan JSON reader) into canonical inventory resources.
//
// The adapters are pure functions, one file per service. They do the joins that make vigil's rules
// source-agnostic: an aws_s3_bucket and its split provider-v4 settings (versioning, encryption, public
// access block, ...) or its legacy inline v3 blocks become one aws.s3.bucket; security group rule
// resources join their group; role and user policies join their principal. They fill the value AWS
// applies when a setting is left out, and never when it is set to an unknown value: an unknown value, or
// a setting that cannot be attributed to one resource, becomes an unknown canonical path.
// docs/inventory.md documents every canonical attribute.
package aws

import (
	"regexp"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws/arn"
	"golang.org/x/sync/errgroup"

	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/scanners/iac"
)

// adapters map one service each. They only read the index and the blocks, so they run concurrently.
var adapters = []func(*index) []*res{
	adaptS3, adaptIAM, adaptEC2, adaptRDS, adaptDynamoDB, adaptKMS, adaptCloudTrail, adaptEFS, adaptBackup, adaptDLM,
	adaptServerCertificates,
	adaptSNS, adaptSQS, adaptSecretsManager, adaptElastiCache, adaptRedshift, adaptOpenSearch,
	adaptLambda, adaptECR, adaptEKS, adaptECS,
	adaptLogs, adaptCloudWatch, adaptGuardDuty, adaptConfig,
	adaptELBv2, adaptClassicELB, adaptCloudFront, adaptAPIGateway,
}

// Adapt joins and maps the blocks into canonical resources, sorted by ID. Data blocks become no
// resource; they are read only when referenced (aws_iam_policy_document).
func Adapt(blocks []iac.Block) []inventory.Resource {
	ix := newIndex(blocks)
	perAdapter := make([][]inventory.Resource, len(adapters))
	var g errgroup.Group
	for i, adapt := range adapters {
		g.Go(func() error {
			rs := adapt(ix)
			out := make([]inventory.Resource, len(rs))
			for j, r := range rs {
				out[j] = r.resource()
				if ix.holdsAddress(out[j].Name) {
					out[j].Name = r.block.Name
				}
			}
			perAdapter[i] = out
			return nil
		})
	}
	_ = g.Wait() // adapters return no error
	n := 0
	for _, rs := range perAdapter {
		n += len(rs)
	}
	all := make([]inventory.Resource, 0, n)
	for _, rs := range perAdapter {
		all = append(all, rs...)
	}
	// Sort indexes, then move each resource once: a stable sort of the structs would move them many times.
	order := make([]int, len(all))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool {
		a, b := &all[order[i]], &all[order[j]]
		if a.ID != b.ID {
			return a.ID < b.ID
		}
		return a.Type < b.Type
	})
	out := make([]inventory.Resource, len(all))
	for i, k := range order {
		out[i] = all[k]
	}
	return out
}

// addressLike matches what may be a block address inside a string: an optional data. prefix, module
// calls with their keys, then type.name with a key.
var addressLike = regexp.MustCompile(`(?:data\.)?(?:module\.[A-Za-z0-9_-]+(?:\[[^\]]*\])?\.)*[a-z0-9_]+\.[A-Za-z0-9_-]+(?:\[[^\]]*\])?`)

// holdsAddress reports whether name contains the address of a block of the configuration. A reference to
// another resource's id or arn evaluates to that resource's address (for the joins), so a name
// interpolated from one ("logs-${random_pet.this.id}") is not the name AWS will see: the resource is then
// shown under its block label rather than a made-up name.
func (ix *index) holdsAddress(name string) bool {
	if !strings.Contains(name, ".") {
		return false
	}
	for _, loc := range addressLike.FindAllStringIndex(name, -1) {
		m := name[loc[0]:loc[1]]
		if ix.isAddress(m) {
			return true
		}
		// A block name may contain dashes, so the match may run into the text after the address
		// ("random_pet.this-logs"): try it cut at each dash.
		for k := len(m) - 1; k > 0; k-- {
			if m[k] == '-' && ix.isAddress(m[:k]) {
				return true
			}
		}
	}
	return false
}

func (ix *index) isAddress(s string) bool { return ix.byAddr[s] != nil || ix.data[s] != nil }

// index holds the blocks by type (managed) and by address (managed and data), each list in address order.
type index struct {
	byType map[string][]*iac.Block
	data   map[string]*iac.Block
	byAddr map[string]*iac.Block
}

// partlyKnownReaders names, by resource type, the nested block lists whose adapter reads a partly known
// list (iac.Block.MayHoldMore) as its known blocks and more that may follow, and whose rules judge it so:
// a known block can fail the rule, only what may follow is unknown. Every other partly known list is
// closed to wholly unknown before any adapter reads it, so no adapter or rule judges a list by the part
// of it that is known (an S3 lifecycle, a replication configuration or a backup plan whose known rules
// look fine still has rules to come).
var partlyKnownReaders = map[string]map[string]bool{
	"aws_security_group": {ingress: true, egress: true},
}

func newIndex(blocks []iac.Block) *index {
	ix := &index{byType: map[string][]*iac.Block{}, data: map[string]*iac.Block{}, byAddr: map[string]*iac.Block{}}
	for i := range blocks {
		b := &blocks[i]
		if b.PartlyKnownLists() != nil {
			keep := partlyKnownReaders[b.Type]
			if b.Mode != iac.ModeManaged {
				keep = nil
			}
			closed := b.CloseLists(func(path string) bool { return keep[path] })
			b = &closed
		}
		switch b.Mode {
		case iac.ModeManaged:
			ix.byType[b.Type] = append(ix.byType[b.Type], b)
			ix.byAddr[b.Address] = b
		case iac.ModeData:
			ix.data[b.Address] = b
		}
	}
	for _, l := range ix.byType {
		sort.SliceStable(l, func(i, j int) bool { return l[i].Address < l[j].Address })
	}
	return ix
}

// managed returns the managed blocks of a Terraform resource type.
func (ix *index) managed(typ string) []*iac.Block { return ix.byType[typ] }

// managedAt returns the managed block a reference value names: its address, or its address followed by
// the attribute a reader left on the reference.
func (ix *index) managedAt(ref string) *iac.Block {
	if b, ok := ix.byAddr[ref]; ok {
		return b
	}
	if i := strings.LastIndexByte(ref, '.'); i > 0 {
		return ix.byAddr[ref[:i]]
	}
	return nil
}

// res is a canonical resource under construction.
type res struct {
	block   *iac.Block
	typ     string
	name    string
	f       *fields
	related []string
	// children and tainted hold joined blocks per canonical attribute family ("versioning"): tainted
	// means some block may set the family on this resource but could not be attributed to one resource.
	children map[string][]*iac.Block
	tainted  map[string]bool
}

func newRes(b *iac.Block, typ string) *res {
	return &res{block: b, typ: typ, name: b.Name, f: newFields(),
		children: map[string][]*iac.Block{}, tainted: map[string]bool{}}
}

// nameFrom copies the resource's real name from attribute src into the canonical attribute dst and uses it
// as the resource name. A name left out is generated by AWS at apply time, so it is unknown.
func (r *res) nameFrom(dst, src string) (string, state) {
	s, st := getString(r.block, src)
	if st == known {
		r.name = s
		r.f.set(dst, s)
	} else {
		r.f.setUnknown(dst)
		if r.block.IsSensitive(src) {
			r.name = iac.Redacted // a sensitive name is shown so, not as the block's label
		}
	}
	return s, st
}

func (r *res) attach(family string, c *iac.Block) {
	r.children[family] = append(r.children[family], c)
	r.related = append(r.related, c.Address)
}

func (r *res) taint(family string) { r.tainted[family] = true }

// uncertain reports whether a block may stand for no instance at all: its count or for_each is unknown,
// so Terraform may create it or not (or several).
func uncertain(b *iac.Block) bool { return b.IsUnknown("count") || b.IsUnknown("for_each") }

// anyUncertain reports whether one of the blocks is uncertain.
func anyUncertain(bs []*iac.Block) bool {
	for _, b := range bs {
		if uncertain(b) {
			return true
		}
	}
	return false
}

// settle fills a joined family: unknown when tainted; otherwise from the joined child blocks (which take
// precedence over the resource's own inline form, as in provider v4+), then from the inline form when
// inline reports it present, then the defaults. Sources that disagree make the family unknown: Terraform
// would keep flipping between them. An uncertain child (unknown count or for_each) may not exist, so it
// must also agree with what applies without it; when it differs only in whether the setting is
// configured, the values stand and <family>.configured is unknown.
func (r *res) settle(family string, child func(*fields, *iac.Block), inline func(*fields) bool, def func(*fields)) {
	if r.tainted[family] {
		r.f.setUnknown(family)
		return
	}
	var cands, maybe []*fields
	for _, c := range r.children[family] {
		f := newFields()
		child(f, c)
		if uncertain(c) {
			maybe = append(maybe, f)
		} else {
			cands = append(cands, f)
		}
	}
	if len(cands) == 0 && inline != nil {
		if f := newFields(); inline(f) {
			cands = append(cands, f)
		}
	}
	if len(cands) == 0 {
		f := newFields()
		def(f)
		cands = append(cands, f)
	}
	for _, c := range cands[1:] {
		if !c.equal(cands[0]) {
			r.f.setUnknown(family)
			return
		}
	}
	configured := family + ".configured"
	configuredUnknown := false
	for _, c := range maybe {
		if c.equal(cands[0]) {
			continue
		}
		if !c.equalExcept(cands[0], configured) {
			r.f.setUnknown(family)
			return
		}
		configuredUnknown = true
	}
	r.f.merge(cands[0])
	if configuredUnknown {
		r.f.setUnknown(configured)
	}
}

func (r *res) resource() inventory.Resource {
	b := r.block
	tags, tagsUnknown := tagsOf(b)
	unk := append([]string{}, r.f.unknown...)
	if tagsUnknown {
		unk = append(unk, "tags")
	}
	sort.Strings(unk)
	return inventory.Resource{
		ID:         b.Address,
		Type:       r.typ,
		Name:       r.name,
		Region:     regionName(b),
		Tags:       tags,
		Attributes: r.f.vals,
		Source: inventory.Location{
			Kind:      inventory.SourceTerraform,
			File:      b.File,
			StartLine: b.StartLine,
			EndLine:   b.EndLine,
			Address:   b.Address,
			Related:   uniqueSorted(r.related),
		},
		Unknown: unk,
		Ignores: r.ignores(),
	}
}

// ignores gathers the inline waivers of the resource's block and of every block joined into it, so a
// `# vigil:ignore` on aws_s3_bucket_versioning applies to the bucket it configures.
func (r *res) ignores() []inventory.Ignore {
	out := append([]inventory.Ignore(nil), r.block.Ignores...)
	families := make([]string, 0, len(r.children))
	for f := range r.children {
		families = append(families, f)
	}
	sort.Strings(families)
	seen := map[inventory.Ignore]bool{}
	for _, ig := range out {
		seen[ig] = true
	}
	for _, family := range families {
		for _, c := range r.children[family] {
			for _, ig := range c.Ignores {
				if !seen[ig] {
					seen[ig] = true
					out = append(out, ig)
				}
			}
		}
	}
	return out
}

// regionOf returns the region a block's resource lives in: its own region argument (AWS provider v6 lets
// every regional resource override its provider's), else its provider configuration's ("" when that is not
// known). unknown reports a region argument whose value is unknown.
func regionOf(b *iac.Block) (name string, unknownArg bool) {
	s, st := getString(b, "region")
	switch st {
	case known:
		return s, false
	case unknown:
		return "", true
	}
	return b.Region, false
}

func regionName(b *iac.Block) string {
	name, _ := regionOf(b)
	return name
}

// sameRegion tells whether two blocks' resources are in the same region: known when they are (including
// two blocks whose provider region is unknown, taken to be the same configuration), absent when both
// regions are known and differ, unknown when one of them cannot be told.
func sameRegion(a, b *iac.Block) state {
	ra, ua := regionOf(a)
	rb, ub := regionOf(b)
	switch {
	case ua || ub:
		return unknown
	case ra == rb:
		return known
	case ra == "" || rb == "":
		return unknown
	}
	return absent
}

// tagsOf overlays the block's tags on the provider's default tags. It reports whether any tag is unknown.
func tagsOf(b *iac.Block) (map[string]string, bool) {
	tags := make(map[string]string, len(b.DefaultTags))
	for k, v := range b.DefaultTags {
		tags[k] = v
	}
	unk := unknownWithin(b, "tags")
	if m, ok := b.Attrs["tags"].(map[string]any); ok {
		for k, v := range m {
			if v == nil {
				continue
			}
			if s, ok := asString(v); ok {
				tags[k] = s
			} else {
				unk = true
			}
		}
	}
	return tags, unk
}

func uniqueSorted(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	out := append([]string{}, s...)
	sort.Strings(out)
	n := 1
	for _, v := range out[1:] {
		if v != out[n-1] {
			out[n] = v
			n++
		}
	}
	return out[:n]
}

// owners indexes the resources of one canonical type by the keys other blocks use to refer to them: the
// address (references to .id and .arn evaluate to it) and the real name.
type owners struct {
	list  []*res
	keys  map[string][]*res
	addrs map[string]*res
	// keyUnknown holds the resources whose name is unknown: a literal name that matches no resource may
	// be theirs.
	keyUnknown []*res
	// arnTail lets an ARN literal match by its last segment (IAM policies referred to by ARN).
	arnTail bool
	// aliases maps the address of a block whose id is the name of the resource it configures (an
	// aws_s3_bucket_policy's id is its bucket) to the argument holding that name: a reference to the
	// block's id is followed to that argument.
	aliases map[string]alias
	// opaque reports whether a managed block that is neither an owner nor an alias may still stand for
	// an owner when a reference names it (an aws_s3_bucket_acl, whose id is "bucket,acl"): such a
	// reference cannot be followed, so the join is treated as unknown rather than dropped.
	opaque func(*iac.Block) bool
	ix     *index
}

type alias struct {
	block *iac.Block
	attr  string
}

// maxAliasDepth bounds a chain of aliases (a block configured through another's id, and so on).
const maxAliasDepth = 8

func newOwners(ix *index) *owners {
	return &owners{keys: map[string][]*res{}, addrs: map[string]*res{}, aliases: map[string]alias{}, ix: ix}
}

// alias records that references to b's id name what b's attr names.
func (o *owners) alias(b *iac.Block, attr string) { o.aliases[b.Address] = alias{b, attr} }

// aliasAt returns the alias a reference value names: its address, or its address followed by the id
// attribute or the aliased argument itself, as a reader may leave them.
func (o *owners) aliasAt(ref string) (alias, bool) {
	if a, ok := o.aliases[ref]; ok {
		return a, true
	}
	if i := strings.LastIndexByte(ref, '.'); i > 0 {
		if a, ok := o.aliases[ref[:i]]; ok && (ref[i+1:] == "id" || ref[i+1:] == a.attr) {
			return a, true
		}
	}
	return alias{}, false
}

// add registers r under its address and the given keys; nameUnknown says its name is not known.
func (o *owners) add(r *res, nameUnknown bool, keys ...string) {
	o.list = append(o.list, r)
	o.addrs[r.block.Address] = r
	o.keys[r.block.Address] = append(o.keys[r.block.Address], r)
	for _, k := range keys {
		if k != "" && k != r.block.Address {
			o.keys[k] = append(o.keys[k], r)
		}
	}
	if nameUnknown {
		o.keyUnknown = append(o.keyUnknown, r)
	}
}

// lookup finds the resources a known reference value names: a key, or an address followed by the
// attribute a reader left on the reference ("aws_kms_key.k.key_id"), or, for IAM policies, an ARN.
func (o *owners) lookup(ref string) []*res {
	if rs := o.keys[ref]; len(rs) > 0 {
		return rs
	}
	if i := strings.LastIndexByte(ref, '.'); i > 0 {
		if r, ok := o.addrs[ref[:i]]; ok {
			return []*res{r}
		}
	}
	if !o.arnTail {
		return nil
	}
	// An ARN's last name, but not an AWS managed policy's: no resource of the scan is one.
	if a, err := arn.Parse(ref); err == nil && !awsManagedPolicy(a) {
		if rs := o.keys[a.Resource[strings.LastIndexAny(a.Resource, ":/")+1:]]; len(rs) > 0 {
			return rs
		}
	}
	return nil
}

// awsManagedPolicy reports whether a is the ARN of a policy AWS manages (arn:aws:iam::aws:policy/...).
func awsManagedPolicy(a arn.ARN) bool {
	return a.Service == "iam" && a.AccountID == "aws" && strings.HasPrefix(a.Resource, "policy/")
}

// resolveValue attributes a known reference value. exact is true when it names exactly one resource;
// otherwise the returned resources are those it may name (none when it names none of them for sure).
func (o *owners) resolveValue(ref string) (rs []*res, exact bool) {
	rs = o.lookup(ref)
	switch {
	case len(rs) == 1:
		return rs, true
	case len(rs) > 1:
		return rs, false
	}
	return o.keyUnknown, false
}

// resolve attributes child to the resources its attribute attr refers to, following aliases. When the
// reference is unknown, every resource of the module that holds it may be the one: they are all returned,
// with exact false. So is a reference to an opaque block: it names some resource through an id vigil
// cannot follow, and must not be silently dropped.
func (o *owners) resolve(child *iac.Block, attr string) (rs []*res, exact bool) {
	b := child
	for depth := 0; ; depth++ {
		v, st := getString(b, attr)
		switch st {
		case absent:
			return nil, false
		case unknown:
			return o.inModule(b.Module), false
		}
		if a, ok := o.aliasAt(v); ok {
			if depth == maxAliasDepth {
				return o.inModule(b.Module), false
			}
			b, attr = a.block, a.attr
			continue
		}
		if rs := o.lookup(v); len(rs) == 0 && o.opaque != nil {
			if m := o.ix.managedAt(v); m != nil && o.opaque(m) {
				return o.inModule(b.Module), false
			}
		}
		return o.resolveValue(v)
	}
}

func (o *owners) inModule(module string) []*res {
	var out []*res
	for _, r := range o.list {
		if r.block.Module == module {
			out = append(out, r)
		}
	}
	return out
}

// connect joins every child block to the resource its attr names, under family; a child that cannot be
// attributed to one resource taints family on every resource it may belong to.
func (o *owners) connect(children []*iac.Block, attr, family string) {
	for _, c := range children {
		rs, exact := o.resolve(c, attr)
		for _, r := range rs {
			if exact {
				r.attach(family, c)
			} else {
				r.taint(family)
			}
		}
	}
}

// canonicalRef returns the id of the resource a known reference names, or the reference itself when it
// names none (or several) of them: references hold inventory ids when they can be resolved.
func (o *owners) canonicalRef(ref string) string {
	if rs := o.lookup(ref); len(rs) == 1 {
		return rs[0].block.Address
	}
	return ref
}
