package config

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/vigil-audit/vigil/inventory"
)

// DefaultDRTierTag is the tag key that puts a resource in a DR tier when dr_tier_tag is not set.
const DefaultDRTierTag = "dr-tier"

// DR holds the disaster-recovery objectives declared in vigil.hcl: dr_tier blocks (what a tier demands),
// dr_system blocks (which resources form a system, and its tier) and dr_tier_tag. This package checks
// what the file alone can tell (names, durations, references between blocks); package dr assigns
// resources to tiers and reports what needs the inventory (a system that matches nothing, a tag naming
// no tier).
type DR struct {
	// TierTag is the tag key whose value names a resource's tier ("" when not set: use TierTagKey).
	TierTag string
	// TierTagRange locates dr_tier_tag's value (zero when not set).
	TierTagRange hcl.Range
	// Tiers and Systems are in file order; names are unique within each.
	Tiers   []DRTier
	Systems []DRSystem
}

// TierTagKey is the tag key that names a resource's tier: dr_tier_tag, or DefaultDRTierTag.
func (d *DR) TierTagKey() string {
	if d.TierTag == "" {
		return DefaultDRTierTag
	}
	return d.TierTag
}

// Tier returns the tier called name, or nil.
func (d *DR) Tier(name string) *DRTier {
	for i := range d.Tiers {
		if d.Tiers[i].Name == name {
			return &d.Tiers[i]
		}
	}
	return nil
}

// DRTier is a dr_tier block: the recovery objectives of every resource in the tier. An objective the
// block does not declare is nil, and is not judged.
type DRTier struct {
	Name string
	// DeclRange is the block header (dr_tier "name"), for messages about the tier.
	DeclRange hcl.Range

	// RPO is the most data, in time, that a recovery may lose: the achieved worst-case gap between
	// restorable points must not exceed it.
	RPO *DurationObjective
	// RTO is the longest a restore may take.
	RTO *DurationObjective
	// MinRetention is how long backups must be kept at least; a whole number of days.
	MinRetention *DurationObjective
	// RestoreTestWithin is how recent the last successful restore test must be.
	RestoreTestWithin *DurationObjective
	// CrossRegionCopy asks for a copy of the backups in another region (Values: regions that count).
	CrossRegionCopy *CopyObjective
	// CrossAccountCopy asks for a copy of the backups in another account (Values: account ids that count).
	CrossAccountCopy *CopyObjective
	// VaultLock asks for backups kept in a locked vault.
	VaultLock *VaultLockObjective
	// AirGappedCopy asks for recovery points copied to a logically air-gapped vault, within a time frame
	// when Within is set (AWS Backup Audit Manager's RESOURCES_IN_LOGICALLY_AIR_GAPPED_VAULT).
	AirGappedCopy *AirGappedCopyObjective
}

// AirGappedCopyObjective is air_gapped_copy: true (a copy to a logically air-gapped vault), a duration
// (a recovery point copied there within that time frame), or false (Required false: not needed).
type AirGappedCopyObjective struct {
	Required bool
	// Within is the time frame of a duration objective (nil for true and false).
	Within *DurationObjective
	Range  hcl.Range
}

// Text is the objective as written ("true", "false", "7d").
func (o *AirGappedCopyObjective) Text() string {
	switch {
	case o.Within != nil:
		return o.Within.Text
	case o.Required:
		return "true"
	}
	return "false"
}

// DurationObjective is a duration objective (rpo, rto, min_retention, restore_test_within).
type DurationObjective struct {
	Value time.Duration
	// Text is the value as written ("15m"), for reports.
	Text string
	// Range locates the value in vigil.hcl.
	Range hcl.Range
}

// Minutes is the objective in whole minutes (every objective is a whole number of minutes).
func (o *DurationObjective) Minutes() int64 { return int64(o.Value / time.Minute) }

// CopyObjective is cross_region_copy or cross_account_copy: true, false, or a list of the regions
// (account ids) whose copies count.
type CopyObjective struct {
	// Required is false for `= false`: the tier declares that it needs no such copy.
	Required bool
	// Values, when not empty, are the only regions (account ids) where a copy counts; sorted, unique.
	// Empty with Required: any region (account) other than the resource's own.
	Values []string
	Range  hcl.Range
}

// Vault lock objectives.
const (
	// VaultLockAny: the backups are in a vault with a Vault Lock in either mode (governance or
	// compliance). Written `vault_lock = true`.
	VaultLockAny = "any"
	// VaultLockCompliance: the vault's lock is in compliance mode, which no one, the root user included,
	// can remove once its grace time has passed. Written `vault_lock = "compliance"`.
	VaultLockCompliance = "compliance"
)

// VaultLockObjective is vault_lock: true (VaultLockAny), "compliance", or false (Required false).
type VaultLockObjective struct {
	Required bool
	// Mode is VaultLockAny or VaultLockCompliance when Required.
	Mode  string
	Range hcl.Range
}

// DRSystem is a dr_system block: a named set of resources and the tier they belong to.
type DRSystem struct {
	Name      string
	DeclRange hcl.Range
	// Tier names a declared dr_tier; TierRange locates the name.
	Tier      string
	TierRange hcl.Range
	// Match lists the match blocks: a resource belongs to the system when any block matches it.
	Match []DRMatch
}

// DRMatch is one match block. Every criterion it sets must hold (tags, ids and types together); within
// ids and within types one entry suffices, and every tag of Tags must be on the resource with that value.
type DRMatch struct {
	// Tags are tag keys and the exact values the resource must carry.
	Tags map[string]string
	// IDs are patterns over resource ids: `*` any run of characters, `?` one character, the rest literal
	// (as waiver resource patterns; see internal/idglob).
	IDs []string
	// Types are canonical resource types (aws.rds.instance).
	Types []string
	Range hcl.Range
}

// MaxObjectiveDuration bounds duration objectives: 100 years of 365 days.
const MaxObjectiveDuration = 36500 * 24 * time.Hour

// durationUnits are the units of objective durations. Weeks, months and years are left out on purpose:
// months and years have no fixed length, and one way to write a duration is easier to review.
var durationUnits = map[byte]time.Duration{'m': time.Minute, 'h': time.Hour, 'd': 24 * time.Hour}

const durationHint = `write a whole number followed by m (minutes), h (hours) or d (days), such as "15m", "4h" or "35d"`

// ParseObjectiveDuration reads a duration objective: a whole number greater than zero followed by one
// unit, m, h or d ("15m", "4h", "36h", "35d"), at most MaxObjectiveDuration. Anything else is an error
// that says what to write.
func ParseObjectiveDuration(s string) (time.Duration, error) {
	if s == "" {
		return 0, fmt.Errorf("an empty string is not a duration; %s", durationHint)
	}
	digits, unit := s[:len(s)-1], s[len(s)-1]
	per, unitOK := durationUnits[unit]
	allDigits := digits != "" && strings.Trim(digits, "0123456789") == ""
	switch {
	case strings.HasPrefix(s, "-") && isGoDuration(s[1:]):
		return 0, fmt.Errorf("%q is negative; an objective is a duration greater than zero", s)
	case allDigits && unitOK:
		// checked below
	case allDigits && unit == 'w':
		return 0, fmt.Errorf("%q: weeks are not a unit here; write days, such as \"14d\"", s)
	case allDigits && (unit == 'M' || unit == 'H' || unit == 'D'):
		return 0, fmt.Errorf("%q: units are written in lower case; %s", s, durationHint)
	case allDigits && unit < utf8.RuneSelf && unicode.IsLetter(rune(unit)):
		return 0, fmt.Errorf("%q: %c is not a unit here; %s", s, unit, durationHint)
	default:
		// "1h30m" or "1.5h": say what to write when Go reads it as a whole number of minutes.
		if t, err := time.ParseDuration(s); err == nil && t > 0 && t%time.Minute == 0 && t <= MaxObjectiveDuration {
			return 0, fmt.Errorf("%q is not a duration here; write one number and one unit, such as %q", s, FormatObjectiveDuration(t))
		}
		return 0, fmt.Errorf("%q is not a duration; %s", s, durationHint)
	}
	// Ten digits exceed any allowed value whatever the unit; stopping here keeps the product from overflowing.
	digits = strings.TrimLeft(digits, "0")
	if len(digits) > 9 {
		return 0, fmt.Errorf("%q is more than %s, the longest objective", s, FormatObjectiveDuration(MaxObjectiveDuration))
	}
	var n int64
	for _, c := range []byte(digits) {
		n = n*10 + int64(c-'0')
	}
	d := time.Duration(n) * per
	switch {
	case n == 0:
		return 0, fmt.Errorf("%q is zero; an objective is a duration greater than zero", s)
	case d > MaxObjectiveDuration:
		return 0, fmt.Errorf("%q is more than %s, the longest objective", s, FormatObjectiveDuration(MaxObjectiveDuration))
	}
	return d, nil
}

func isGoDuration(s string) bool {
	_, err := time.ParseDuration(s)
	return err == nil
}

// FormatObjectiveDuration writes d in the largest unit that divides it exactly ("90m", "36h", "35d");
// d must be a positive whole number of minutes. ParseObjectiveDuration reads it back.
func FormatObjectiveDuration(d time.Duration) string {
	for _, u := range []struct {
		per    time.Duration
		suffix string
	}{{24 * time.Hour, "d"}, {time.Hour, "h"}} {
		if d%u.per == 0 {
			return fmt.Sprintf("%d%s", d/u.per, u.suffix)
		}
	}
	return fmt.Sprintf("%dm", d/time.Minute)
}

var drTierSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "rpo"}, {Name: "rto"}, {Name: "min_retention"}, {Name: "restore_test_within"},
		{Name: "cross_region_copy"}, {Name: "cross_account_copy"}, {Name: "vault_lock"}, {Name: "air_gapped_copy"},
	},
}

var drSystemSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "tier"}},
	Blocks:     []hcl.BlockHeaderSchema{{Type: "match"}},
}

var drMatchSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "tags"}, {Name: "ids"}, {Name: "types"}},
}

// drNamePattern is what a tier or system name may be: it is a tag value (tier), it appears in reports and
// JSON keys, and it must be easy to type. AWS tag values allow these characters.
var drNamePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.:/=+@-]{0,127}$`)

// regionPattern is the shape of an AWS region name: a two-to-four letter area, an optional partition
// part (gov, iso, isob, de), a direction, a number: eu-west-1, us-gov-west-1, us-isob-east-1, eusc-de-east-1.
var regionPattern = regexp.MustCompile(`^[a-z]{2,4}-([a-z]{2,4}-)?(north|south|east|west|central|northeast|northwest|southeast|southwest)-[1-9][0-9]?$`)

var accountPattern = regexp.MustCompile(`^[0-9]{12}$`)

// drName checks a tier or system label.
func (d *decoder) drName(b *hcl.Block, what string) bool {
	name := b.Labels[0]
	if drNamePattern.MatchString(name) {
		return true
	}
	d.errorf(b.LabelRanges[0], "Invalid "+what+" name",
		"%q is not a %s name: use 1 to 128 letters, digits and _ . : / = + @ -, starting with a letter or digit, such as \"critical\".",
		name, what)
	return false
}

// drTier decodes one dr_tier block; ok is false when it has a problem (already reported).
func (d *decoder) drTier(b *hcl.Block) (DRTier, bool) {
	before := len(d.diags)
	content, diags := b.Body.Content(drTierSchema)
	d.diags = append(d.diags, diags...)
	t := DRTier{Name: b.Labels[0], DeclRange: b.DefRange}
	d.drName(b, "tier")

	attr := content.Attributes
	if len(attr) == 0 && !diags.HasErrors() {
		d.errorf(b.DefRange, "Tier without objectives",
			"Tier %q declares no objective; set at least one of rpo, rto, min_retention, restore_test_within, "+
				"cross_region_copy, cross_account_copy, vault_lock, air_gapped_copy.", t.Name)
	}
	t.RPO = d.durationObjective(attr["rpo"], false)
	t.RTO = d.durationObjective(attr["rto"], false)
	t.MinRetention = d.durationObjective(attr["min_retention"], true)
	t.RestoreTestWithin = d.durationObjective(attr["restore_test_within"], false)
	t.CrossRegionCopy = d.copyObjective(attr["cross_region_copy"], "region", regionPattern,
		"an AWS region name such as \"eu-west-1\"")
	t.CrossAccountCopy = d.copyObjective(attr["cross_account_copy"], "account", accountPattern,
		"an AWS account id, 12 digits such as \"111122223333\"")
	t.VaultLock = d.vaultLock(attr["vault_lock"])
	t.AirGappedCopy = d.airGappedCopy(attr["air_gapped_copy"])
	return t, len(d.diags) == before
}

// durationObjective decodes a duration objective; nil when it is not set or has a problem.
func (d *decoder) durationObjective(a *hcl.Attribute, wholeDays bool) *DurationObjective {
	if a == nil {
		return nil
	}
	s, ok := d.str(a)
	if !ok {
		return nil
	}
	v, err := ParseObjectiveDuration(s)
	if err != nil {
		d.errorf(a.Expr.Range(), "Invalid duration", "%s: %v.", a.Name, err)
		return nil
	}
	if wholeDays && v%(24*time.Hour) != 0 {
		d.errorf(a.Expr.Range(), "Invalid duration",
			"%s: %q is not a whole number of days; AWS Backup keeps backups for whole days, so write days, such as \"35d\".", a.Name, s)
		return nil
	}
	return &DurationObjective{Value: v, Text: s, Range: a.Expr.Range()}
}

// copyObjective decodes true, false, or a list of values of the given shape.
func (d *decoder) copyObjective(a *hcl.Attribute, what string, shape *regexp.Regexp, example string) *CopyObjective {
	if a == nil {
		return nil
	}
	v, ok := d.value(a)
	if !ok || v.IsNull() {
		return nil
	}
	o := &CopyObjective{Range: a.Expr.Range()}
	ty := v.Type()
	switch {
	case ty == cty.Bool:
		o.Required = v.True()
		return o
	case ty.IsListType() || ty.IsTupleType():
	default:
		d.errorf(a.Expr.Range(), "Incorrect attribute value type",
			"%s must be true, false or a list of %ss whose copies count, not %s.", a.Name, what, describe(v))
		return nil
	}
	items := d.stringList(a)
	if len(items) == 0 && v.LengthInt() == 0 {
		d.errorf(a.Expr.Range(), "Empty "+what+" list",
			"%s = [] lets no %s count, so no copy could meet it; write true (any other %s) or false (no copy needed).",
			a.Name, what, what)
		return nil
	}
	failed := false
	for _, it := range items {
		if !shape.MatchString(it.val) {
			d.errorf(it.rng, "Invalid "+what, "%q is not %s.", it.val, example)
			failed = true
			continue
		}
		o.Values = append(o.Values, it.val)
	}
	if failed || len(o.Values) != v.LengthInt() {
		return nil
	}
	slices.Sort(o.Values)
	o.Values = slices.Compact(o.Values)
	o.Required = true
	return o
}

// vaultLock decodes true, false or "compliance".
func (d *decoder) vaultLock(a *hcl.Attribute) *VaultLockObjective {
	if a == nil {
		return nil
	}
	v, ok := d.value(a)
	if !ok || v.IsNull() {
		return nil
	}
	o := &VaultLockObjective{Range: a.Expr.Range()}
	switch {
	case v.Type() == cty.Bool && v.True():
		o.Required, o.Mode = true, VaultLockAny
	case v.Type() == cty.Bool:
	case v.Type() == cty.String && v.AsString() == VaultLockCompliance:
		o.Required, o.Mode = true, VaultLockCompliance
	case v.Type() == cty.String && v.AsString() == "governance":
		d.errorf(a.Expr.Range(), "Invalid vault_lock",
			"\"governance\" is what true asks for (a lock in either mode, governance being the weaker); write true, "+
				"or \"compliance\" to require a lock that no one can remove.")
		return nil
	case v.Type() == cty.String:
		d.errorf(a.Expr.Range(), "Invalid vault_lock",
			"%q is not a choice; write true (a Vault Lock in either mode), \"compliance\" (a compliance-mode lock) or false.", v.AsString())
		return nil
	default:
		d.errorf(a.Expr.Range(), "Incorrect attribute value type",
			"vault_lock must be true, false or \"compliance\", not %s.", describe(v))
		return nil
	}
	return o
}

// airGappedCopy decodes true, false or a duration ("7d").
func (d *decoder) airGappedCopy(a *hcl.Attribute) *AirGappedCopyObjective {
	if a == nil {
		return nil
	}
	v, ok := d.value(a)
	if !ok || v.IsNull() {
		return nil
	}
	o := &AirGappedCopyObjective{Range: a.Expr.Range()}
	switch v.Type() {
	case cty.Bool:
		o.Required = v.True()
		return o
	case cty.String:
		if o.Within = d.durationObjective(a, false); o.Within == nil {
			return nil
		}
		o.Required = true
		return o
	}
	d.errorf(a.Expr.Range(), "Incorrect attribute value type",
		"air_gapped_copy must be true, false or a duration such as \"7d\" (a recovery point copied to a logically "+
			"air-gapped vault within that time), not %s.", describe(v))
	return nil
}

// drSystem decodes one dr_system block; the tier name is checked against the declared tiers later, in
// checkDRReferences, since a tier may be declared after the system.
func (d *decoder) drSystem(b *hcl.Block) (DRSystem, bool) {
	before := len(d.diags)
	content, diags := b.Body.Content(drSystemSchema)
	d.diags = append(d.diags, diags...)
	s := DRSystem{Name: b.Labels[0], DeclRange: b.DefRange}
	d.drName(b, "system")

	if a := content.Attributes["tier"]; a != nil {
		if v, ok := d.str(a); ok {
			s.Tier, s.TierRange = v, a.Expr.Range()
		}
	} else if !diags.HasErrors() {
		d.errorf(b.DefRange, "Missing tier", "System %q has no tier; set tier = \"<name of a dr_tier>\".", s.Name)
	}
	if len(content.Blocks) == 0 && !diags.HasErrors() {
		d.errorf(b.DefRange, "Missing match block",
			"System %q says nothing about which resources it holds; add a match block with tags, ids or types, such as "+
				"match { tags = { app = %q } }.", s.Name, s.Name)
	}
	for _, mb := range content.Blocks {
		if m, ok := d.drMatch(mb, s.Name); ok {
			s.Match = append(s.Match, m)
		}
	}
	return s, len(d.diags) == before
}

// drMatch decodes one match block of system.
func (d *decoder) drMatch(b *hcl.Block, system string) (DRMatch, bool) {
	before := len(d.diags)
	content, diags := b.Body.Content(drMatchSchema)
	d.diags = append(d.diags, diags...)
	m := DRMatch{Range: b.DefRange}
	attr := content.Attributes
	set := 0
	if a := attr["tags"]; a != nil {
		m.Tags = d.tagMap(a)
		set++
	}
	if a := attr["ids"]; a != nil {
		items := d.stringList(a)
		for _, it := range items {
			if it.val == "" {
				d.errorf(it.rng, "Invalid id pattern", "An empty pattern matches no resource; remove it.")
				continue
			}
			m.IDs = append(m.IDs, it.val)
		}
		d.nonEmptyList(a)
		set++
	}
	if a := attr["types"]; a != nil {
		for _, it := range d.stringList(a) {
			if !inventory.KnownType(it.val) {
				d.errorf(it.rng, "Unknown resource type", "%q is not a resource type vigil knows; types are canonical, such as \"aws.rds.instance\" (see docs/inventory.md).%s",
					it.val, suggestion(it.val, inventory.Types))
				continue
			}
			if !slices.Contains(m.Types, it.val) {
				m.Types = append(m.Types, it.val)
			}
		}
		d.nonEmptyList(a)
		set++
	}
	if set == 0 && !diags.HasErrors() {
		d.errorf(b.DefRange, "Empty match block",
			"A match block of system %q sets no criterion, so it would hold nothing; set tags, ids or types.", system)
	}
	return m, len(d.diags) == before
}

// nonEmptyList reports a list attribute written as [], which matches nothing.
func (d *decoder) nonEmptyList(a *hcl.Attribute) {
	v, diags := a.Expr.Value(nil)
	if !diags.HasErrors() && v.IsKnown() && !v.IsNull() && (v.Type().IsListType() || v.Type().IsTupleType()) && v.LengthInt() == 0 {
		d.errorf(a.Expr.Range(), "Empty list", "%s = [] matches no resource; remove it or list what it matches.", a.Name)
	}
}

// tagMap decodes an object of tag keys to string values.
func (d *decoder) tagMap(a *hcl.Attribute) map[string]string {
	v, ok := d.value(a)
	if !ok || v.IsNull() {
		return nil
	}
	ty := v.Type()
	if !ty.IsObjectType() && !ty.IsMapType() {
		d.errorf(a.Expr.Range(), "Incorrect attribute value type",
			"tags must be an object of tag keys and values such as { app = \"ledger\" }, not %s.", describe(v))
		return nil
	}
	if v.LengthInt() == 0 {
		d.errorf(a.Expr.Range(), "Empty tags", "tags = {} sets no tag to match; remove it or name the tags the resources carry.")
		return nil
	}
	// Locate each tag where the source allows it, for precise messages.
	ranges := map[string]hcl.Range{}
	if pairs, diags := hcl.ExprMap(a.Expr); !diags.HasErrors() {
		for _, p := range pairs {
			if k, diags := p.Key.Value(nil); !diags.HasErrors() && k.Type() == cty.String && k.IsKnown() && !k.IsNull() {
				ranges[k.AsString()] = p.Value.Range()
			}
		}
	}
	out := make(map[string]string, v.LengthInt())
	for it := v.ElementIterator(); it.Next(); {
		k, val := it.Element()
		if val.IsNull() || val.Type() != cty.String {
			rng, found := ranges[k.AsString()]
			if !found {
				rng = a.Expr.Range()
			}
			d.errorf(rng, "Incorrect attribute value type",
				"tag %q must have a string value, not %s; tag values are strings, so quote numbers and booleans.", k.AsString(), describe(val))
			continue
		}
		out[k.AsString()] = val.AsString()
	}
	return out
}

// drTierTag decodes dr_tier_tag: a tag key as AWS allows one, outside the reserved aws: prefix.
func (d *decoder) drTierTag(a *hcl.Attribute, dr *DR) {
	s, ok := d.str(a)
	if !ok {
		return
	}
	if err := checkTagKey(s); err != nil {
		d.errorf(a.Expr.Range(), "Invalid dr_tier_tag", "%v.", err)
		return
	}
	dr.TierTag, dr.TierTagRange = s, a.Expr.Range()
}

// checkTagKey applies AWS's rules for tag keys (the pattern of the tagging APIs,
// ^(?![aA][wW][sS]:)[\p{L}\p{Z}\p{N}_.:/=+\-@]+$, at most 128 characters): letters, numbers, spaces and
// _ . : / = + - @, not starting with "aws:" in any case.
func checkTagKey(s string) error {
	switch n := utf8.RuneCountInString(s); {
	case n == 0 || strings.TrimSpace(s) == "":
		return fmt.Errorf("%q is not a tag key; write the key that names a resource's tier, such as %q", s, DefaultDRTierTag)
	case n > 128:
		return fmt.Errorf("a tag key has at most 128 characters, this one %d", n)
	case strings.HasPrefix(strings.ToLower(s), "aws:"):
		return fmt.Errorf("%q starts with aws:, which AWS reserves for its own tags", s)
	}
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsNumber(r) && !unicode.Is(unicode.Z, r) && !strings.ContainsRune("_.:/=+-@", r) {
			return fmt.Errorf("%q holds %q, which AWS does not allow in tag keys (letters, digits, spaces and _ . : / = + - @)", s, r)
		}
	}
	return nil
}

// checkDRReferences checks what spans blocks: each system's tier is one of the declared tiers (sorted).
func (d *decoder) checkDRReferences(systems []DRSystem, tiers []string) {
	for _, s := range systems {
		if s.Tier == "" || slices.Contains(tiers, s.Tier) {
			continue
		}
		declared := "no dr_tier is declared"
		if len(tiers) > 0 {
			declared = "declared tiers: " + strings.Join(tiers, ", ")
		}
		d.errorf(s.TierRange, "Unknown tier", "System %q names tier %q, which is not declared (%s).%s",
			s.Name, s.Tier, declared, suggestion(s.Tier, tiers))
	}
}

// suggestion returns ` Did you mean "x"?` for the candidate closest to s (same letters in another
// case, or at most two edits away), or "".
func suggestion(s string, candidates []string) string {
	best, bestDist := "", 3
	for _, c := range candidates {
		if strings.EqualFold(c, s) {
			return fmt.Sprintf(" Did you mean %q?", c)
		}
		if dist := editDistance(s, c); dist < bestDist {
			best, bestDist = c, dist
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" Did you mean %q?", best)
}

// editDistance is the Levenshtein distance between a and b, in characters.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
