package engine_test

import (
	"context"
	"fmt"

	"github.com/vigil-audit/vigil/engine"
	"github.com/vigil-audit/vigil/inventory"
)

// Evaluate the built-in rules over a one-resource inventory: an EBS volume whose encryption is
// known to be off fails EC2.5; everything is reported with its controls.
func Example() {
	ctx := context.Background()
	eng, err := engine.New(ctx, engine.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	inv := inventory.New()
	inv.Resources = append(inv.Resources, inventory.Resource{
		ID:         "aws_ebs_volume.scratch",
		Type:       inventory.TypeEC2Volume,
		Name:       "scratch",
		Attributes: map[string]any{"encrypted": false},
	})
	rep, err := eng.Evaluate(ctx, inv, engine.EvalOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range rep.Results {
		fmt.Println(r.Status, r.RuleID, r.ResourceID, r.Controls[engine.FrameworkISO27001])
	}
	// Without a DR posture (EvalOptions.DR) the DR objectives are not applicable to the volume.
	// Output:
	// not_applicable DR.1 aws_ebs_volume.scratch [5.30 8.13]
	// not_applicable DR.2 aws_ebs_volume.scratch [5.30]
	// not_applicable DR.3 aws_ebs_volume.scratch [8.13]
	// not_applicable DR.4 aws_ebs_volume.scratch [8.13]
	// not_applicable DR.5 aws_ebs_volume.scratch [8.13]
	// not_applicable DR.6 aws_ebs_volume.scratch [8.13]
	// not_applicable DR.7 aws_ebs_volume.scratch [5.30 8.13]
	// fail EC2.5 aws_ebs_volume.scratch [8.24]
}
