package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/bmatcuk/doublestar/v4"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/vigil-audit/vigil/engine"
)

var rootSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "frameworks"},
		{Name: "fail_on"},
		{Name: "policies"},
		{Name: "exclude"},
		{Name: "var_files"},
		{Name: "variables"},
		{Name: "allow_outside_file_reads"},
		{Name: "policy_timeout"},
		{Name: "uninstalled_modules"},
		{Name: "limits"},
		{Name: "dr_tier_tag"},
	},
	Blocks: []hcl.BlockHeaderSchema{
		{Type: "waiver", LabelNames: []string{"name"}},
		{Type: "dr_tier", LabelNames: []string{"name"}},
		{Type: "dr_system", LabelNames: []string{"name"}},
		{Type: "target", LabelNames: []string{"name"}},
		{Type: "schedule", LabelNames: []string{"name"}},
		{Type: "serve"},
	},
}

// waiverSchema leaves every attribute optional: missing ones are reported by waiver with a message that
// names the waiver and says what to write.
var waiverSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "rule"},
		{Name: "control"},
		{Name: "resources"},
		{Name: "reason"},
		{Name: "owner"},
		{Name: "approved_by"},
		{Name: "ticket"},
		{Name: "expires"},
	},
}

// decoder collects every problem of one file instead of stopping at the first.
type decoder struct {
	file  string // the path as given, used in diagnostics and waiver sources
	dir   string // the file's folder, against which relative paths resolve
	src   []byte
	diags hcl.Diagnostics
	opts  LoadOptions
	// scheduleTargetRanges locates each schedule's targets elements ("schedule\x00target").
	scheduleTargetRanges map[string]hcl.Range
}

// untrustedHint says how to give a discovered file's setting the trust it needs.
const untrustedHint = "This vigil.hcl was found in the scanned folder, so it is part of the change under review; " +
	"settings that widen what vigil reads or spends are taken only from the pipeline: pass %s, or name a config file with --config."

func (d *decoder) errorf(rng hcl.Range, summary, format string, args ...any) {
	d.diags = append(d.diags, &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  summary,
		Detail:   fmt.Sprintf(format, args...),
		Subject:  rng.Ptr(),
	})
}

func (d *decoder) root(body hcl.Body) *Config {
	content, diags := body.Content(rootSchema)
	d.diags = append(d.diags, diags...)
	cfg := &Config{Path: d.file}

	if a := content.Attributes["frameworks"]; a != nil {
		items := d.stringList(a)
		for _, it := range items {
			if !isFramework(it.val) {
				d.errorf(it.rng, "Unknown framework", "%q is not a framework vigil knows; use %s.", it.val, frameworkList())
				continue
			}
			if !slices.Contains(cfg.Frameworks, it.val) {
				cfg.Frameworks = append(cfg.Frameworks, it.val)
			}
		}
	}
	if a := content.Attributes["fail_on"]; a != nil {
		if s, ok := d.str(a); ok {
			if _, valid := engine.ParseSeverity(s); valid || s == "none" {
				cfg.FailOn = s
			} else {
				d.errorf(a.Expr.Range(), "Invalid fail_on", "%q is not a severity; use critical, high, medium, low, info or none.", s)
			}
		}
	}
	if a := content.Attributes["policies"]; a != nil {
		cfg.Policies = d.paths(a, "policy folder", true)
	}
	if a := content.Attributes["var_files"]; a != nil {
		cfg.VarFiles = d.paths(a, "variables file", false)
	}
	if a := content.Attributes["exclude"]; a != nil {
		for _, it := range d.stringList(a) {
			if p, err := cleanPattern(it.val); err != nil {
				d.errorf(it.rng, "Invalid exclude pattern", "%q: %v.", it.val, err)
			} else {
				cfg.Exclude = append(cfg.Exclude, p)
			}
		}
	}
	if a := content.Attributes["variables"]; a != nil {
		cfg.Variables = d.variables(a)
	}
	if a := content.Attributes["allow_outside_file_reads"]; a != nil {
		if v, ok := d.value(a); ok && !v.IsNull() {
			switch {
			case v.Type() == cty.Bool && v.True() && d.opts.Discovered:
				d.errorf(a.Range, "allow_outside_file_reads not allowed here", untrustedHint, "--allow-outside-file-reads")
			case v.Type() == cty.Bool:
				cfg.AllowOutsideFileReads = v.True()
			default:
				d.errorf(a.Expr.Range(), "Incorrect attribute value type", "%s must be true or false, not %s.", a.Name, describe(v))
			}
		}
	}
	if a := content.Attributes["policy_timeout"]; a != nil {
		if s, ok := d.str(a); ok {
			if t, err := ParsePolicyTimeout(s); err != nil {
				d.errorf(a.Expr.Range(), "Invalid policy_timeout", "%v.", err)
			} else if ceil := d.opts.Ceilings.PolicyTimeout; d.opts.Discovered && ceil > 0 && t > ceil {
				d.errorf(a.Expr.Range(), "policy_timeout above the default",
					"%s is more than the default %s; a discovered vigil.hcl may lower it, not raise it. "+untrustedHint, t, ceil, "--policy-timeout")
			} else {
				cfg.PolicyTimeout = t
			}
		}
	}
	if a := content.Attributes["uninstalled_modules"]; a != nil {
		if s, ok := d.str(a); ok {
			if s == UninstalledError || s == UninstalledGap {
				cfg.UninstalledModules = s
			} else {
				d.errorf(a.Expr.Range(), "Invalid uninstalled_modules",
					"%q is not a choice; use \"error\" (the default: the scan is incomplete) or \"gap\" (the module is "+
						"reported as not evaluated, and the scan goes on).", s)
			}
		}
	}
	if a := content.Attributes["limits"]; a != nil {
		cfg.Limits = d.limits(a)
	}

	if a := content.Attributes["dr_tier_tag"]; a != nil {
		d.drTierTag(a, &cfg.DR)
	}

	// Names are unique per block type: a tier and a system may share a name ("ledger").
	declared := map[string]map[string]hcl.Range{}
	var systems []DRSystem // every dr_system, those with problems too, for their tier to be checked
	var serveBlock *hcl.Block
	for _, b := range content.Blocks {
		if b.Type == "serve" {
			if serveBlock != nil {
				d.errorf(b.DefRange, "Duplicate serve block", "A serve block is already declared at %s:%d; write one.",
					serveBlock.DefRange.Filename, serveBlock.DefRange.Start.Line)
				continue
			}
			serveBlock = b
			d.serveBlock(b, &cfg.Serve)
			continue
		}
		name := b.Labels[0]
		if declared[b.Type] == nil {
			declared[b.Type] = map[string]hcl.Range{}
		}
		first, dup := declared[b.Type][name]
		if dup {
			what := blockNoun[b.Type]
			d.errorf(b.LabelRanges[0], "Duplicate "+what,
				"A %s named %q is already declared at %s:%d; %s names identify %ss in reports and must be unique.",
				what, name, first.Filename, first.Start.Line, what, what)
		} else {
			declared[b.Type][name] = b.DefRange
		}
		// A duplicate is still decoded, so that its own problems are reported too.
		switch b.Type {
		case "waiver":
			if w, ok := d.waiver(b); ok && !dup {
				cfg.Waivers = append(cfg.Waivers, w)
			}
		case "dr_tier":
			if t, ok := d.drTier(b); ok && !dup {
				cfg.DR.Tiers = append(cfg.DR.Tiers, t)
			}
		case "dr_system":
			s, ok := d.drSystem(b)
			if ok && !dup {
				cfg.DR.Systems = append(cfg.DR.Systems, s)
			}
			systems = append(systems, s)
		case "target":
			if t, ok := d.target(b); ok && !dup {
				cfg.Serve.Targets = append(cfg.Serve.Targets, t)
			}
		case "schedule":
			if sc, ok := d.schedule(b); ok && !dup {
				cfg.Serve.Schedules = append(cfg.Serve.Schedules, sc)
			}
		}
	}
	d.checkScheduleTargets(&cfg.Serve, cfg.DR.Systems)
	tiers := make([]string, 0, len(declared["dr_tier"]))
	for name := range declared["dr_tier"] {
		tiers = append(tiers, name)
	}
	slices.Sort(tiers)
	// Against every declared tier, those with problems included: their problems are reported already.
	d.checkDRReferences(systems, tiers)
	return cfg
}

// blockNoun names each block type in messages.
var blockNoun = map[string]string{"waiver": "waiver", "dr_tier": "tier", "dr_system": "system", "target": "target", "schedule": "schedule"}

// waiver decodes one waiver block; ok is false when it has a problem (already reported).
func (d *decoder) waiver(b *hcl.Block) (engine.Waiver, bool) {
	before := len(d.diags)
	content, diags := b.Body.Content(waiverSchema)
	d.diags = append(d.diags, diags...)
	name := b.Labels[0]
	w := engine.Waiver{ID: name, Source: fmt.Sprintf("%s:%d", d.file, b.DefRange.Start.Line)}
	if strings.TrimSpace(name) == "" {
		d.errorf(b.LabelRanges[0], "Invalid waiver name", "A waiver needs a name that identifies it in reports, such as waiver \"legacy-exports\".")
	}

	attr := content.Attributes
	var ruleSet, controlSet bool
	if a := attr["rule"]; a != nil {
		if s, ok := d.str(a); ok {
			ruleSet = true
			if s == "" || strings.ContainsFunc(s, unicode.IsSpace) {
				d.errorf(a.Expr.Range(), "Invalid rule id", "%q is not a rule id; write one such as \"S3.1\".", s)
			}
			w.Rule = s
		}
	}
	if a := attr["control"]; a != nil {
		if s, ok := d.str(a); ok {
			controlSet = true
			w.Control = s
			fw, id, found := strings.Cut(s, ":")
			switch {
			case !found || fw == "" || id == "" || strings.ContainsFunc(s, unicode.IsSpace):
				d.errorf(a.Expr.Range(), "Invalid control",
					"%q is not a framework:control pair; write one such as \"iso27001-2022:8.13\".", s)
			case !isFramework(fw):
				d.errorf(a.Expr.Range(), "Unknown framework",
					"%q in control %q is not a framework vigil knows; use %s.", fw, s, frameworkList())
			}
		}
	}
	switch {
	case ruleSet && controlSet:
		d.errorf(attr["control"].NameRange, "Both rule and control set",
			"Waiver %q sets both rule and control; a waiver accepts the results of one rule or of one framework control, so keep exactly one.", name)
	case !ruleSet && !controlSet:
		d.errorf(b.DefRange, "Missing rule or control",
			"Waiver %q says nothing about what it waives; set rule (a rule id such as \"S3.1\") or control (such as \"iso27001-2022:8.13\").", name)
	}

	if a := attr["resources"]; a != nil {
		for _, it := range d.stringList(a) {
			if it.val == "" {
				d.errorf(it.rng, "Invalid resource pattern", "An empty pattern matches no resource; remove it, or remove resources to waive every resource.")
				continue
			}
			w.Resources = append(w.Resources, it.val)
		}
	}

	// Free text is trimmed: a heredoc reason ends with a newline that reports should not show.
	if a := attr["reason"]; a != nil {
		s, _ := d.str(a)
		w.Reason = strings.TrimSpace(s)
	}
	if w.Reason == "" && !d.failedAt(attr["reason"], before) {
		d.errorf(d.missingRange(b, attr["reason"]), "Missing reason",
			"Waiver %q has no reason; auditors ask why a finding was accepted, so say it in reason = \"…\".", name)
	}
	for _, f := range []struct {
		name string
		dst  *string
	}{{"owner", &w.Owner}, {"approved_by", &w.ApprovedBy}, {"ticket", &w.Ticket}} {
		if a := attr[f.name]; a != nil {
			s, _ := d.str(a)
			*f.dst = strings.TrimSpace(s)
		}
	}

	if a := attr["expires"]; a != nil {
		if s, ok := d.str(a); ok {
			t, err := parseDate(s)
			if err != nil {
				d.errorf(a.Expr.Range(), "Invalid expiry date",
					"%s; write the last day the waiver applies as YYYY-MM-DD, such as \"2027-03-31\".", err)
			} else {
				w.Expires = &t
			}
		}
	}
	if w.Expires == nil && !d.failedAt(attr["expires"], before) {
		d.errorf(d.missingRange(b, attr["expires"]), "Missing expiry date",
			"Waiver %q has no expires date; every waiver in vigil.hcl ends, so set expires = \"YYYY-MM-DD\", the last day it applies.", name)
	}
	return w, len(d.diags) == before
}

// failedAt reports whether a problem was already recorded for attribute a since index from, so that a
// wrongly typed attribute is not also reported as missing.
func (d *decoder) failedAt(a *hcl.Attribute, from int) bool {
	if a == nil {
		return false
	}
	for _, diag := range d.diags[from:] {
		if diag.Subject != nil && rangeWithin(*diag.Subject, a.Range) {
			return true
		}
	}
	return false
}

func rangeWithin(inner, outer hcl.Range) bool {
	return inner.Filename == outer.Filename && inner.Start.Byte >= outer.Start.Byte && inner.End.Byte <= outer.End.Byte
}

// missingRange locates a required attribute that is absent (the block header) or empty (the attribute).
func (d *decoder) missingRange(b *hcl.Block, a *hcl.Attribute) hcl.Range {
	if a != nil {
		return a.Expr.Range()
	}
	return b.DefRange
}

// parseDate parses YYYY-MM-DD as UTC midnight and explains what is wrong with anything else.
func parseDate(s string) (time.Time, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err == nil {
		return t, nil
	}
	var pe *time.ParseError
	if errors.As(err, &pe) && pe.Message != "" {
		return time.Time{}, fmt.Errorf("%q is not a valid date (%s)", s, strings.TrimPrefix(pe.Message, ": "))
	}
	return time.Time{}, fmt.Errorf("%q is not a date", s)
}

// paths decodes a list of file or folder paths, resolves them against the config's folder and checks that
// each exists and is a folder (dir) or a regular file.
func (d *decoder) paths(a *hcl.Attribute, what string, dir bool) []string {
	var out []string
	for _, it := range d.stringList(a) {
		if strings.TrimSpace(it.val) == "" {
			d.errorf(it.rng, "Invalid path", "An empty string is not a path to a %s.", what)
			continue
		}
		p := filepath.FromSlash(it.val)
		if !filepath.IsAbs(p) {
			p = filepath.Join(d.dir, p)
		}
		fi, err := os.Stat(p)
		switch {
		case !dir && d.opts.Discovered && !d.insideFolder(p):
			// Checked before existence, so that the message does not tell whether an outside file exists.
			d.errorf(it.rng, "Variables file outside the scanned folder",
				"%q (%s) is outside %s, symbolic links resolved; its values would reach the reports. "+untrustedHint,
				it.val, p, d.folderName(), "--var-file")
			continue
		case err != nil:
			d.errorf(it.rng, "Missing "+what, "%s (%q resolves to %s, relative to the folder of %s).",
				statError(err), it.val, p, filepath.Base(d.file))
			continue
		case dir && !fi.IsDir():
			d.errorf(it.rng, "Not a folder", "%q (%s) is a file; policies lists folders of Rego rules.", it.val, p)
			continue
		case !dir && !fi.Mode().IsRegular():
			d.errorf(it.rng, "Not a file", "%q (%s) is not a regular file; var_files lists .tfvars files.", it.val, p)
			continue
		}
		out = append(out, p)
	}
	return out
}

// insideFolder reports whether path p, symbolic links resolved, is inside the config file's folder,
// itself resolved.
func (d *decoder) insideFolder(p string) bool {
	real, dir := resolveLinks(p), resolveLinks(d.dir)
	rel, err := filepath.Rel(dir, real)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// resolveLinks makes p absolute and resolves its symbolic links as far as it exists: a missing rest is
// appended to its deepest existing folder, resolved, so that a missing file below a link out is still out.
func resolveLinks(p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		return real
	}
	parent := filepath.Dir(abs)
	if parent == abs {
		return abs
	}
	return filepath.Join(resolveLinks(parent), filepath.Base(abs))
}

// folderName names the config file's folder in messages.
func (d *decoder) folderName() string {
	if d.dir == "." {
		return "the scanned folder"
	}
	return "the scanned folder " + d.dir
}

func statError(err error) string {
	if errors.Is(err, os.ErrNotExist) {
		return "No such file or folder"
	}
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// variables decodes the variables object into HCL expression texts, one per variable.
func (d *decoder) variables(a *hcl.Attribute) map[string]string {
	v, ok := d.value(a)
	if !ok || v.IsNull() {
		return nil
	}
	ty := v.Type()
	if !ty.IsObjectType() && !ty.IsMapType() {
		d.errorf(a.Expr.Range(), "Incorrect attribute value type",
			"variables must be an object such as { env = \"prod\" }, not a %s.", ty.FriendlyName())
		return nil
	}
	// Locate each value where the source allows it, for precise messages.
	ranges := map[string]hcl.Range{}
	if pairs, diags := hcl.ExprMap(a.Expr); !diags.HasErrors() {
		for _, p := range pairs {
			if k, diags := p.Key.Value(nil); !diags.HasErrors() && k.Type() == cty.String && k.IsKnown() && !k.IsNull() {
				ranges[k.AsString()] = hcl.RangeBetween(p.Key.Range(), p.Value.Range())
			}
		}
	}
	out := make(map[string]string, v.LengthInt())
	for it := v.ElementIterator(); it.Next(); {
		k, val := it.Element()
		name := k.AsString()
		rng, found := ranges[name]
		if !found {
			rng = a.Expr.Range()
		}
		if !hclsyntax.ValidIdentifier(name) {
			d.errorf(rng, "Invalid variable name",
				"%q is not a Terraform variable name: names start with a letter or underscore and hold letters, digits, underscores and dashes.", name)
			continue
		}
		text, err := exprSource(val)
		if err != nil {
			d.errorf(rng, "Invalid variable value", "Variable %q: %v.", name, err)
			continue
		}
		out[name] = text
	}
	return out
}

// LimitNames are the settings of limits, and of the --limit flag.
var LimitNames = []string{"instances", "value_mib", "elements"}

// limits decodes the limits object: whole positive numbers under the names of LimitNames.
func (d *decoder) limits(a *hcl.Attribute) Limits {
	var out Limits
	v, ok := d.value(a)
	if !ok || v.IsNull() {
		return out
	}
	ty := v.Type()
	if !ty.IsObjectType() && !ty.IsMapType() {
		d.errorf(a.Expr.Range(), "Incorrect attribute value type",
			"limits must be an object such as { instances = 200000 }, not a %s.", ty.FriendlyName())
		return out
	}
	for it := v.ElementIterator(); it.Next(); {
		k, val := it.Element()
		name := k.AsString()
		var n int64 = -1
		if !val.IsNull() && val.Type() == cty.Number && val.AsBigFloat().IsInt() {
			n, _ = val.AsBigFloat().Int64()
		}
		if err := CheckLimit(name, n); err != nil {
			d.errorf(a.Expr.Range(), "Invalid limit", "%v.", err)
			continue
		}
		if ceil := d.opts.Ceilings.Limits.get(name); d.opts.Discovered && ceil > 0 && n > int64(ceil) {
			d.errorf(a.Expr.Range(), "Limit above the default",
				"%s = %d is more than the default %d; a discovered vigil.hcl may lower a limit, not raise it. "+untrustedHint,
				name, n, ceil, "--limit "+name+"=N")
			continue
		}
		out.Set(name, int(n))
	}
	return out
}

// CheckLimit checks limit name and its value: a whole number from 1 to 2^40.
func CheckLimit(name string, n int64) error {
	if !slices.Contains(LimitNames, name) {
		return fmt.Errorf("%q is not a limit; use %s", name, strings.Join(LimitNames, ", "))
	}
	if n < 1 || n > 1<<40 {
		return fmt.Errorf("limit %s must be a whole number from 1 to %d", name, int64(1)<<40)
	}
	return nil
}

// item is one element of a list attribute with the range that best locates it.
type item struct {
	val string
	rng hcl.Range
}

// stringList decodes a list of strings. Elements are located individually when the expression is a
// literal list, otherwise at the whole expression.
func (d *decoder) stringList(a *hcl.Attribute) []item {
	v, ok := d.value(a)
	if !ok || v.IsNull() {
		return nil
	}
	ty := v.Type()
	if !ty.IsListType() && !ty.IsTupleType() {
		d.errorf(a.Expr.Range(), "Incorrect attribute value type", "%s must be a list of strings such as [\"a\", \"b\"], not a %s.",
			a.Name, ty.FriendlyName())
		return nil
	}
	var exprs []hcl.Expression
	if list, diags := hcl.ExprList(a.Expr); !diags.HasErrors() && len(list) == v.LengthInt() {
		exprs = list
	}
	var out []item
	for i, it := 0, v.ElementIterator(); it.Next(); i++ {
		_, el := it.Element()
		rng := a.Expr.Range()
		if exprs != nil {
			rng = exprs[i].Range()
		}
		if el.IsNull() || el.Type() != cty.String {
			d.errorf(rng, "Incorrect attribute value type", "%s must be a list of strings; element %d is %s.",
				a.Name, i+1, describe(el))
			continue
		}
		out = append(out, item{val: el.AsString(), rng: rng})
	}
	return out
}

// str decodes a string attribute; ok is false when it is null (not set) or has a problem (reported).
func (d *decoder) str(a *hcl.Attribute) (string, bool) {
	v, ok := d.value(a)
	if !ok || v.IsNull() {
		return "", false
	}
	if v.Type() != cty.String {
		d.errorf(a.Expr.Range(), "Incorrect attribute value type", "%s must be a string, not %s.", a.Name, describe(v))
		return "", false
	}
	return v.AsString(), true
}

func describe(v cty.Value) string {
	if v.IsNull() {
		return "null"
	}
	return "a " + v.Type().FriendlyName()
}

// value evaluates an attribute as a constant: vigil.hcl has no variables and no functions.
func (d *decoder) value(a *hcl.Attribute) (cty.Value, bool) {
	if refs := a.Expr.Variables(); len(refs) > 0 {
		for _, t := range refs {
			d.referenceError(t)
		}
		return cty.NilVal, false
	}
	v, diags := a.Expr.Value(nil)
	for _, diag := range diags {
		if call, isCall := diag.Expression.(*hclsyntax.FunctionCallExpr); isCall && diag.Summary == "Function calls not allowed" {
			diag.Detail = fmt.Sprintf("vigil.hcl takes constant values only; functions such as %s() are not available. Write the value itself.", call.Name)
		}
	}
	d.diags = append(d.diags, diags...)
	if diags.HasErrors() {
		return cty.NilVal, false
	}
	if !v.IsWhollyKnown() {
		// Not expected from a constant expression; kept so that no unknown value reaches the caller.
		d.errorf(a.Expr.Range(), "Value not constant", "%s must be a constant value.", a.Name)
		return cty.NilVal, false
	}
	return v, true
}

// referenceError explains a reference in a file that has nothing to refer to. A lone word is usually a
// string written without quotes, so the message says how to quote it.
func (d *decoder) referenceError(t hcl.Traversal) {
	rng := t.SourceRange()
	text := string(rng.SliceBytes(d.src))
	detail := fmt.Sprintf("vigil.hcl takes constant values only; %s would refer to a variable, and none are available here.", text)
	if len(t) == 1 {
		detail = fmt.Sprintf("vigil.hcl takes constant values only, and %s is not one. To write the word itself, put it in quotes: %q.",
			text, t.RootName())
	}
	d.errorf(rng, "Variables not allowed", "%s", detail)
}

func isFramework(fw string) bool { return slices.Contains(engine.Frameworks, fw) }

func frameworkList() string { return strings.Join(engine.Frameworks, ", ") }

// cleanPattern checks an exclude pattern and returns it in canonical form (no leading "./").
// CleanExcludePattern checks an exclude pattern given outside a config file (vigil scan --exclude) and
// returns it in the form Excluded matches.
func CleanExcludePattern(p string) (string, error) { return cleanPattern(p) }

func cleanPattern(p string) (string, error) {
	if p == "" {
		return "", errors.New("an empty pattern excludes nothing")
	}
	if strings.HasPrefix(p, "/") || filepath.IsAbs(p) {
		return "", errors.New("patterns are relative to the scanned directory, so they cannot start with /")
	}
	for strings.HasPrefix(p, "./") {
		p = p[2:]
	}
	segs := strings.Split(strings.TrimSuffix(p, "/"), "/")
	for _, s := range segs {
		switch s {
		case "", ".", "..":
			if s == ".." {
				return "", errors.New(`".." leaves the scanned directory`)
			}
			return "", errors.New("empty or \".\" path element")
		}
		if !doublestar.ValidatePattern(s) {
			return "", fmt.Errorf("malformed pattern element %q (check [ ], { } and \\)", s)
		}
	}
	return strings.Join(segs, "/"), nil
}
