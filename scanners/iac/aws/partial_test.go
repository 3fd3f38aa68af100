package aws

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/scanners/terraform"
)

// TestPartialPolicyDocuments reads documents the Terraform reader rendered partly: the inventory holds
// their known parts, and names only the unknown parts in unknown.
func TestPartialPolicyDocuments(t *testing.T) {
	res, err := terraform.Load(context.Background(), filepath.Join("testdata", "partial_policies"), terraform.Options{})
	require.NoError(t, err)
	rs := schemaValid(t, Adapt(res.Blocks))
	tests := []struct {
		id, path string
		want     any
		unknown  []string
	}{
		{id: "aws_iam_policy.admin", path: "document",
			want: m{"Version": "2012-10-17", "Statement": l(
				m{"Effect": "Allow", "Action": []string{"*"}, "Resource": []string{"*"}},
				m{"Effect": "Allow", "Action": []string{"s3:GetObject"}, "Resource": l(nil)},
			)},
			unknown: []string{"document.Statement.1.Resource.0"}},
		{id: "aws_iam_policy.dynamic_actions", path: "document",
			want:    m{"Statement": l(nil)},
			unknown: []string{"document.Statement.0"}},
		{id: "aws_iam_role.app", path: "assume_role_policy",
			want:    m{"Statement": l(m{"Effect": "Allow", "Action": []string{"sts:AssumeRole"}, "Principal": m{"AWS": nil}})},
			unknown: []string{"assume_role_policy.Statement.0.Principal.AWS"}},
		{id: "aws_iam_role.app", path: "inline_policies",
			want: l(m{"name": "read", "document": m{"Statement": l(
				m{"Effect": "Allow", "Action": []string{"kms:Decrypt"}, "Resource": l(nil)})}}),
			unknown: []string{"inline_policies.0.document.Statement.0.Resource.0"}},
		{id: "aws_s3_bucket.b", path: "policy",
			want: m{"Version": "2012-10-17", "Statement": l(m{"Sid": "DenyInsecure", "Effect": "Deny",
				"Action": []string{"s3:*"}, "Resource": l(nil, nil), "Principal": "*",
				"Condition": m{"Bool": m{"aws:SecureTransport": "false"}}})},
			unknown: []string{"policy.Statement.0.Resource.0", "policy.Statement.0.Resource.1"}},
		{id: "aws_kms_key.k", path: "policy",
			want: m{"Statement": l(m{"Sid": "Root", "Effect": "Allow", "Action": []string{"kms:*"},
				"Resource": []string{"*"}, "Principal": m{"AWS": nil}})},
			unknown: []string{"policy.Statement.0.Principal.AWS"}},
	}
	for _, tt := range tests {
		t.Run(tt.id+" "+tt.path, func(t *testing.T) {
			r := resource(t, rs, tt.id)
			assert.Equal(t, tt.want, get(t, r, tt.path))
			var unknown []string
			for _, u := range r.Unknown {
				if u == tt.path || len(u) > len(tt.path) && u[:len(tt.path)+1] == tt.path+"." {
					unknown = append(unknown, u)
				}
			}
			assert.Equal(t, tt.unknown, unknown)
		})
	}
}
