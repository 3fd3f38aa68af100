package dr

import (
	"sort"
	"strconv"
	"strings"

	"github.com/vigil-audit/vigil/inventory"
)

// backupResourceType is the AWS Backup resource type name of an inventory type (what a restore testing
// selection's protected_resource_type says); "" when vigil does not map it.
var backupResourceType = map[string]string{
	inventory.TypeRDSInstance:   "RDS",
	inventory.TypeRDSCluster:    "Aurora",
	inventory.TypeDynamoDBTable: "DynamoDB",
	inventory.TypeEFSFileSystem: "EFS",
	inventory.TypeS3Bucket:      "S3",
	inventory.TypeEC2Volume:     "EBS",
	inventory.TypeEC2Instance:   "EC2",
}

// restoreTestingCoverage names the restore testing plans of inv whose selections cover r ("covers") or
// may cover it ("may cover": a selection's resources or conditions are unknown). A selection covers a
// resource when its protected_resource_type is the resource's AWS Backup type and its
// protected_resource_arns list the resource's ARN or "*", and its protected_resource_conditions
// (string_equals, string_not_equals on aws:ResourceTag/KEY) hold for the resource's tags. It is
// evidence only: a plan that covers a resource proves no restore until a restore job completes.
func restoreTestingCoverage(inv *inventory.Inventory, r *inventory.Resource) (covers, mayCover []string) {
	if inv == nil || r == nil {
		return nil, nil
	}
	return restoreTestingPlans(inv).coverage(r)
}

// restoreTestingIndex holds the restore testing plans of an inventory by account and region, gathered
// once per evaluation rather than once per resource and objective.
type restoreTestingIndex map[[2]string][]*inventory.Resource

func restoreTestingPlans(inv *inventory.Inventory) restoreTestingIndex {
	idx := restoreTestingIndex{}
	if inv == nil {
		return idx
	}
	for i := range inv.Resources {
		if p := &inv.Resources[i]; p.Type == inventory.TypeBackupRestoreTestingPlan {
			k := [2]string{p.Account, p.Region}
			idx[k] = append(idx[k], p)
		}
	}
	return idx
}

func (idx restoreTestingIndex) coverage(r *inventory.Resource) (covers, mayCover []string) {
	if r == nil {
		return nil, nil
	}
	want := backupResourceType[r.Type]
	for _, p := range idx[[2]string{r.Account, r.Region}] {
		name := attrString(p.Attributes, "name")
		if name == "" {
			name = p.ID
		}
		if hasUnknown(p.Unknown, "selections") {
			mayCover = append(mayCover, name+" (selections unknown)")
			continue
		}
		sels, _ := toList(p.Attributes["selections"])
		state := ""
		for n, s := range sels {
			sel, _ := s.(map[string]any)
			if sel == nil || attrString(sel, "protected_resource_type") != want || want == "" {
				continue
			}
			arnsUnknown := hasUnknown(p.Unknown, selectionPath(n, "protected_resource_arns"))
			condsUnknown := hasUnknown(p.Unknown, selectionPath(n, "protected_resource_conditions"))
			if arnsUnknown || condsUnknown {
				if state == "" {
					state = "may"
				}
				continue
			}
			if !listsResource(sel["protected_resource_arns"], r.ID) {
				continue
			}
			if conditionsHold(sel["protected_resource_conditions"], r.Tags) {
				state = "covers"
				break
			}
		}
		switch state {
		case "covers":
			covers = append(covers, name)
		case "may":
			mayCover = append(mayCover, name+" (a selection's resources unknown)")
		}
	}
	sort.Strings(covers)
	sort.Strings(mayCover)
	return covers, mayCover
}

func selectionPath(n int, field string) string {
	return "selections." + strconv.Itoa(n) + "." + field
}

func listsResource(v any, arn string) bool {
	list, _ := toList(v)
	for _, a := range list {
		if s, _ := a.(string); s == "*" || s == arn {
			return true
		}
	}
	return false
}

// conditionsHold evaluates string_equals (every one must hold) and string_not_equals (none may be
// equal) on aws:ResourceTag/KEY against tags. A condition on another key does not hold.
func conditionsHold(v any, tags map[string]string) bool {
	conds, _ := v.(map[string]any)
	check := func(list any, equal bool) bool {
		items, _ := toList(list)
		for _, it := range items {
			c, _ := it.(map[string]any)
			key, ok := strings.CutPrefix(attrString(c, "key"), "aws:ResourceTag/")
			if !ok {
				return false
			}
			got, has := tags[key]
			if (has && got == attrString(c, "value")) != equal {
				return false
			}
		}
		return true
	}
	return check(conds["string_equals"], true) && check(conds["string_not_equals"], false)
}
