package dr_test

import (
	"fmt"
	"path/filepath"

	"github.com/vigil-audit/vigil/config"
	"github.com/vigil-audit/vigil/dr"
	"github.com/vigil-audit/vigil/inventory"
)

func ExampleAssign() {
	cfg, err := config.Load(filepath.Join("testdata", "example.hcl"))
	if err != nil {
		fmt.Println(err)
		return
	}
	inv := inventory.New()
	inv.Resources = []inventory.Resource{
		{ID: "aws_db_instance.ledger", Type: inventory.TypeRDSInstance, Tags: map[string]string{"app": "ledger"}},
		{ID: "aws_s3_bucket.logs", Type: inventory.TypeS3Bucket, Tags: map[string]string{"dr-tier": "critical"}},
		{ID: "aws_dynamodb_table.cache", Type: inventory.TypeDynamoDBTable},
		{ID: "aws_iam_role.app", Type: inventory.TypeIAMRole}, // not protectable: not listed
	}
	assignments, diags := dr.Assign(cfg.DR, inv)
	if err := dr.Err(diags); err != nil {
		fmt.Println(err) // a command prints them and exits 2
		return
	}
	for _, a := range assignments {
		fmt.Printf("%s: %s tier=%q system=%q\n", a.Resource, a.Status, a.Tier, a.System)
	}
	// Output:
	// aws_db_instance.ledger: assigned tier="critical" system="ledger"
	// aws_dynamodb_table.cache: no objective declared tier="" system=""
	// aws_s3_bucket.logs: assigned tier="critical" system=""
}
