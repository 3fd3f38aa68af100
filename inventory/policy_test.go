package inventory_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/inventory"
)

func TestParsePolicyDocument(t *testing.T) {
	doc, err := inventory.ParsePolicyDocument(`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":["a","b"],"Condition":{"NumericLessThan":{"s3:max-keys":10}}}}`)
	require.NoError(t, err)
	stmts := doc["Statement"].([]any)
	require.Len(t, stmts, 1)
	st := stmts[0].(map[string]any)
	assert.Equal(t, []string{"s3:*"}, st["Action"], "a single action becomes a list")
	assert.Equal(t, []string{"a", "b"}, st["Resource"])
	assert.Equal(t, int64(10), st["Condition"].(map[string]any)["NumericLessThan"].(map[string]any)["s3:max-keys"])

	for _, bad := range []string{`[]`, `{"Statement": 3}`, `{"Statement": [{"Action": [1]}]}`, `{} {}`, `{`} {
		_, err := inventory.ParsePolicyDocument(bad)
		assert.Error(t, err, bad)
	}
}

func TestNormalizePartialPolicyDocument(t *testing.T) {
	type m = map[string]any
	l := func(v ...any) []any { return v }
	tests := []struct {
		name        string
		doc         any
		unknown     []string
		want        any
		wantUnknown []string
		err         error
	}{
		{
			name: "nothing unknown is NormalizePolicyDocument",
			doc:  m{"Statement": m{"Effect": "Allow", "Action": "*", "Resource": "*"}},
			want: m{"Statement": l(m{"Effect": "Allow", "Action": []string{"*"}, "Resource": []string{"*"}})},
		},
		{
			name:        "one unknown resource of a list",
			doc:         m{"Statement": l(m{"Effect": "Allow", "Action": "s3:*", "Resource": l("arn:a", nil)})},
			unknown:     []string{"Statement.0.Resource.1"},
			want:        m{"Statement": l(m{"Effect": "Allow", "Action": []string{"s3:*"}, "Resource": l("arn:a", nil)})},
			wantUnknown: []string{"Statement.0.Resource.1"},
		},
		{
			name:        "resource unknown as a whole keeps its key",
			doc:         m{"Statement": l(m{"Effect": "Allow", "Action": "s3:*", "NotResource": nil})},
			unknown:     []string{"Statement.0.NotResource"},
			want:        m{"Statement": l(m{"Effect": "Allow", "Action": []string{"s3:*"}, "NotResource": nil})},
			wantUnknown: []string{"Statement.0.NotResource"},
		},
		{
			name: "unknown effect or action list makes the statement unknown",
			doc: m{"Statement": l(
				m{"Effect": nil, "Action": "*", "Resource": "*"},
				m{"Effect": "Allow", "Action": nil, "Resource": l(nil)},
				m{"Effect": "Deny", "Action": "*", "Resource": "*"},
			)},
			unknown: []string{"Statement.0.Effect", "Statement.1.Action", "Statement.1.Resource.0"},
			want: m{"Statement": l(nil, nil,
				m{"Effect": "Deny", "Action": []string{"*"}, "Resource": []string{"*"}})},
			wantUnknown: []string{"Statement.0", "Statement.1"},
		},
		{
			name:        "one unknown action of a list is that entry",
			doc:         m{"Statement": l(m{"Effect": "Allow", "Action": l("*", nil), "Resource": "*"})},
			unknown:     []string{"Statement.0.Action.1"},
			want:        m{"Statement": l(m{"Effect": "Allow", "Action": l("*", nil), "Resource": []string{"*"}})},
			wantUnknown: []string{"Statement.0.Action.1"},
		},
		{
			name: "a single statement object, principal and condition values",
			doc: m{"Statement": m{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": m{"AWS": nil},
				"Condition": m{"StringEquals": m{"aws:SourceAccount": nil}}}},
			unknown: []string{"Statement.Condition.StringEquals.aws:SourceAccount", "Statement.Principal.AWS"},
			want: m{"Statement": l(m{"Effect": "Allow", "Action": []string{"sts:AssumeRole"}, "Principal": m{"AWS": nil},
				"Condition": m{"StringEquals": m{"aws:SourceAccount": nil}}})},
			wantUnknown: []string{"Statement.0.Condition.StringEquals.aws:SourceAccount", "Statement.0.Principal.AWS"},
		},
		{
			name: "a key holding a dot shortens the path to its parent",
			doc: m{"Statement": l(m{"Effect": "Allow", "Action": "s3:*", "Resource": "*",
				"Condition": m{"StringEquals": m{"aws:PrincipalTag/team.name": nil}}})},
			unknown: []string{"Statement.0.Condition.StringEquals.aws:PrincipalTag/team.name"},
			want: m{"Statement": l(m{"Effect": "Allow", "Action": []string{"s3:*"}, "Resource": []string{"*"},
				"Condition": m{"StringEquals": nil}})},
			wantUnknown: []string{"Statement.0.Condition.StringEquals"},
		},
		{
			name:        "version",
			doc:         m{"Version": nil, "Statement": l()},
			unknown:     []string{"Version"},
			want:        m{"Version": nil, "Statement": []any{}},
			wantUnknown: []string{"Version"},
		},
		{name: "document unknown", doc: m{}, unknown: []string{""}, err: inventory.ErrUnknownPolicy},
		{name: "statement list unknown", doc: m{"Statement": nil}, unknown: []string{"Statement"}, err: inventory.ErrUnknownPolicy},
		{
			name:    "known parts not a policy",
			doc:     m{"Statement": l(m{"Effect": "Allow", "Action": l(1, nil)})},
			unknown: []string{"Statement.0.Action.1"},
			err:     inventory.ErrNotPolicy,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, unknown, err := inventory.NormalizePartialPolicyDocument(tt.doc, tt.unknown)
			if tt.err != nil {
				require.ErrorIs(t, err, tt.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, doc)
			assert.Equal(t, tt.wantUnknown, unknown)
		})
	}
}
