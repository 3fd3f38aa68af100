package engine

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/inventory"
)

// inputInventory has resources of several types, with nested and repeated attribute values, numbers of
// several Go types, tags, and unknown paths.
func inputInventory() *inventory.Inventory {
	doc := map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{
		"Effect": "Allow", "Action": []any{"*"}, "Resource": []any{"*"}}}}
	inv := inventory.New()
	inv.Resources = []inventory.Resource{
		{ID: "aws_s3_bucket.a", Type: inventory.TypeS3Bucket, Name: "a", Region: "eu-west-1",
			Tags: map[string]string{"app": "x", "env": "prod"},
			Attributes: map[string]any{"bucket": "a", "versioning": map[string]any{"enabled": true, "configured": true},
				"policy": doc, "replication": map[string]any{"enabled": false, "destinations": []string{}}},
			Source: inventory.Location{Kind: inventory.SourceTerraform, File: "main.tf", Address: "aws_s3_bucket.a"}},
		{ID: "aws_s3_bucket.b", Type: inventory.TypeS3Bucket, Name: "b",
			Attributes: map[string]any{"bucket": "b", "versioning": map[string]any{"enabled": true, "configured": true},
				"policy": doc, "logging": nil},
			Unknown: []string{"logging.enabled", "policy"},
			Source:  inventory.Location{Kind: inventory.SourceTerraform, File: "main.tf", Address: "aws_s3_bucket.b"}},
		{ID: "aws_rds_cluster.c", Type: inventory.TypeRDSCluster, Name: "aws_rds_cluster.c",
			Attributes: map[string]any{"backup_retention_period": 7, "big": int64(1) << 60, "ratio": 0.5,
				"list": []any{1, "x", nil, true, map[string]any{"k": []any{}}}},
			Source: inventory.Location{Kind: inventory.SourcePlan, Address: "aws_rds_cluster.c"}},
		{ID: "aws_iam_policy.p", Type: inventory.TypeIAMPolicy, Name: "p",
			Attributes: map[string]any{"document": doc, "attachments": []string{"aws_iam_role.r"}},
			Unknown:    []string{"attachments"},
			Source:     inventory.Location{Kind: inventory.SourceTerraform, File: "iam.tf", Address: "module.m.aws_iam_policy.p"}},
	}
	inv.Normalize()
	return inv
}

// documentedInput is the input as the engine documents it, built the simple way: every resource
// through map[string]any and ast.InterfaceToValue.
func documentedInput(byType map[string][]*inventory.Resource) ast.Value {
	all := map[string]any{}
	withUnknown := map[string]any{}
	for t, rs := range byType {
		list := []any{}
		var unknownList []any
		for _, r := range rs {
			tags := map[string]any{}
			for k, v := range r.Tags {
				tags[k] = v
			}
			unknown := []any{}
			for _, u := range r.Unknown {
				unknown = append(unknown, u)
			}
			doc := map[string]any{
				"id": r.ID, "type": r.Type, "name": r.Name, "account": r.Account, "region": r.Region,
				"tags": tags, "attributes": r.Attributes, "unknown": unknown,
				"source": map[string]any{"kind": r.Source.Kind, "file": r.Source.File, "address": r.Source.Address},
			}
			list = append(list, doc)
			if len(r.Unknown) > 0 {
				unknownList = append(unknownList, doc)
			}
		}
		all[t] = list
		if unknownList != nil {
			withUnknown[t] = unknownList
		}
	}
	return ast.MustInterfaceToValue(map[string]any{"by_type": all, "unknown_by_type": withUnknown})
}

func TestInputValueIsTheDocumentedInput(t *testing.T) {
	inv := inputInventory()
	in, err := inputValue(inv.ByType(), nil)
	require.NoError(t, err)
	got := in.value
	want := documentedInput(inv.ByType())
	assert.Zero(t, want.Compare(got), "got %v", got)
	assert.Equal(t, want.Hash(), got.Hash())
}

func TestInputValueSharesEqualValues(t *testing.T) {
	inv := inputInventory()
	in, err := inputValue(inv.ByType(), nil)
	require.NoError(t, err)
	v := in.value
	buckets := v.(ast.Object).Get(ast.StringTerm("by_type")).Value.(ast.Object).Get(ast.StringTerm(inventory.TypeS3Bucket)).Value.(*ast.Array)
	policy := func(i int) *ast.Term {
		return buckets.Elem(i).Value.(ast.Object).Get(ast.StringTerm("attributes")).Value.(ast.Object).Get(ast.StringTerm("policy"))
	}
	assert.Same(t, policy(0), policy(1), "one term for equal policy documents")
}

// TestInputValueSharesSources checks that resources whose source does not name them (live resources,
// without file or address) share one source document, and that one naming the resource is its own.
func TestInputValueSharesSources(t *testing.T) {
	at := time.Date(2026, 12, 1, 6, 0, 0, 0, time.UTC)
	inv := inventory.New()
	for i, api := range []string{"kms:ListKeys", "kms:DescribeKey"} {
		inv.Resources = append(inv.Resources, inventory.Resource{ID: fmt.Sprintf("arn:aws:kms:eu-west-1:1:key/%d", i),
			Type: inventory.TypeKMSKey, Source: inventory.Location{Kind: inventory.SourceAWS, API: api, CollectedAt: &at}})
	}
	for _, id := range []string{"aws_kms_key.a", "aws_kms_key.b"} {
		inv.Resources = append(inv.Resources, inventory.Resource{ID: id, Type: inventory.TypeKMSKey,
			Source: inventory.Location{Kind: inventory.SourceTerraform, File: "main.tf", Address: id}})
	}
	inv.Normalize()
	in, err := inputValue(inv.ByType(), nil)
	require.NoError(t, err)
	keys := in.value.(ast.Object).Get(ast.StringTerm("by_type")).Value.(ast.Object).Get(ast.StringTerm(inventory.TypeKMSKey)).Value.(*ast.Array)
	source := map[string]*ast.Term{}
	keys.Foreach(func(doc *ast.Term) {
		obj := doc.Value.(ast.Object)
		source[string(obj.Get(ast.StringTerm("id")).Value.(ast.String))] = obj.Get(ast.StringTerm("source"))
	})
	require.Len(t, source, 4)
	assert.Same(t, source["arn:aws:kms:eu-west-1:1:key/0"], source["arn:aws:kms:eu-west-1:1:key/1"])
	assert.NotSame(t, source["aws_kms_key.a"], source["aws_kms_key.b"])
	for id, want := range map[string]string{
		"arn:aws:kms:eu-west-1:1:key/1": `{"kind": "aws", "file": "", "address": ""}`,
		"aws_kms_key.b":                 `{"kind": "terraform", "file": "main.tf", "address": "aws_kms_key.b"}`,
	} {
		assert.Zero(t, ast.MustParseTerm(want).Value.Compare(source[id].Value), "%s: got %v", id, source[id])
	}
}

// TestReleaseDropsResourceDocuments checks that a released input no longer reaches any resource
// document, through input.by_type or input.unknown_by_type: OPA's pooled evaluators may keep the input
// itself after the evaluation, and the documents must not stay with it.
func TestReleaseDropsResourceDocuments(t *testing.T) {
	inv := inputInventory()
	inv.Resources = append(inv.Resources, unknownIndexResources()...)
	inv.Normalize()
	in, err := inputValue(inv.ByType(), nil)
	require.NoError(t, err)
	root := in.value.(ast.Object)
	documents := func() int {
		n := 0
		for _, key := range []string{"by_type", "unknown_by_type"} {
			root.Get(ast.StringTerm(key)).Value.(ast.Object).Foreach(func(_, list *ast.Term) {
				list.Value.(*ast.Array).Foreach(func(doc *ast.Term) {
					if _, ok := doc.Value.(ast.Object); ok {
						n++
					}
				})
			})
		}
		return n
	}
	withUnknown := 0
	for _, r := range inv.Resources {
		if len(r.Unknown) > 0 {
			withUnknown++
		}
	}
	require.Positive(t, withUnknown)
	require.Equal(t, len(inv.Resources)+withUnknown, documents(), "every resource once by type, and again when it has unknown paths")
	in.release()
	assert.Zero(t, documents())
}

// TestUnknownIndexMatchesScan checks that every built-in rule gives the same verdicts whether it finds
// the resources with unknown paths in input.unknown_by_type (as the engine passes them) or by scanning
// input.by_type (as Rego tests do).
func TestUnknownIndexMatchesScan(t *testing.T) {
	ctx := context.Background()
	e, err := New(ctx, Options{})
	require.NoError(t, err)
	inv := inputInventory()
	inv.Resources = append(inv.Resources, unknownIndexResources()...)
	inv.Normalize()
	in, err := inputValue(inv.ByType(), nil)
	require.NoError(t, err)
	indexed := in.value
	scanned := ast.NewObject([2]*ast.Term{ast.StringTerm("by_type"), indexed.(ast.Object).Get(ast.StringTerm("by_type"))})
	// With OPA's evaluator and from the plans alike.
	require.True(t, e.usePlans(ctx, planThreshold))
	for _, planned := range []bool{false, true} {
		verdicts := 0
		for i, rule := range e.rules {
			with := e.evalRule(ctx, i, indexed, planned)
			without := e.evalRule(ctx, i, scanned, planned)
			require.NoError(t, with.err, rule.ID)
			require.NoError(t, without.err, rule.ID)
			assert.Equal(t, without, with, rule.ID)
			verdicts += len(with.unknown)
		}
		assert.Positive(t, verdicts, "the inventory makes some rules unknown")
	}
}

// unknownIndexResources has a resource with an unknown path for every type a built-in rule reads.
func unknownIndexResources() []inventory.Resource {
	unknown := map[string][]string{
		inventory.TypeS3Bucket:         {"versioning", "encryption.algorithm", "public_access_block.block_public_acls", "replication", "acl"},
		inventory.TypeIAMPolicy:        {"document"},
		inventory.TypeIAMRole:          {"assume_role_policy", "inline_policies"},
		inventory.TypeIAMUser:          {"managed_policy_arns", "inline_policies.0.document"},
		inventory.TypeEC2SecurityGroup: {"ingress.0.cidr_blocks"},
		inventory.TypeEC2Volume:        {"encrypted"},
		inventory.TypeEC2Instance:      {"metadata_options.http_tokens", "root_block_device"},
		inventory.TypeRDSInstance:      {"storage_encrypted", "cluster_identifier", "backup_retention_period"},
		inventory.TypeRDSCluster:       {"storage_encrypted", "backup_retention_period", "deletion_protection"},
		inventory.TypeDynamoDBTable:    {"point_in_time_recovery", "server_side_encryption.enabled"},
		inventory.TypeKMSKey:           {"rotation_enabled", "key_spec"},
		inventory.TypeCloudTrailTrail:  {"multi_region", "log_file_validation", "kms_key_id"},
		inventory.TypeEFSFileSystem:    {"encrypted", "backup_policy"},
		inventory.TypeBackupPlan:       {"rules.0.delete_after_days", "rules.0.copy_actions"},
		inventory.TypeBackupVault:      {"kms_key_arn", "lock"},
	}
	attrs := map[string]map[string]any{
		inventory.TypeIAMUser:          {"managed_policy_arns": nil, "inline_policies": []any{map[string]any{"name": "i", "document": nil}}},
		inventory.TypeEC2SecurityGroup: {"ingress": []any{map[string]any{"protocol": "tcp", "from_port": 22, "to_port": 22, "cidr_blocks": nil}}},
		inventory.TypeBackupPlan:       {"rules": []any{map[string]any{"name": "r", "delete_after_days": nil, "copy_actions": nil}}},
	}
	var out []inventory.Resource
	for typ, paths := range unknown {
		out = append(out, inventory.Resource{ID: "unknown." + typ, Type: typ, Name: "u", Attributes: attrs[typ], Unknown: paths,
			Source: inventory.Location{Kind: inventory.SourceTerraform, File: "u.tf", Address: "unknown." + typ}})
	}
	return out
}
