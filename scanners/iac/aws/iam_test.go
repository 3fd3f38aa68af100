package aws

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/scanners/iac"
)

func TestNormalizePolicy(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want m
		st   state
	}{
		{
			name: "single statement and strings",
			in:   `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`,
			want: m{"Version": "2012-10-17", "Statement": l(m{"Effect": "Allow", "Action": []string{"*"}, "Resource": []string{"*"}})},
			st:   known,
		},
		{
			name: "not-elements, principal and condition kept",
			in: `{"Statement":[{"Effect":"Allow","NotAction":["iam:*","kms:*"],"NotResource":"arn:x",
				"Principal":{"AWS":"arn:aws:iam::1:root"},"Condition":{"NumericLessThan":{"aws:MultiFactorAuthAge":3600}}}]}`,
			want: m{"Statement": l(m{"Effect": "Allow", "NotAction": []string{"iam:*", "kms:*"}, "NotResource": []string{"arn:x"},
				"Principal": m{"AWS": "arn:aws:iam::1:root"}, "Condition": m{"NumericLessThan": m{"aws:MultiFactorAuthAge": int64(3600)}}})},
			st: known,
		},
		{name: "no statement", in: `{"Version":"2012-10-17"}`, want: m{"Version": "2012-10-17", "Statement": l()}, st: known},
		{name: "not json", in: `{"Statement":`, st: unknown},
		{name: "trailing data", in: `{} {}`, st: unknown},
		{name: "not an object", in: `["a"]`, st: unknown},
		{name: "action not a string", in: `{"Statement":[{"Action":[1]}]}`, st: unknown},
		{name: "empty", in: ``, st: absent},
	}
	ix := newIndex(nil)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := mb("aws_iam_policy.p", m{"policy": tt.in})
			doc, _, st := policyDocument(ix, &b, "policy")
			assert.Equal(t, tt.st, st)
			if tt.st == known {
				assert.Equal(t, tt.want, doc)
			}
		})
	}
}

func TestPolicyDocumentData(t *testing.T) {
	data := db("data.aws_iam_policy_document.trust", m{"statement": l(
		m{"actions": l("sts:AssumeRole"), "principals": l(m{"type": "Service", "identifiers": l("ec2.amazonaws.com")})},
		m{"sid": "Anyone", "effect": "Allow", "actions": l("sts:AssumeRole"),
			"principals": l(m{"type": "*", "identifiers": l("*")}),
			"condition":  l(m{"test": "StringEquals", "variable": "sts:ExternalId", "values": l("x", "y")})},
	)})
	for _, ref := range []string{"data.aws_iam_policy_document.trust", "data.aws_iam_policy_document.trust.json"} {
		rs := schemaValid(t, Adapt([]iac.Block{data, mb("aws_iam_role.r", m{"name": "r", "assume_role_policy": ref})}))
		require.Len(t, rs, 1)
		assert.Equal(t, m{"Version": "2012-10-17", "Statement": l(
			m{"Effect": "Allow", "Action": []string{"sts:AssumeRole"}, "Principal": m{"Service": "ec2.amazonaws.com"}},
			m{"Sid": "Anyone", "Effect": "Allow", "Action": []string{"sts:AssumeRole"}, "Principal": "*",
				"Condition": m{"StringEquals": m{"sts:ExternalId": l("y", "x")}}}, // the provider's reverse order
		)}, get(t, rs[0], "assume_role_policy"), ref)
	}

	unknownDoc := db("data.aws_iam_policy_document.d", m{"statement": l(m{"actions": nil})}, "statement.0.actions")
	r := schemaValid(t, Adapt([]iac.Block{unknownDoc, mb("aws_iam_policy.p", m{"name": "p", "policy": "data.aws_iam_policy_document.d"})}))[0]
	assert.Equal(t, []string{"document"}, r.Unknown)
}

func TestIAMRole(t *testing.T) {
	rs := schemaValid(t, Adapt([]iac.Block{
		mb("aws_iam_role.app", m{"name": "app", "assume_role_policy": `{"Statement":{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}}`,
			"inline_policy":       l(m{"name": "inline", "policy": `{"Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}`}, m{}),
			"managed_policy_arns": l("arn:aws:iam::aws:policy/ReadOnlyAccess"),
		}),
		mb("aws_iam_role_policy.extra", m{"role": "aws_iam_role.app", "name": "extra", "policy": `{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`}),
		mb("aws_iam_role_policy_attachment.admin", m{"role": "app", "policy_arn": "aws_iam_policy.admin"}),
		mb("aws_iam_policy_attachment.shared", m{"name": "shared", "roles": l("aws_iam_role.app"), "users": l("bob"),
			"groups": l("ops"), "policy_arn": "arn:aws:iam::123456789012:policy/admin"}),
		mb("aws_iam_policy.admin", m{"name": "admin", "policy": `{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`}),
		mb("aws_iam_user.bob", m{"name": "bob"}),
	}))
	role := resource(t, rs, "aws_iam_role.app")
	assert.Empty(t, role.Unknown)
	assert.Equal(t, "app", role.Name)
	assert.Equal(t, "/", get(t, role, "path"))
	assert.Equal(t, int64(3600), get(t, role, "max_session_duration"))
	assert.Equal(t, []string{"arn:aws:iam::aws:policy/ReadOnlyAccess", "aws_iam_policy.admin"}, get(t, role, "managed_policy_arns"))
	assert.Equal(t, l(
		m{"name": "extra", "document": m{"Statement": l(m{"Effect": "Allow", "Action": []string{"*"}, "Resource": []string{"*"}})}},
		m{"name": "inline", "document": m{"Statement": l(m{"Effect": "Allow", "Action": []string{"s3:GetObject"}, "Resource": []string{"*"}})}},
	), get(t, role, "inline_policies"))
	assert.Equal(t, []string{"aws_iam_policy_attachment.shared", "aws_iam_role_policy.extra", "aws_iam_role_policy_attachment.admin"},
		role.Source.Related)

	policy := resource(t, rs, "aws_iam_policy.admin")
	assert.Equal(t, []string{"aws_iam_role.app", "aws_iam_user.bob", "ops"}, get(t, policy, "attachments"))
	assert.Empty(t, policy.Unknown)

	bob := resource(t, rs, "aws_iam_user.bob")
	assert.Equal(t, []string{"aws_iam_policy.admin"}, get(t, bob, "managed_policy_arns"))
}

func TestIAMUser(t *testing.T) {
	rs := schemaValid(t, Adapt([]iac.Block{
		mb("aws_iam_user.alice", m{"name": "alice", "path": "/people/"}),
		mb("aws_iam_user.svc", m{"name": "svc"}),
		mb("aws_iam_user_login_profile.alice", m{"user": "aws_iam_user.alice"}),
		mb("aws_iam_user_policy.alice", m{"user": "alice", "name": "p", "policy": nil}, "policy"),
		mb("aws_iam_user_policy_attachment.alice", m{"user": "aws_iam_user.alice", "policy_arn": "arn:aws:iam::aws:policy/AdministratorAccess"}),
		mb("aws_iam_access_key.alice_old", m{"user": "aws_iam_user.alice", "status": "Inactive"}),
		mb("aws_iam_access_key.alice_new", m{"user": "alice"}),
	}))
	alice := resource(t, rs, "aws_iam_user.alice")
	unknownKey := func(status string) m {
		return m{"id": nil, "status": status, "created": nil, "last_used": nil, "age_days": nil, "days_unused": nil}
	}
	assert.Equal(t, m{
		"name": "alice", "path": "/people/", "console_access": true, "mfa_enabled": nil, "password_days_unused": nil,
		"inline_policies":     l(m{"name": "p", "document": nil}),
		"managed_policy_arns": []string{"arn:aws:iam::aws:policy/AdministratorAccess"},
		// Address order; status Active when not set.
		"access_keys": l(unknownKey("Active"), unknownKey("Inactive")),
	}, alice.Attributes)
	assert.Equal(t, []string{
		"access_keys.0.age_days", "access_keys.0.created", "access_keys.0.days_unused", "access_keys.0.last_used",
		"access_keys.1.age_days", "access_keys.1.created", "access_keys.1.days_unused", "access_keys.1.last_used",
		"inline_policies.0.document", "mfa_enabled", "password_days_unused"}, alice.Unknown)

	svc := resource(t, rs, "aws_iam_user.svc")
	assert.Equal(t, false, get(t, svc, "console_access"))
	assert.Equal(t, l(), get(t, svc, "inline_policies"))
	assert.Equal(t, []string{}, get(t, svc, "managed_policy_arns"))
	assert.Equal(t, l(), get(t, svc, "access_keys"))
	assert.Equal(t, []string{"mfa_enabled", "password_days_unused"}, svc.Unknown)
}

// An access key that may not exist, or whose user is unknown, leaves the keys unknown.
func TestIAMAccessKeysUncertain(t *testing.T) {
	rs := schemaValid(t, Adapt([]iac.Block{
		mb("aws_iam_user.a", m{"name": "a"}),
		mb("aws_iam_user.b", m{"name": "b"}),
		mb("aws_iam_access_key.maybe", m{"user": "a", "count": nil}, "count"),
		mb("aws_iam_access_key.who", m{}, "user"),
	}))
	for _, id := range []string{"aws_iam_user.a", "aws_iam_user.b"} {
		assert.Contains(t, resource(t, rs, id).Unknown, "access_keys", id)
	}
}

// Joins that cannot be attributed leave the joined list unknown wherever it may belong.
func TestIAMUnattributable(t *testing.T) {
	rs := schemaValid(t, Adapt([]iac.Block{
		mb("module.m.aws_iam_role.a", m{"name": "a"}),
		mb("module.m.aws_iam_user.u", m{"name": "u"}),
		mb("module.m.aws_iam_policy.p", m{"name": "p", "policy": `{"Statement":[]}`}),
		mb("aws_iam_role.root", m{"name": "root"}),
		mb("module.m.aws_iam_role_policy_attachment.x", m{"policy_arn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}, "role"),
		mb("module.m.aws_iam_role_policy.y", m{"name": "y", "policy": `{}`}, "role"),
		mb("module.m.aws_iam_user_login_profile.z", m{}, "user"),
		mb("aws_iam_user_policy_attachment.w", m{"user": "module.m.aws_iam_user.u"}, "policy_arn"),
	}))
	assert.Equal(t, []string{"inline_policies", "managed_policy_arns"}, resource(t, rs, "module.m.aws_iam_role.a").Unknown)
	assert.Empty(t, resource(t, rs, "aws_iam_role.root").Unknown)
	assert.Equal(t, []string{"console_access", "managed_policy_arns", "mfa_enabled", "password_days_unused"}, resource(t, rs, "module.m.aws_iam_user.u").Unknown)
	// The attachment with an unknown policy sits in the root module: module policies are not tainted.
	assert.Empty(t, resource(t, rs, "module.m.aws_iam_policy.p").Unknown)
}

func TestIAMGeneratedNames(t *testing.T) {
	r := resource(t, schemaValid(t, Adapt([]iac.Block{mb("aws_iam_role.r", m{"name_prefix": "app-", "assume_role_policy": `{}`})})), "aws_iam_role.r")
	assert.Equal(t, "r", r.Name)
	assert.Equal(t, []string{"name"}, r.Unknown)
}

func TestPolicyDocumentDataMerging(t *testing.T) {
	base := db("data.aws_iam_policy_document.base", m{"statement": l(
		m{"sid": "Read", "actions": l("s3:GetObject"), "resources": l("*")},
		m{"sid": "Write", "actions": l("s3:PutObject"), "resources": l("*")},
	)})
	doc := db("data.aws_iam_policy_document.final", m{
		"source_policy_documents": l("data.aws_iam_policy_document.base.json"),
		"statement":               l(m{"sid": "Write", "effect": "Deny", "actions": l("s3:PutObject"), "resources": l("*")}),
		"override_policy_documents": l(`{"Statement":[{"Sid":"Read","Effect":"Allow","Action":"s3:*","Resource":"*"},
			{"Effect":"Allow","Action":"kms:Decrypt","Resource":"*"}]}`),
	})
	r := schemaValid(t, Adapt([]iac.Block{base, doc, mb("aws_iam_policy.p", m{"name": "p", "policy": "data.aws_iam_policy_document.final.json"})}))[0]
	assert.Empty(t, r.Unknown)
	assert.Equal(t, l(
		m{"Sid": "Read", "Effect": "Allow", "Action": []string{"s3:*"}, "Resource": []string{"*"}},
		m{"Sid": "Write", "Effect": "Deny", "Action": []string{"s3:PutObject"}, "Resource": []string{"*"}},
		m{"Effect": "Allow", "Action": []string{"kms:Decrypt"}, "Resource": []string{"*"}},
	), get(t, r, "document.Statement"))

	self := db("data.aws_iam_policy_document.loop", m{"source_policy_documents": l("data.aws_iam_policy_document.loop.json")})
	r = schemaValid(t, Adapt([]iac.Block{self, mb("aws_iam_policy.p", m{"name": "p", "policy": "data.aws_iam_policy_document.loop.json"})}))[0]
	assert.Equal(t, []string{"document"}, r.Unknown, "a cycle cannot be rendered")

	multi := db("data.aws_iam_policy_document.m", m{"statement": l(m{"actions": l("sts:AssumeRole"),
		"principals": l(m{"type": "AWS", "identifiers": l("arn:aws:iam::2:root", "arn:aws:iam::1:root")})})})
	r = schemaValid(t, Adapt([]iac.Block{multi, mb("aws_iam_role.r", m{"name": "r", "assume_role_policy": "data.aws_iam_policy_document.m.json"})}))[0]
	assert.Equal(t, m{"AWS": l("arn:aws:iam::2:root", "arn:aws:iam::1:root")}, get(t, r, "assume_role_policy.Statement.0.Principal"),
		"sorted in reverse, as the provider renders it")
}
