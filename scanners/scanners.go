// Package scanners turns sources into the canonical inventory. Each source kind lives in a subpackage
// (terraform: HCL parse and evaluation; iac/aws: the joins and mappings shared by every Terraform reader);
// this package composes them behind one call per source kind.
package scanners

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/scanners/iac"
	"github.com/vigil-audit/vigil/scanners/iac/aws"
	"github.com/vigil-audit/vigil/scanners/terraform"
)

// TerraformOptions are the inputs a Terraform scan takes besides the directory.
type TerraformOptions = terraform.Options

// TerraformLimits bound what a Terraform scan evaluates (re-exported for cmd).
type TerraformLimits = terraform.Limits

// DefaultTerraformLimits are the limits a Terraform scan applies when none are set.
var DefaultTerraformLimits = TerraformLimits{
	Instances: terraform.DefaultMaxInstances, ValueBytes: terraform.DefaultMaxValueBytes, Elements: terraform.DefaultMaxElements,
}

// TerraformEnvVars returns the TF_VAR_name variables of environ (os.Environ's form), for
// TerraformOptions.EnvVars.
func TerraformEnvVars(environ []string) map[string]string { return terraform.EnvVars(environ) }

// ScanTerraform evaluates the root module in dir and adapts its resources into the inventory.
// Problems in individual files are recorded in the source's errors; only an unreadable root is an error.
func ScanTerraform(ctx context.Context, dir string, opts TerraformOptions) (*inventory.Inventory, error) {
	base := dir
	if opts.Files != nil {
		base = opts.Files.Base()
	}
	inv, _, err := scanRoot(ctx, dir, base, opts)
	return inv, err
}

// scanRoot is ScanTerraform that also returns the --var names the root does not declare
// (TerraformOptions.SharedVars). File names are made relative to the working directory from base, the
// folder the loader names files relative to (the root, or the base of opts.Files).
func scanRoot(ctx context.Context, dir, base string, opts TerraformOptions) (*inventory.Inventory, []string, error) {
	res, err := terraform.Load(ctx, dir, opts)
	if err != nil {
		var le *terraform.LimitError
		if errors.As(err, &le) { // named like every other issue: relative to the working directory
			located := *le
			located.File = fileFromWorkDir(base)(le.File)
			err = &located
		}
		return nil, nil, fmt.Errorf("scan terraform %s: %w", dir, err)
	}
	inv := inventory.New()
	src := inventory.Source{Kind: inventory.SourceTerraform, Path: dir, Files: res.Files, Errors: res.Issues,
		Warnings: res.Warnings, Gaps: res.Gaps}
	for _, m := range res.Modules {
		if !m.Scanned && !m.Gap {
			src.Notes = append(src.Notes, fmt.Sprintf("module %s (source %q) not scanned: %s", m.Address, m.Source, m.Reason))
		}
	}
	inv.Resources = aws.Adapt(res.Blocks)
	unattachedIgnores(&src, res, inv.Resources)
	inv.Sources = append(inv.Sources, src)
	prefixFiles(inv, base)
	inv.Normalize()
	return inv, res.UndeclaredVars, nil
}

// CodeIgnoreUnattached is the code of the warning given for a `# vigil:ignore` that applies to no resource.
const CodeIgnoreUnattached = "ignore-unattached"

// unattachedIgnores records in src every vigil:ignore directive that waives nothing: those the loader
// tied to no resource instance, and those written on a block that is not among resources (a data
// source, a resource type no rule reads), as a warning and in src.UnattachedIgnores.
func unattachedIgnores(src *inventory.Source, res *terraform.Result, resources []inventory.Resource) {
	add := func(ig inventory.Ignore, why string) {
		src.UnattachedIgnores = append(src.UnattachedIgnores, ig)
		src.Warnings = append(src.Warnings, inventory.Issue{Code: CodeIgnoreUnattached, File: ig.File, Line: ig.Line, Message: why})
	}
	for _, u := range res.UnattachedIgnores {
		add(u.Ignore, u.Why)
	}
	attached := map[inventory.Ignore]bool{}
	for _, r := range resources {
		for _, ig := range r.Ignores {
			attached[ig] = true
		}
	}
	for _, b := range res.Blocks {
		for _, ig := range b.Ignores {
			if attached[ig] {
				continue
			}
			attached[ig] = true // once, for a directive on every instance
			what := fmt.Sprintf("%s is not a resource type vigil's rules read", b.Address)
			if b.Mode == iac.ModeData {
				what = fmt.Sprintf("%s is a data source, and waivers apply to resources", b.Address)
			}
			add(ig, fmt.Sprintf("vigil:ignore %s applies to nothing: %s", ig.Rule, what))
		}
	}
	sort.SliceStable(src.Warnings, func(i, j int) bool {
		a, b := src.Warnings[i], src.Warnings[j]
		return a.File < b.File || a.File == b.File && a.Line < b.Line
	})
}

// prefixFiles makes file paths relative to the working directory (infra/compute.tf rather than the
// scanner's compute.tf) so SARIF, annotations and editors open the right file wherever the scan started.
// Absolute scan paths outside the working directory stay absolute.
func prefixFiles(inv *inventory.Inventory, dir string) {
	join := fileFromWorkDir(dir)
	for i := range inv.Sources {
		for j := range inv.Sources[i].Errors {
			inv.Sources[i].Errors[j].File = join(inv.Sources[i].Errors[j].File)
		}
		for j := range inv.Sources[i].Warnings {
			inv.Sources[i].Warnings[j].File = join(inv.Sources[i].Warnings[j].File)
		}
		for j := range inv.Sources[i].Gaps {
			inv.Sources[i].Gaps[j].File = join(inv.Sources[i].Gaps[j].File)
		}
		for j := range inv.Sources[i].UnattachedIgnores {
			inv.Sources[i].UnattachedIgnores[j].File = join(inv.Sources[i].UnattachedIgnores[j].File)
		}
	}
	for i := range inv.Resources {
		r := &inv.Resources[i]
		r.Source.File = join(r.Source.File)
		for j := range r.Ignores {
			r.Ignores[j].File = join(r.Ignores[j].File)
		}
	}
}

// fileFromWorkDir returns the function that names a file the scanner named relative to dir relative to the
// working directory instead.
func fileFromWorkDir(dir string) func(string) string {
	prefix := filepath.Clean(dir)
	if filepath.IsAbs(prefix) {
		if wd, err := os.Getwd(); err == nil {
			if rel, err := filepath.Rel(wd, prefix); err == nil && !strings.HasPrefix(rel, "..") {
				prefix = rel
			}
		}
	}
	return func(f string) string {
		if prefix == "." {
			return f
		}
		if f == "" || filepath.IsAbs(f) {
			return f
		}
		return filepath.ToSlash(filepath.Join(prefix, f))
	}
}

// Merge appends the sources and resources of others into one inventory.
func Merge(invs ...*inventory.Inventory) *inventory.Inventory {
	out := inventory.New()
	for _, inv := range invs {
		out.Sources = append(out.Sources, inv.Sources...)
		out.Resources = append(out.Resources, inv.Resources...)
	}
	out.Normalize()
	return out
}
