// Command enginetemplates writes engine/testdata/bench/templates.json: the resources of the example
// estates (examples/estate, examples/terraform) whose types the engine benchmark does not build by hand,
// as scanned by vigil, for BenchmarkEvaluate100k to replicate. Run from the repository root:
//
//	go run ./bench/enginetemplates > engine/testdata/bench/templates.json
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"sort"

	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/scanners"
)

// handmade are the types engine/bench_test.go builds itself (syntheticResource).
var handmade = map[string]bool{
	inventory.TypeS3Bucket: true, inventory.TypeIAMPolicy: true, inventory.TypeIAMRole: true, inventory.TypeIAMUser: true,
	inventory.TypeEC2SecurityGroup: true, inventory.TypeEC2Volume: true, inventory.TypeEC2Instance: true,
	inventory.TypeRDSInstance: true, inventory.TypeRDSCluster: true, inventory.TypeDynamoDBTable: true,
	inventory.TypeKMSKey: true, inventory.TypeCloudTrailTrail: true, inventory.TypeEFSFileSystem: true,
	inventory.TypeBackupPlan: true, inventory.TypeBackupSelection: true, inventory.TypeBackupVault: true,
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "enginetemplates:", err)
		os.Exit(1)
	}
}

func run() error {
	var out []inventory.Resource
	for _, dir := range []string{"examples/estate", "examples/terraform"} {
		inv, err := scanners.ScanTerraform(context.Background(), dir, scanners.TerraformOptions{})
		if err != nil {
			return fmt.Errorf("scan %s: %w", dir, err)
		}
		for _, r := range inv.Resources {
			if !handmade[r.Type] {
				out = append(out, r)
			}
		}
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].Type < out[b].Type })
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", " ")
	return enc.Encode(out)
}
