// Package config loads vigil.hcl, the file that holds a project's scan settings and its waivers, so that
// a CI job runs with the same settings as a developer's machine and every accepted finding is written down
// with its reason, owner and expiry.
//
// The file mirrors the flags of `vigil scan` (frameworks, fail_on, policies, var_files, variables) and adds
// what flags cannot carry: exclude patterns, how to treat uninstalled modules, waiver blocks, and the
// disaster-recovery objectives (dr_tier, dr_system, dr_tier_tag; see DR, and package dr for how resources
// are assigned to them). This package only reads and validates the
// file: it resolves paths and turns waiver blocks into engine.Waiver values. The engine applies the
// waivers, and cmd/vigil merges the settings with the flags (flags win) and checks waiver rule ids
// against the rules it loaded.
//
// Every problem in the file is reported at once, each with its file:line:col (see Error), so a CI run
// can fail with exit code 2 and a message the author can act on.
package config

import (
	"cmp"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/vigil-audit/vigil/engine"
	"github.com/vigil-audit/vigil/internal/nesting"
	"github.com/vigil-audit/vigil/internal/safefile"
)

// FileName is the config file vigil looks for in the scanned directory when --config is not given.
const FileName = "vigil.hcl"

// Config is a loaded vigil.hcl. A setting that the file does not set is left at its zero value, so the
// caller can tell "not set" from "set" and apply flags and defaults itself.
type Config struct {
	// Path is the file loaded, as given to Load ("" when no file was loaded).
	Path string
	// Frameworks limits rules and the summary to these framework ids; empty means every framework.
	Frameworks []string
	// FailOn is a severity (critical, high, medium, low, info) or "none"; "" when not set.
	FailOn string
	// Policies are folders of custom Rego rules. Relative entries in the file are relative to the file's
	// folder; here they are joined to it, so they are absolute or relative to the working directory.
	Policies []string
	// Exclude are slash-separated patterns over paths relative to the scanned directory (see Excluded).
	Exclude []string
	// VarFiles are .tfvars files, resolved like Policies.
	VarFiles []string
	// Variables are Terraform variable values, each rendered as the source text of an HCL expression:
	// "prod" becomes `"prod"` (quotes included), 2 becomes `2`, and { team = "core" } becomes
	// `{"team" = "core"}`. Parsing the text with hclsyntax.ParseExpression and evaluating it without a
	// context gives back the value written in the file, whatever the variable's declared type, so the
	// Terraform loader must parse these texts even for string variables (unlike --var values, which it
	// takes literally for string variables).
	Variables map[string]string
	// AllowOutsideFileReads lets Terraform's file functions read outside the scanned folder, and module
	// calls read folders outside the scanned tree (a trusted run); by default a path outside it leaves
	// the value unknown, with a warning, and a module folder outside it is not read (an error).
	AllowOutsideFileReads bool
	// PolicyTimeout is each rule's time budget (policy_timeout = "1m"); zero when not set.
	PolicyTimeout time.Duration
	// UninstalledModules says what a Terraform registry or git module that terraform init has not
	// installed is: UninstalledError (the default, also when "") or UninstalledGap.
	UninstalledModules string
	// Limits bound what a scan evaluates (zero: the default).
	Limits Limits
	// Waivers are the waiver blocks, in file order: ID is the block label, Source the file:line of the
	// block header, and Expires the UTC midnight of the last day the waiver applies.
	Waivers []engine.Waiver
	// DR holds the disaster-recovery tiers and systems (dr_tier, dr_system, dr_tier_tag).
	DR DR
	// Serve holds what `vigil serve` reads: target and schedule blocks, and the serve block.
	Serve Serve
}

// Values of uninstalled_modules.
const (
	// UninstalledError: an uninstalled module makes the scan incomplete (exit 2), as any module that
	// cannot be read.
	UninstalledError = "error"
	// UninstalledGap: an uninstalled module is a gap the team accepts, for CI that gates without
	// terraform init. It is still not evaluated (its resources are not checked, its outputs are unknown);
	// reports list it as a gap, and the scan is not incomplete because of it.
	UninstalledGap = "gap"
)

// MaxPolicyTimeout bounds policy_timeout and --policy-timeout: a budget longer than this is no budget.
const MaxPolicyTimeout = time.Hour

// ParsePolicyTimeout reads a rule time budget such as "30s" or "2m": a Go duration, positive and at most
// MaxPolicyTimeout.
func ParsePolicyTimeout(s string) (time.Duration, error) {
	t, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a duration; write it like \"30s\" or \"2m\"", s)
	}
	return t, CheckPolicyTimeout(t)
}

// CheckPolicyTimeout validates a rule time budget.
func CheckPolicyTimeout(t time.Duration) error {
	if t <= 0 || t > MaxPolicyTimeout {
		return fmt.Errorf("the policy timeout must be more than 0 and at most %s, got %s", MaxPolicyTimeout, t)
	}
	return nil
}

// Limits are the limits setting: the most resource and module instances a scanned folder may expand, and
// the largest value one expression may build, in MiB of text and in elements. Zero means not set.
type Limits struct {
	Instances, ValueMiB, Elements int
}

// Set sets the limit called name (one of LimitNames) to n.
func (l *Limits) Set(name string, n int) {
	switch name {
	case "instances":
		l.Instances = n
	case "value_mib":
		l.ValueMiB = n
	case "elements":
		l.Elements = n
	}
}

func (l Limits) get(name string) int {
	switch name {
	case "instances":
		return l.Instances
	case "value_mib":
		return l.ValueMiB
	case "elements":
		return l.Elements
	}
	return 0
}

// Find reports whether dir holds a vigil.hcl file, and returns its path. Anything by that name but a
// folder counts, so that Load refuses a named pipe or a dangling link rather than the scan running
// without the project's settings.
func Find(dir string) (string, bool) {
	p := filepath.Join(dir, FileName)
	fi, err := os.Lstat(p)
	if err != nil || fi.IsDir() {
		return "", false
	}
	return p, true
}

// Load reads and validates the config file at path, trusted: the user named it (--config). A file that
// cannot be read is an ordinary error; a file with problems returns an *Error that lists all of them.
func Load(path string) (*Config, error) { return LoadWith(path, LoadOptions{}) }

// LoadOptions say how far a config file is trusted.
type LoadOptions struct {
	// Discovered marks a file found in the scanned folder rather than named by the pipeline's owner with
	// --config (or with --allow-outside-file-reads given): it is part of the change under review, written
	// by whoever opened the pull request. Such a file may not widen what vigil reads:
	// allow_outside_file_reads = true is an error, and each var_files entry must be inside the file's
	// folder (the scanned folder), symbolic links resolved. Nor may it raise limits or policy_timeout above
	// Ceilings: it may lower them.
	Discovered bool
	// Ceilings are the default limits and rule time budget, the most a discovered file may set.
	Ceilings Ceilings
}

// Ceilings are the most a discovered config file may set limits and policy_timeout to: the defaults.
type Ceilings struct {
	Limits        Limits
	PolicyTimeout time.Duration
}

// LoadWith is Load with the trust of the file given by opts.
func LoadWith(path string, opts LoadOptions) (*Config, error) {
	if opts.Discovered {
		// A vigil.hcl that links out of the scanned folder would be another file read as config, and a
		// config's error messages quote what it holds.
		d := &decoder{dir: filepath.Dir(path)}
		if !d.insideFolder(path) {
			return nil, fmt.Errorf("read config %s: it is a symbolic link leading outside the scanned folder; "+
				"name the file with --config to use it", path)
		}
	}
	src, err := safefile.Read(path, safefile.MaxConfigFile)
	if err != nil {
		return nil, fmt.Errorf("read config %s: %w", path, err)
	}
	cfg, diags := parseWith(src, path, opts)
	if diags.HasErrors() {
		return nil, &Error{Diagnostics: diags}
	}
	return cfg, nil
}

// parse decodes src, naming it path in diagnostics and waiver sources and resolving relative paths
// against path's folder.
func parse(src []byte, path string) (*Config, hcl.Diagnostics) {
	return parseWith(src, path, LoadOptions{})
}

func parseWith(src []byte, path string, opts LoadOptions) (*Config, hcl.Diagnostics) {
	if d := nesting.Check(src, nesting.HCL, path, hcl.InitialPos); d != nil {
		return nil, hcl.Diagnostics{d} // parsing it would overflow the stack
	}
	f, diags := hclsyntax.ParseConfig(src, path, hcl.InitialPos)
	if diags.HasErrors() {
		// The partial body of a file that does not parse gives follow-on errors that only confuse.
		return nil, diags
	}
	d := &decoder{file: path, dir: filepath.Dir(path), src: src, diags: diags, opts: opts, scheduleTargetRanges: map[string]hcl.Range{}}
	cfg := d.root(f.Body)
	if d.diags.HasErrors() {
		return nil, d.diags
	}
	return cfg, d.diags
}

// Error is a config file with problems. Its message has one line per problem, in file order:
// "file:line:col: summary: detail".
type Error struct {
	// Diagnostics are the problems found, with their source ranges.
	Diagnostics hcl.Diagnostics
}

func (e *Error) Error() string {
	diags := slices.Clone(e.Diagnostics)
	slices.SortStableFunc(diags, func(a, b *hcl.Diagnostic) int {
		ra, rb := subject(a), subject(b)
		return cmp.Or(cmp.Compare(ra.Filename, rb.Filename), cmp.Compare(ra.Start.Byte, rb.Start.Byte))
	})
	lines := make([]string, 0, min(len(diags), MaxErrorsListed+1))
	omitted := 0
	for _, d := range diags {
		switch {
		case d.Severity != hcl.DiagError:
		case len(lines) < MaxErrorsListed:
			lines = append(lines, formatDiagnostic(d))
		default:
			omitted++
		}
	}
	if omitted > 0 {
		// Random bytes give an error every few bytes: the count, not the list, is what helps.
		lines = append(lines, fmt.Sprintf("and %d more errors", omitted))
	}
	return strings.Join(lines, "\n")
}

// MaxErrorsListed is how many problems of a config file Error lists, as for a .tf file; the others are counted.
const MaxErrorsListed = 20

func subject(d *hcl.Diagnostic) hcl.Range {
	if d.Subject != nil {
		return *d.Subject
	}
	return hcl.Range{}
}

// formatDiagnostic renders one diagnostic on one line.
func formatDiagnostic(d *hcl.Diagnostic) string {
	var b strings.Builder
	if d.Subject != nil {
		fmt.Fprintf(&b, "%s:%d:%d: ", d.Subject.Filename, d.Subject.Start.Line, d.Subject.Start.Column)
	}
	b.WriteString(d.Summary)
	if detail := strings.Join(strings.Fields(d.Detail), " "); detail != "" {
		b.WriteString(": ")
		b.WriteString(detail)
	}
	return b.String()
}
