package dr

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/vigil-audit/vigil/inventory"
)

// verdict is a three-valued match with the reasons it is maybe (reasons are kept only for maybe).
type verdict struct {
	t   tri
	why []string
}

func sure(t tri) verdict { return verdict{t: t} }

func unsure(format string, args ...any) verdict {
	return verdict{t: maybe, why: []string{fmt.Sprintf(format, args...)}}
}

// allOf is AND: no when any part is no; the reasons of the maybe parts otherwise.
func allOf(vs ...verdict) verdict { return combine(yes, tri.and, vs) }

// anyOf is OR: yes when any part is yes; the reasons of the maybe parts otherwise.
func anyOf(vs ...verdict) verdict { return combine(no, tri.or, vs) }

// combine folds the parts with op from start, keeping the reasons only when the result is maybe.
func combine(start tri, op func(tri, tri) tri, vs []verdict) verdict {
	out := sure(start)
	for _, v := range vs {
		out.t = op(out.t, v.t)
		if v.t == maybe {
			out.why = append(out.why, v.why...)
		}
	}
	if out.t != maybe {
		out.why = nil
	}
	return out
}

func (v verdict) negate() verdict { return verdict{t: v.t.not(), why: v.why} }

// resourceTagPrefix is how a selection condition names a tag key.
const resourceTagPrefix = "aws:ResourceTag/"

// selector is a selection read once: its tests, each a function of the resource, with the selection's
// own unknown parts turned into tests that answer maybe.
type selector struct {
	sel, plan *inventory.Resource
	all       bool   // neither resources nor tags: every resource
	include   []test // OR
	conds     []test // AND
	exclude   []test // OR
}

type test func(res *inventory.Resource) verdict

func constant(v verdict) test { return func(*inventory.Resource) verdict { return v } }

// compile reads selection sel (of plan, nil when the plan is not in the inventory).
func (ix *index) compile(sel, plan *inventory.Resource) *selector {
	s := &selector{sel: sel, plan: plan}
	resources, rSt := list(sel, "resources")
	tags, tSt := list(sel, "selection_tags")
	empty := func(st valueState, l []any) bool { return st == absent || st == present && len(l) == 0 }
	// "If you don't specify conditions, tags or resources, AWS Backup selects all supported and
	// opted-in resources" (BackupSelection API reference).
	s.all = empty(rSt, resources) && empty(tSt, tags)
	switch rSt {
	case present:
		for i, e := range resources {
			s.include = append(s.include, ix.resourceEntry(sel, "resources", i, e))
		}
	case absent:
	default:
		s.include = append(s.include, constant(unsure("selection %s: %s", sel.ID, describe(sel, "resources", rSt))))
	}
	switch tSt {
	case present:
		for i := range tags {
			s.include = append(s.include, selectionTag(sel, i))
		}
	case absent:
	default:
		s.include = append(s.include, constant(unsure("selection %s: %s", sel.ID, describe(sel, "selection_tags", tSt))))
	}
	s.conds = conditions(sel)
	switch entries, st := list(sel, "not_resources"); st {
	case absent:
	case present:
		for i, e := range entries {
			s.exclude = append(s.exclude, ix.resourceEntry(sel, "not_resources", i, e))
		}
	default:
		s.exclude = append(s.exclude, constant(unsure("selection %s: %s", sel.ID, describe(sel, "not_resources", st))))
	}
	return s
}

// selects decides whether the selection assigns res to its plan, with AWS Backup's semantics
// (docs/dr.md, "What protects a resource"):
//
//	in scope (the plan's region and account)
//	AND (resources OR selection_tags; every supported resource when both are empty)
//	AND every condition
//	AND NOT any not_resources.
func (s *selector) selects(res *inventory.Resource) verdict {
	scope := s.inScope(res)
	if scope.t == no {
		return scope
	}
	include := sure(yes)
	if !s.all {
		include = anyOf(runTests(s.include, res)...)
	}
	if include.t == no {
		return include
	}
	return allOf(scope, include, allOf(runTests(s.conds, res)...), anyOf(runTests(s.exclude, res)...).negate())
}

func runTests(tests []test, res *inventory.Resource) []verdict {
	out := make([]verdict, len(tests))
	for i, t := range tests {
		out[i] = t(res)
	}
	return out
}

// inScope: a backup plan backs up resources of its own account and region only.
func (s *selector) inScope(res *inventory.Resource) verdict {
	sel, owner := s.sel, s.sel
	if s.plan != nil {
		owner = s.plan
	}
	region := func() verdict {
		switch {
		case owner.Region != "" && res.Region != "":
			if owner.Region == res.Region {
				return sure(yes)
			}
			return sure(no)
		case owner.Region == "":
			return unsure("selection %s: the region of its plan is unknown", sel.ID)
		default:
			return unsure("selection %s: the region of %s is unknown", sel.ID, res.ID)
		}
	}()
	// Terraform resources carry no account: a configuration without accounts is taken to deploy its
	// plans and resources to one account (docs/dr.md).
	account := sure(yes)
	switch {
	case owner.Account != "" && res.Account != "":
		if owner.Account != res.Account {
			account = sure(no)
		}
	case owner.Account != "" || res.Account != "":
		account = unsure("selection %s: the account of %s or of its plan is unknown", sel.ID, res.ID)
	}
	return allOf(region, account)
}

// resourceEntry matches one entry of resources/not_resources: the resource's inventory id (a Terraform
// reference resolves to it), "*", or an ARN with '*' wildcards matched against the resource's ARN.
func (ix *index) resourceEntry(sel *inventory.Resource, attr string, i int, e any) test {
	path := attr + "." + strconv.Itoa(i)
	if sel.IsUnknown(path) || e == nil {
		return constant(unsure("selection %s: %s is unknown", sel.ID, path))
	}
	entry, ok := e.(string)
	if !ok {
		return constant(unsure("selection %s: %s is not a string", sel.ID, path))
	}
	if entry == "*" {
		return constant(sure(yes))
	}
	pattern := strings.HasPrefix(entry, "arn:") || strings.Contains(entry, "*")
	return func(res *inventory.Resource) verdict {
		if entry == res.ID {
			return sure(yes)
		}
		if !pattern {
			return sure(no) // another resource's id or a name: not this one
		}
		arn, ok := ix.arnOf(res)
		if !ok {
			return unsure("selection %s: %s %q is an ARN pattern, and the ARN of %s cannot be built", sel.ID, path, entry, res.ID)
		}
		v := globMatch(entry, arn, true)
		if v == maybe {
			return unsure("selection %s: whether %s %q matches %s depends on the parts of its ARN that are unknown (%s)",
				sel.ID, path, entry, res.ID, arnDisplay(arn))
		}
		return sure(v)
	}
}

// resourceARN returns the resource's ARN: its id for live resources, else built from what the
// inventory knows of it, with holes for the region, account and generated names it does not.
func resourceARN(r *inventory.Resource) (subject, bool) {
	if strings.HasPrefix(r.ID, "arn:") {
		return known(r.ID), true
	}
	partition := ""
	switch {
	case strings.HasPrefix(r.Region, "cn-"):
		partition = "aws-cn"
	case strings.HasPrefix(r.Region, "us-gov-"):
		partition = "aws-us-gov"
	case r.Region != "":
		partition = "aws"
	}
	name := func(attr string) string {
		s, st := str(r, attr)
		if st != present {
			return ""
		}
		return s
	}
	s := &subject{}
	s.lit("arn:").holeOr(partition).lit(":")
	regional := func(service string) {
		s.lit(service + ":").holeOr(r.Region).lit(":").holeOr(r.Account).lit(":")
	}
	switch r.Type {
	case inventory.TypeS3Bucket:
		s.lit("s3:::").holeOr(name("bucket"))
	case inventory.TypeRDSInstance:
		regional("rds")
		s.lit("db:").holeOr(name("identifier"))
	case inventory.TypeRDSCluster:
		regional("rds")
		s.lit("cluster:").holeOr(name("identifier"))
	case inventory.TypeDynamoDBTable:
		regional("dynamodb")
		s.lit("table/").holeOr(name("name"))
	case inventory.TypeEFSFileSystem:
		regional("elasticfilesystem")
		s.lit("file-system/").holeOr("") // the file system id is generated by AWS
	case inventory.TypeEC2Volume:
		regional("ec2")
		s.lit("volume/").holeOr("")
	case inventory.TypeEC2Instance:
		regional("ec2")
		s.lit("instance/").holeOr("")
	default:
		return subject{}, false
	}
	return *s, true
}

// arnDisplay renders a subject with its holes as "?".
func arnDisplay(s subject) string {
	var b strings.Builder
	for _, p := range s.parts {
		if p.hole {
			b.WriteString("?")
			continue
		}
		b.WriteString(p.text)
	}
	return b.String()
}

// tagValue returns the resource's tag value, whether it has it, and whether its tags are known.
func tagValue(res *inventory.Resource, key string) (string, bool, bool) {
	if res.IsUnknown("tags") || res.IsUnknown("tags."+key) {
		return "", false, false
	}
	v, ok := res.Tags[key]
	return v, ok, true
}

// selectionTag tests selection_tags[i]: a STRINGEQUALS test of a tag (ListOfTags).
func selectionTag(sel *inventory.Resource, i int) test {
	p := "selection_tags." + strconv.Itoa(i) + "."
	typ, tySt := str(sel, p+"type")
	key, kSt := str(sel, p+"key")
	val, vSt := str(sel, p+"value")
	switch {
	case tySt != present:
		return constant(unsure("selection %s: %s", sel.ID, describe(sel, p+"type", tySt)))
	case !strings.EqualFold(typ, "STRINGEQUALS"):
		return constant(unsure("selection %s: %stype %q is not STRINGEQUALS, the only type AWS Backup accepts", sel.ID, p, typ))
	case kSt != present:
		return constant(unsure("selection %s: %s", sel.ID, describe(sel, p+"key", kSt)))
	case vSt != present:
		return constant(unsure("selection %s: %s", sel.ID, describe(sel, p+"value", vSt)))
	}
	key = strings.TrimPrefix(key, resourceTagPrefix)
	return func(res *inventory.Resource) verdict {
		got, has, knownTags := tagValue(res, key)
		if !knownTags {
			return unsure("selection %s: selects by tag %q, and the tags of %s are unknown", sel.ID, key, res.ID)
		}
		if has && got == val {
			return sure(yes)
		}
		return sure(no)
	}
}

// conditionKinds are the operators of a selection's conditions, as the inventory names them.
var conditionKinds = []string{"string_equals", "string_not_equals", "string_like", "string_not_like"}

// conditions returns the tests of every condition (all must hold). A negated operator (string_not_*)
// holds for a resource without the tag, as in IAM policies, whose Boolean logic AWS Backup says its
// assignments follow.
func conditions(sel *inventory.Resource) []test {
	if sel.IsUnknown("conditions") {
		return []test{constant(unsure("selection %s: %s", sel.ID, describe(sel, "conditions", unknownVal)))}
	}
	var out []test
	for _, kind := range conditionKinds {
		path := "conditions." + kind
		elems, st := list(sel, path)
		switch st {
		case absent:
			continue
		case present:
		default:
			out = append(out, constant(unsure("selection %s: %s", sel.ID, describe(sel, path, st))))
			continue
		}
		for i := range elems {
			out = append(out, condition(sel, kind, path+"."+strconv.Itoa(i)+"."))
		}
	}
	return out
}

func condition(sel *inventory.Resource, kind, p string) test {
	key, kSt := str(sel, p+"key")
	val, vSt := str(sel, p+"value")
	switch {
	case kSt != present:
		return constant(unsure("selection %s: %s", sel.ID, describe(sel, p+"key", kSt)))
	case vSt != present:
		return constant(unsure("selection %s: %s", sel.ID, describe(sel, p+"value", vSt)))
	case !strings.HasPrefix(key, resourceTagPrefix):
		return constant(unsure("selection %s: %skey %q is not a resource tag (%s<key>)", sel.ID, p, key, resourceTagPrefix))
	}
	tag := strings.TrimPrefix(key, resourceTagPrefix)
	negated := strings.HasPrefix(kind, "string_not_")
	like := strings.HasSuffix(kind, "_like")
	return func(res *inventory.Resource) verdict {
		got, has, knownTags := tagValue(res, tag)
		if !knownTags {
			return unsure("selection %s: has a condition on tag %q, and the tags of %s are unknown", sel.ID, tag, res.ID)
		}
		match := has && got == val
		if like {
			match = has && globMatch(val, known(got), false) == yes
		}
		if match != negated {
			return sure(yes)
		}
		return sure(no)
	}
}
