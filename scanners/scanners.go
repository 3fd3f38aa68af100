// Package scanners turns sources into the canonical inventory. Each source kind lives in a subpackage
// (terraform: HCL parse and evaluation; iac/aws: the joins and mappings shared by every Terraform reader);
// this package composes them behind one call per source kind.
package scanners

import (
	"context"
	"fmt"

	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/scanners/iac/aws"
	"github.com/vigil-audit/vigil/scanners/terraform"
)

// TerraformOptions are the inputs a Terraform scan takes besides the directory.
type TerraformOptions = terraform.Options

// ScanTerraform evaluates the root module in dir and adapts its resources into the inventory.
// Problems in individual files are recorded in the source's errors; only an unreadable root is an error.
func ScanTerraform(ctx context.Context, dir string, opts TerraformOptions) (*inventory.Inventory, error) {
	res, err := terraform.Load(ctx, dir, opts)
	if err != nil {
		return nil, fmt.Errorf("scan terraform %s: %w", dir, err)
	}
	inv := inventory.New()
	src := inventory.Source{Kind: inventory.SourceTerraform, Path: dir, Files: res.Files, Errors: res.Issues}
	for _, m := range res.Modules {
		if !m.Scanned {
			src.Notes = append(src.Notes, fmt.Sprintf("module %s (source %q) not scanned: %s", m.Address, m.Source, m.Reason))
		}
	}
	inv.Sources = append(inv.Sources, src)
	inv.Resources = aws.Adapt(res.Blocks)
	inv.Normalize()
	return inv, nil
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
