package terraform

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPartialPolicyDocuments(t *testing.T) {
	type m = map[string]any
	l := func(v ...any) []any { return v }
	localDoc := m{"Version": "2012-10-17", "Statement": l(
		m{"Effect": "Allow", "Action": "*", "Resource": "*"},
		m{"Effect": "Allow", "Action": l("s3:GetObject"), "Resource": l(nil, "arn:aws:s3:::fixed/*")},
	)}
	res := load(t, "partialdoc", Options{})
	bs := blocks(res)
	tests := []struct {
		block, attr string
		want        any // nil: unknown as a whole
		unknown     []string
	}{
		{block: "aws_iam_policy.arn", attr: "policy",
			want: m{"Version": "2012-10-17", "Statement": l(
				m{"Effect": "Allow", "Action": "s3:GetObject", "Resource": l(nil)})},
			unknown: []string{"policy.Statement.0.Resource.0"}},
		{block: "aws_iam_policy.actions", attr: "policy",
			want:    m{"Statement": l(m{"Effect": "Allow", "Action": nil, "Resource": "*"})},
			unknown: []string{"policy.Statement.0.Action"}},
		{block: "aws_iam_policy.local", attr: "policy", want: localDoc,
			unknown: []string{"policy.Statement.1.Resource.0"}},
		{block: "aws_iam_policy.wrapped", attr: "policy", want: localDoc,
			unknown: []string{"policy.Statement.1.Resource.0"}},
		{block: "aws_iam_role.heredoc", attr: "assume_role_policy",
			want: m{"Version": "2012-10-17", "Statement": l(
				m{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": m{"AWS": nil}})},
			unknown: []string{"assume_role_policy.Statement.0.Principal.AWS"}},
		{block: "aws_iam_policy.heredoc_structure", attr: "policy", unknown: []string{"policy"}},
		{block: "aws_iam_policy.replaced", attr: "policy", unknown: []string{"policy"}},
		{block: "aws_iam_policy.prefixed", attr: "policy", unknown: []string{"policy"}},
		{block: "aws_iam_policy.conditional", attr: "policy", unknown: []string{"policy"}},
		{block: "aws_iam_policy.chosen", attr: "policy", want: localDoc,
			unknown: []string{"policy.Statement.1.Resource.0"}},
		{block: "aws_iam_policy.optional_source", attr: "policy",
			want: m{"Version": "2012-10-17", "Statement": l(
				localDoc["Statement"].([]any)[0], localDoc["Statement"].([]any)[1],
				m{"Sid": "Own", "Effect": "Allow", "Action": "ec2:*", "Resource": "*"},
			)},
			unknown: []string{"policy.Statement.1.Resource.0"}},
		{block: "aws_iam_policy.compacted", attr: "policy", want: localDoc,
			unknown: []string{"policy.Statement.1.Resource.0"}},
		{block: "aws_iam_policy.compacted_unknown", attr: "policy", unknown: []string{"policy"}},
		{block: "aws_iam_policy.chosen_other", attr: "policy", unknown: []string{"policy"}},
		{block: "aws_kms_key.coalesced", attr: "policy", want: localDoc,
			unknown: []string{"policy.Statement.1.Resource.0"}},
		{block: "aws_kms_key.coalesced_unknown", attr: "policy", unknown: []string{"policy"}},
		{block: "aws_iam_role.inline", attr: "inline_policy",
			want: l(m{"name": "p", "policy": m{"Statement": l(
				m{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": l(nil)})}}),
			unknown: []string{"inline_policy.0.policy.Statement.0.Resource.0"}},
		{block: "aws_iam_policy.data", attr: "policy",
			want: m{"Version": "2012-10-17", "Statement": l(
				m{"Sid": "Known", "Effect": "Allow", "Action": l("s3:ListBucket", "s3:GetObject"),
					"Resource":  l("*", nil),
					"Principal": m{"AWS": l(nil)},
					"Condition": m{"StringEquals": m{"aws:SourceAccount": l(nil)}}},
				nil,
				m{"Sid": "UnknownResources", "Effect": "Allow", "Action": "iam:PassRole", "Resource": nil},
			)},
			unknown: []string{
				"policy.Statement.0.Condition.StringEquals.aws:SourceAccount.0",
				"policy.Statement.0.Principal.AWS.0",
				"policy.Statement.0.Resource.1",
				"policy.Statement.1",
				"policy.Statement.2.Resource",
			}},
		{block: "aws_iam_policy.dynamic", attr: "policy", unknown: []string{"policy"}},
		{block: "aws_iam_policy.merged", attr: "policy",
			want: m{"Version": "2012-10-17", "Statement": l(
				localDoc["Statement"].([]any)[0], localDoc["Statement"].([]any)[1],
				m{"Sid": "Own", "Effect": "Allow", "Action": "ec2:*", "Resource": "*"},
			)},
			unknown: []string{"policy.Statement.1.Resource.0"}},
		{block: "aws_iam_policy.known", attr: "policy",
			want: `{"Statement":[{"Action":"s3:GetObject","Effect":"Allow","Resource":"*"}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.block, func(t *testing.T) {
			b, ok := bs[tt.block]
			require.True(t, ok)
			got := b.Attrs[tt.attr]
			if s, isStr := got.(string); isStr && tt.want != nil {
				assert.JSONEq(t, tt.want.(string), s)
			} else {
				assert.Equal(t, tt.want, got)
			}
			var unknown []string
			for _, u := range b.Unknown {
				if u == tt.attr || len(u) > len(tt.attr) && u[:len(tt.attr)+1] == tt.attr+"." {
					unknown = append(unknown, u)
				}
			}
			assert.Equal(t, tt.unknown, unknown)
		})
	}
	assert.Empty(t, res.Issues, issueMessages(res))
}
