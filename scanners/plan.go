package scanners

import (
	"context"
	"fmt"

	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/scanners/iac/aws"
	"github.com/vigil-audit/vigil/scanners/plan"
)

// PlanOptions are the inputs a plan scan takes besides the plan file.
type PlanOptions struct {
	// ConfigDir is the Terraform root module the plan was made from. When set, its configuration is read
	// to give resources the file and line range of the block that declares them (plans carry none).
	ConfigDir string
	// ChangedOnly keeps only the resources the plan creates or updates (replacements included): those
	// whose own block or a joined block has a create or update action.
	ChangedOnly bool
}

// ScanPlan reads the JSON plan at planPath (terraform show -json PLANFILE) and adapts its resources into
// the inventory, with the same joins as ScanTerraform. Problems inside the plan are recorded in the
// source's errors; an unreadable or unsupported plan, or an unreadable ConfigDir, is an error.
func ScanPlan(ctx context.Context, planPath string, opts PlanOptions) (*inventory.Inventory, error) {
	res, err := plan.Load(planPath)
	if err != nil {
		return nil, fmt.Errorf("scan plan: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("scan plan %s: %w", planPath, err)
	}
	src := inventory.Source{Kind: inventory.SourcePlan, Path: planPath, Files: 1, Errors: res.Issues}
	version := res.TerraformVersion
	if version == "" {
		version = "(version not recorded)"
	}
	src.Notes = append(src.Notes, fmt.Sprintf("terraform %s, plan format %s", version, res.FormatVersion))
	if res.NewerFormat {
		src.Notes = append(src.Notes, fmt.Sprintf("plan format %s is newer than 1.%d: fields it adds are ignored",
			res.FormatVersion, plan.SupportedMinor))
	}
	resources := aws.Adapt(res.Blocks)
	for i := range resources {
		resources[i].Source.Kind = inventory.SourcePlan
	}
	if opts.ConfigDir != "" {
		note, err := locate(ctx, resources, opts.ConfigDir, &src)
		if err != nil {
			return nil, fmt.Errorf("scan plan %s: %w", planPath, err)
		}
		src.Notes = append(src.Notes, note)
	}
	if opts.ChangedOnly {
		kept := changedOnly(resources, res.Actions)
		src.Notes = append(src.Notes, fmt.Sprintf("changed only: kept %d of %d resources (created, updated or replaced)",
			len(kept), len(resources)))
		resources = kept
	}
	inv := inventory.New()
	inv.Sources = append(inv.Sources, src)
	inv.Resources = resources
	inv.Normalize()
	return inv, nil
}

// locate copies the source location of each resource from a scan of the configuration in dir: the
// resource with the same id (with its inline waivers), else a resource declared by the same block
// (instance keys removed; its location only, as a waiver may name one instance). Going through
// ScanTerraform keeps file paths exactly as a scan of the directory gives them. It returns a note saying
// how many resources were located. The configuration's inline waivers that reach no planned resource
// are added to src as unattached (see unattachedIgnores), so that their rule ids are still checked and
// they are listed as unused.
func locate(ctx context.Context, resources []inventory.Resource, dir string, src *inventory.Source) (string, error) {
	cfg, err := ScanTerraform(ctx, dir, TerraformOptions{})
	if err != nil {
		return "", fmt.Errorf("read configuration: %w", err)
	}
	exact := map[string]*inventory.Resource{}
	decl := map[string]*inventory.Resource{}
	for i := range cfg.Resources {
		r := &cfg.Resources[i]
		exact[r.ID] = r
		if d := plan.ConfigAddress(r.ID); decl[d] == nil {
			decl[d] = r
		}
	}
	found := 0
	copied := map[inventory.Ignore]bool{}
	for i := range resources {
		r := &resources[i]
		from, ok := exact[r.ID]
		if ok {
			r.Ignores = from.Ignores
			for _, ig := range from.Ignores {
				copied[ig] = true
			}
		} else if from, ok = decl[plan.ConfigAddress(r.ID)]; !ok {
			continue
		}
		r.Source.File, r.Source.StartLine, r.Source.EndLine = from.Source.File, from.Source.StartLine, from.Source.EndLine
		found++
	}
	cfgSrc := cfg.Sources[0]
	src.UnattachedIgnores = append(src.UnattachedIgnores, cfgSrc.UnattachedIgnores...)
	for _, w := range cfgSrc.Warnings {
		if w.Code == CodeIgnoreUnattached {
			src.Warnings = append(src.Warnings, w)
		}
	}
	for _, r := range cfg.Resources {
		for _, ig := range r.Ignores {
			if !copied[ig] {
				copied[ig] = true
				src.UnattachedIgnores = append(src.UnattachedIgnores, ig)
				src.Warnings = append(src.Warnings, inventory.Issue{Code: CodeIgnoreUnattached, File: ig.File, Line: ig.Line,
					Message: fmt.Sprintf("vigil:ignore %s applies to nothing: %s is not in the plan", ig.Rule, r.ID)})
			}
		}
	}
	note := fmt.Sprintf("locations from %s: %d of %d resources", dir, found, len(resources))
	if n := len(cfg.Sources[0].Errors); n > 0 {
		note += fmt.Sprintf(" (%d problems reading the configuration)", n)
	}
	return note, nil
}

// changedOnly keeps the resources whose own address or a joined block's address the plan creates or
// updates: a new versioning resource changes its bucket.
func changedOnly(resources []inventory.Resource, actions map[string][]string) []inventory.Resource {
	changed := func(addr string) bool {
		for _, a := range actions[addr] {
			if a == "create" || a == "update" {
				return true
			}
		}
		return false
	}
	out := []inventory.Resource{}
	for _, r := range resources {
		keep := changed(r.Source.Address)
		for _, rel := range r.Source.Related {
			keep = keep || changed(rel)
		}
		if keep {
			out = append(out, r)
		}
	}
	return out
}
