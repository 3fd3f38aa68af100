// Package invgen builds large synthetic live-AWS inventories (schema vigil.inventory/v1) for the
// `vigil scan --inventory` benchmark (bench/inventory.sh): resources of 16 types spread over accounts and
// regions, ids as account- and region-qualified ARNs, every third one misconfigured so the rules give a
// realistic mix of passes and failures. The same count and seed always give the same document.
package invgen

import (
	"fmt"
	"math/rand"
	"time"

	"github.com/vigil-audit/vigil/inventory"
)

// regions the resources are spread over; accounts are numbered 100000000000 + k.
var regions = []string{"eu-west-1", "eu-central-1", "us-east-1", "us-west-2"}

// ResourcesPerAccountRegion is how many resources each account × region (one source) holds: the size of a
// mid-sized production account.
const ResourcesPerAccountRegion = 2500

// Generate returns an inventory of n resources, split into shards inventories (each a set of whole account
// × region sources, as `vigil collect aws --accounts …` on several machines writes them).
func Generate(n, shards int, seed int64) []*inventory.Inventory {
	if shards < 1 {
		shards = 1
	}
	rng := rand.New(rand.NewSource(seed))
	at := time.Date(2026, 12, 1, 6, 0, 0, 0, time.UTC)
	sources := (n + ResourcesPerAccountRegion - 1) / ResourcesPerAccountRegion
	out := make([]*inventory.Inventory, shards)
	for i := range out {
		out[i] = inventory.New()
		out[i].GeneratedAt = &at
	}
	for s := 0; s < sources; s++ {
		inv := out[s*shards/max(sources, 1)]
		account := fmt.Sprintf("%012d", 100000000000+s/len(regions))
		region := regions[s%len(regions)]
		inv.Sources = append(inv.Sources, inventory.Source{Kind: inventory.SourceAWS, Path: account + "/" + region})
		for i := s * ResourcesPerAccountRegion; i < min(n, (s+1)*ResourcesPerAccountRegion); i++ {
			inv.Resources = append(inv.Resources, resource(rng, types[i%len(types)], i, account, region, at))
		}
	}
	return out
}

// types are the 16 types the built-in rules evaluate most.
var types = []string{
	inventory.TypeS3Bucket, inventory.TypeIAMPolicy, inventory.TypeIAMRole, inventory.TypeIAMUser,
	inventory.TypeEC2SecurityGroup, inventory.TypeEC2Volume, inventory.TypeEC2Instance, inventory.TypeRDSInstance,
	inventory.TypeRDSCluster, inventory.TypeDynamoDBTable, inventory.TypeKMSKey, inventory.TypeCloudTrailTrail,
	inventory.TypeEFSFileSystem, inventory.TypeBackupPlan, inventory.TypeBackupSelection, inventory.TypeBackupVault,
}

func resource(rng *rand.Rand, t string, i int, account, region string, at time.Time) inventory.Resource {
	bad := i%3 == 0
	name := fmt.Sprintf("r%d-%x", i, rng.Uint32())
	doc := map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{
		"Effect": "Allow", "Action": []any{"s3:GetObject", "s3:ListBucket"}, "Resource": []any{"arn:aws:s3:::" + name + "/*"}}}}
	var attrs map[string]any
	var arn, api string
	var unknown []string
	switch t {
	case inventory.TypeS3Bucket:
		arn, api = "arn:aws:s3:::"+name, "s3:ListBuckets"
		attrs = map[string]any{
			"bucket":              name,
			"versioning":          map[string]any{"enabled": !bad, "mfa_delete": false, "configured": true},
			"encryption":          map[string]any{"enabled": true, "algorithm": "aws:kms", "kms_key_id": "arn:aws:kms:" + region + ":" + account + ":key/" + name, "configured": true},
			"public_access_block": map[string]any{"block_public_acls": true, "block_public_policy": !bad, "ignore_public_acls": true, "restrict_public_buckets": true, "configured": true},
			"logging":             map[string]any{"enabled": !bad, "target_bucket": "logs-" + account},
			"policy":              doc,
		}
		if i%50 == 0 {
			unknown = []string{"replication"} // a denied GetBucketReplication
		}
	case inventory.TypeIAMPolicy:
		arn, api = "arn:aws:iam::"+account+":policy/"+name, "iam:ListPolicies"
		attrs = map[string]any{"name": name, "document": doc}
	case inventory.TypeIAMRole:
		arn, api = "arn:aws:iam::"+account+":role/"+name, "iam:GetAccountAuthorizationDetails"
		attrs = map[string]any{"name": name, "assume_role_policy": doc, "inline_policies": []any{map[string]any{"name": "inline", "document": doc}}, "managed_policy_arns": []any{"arn:aws:iam::aws:policy/ReadOnlyAccess"}}
	case inventory.TypeIAMUser:
		arn, api = "arn:aws:iam::"+account+":user/"+name, "iam:GetAccountAuthorizationDetails"
		attrs = map[string]any{"name": name, "inline_policies": []any{}, "managed_policy_arns": []any{}}
	case inventory.TypeEC2SecurityGroup:
		cidr := "10.0.0.0/8"
		if bad {
			cidr = "0.0.0.0/0"
		}
		arn, api = fmt.Sprintf("arn:aws:ec2:%s:%s:security-group/sg-%08x", region, account, i), "ec2:DescribeSecurityGroups"
		attrs = map[string]any{"name": name, "ingress": []any{map[string]any{"protocol": "tcp", "from_port": 22, "to_port": 22, "cidr_blocks": []any{cidr}, "ipv6_cidr_blocks": []any{}}}, "egress": []any{}}
	case inventory.TypeEC2Volume:
		arn, api = fmt.Sprintf("arn:aws:ec2:%s:%s:volume/vol-%08x", region, account, i), "ec2:DescribeVolumes"
		attrs = map[string]any{"encrypted": !bad}
	case inventory.TypeEC2Instance:
		arn, api = fmt.Sprintf("arn:aws:ec2:%s:%s:instance/i-%08x", region, account, i), "ec2:DescribeInstances"
		attrs = map[string]any{"metadata_options": map[string]any{"http_tokens": "required", "http_endpoint": "enabled"}, "root_block_device": map[string]any{"encrypted": true}, "ebs_block_devices": []any{}}
	case inventory.TypeRDSInstance:
		arn, api = fmt.Sprintf("arn:aws:rds:%s:%s:db:%s", region, account, name), "rds:DescribeDBInstances"
		attrs = map[string]any{"storage_encrypted": !bad, "backup_retention_period": 7, "multi_az": true, "deletion_protection": true, "publicly_accessible": false, "iam_database_authentication_enabled": !bad}
	case inventory.TypeRDSCluster:
		arn, api = fmt.Sprintf("arn:aws:rds:%s:%s:cluster:%s", region, account, name), "rds:DescribeDBClusters"
		attrs = map[string]any{"storage_encrypted": true, "backup_retention_period": 1, "deletion_protection": true, "multi_az": !bad, "iam_database_authentication_enabled": !bad}
	case inventory.TypeDynamoDBTable:
		arn, api = fmt.Sprintf("arn:aws:dynamodb:%s:%s:table/%s", region, account, name), "dynamodb:DescribeTable"
		attrs = map[string]any{"point_in_time_recovery": map[string]any{"enabled": !bad}, "server_side_encryption": map[string]any{"enabled": true, "kms_key_arn": "k"}, "deletion_protection": !bad}
	case inventory.TypeKMSKey:
		arn, api = fmt.Sprintf("arn:aws:kms:%s:%s:key/%s", region, account, name), "kms:ListKeys"
		attrs = map[string]any{"rotation_enabled": !bad, "key_spec": "SYMMETRIC_DEFAULT", "key_usage": "ENCRYPT_DECRYPT"}
	case inventory.TypeCloudTrailTrail:
		arn, api = fmt.Sprintf("arn:aws:cloudtrail:%s:%s:trail/%s", region, account, name), "cloudtrail:DescribeTrails"
		attrs = map[string]any{"multi_region": true, "log_file_validation": !bad, "kms_key_id": "k", "logging": true}
	case inventory.TypeEFSFileSystem:
		arn, api = fmt.Sprintf("arn:aws:elasticfilesystem:%s:%s:file-system/fs-%08x", region, account, i), "efs:DescribeFileSystems"
		attrs = map[string]any{"encrypted": true, "backup_policy": map[string]any{"status": "ENABLED"}}
	case inventory.TypeBackupVault:
		arn, api = fmt.Sprintf("arn:aws:backup:%s:%s:backup-vault:%s", region, account, name), "backup:ListBackupVaults"
		attrs = map[string]any{"name": name, "kms_key_arn": "k", "lock": map[string]any{"enabled": !bad}}
	case inventory.TypeBackupPlan:
		arn, api = fmt.Sprintf("arn:aws:backup:%s:%s:backup-plan:%s", region, account, name), "backup:ListBackupPlans"
		attrs = map[string]any{"name": name, "rules": []any{map[string]any{"name": "daily", "delete_after_days": 35, "copy_actions": []any{map[string]any{"destination_vault": "v"}}}}}
	case inventory.TypeBackupSelection:
		arn, api = fmt.Sprintf("arn:aws:backup:%s:%s:backup-plan:%s/selection/%d", region, account, name, i), "backup:ListBackupSelections"
		attrs = map[string]any{"name": name, "plan_id": "p", "resources": []any{"*"}}
	}
	collected := at
	return inventory.Resource{ID: arn, Type: t, Name: name, Account: account, Region: region,
		Tags:       map[string]string{"team": fmt.Sprintf("team-%d", i%40), "env": "prod"},
		Attributes: attrs, Unknown: unknown,
		Source: inventory.Location{Kind: inventory.SourceAWS, API: api, CollectedAt: &collected}}
}
