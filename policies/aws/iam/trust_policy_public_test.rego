package vigil.aws.iam.trust_policy_public_test

import data.vigil.aws.iam.trust_policy_public

role(trust, unknown) := {"by_type": {"aws.iam.role": [{"id": "aws_iam_role.app", "type": "aws.iam.role", "name": "app", "attributes": {"assume_role_policy": trust}, "unknown": unknown}]}}

trust(stmt) := {"Version": "2012-10-17", "Statement": [stmt]}

test_service_principal_passes if {
	inp := role(trust({"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": ["sts:AssumeRole"]}), [])
	count(trust_policy_public.deny) == 0 with input as inp
	count(trust_policy_public.unknown) == 0 with input as inp
}

test_star_principal_fails if {
	inp := role(trust({"Effect": "Allow", "Principal": "*", "Action": ["sts:AssumeRole"]}), [])
	denies := trust_policy_public.deny with input as inp
	count(denies) == 1
	some d in denies
	d.message == "role \"app\" trust policy lets any principal (\"*\") assume it without a Condition on the caller's identity (such as aws:PrincipalOrgID)"
	d.evidence.statements[0].Action == ["sts:AssumeRole"]
}

test_aws_star_in_list_fails if {
	inp := role(trust({"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::111122223333:root", "*"]}, "Action": ["sts:AssumeRole"]}), [])
	count(trust_policy_public.deny) == 1 with input as inp
}

test_star_with_org_condition_passes if {
	stmt := {
		"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": ["sts:AssumeRole"],
		"Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}},
	}
	count(trust_policy_public.deny) == 0 with input as role(trust(stmt), [])
}

test_empty_condition_does_not_count if {
	stmt := {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": ["sts:AssumeRole"], "Condition": {}}
	count(trust_policy_public.deny) == 1 with input as role(trust(stmt), [])
}

test_deny_star_passes if {
	stmt := {"Effect": "Deny", "Principal": "*", "Action": ["sts:AssumeRole"]}
	count(trust_policy_public.deny) == 0 with input as role(trust(stmt), [])
}

test_unknown_trust_policy if {
	inp := role(null, ["assume_role_policy"])
	count(trust_policy_public.deny) == 0 with input as inp
	unknowns := trust_policy_public.unknown with input as inp
	some u in unknowns
	u.missing == ["assume_role_policy"]
}

test_not_principal_fails if {
	inp := role(trust({"Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": ["sts:AssumeRole"]}), [])
	count(trust_policy_public.deny) == 1 with input as inp
}

test_aws_star_string_fails if {
	inp := role(trust({"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": ["sts:AssumeRole"]}), [])
	denies := trust_policy_public.deny with input as inp
	some d in denies
	d.evidence.statements == [{"Effect": "Allow", "Action": ["sts:AssumeRole"]}]
}

test_star_principal_in_a_second_statement_fails if {
	stmts := [
		{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": ["sts:AssumeRole"]},
		{"Effect": "Allow", "Principal": "*", "Action": ["sts:AssumeRole"]},
	]
	count(trust_policy_public.deny) == 1 with input as role({"Version": "2012-10-17", "Statement": stmts}, [])
}

# Partly known trust policies (lib.statement_unknowns).

two(a, b) := {"Version": "2012-10-17", "Statement": [a, b]}

test_known_open_statement_fails_despite_unknown_statement if {
	inp := role(two(null, {"Effect": "Allow", "Principal": "*", "Action": ["sts:AssumeRole"]}), ["assume_role_policy.Statement.0"])
	count(trust_policy_public.deny) == 1 with input as inp
	count(trust_policy_public.unknown) == 0 with input as inp
}

test_unknown_account_principal_is_unknown if {
	inp := role(trust({"Effect": "Allow", "Principal": {"AWS": null}, "Action": ["sts:AssumeRole"]}), ["assume_role_policy.Statement.0.Principal.AWS"])
	count(trust_policy_public.deny) == 0 with input as inp
	unknowns := trust_policy_public.unknown with input as inp
	some u in unknowns
	u.missing == ["assume_role_policy.Statement.0.Principal.AWS"]
}

test_unknown_principal_with_identity_condition_passes if {
	stmt := {"Effect": "Allow", "Principal": {"AWS": null}, "Action": ["sts:AssumeRole"], "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}}}
	inp := role(trust(stmt), ["assume_role_policy.Statement.0.Principal.AWS"])
	count(trust_policy_public.deny) == 0 with input as inp
	count(trust_policy_public.unknown) == 0 with input as inp
}

# An external id is a string the caller presents, not who the caller is: with a principal that may be "*"
# it narrows nothing.
test_unknown_principal_with_external_id_is_unknown if {
	stmt := {"Effect": "Allow", "Principal": {"AWS": null}, "Action": ["sts:AssumeRole"], "Condition": {"StringEquals": {"sts:ExternalId": "x"}}}
	inp := role(trust(stmt), ["assume_role_policy.Statement.0.Principal.AWS"])
	count(trust_policy_public.deny) == 0 with input as inp
	unknowns := trust_policy_public.unknown with input as inp
	some u in unknowns
	u.missing == ["assume_role_policy.Statement.0.Principal.AWS"]
}

test_star_principal_with_unknown_condition_is_unknown if {
	stmt := {"Effect": "Allow", "Principal": "*", "Action": ["sts:AssumeRole"], "Condition": null}
	inp := role(trust(stmt), ["assume_role_policy.Statement.0.Condition"])
	count(trust_policy_public.deny) == 0 with input as inp
	unknowns := trust_policy_public.unknown with input as inp
	some u in unknowns
	u.missing == ["assume_role_policy.Statement.0.Condition"]
}

test_star_principal_with_unknown_condition_value_passes if {
	stmt := {"Effect": "Allow", "Principal": "*", "Action": ["sts:AssumeRole"], "Condition": {"StringEquals": {"aws:PrincipalOrgID": null}}}
	inp := role(trust(stmt), ["assume_role_policy.Statement.0.Condition.StringEquals.aws:PrincipalOrgID"])
	count(trust_policy_public.deny) == 0 with input as inp
	count(trust_policy_public.unknown) == 0 with input as inp
}

# Conditions must narrow who may assume the role, not merely exist.

star(condition) := {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": ["sts:AssumeRole"], "Condition": condition}

denied(stmt) := n if {
	n := count(trust_policy_public.deny) with input as role(trust(stmt), [])
}

test_star_conditions_that_narrow_pass if {
	every c in [
		{"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}},
		{"StringEquals": {"aws:PrincipalAccount": ["111122223333", "444455556666"]}},
		{"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/deploy-*"}},
		{"ForAnyValue:StringLike": {"aws:PrincipalOrgPaths": "o-abc123/r-ab12/ou-ab12-11111111/*"}},
		{"StringEquals": {"aws:SourceAccount": "111122223333"}, "ArnLike": {"aws:SourceArn": "arn:aws:s3:::acme-logs"}},
		{"stringequals": {"AWS:PrincipalOrgId": "o-abc123"}},
	] {
		denied(star(c)) == 0
	}
}

test_star_conditions_that_do_not_narrow_fail if {
	every c in [
		{"StringEquals": {"sts:ExternalId": "shared-secret"}},
		{"StringEqualsIfExists": {"aws:PrincipalOrgID": "o-abc123"}},
		{"ForAllValues:StringEquals": {"aws:PrincipalOrgID": "o-abc123"}},
		{"StringNotEquals": {"aws:PrincipalAccount": "999999999999"}},
		{"StringLike": {"aws:PrincipalOrgID": "o-*"}},
		{"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/admin"}},
		{"ArnLike": {"aws:PrincipalArn": ["arn:aws:iam::111122223333:root", "*"]}},
		{"ForAnyValue:StringLike": {"aws:PrincipalOrgPaths": "*/r-ab12/*"}},
		{"Bool": {"aws:MultiFactorAuthPresent": "true"}},
		{"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}},
	] {
		denied(star(c)) == 1
	}
}

test_star_with_unknown_pattern_is_unknown if {
	stmt := star({"ArnLike": {"aws:PrincipalArn": null}})
	inp := role(trust(stmt), ["assume_role_policy.Statement.0.Condition.ArnLike.aws:PrincipalArn"])
	count(trust_policy_public.deny) == 0 with input as inp
	unknowns := trust_policy_public.unknown with input as inp
	some u in unknowns
	u.missing == ["assume_role_policy.Statement.0.Condition.ArnLike.aws:PrincipalArn"]
}

# An unknown value of a key that does not name the caller changes nothing: still open.
test_star_with_unknown_external_id_fails if {
	stmt := star({"StringEquals": {"sts:ExternalId": null}})
	inp := role(trust(stmt), ["assume_role_policy.Statement.0.Condition.StringEquals.sts:ExternalId"])
	count(trust_policy_public.deny) == 1 with input as inp
	count(trust_policy_public.unknown) == 0 with input as inp
}

# A named account (cross-account trust) is explicit: out of this rule's scope.
test_named_account_passes if {
	stmt := {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": ["sts:AssumeRole"]}
	denied(stmt) == 0
}

# Web identity (OIDC) providers: the claim that names who holds the token must be narrowed.

github := "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"

oidc(provider, condition) := {
	"Effect": "Allow", "Principal": {"Federated": provider},
	"Action": ["sts:AssumeRoleWithWebIdentity"], "Condition": condition,
}

github_aud := {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}

# The audience of every GitHub token is sts.amazonaws.com: any repository on GitHub can assume the role.
test_github_oidc_without_sub_fails if {
	inp := role(trust(oidc(github, {"StringEquals": github_aud})), [])
	denies := trust_policy_public.deny with input as inp
	count(denies) == 1
	some d in denies
	d.message == "role \"app\" trust policy lets any identity of token.actions.githubusercontent.com assume it without a Condition on the claim that names who holds the token (token.actions.githubusercontent.com:sub)"
	d.evidence.statements[0].Condition == {"StringEquals": github_aud}
	count(trust_policy_public.unknown) == 0 with input as inp
}

test_github_oidc_without_condition_fails if {
	stmt := {"Effect": "Allow", "Principal": {"Federated": [github]}, "Action": ["sts:AssumeRoleWithWebIdentity"]}
	denied(stmt) == 1
}

test_github_sub_that_narrows_passes if {
	every sub in [
		{"StringEquals": {"token.actions.githubusercontent.com:sub": "repo:acme/app:ref:refs/heads/main"}},
		{"StringLike": {"token.actions.githubusercontent.com:sub": "repo:acme/app:*"}},
		{"StringLike": {"token.actions.githubusercontent.com:sub": ["repo:acme/*", "repo:acme-tools/deploy:environment:prod"]}},
		{"StringEquals": {"token.actions.githubusercontent.com:sub": "repo:*"}},
	] {
		denied(oidc(github, object.union({"StringEquals": github_aud}, sub))) == 0
	}
}

test_github_sub_that_does_not_narrow_fails if {
	every sub in [
		{"StringLike": {"token.actions.githubusercontent.com:sub": "repo:*"}},
		{"StringLike": {"token.actions.githubusercontent.com:sub": "*"}},
		{"StringLike": {"token.actions.githubusercontent.com:sub": "repo:*/app:*"}},
		{"StringLike": {"token.actions.githubusercontent.com:sub": ["repo:acme/app:*", "repo:*"]}},
		{"StringLikeIfExists": {"token.actions.githubusercontent.com:sub": "repo:acme/app:*"}},
		{"StringNotLike": {"token.actions.githubusercontent.com:sub": "repo:evil/*"}},
		{"StringLike": {"gitlab.com:sub": "project_path:acme/app:*"}},
	] {
		denied(oidc(github, object.union({"StringEquals": github_aud}, sub))) == 1
	}
}

# A provider given by reference (aws_iam_openid_connect_provider.github.arn) or unknown (an ARN built from an
# unknown account id) names no host: the conditions' own hosts say which claim narrows.
test_github_provider_by_reference if {
	ref := "aws_iam_openid_connect_provider.github"
	denied(oidc(ref, {"StringEquals": github_aud})) == 1
	denied(oidc(ref, {"StringLike": {"token.actions.githubusercontent.com:sub": "repo:acme/app:*"}})) == 0
}

test_unknown_provider_without_sub_fails if {
	stmt := oidc([null], {"StringEquals": github_aud})
	inp := role(trust(stmt), ["assume_role_policy.Statement.0.Principal.Federated.0"])
	count(trust_policy_public.deny) == 1 with input as inp
	ok := oidc([null], {"StringEquals": object.union(github_aud, {"token.actions.githubusercontent.com:sub": "repo:acme/app:ref:refs/heads/main"})})
	count(trust_policy_public.deny) == 0 with input as role(trust(ok), ["assume_role_policy.Statement.0.Principal.Federated.0"])
	count(trust_policy_public.unknown) == 0 with input as role(trust(ok), ["assume_role_policy.Statement.0.Principal.Federated.0"])
}

# A key holding dots cannot be named in an unknown path: an unknown sub value leaves its operator block
# unknown (docs/inventory.md). It may narrow, or not.
test_github_unknown_sub_is_unknown if {
	stmt := oidc(github, {"StringEquals": github_aud, "StringLike": null})
	inp := role(trust(stmt), ["assume_role_policy.Statement.0.Condition.StringLike"])
	count(trust_policy_public.deny) == 0 with input as inp
	unknowns := trust_policy_public.unknown with input as inp
	some u in unknowns
	u.missing == ["assume_role_policy.Statement.0.Condition.StringLike"]
}

# An unknown block of an operator that never narrows (a negation) leaves the statement open.
test_github_unknown_negation_fails if {
	stmt := oidc(github, {"StringEquals": github_aud, "StringNotLike": null})
	inp := role(trust(stmt), ["assume_role_policy.Statement.0.Condition.StringNotLike"])
	count(trust_policy_public.deny) == 1 with input as inp
}

eks := "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"

eks_key := "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"

test_eks_service_account if {
	denied(oidc(eks, {"StringEquals": {concat(":", [eks_key, "sub"]): "system:serviceaccount:kube-system:aws-node"}})) == 0
	denied(oidc(eks, {"StringLike": {concat(":", [eks_key, "sub"]): "system:serviceaccount:payments:*"}})) == 0
	denied(oidc(eks, {"StringLike": {concat(":", [eks_key, "sub"]): "system:serviceaccount:*:*"}})) == 1
	denied(oidc(eks, {"StringEquals": {concat(":", [eks_key, "aud"]): "sts.amazonaws.com"}})) == 1
	# A condition on another cluster's provider does not narrow this one.
	denied(oidc(eks, {"StringEquals": {"oidc.eks.us-east-1.amazonaws.com/id/OTHER:sub": "system:serviceaccount:a:b"}})) == 1
}

test_cognito_identity_pool if {
	pool := {"StringEquals": {"cognito-identity.amazonaws.com:aud": "eu-west-1:12345678-abcd-1234-abcd-123456789012"}}
	amr := {"ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": "authenticated"}}
	denied(oidc("cognito-identity.amazonaws.com", object.union(pool, amr))) == 0
	denied(oidc("cognito-identity.amazonaws.com", amr)) == 1
	denied(oidc("cognito-identity.amazonaws.com", {"StringLike": {"cognito-identity.amazonaws.com:aud": "*"}})) == 1
}

# SAML providers are the organisation's own identity provider; another action than web identity does not
# use the OIDC provider.
test_saml_provider_passes if {
	stmt := {
		"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::123456789012:saml-provider/okta"},
		"Action": ["sts:AssumeRoleWithSAML"],
	}
	denied(stmt) == 0
	denied(object.union(stmt, {"Principal": {"Federated": "aws_iam_saml_provider.okta"}})) == 0
}
