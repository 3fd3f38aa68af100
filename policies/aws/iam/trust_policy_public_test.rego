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
	d.message == "role \"app\" trust policy lets any principal (\"*\") assume it without a Condition"
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

test_unknown_principal_with_condition_passes if {
	stmt := {"Effect": "Allow", "Principal": {"AWS": null}, "Action": ["sts:AssumeRole"], "Condition": {"StringEquals": {"sts:ExternalId": "x"}}}
	inp := role(trust(stmt), ["assume_role_policy.Statement.0.Principal.AWS"])
	count(trust_policy_public.deny) == 0 with input as inp
	count(trust_policy_public.unknown) == 0 with input as inp
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
