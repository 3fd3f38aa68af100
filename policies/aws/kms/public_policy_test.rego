package vigil.aws.kms.public_policy_test

import data.vigil.aws.kms.public_policy

key(attrs, unknown) := {"by_type": {"aws.kms.key": [{"id": "aws_kms_key.data", "type": "aws.kms.key", "name": "data", "attributes": attrs, "unknown": unknown}]}}

account_root := {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": ["kms:*"], "Resource": "*"}

anyone := {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": ["kms:Decrypt", "kms:Encrypt"], "Resource": "*"}

test_account_policy_passes if {
	inp := key({"policy": {"Statement": [account_root]}}, [])
	count(public_policy.deny) == 0 with input as inp
	count(public_policy.unknown) == 0 with input as inp
}

test_default_policy_passes if {
	inp := key({"policy": null}, [])
	count(public_policy.deny) == 0 with input as inp
	count(public_policy.unknown) == 0 with input as inp
}

test_anyone_fails if {
	denies := public_policy.deny with input as key({"policy": {"Statement": [account_root, anyone]}}, [])
	count(denies) == 1
	some d in denies
	d.resource == "aws_kms_key.data"
	d.message == "KMS key \"data\" has a key policy statement that allows anyone"
	d.evidence == {"policy.public_statements": [anyone]}
}

test_star_principal_fails if {
	stmt := {"Effect": "Allow", "Principal": "*", "Action": ["kms:*"], "Resource": "*"}
	count(public_policy.deny) == 1 with input as key({"policy": {"Statement": [stmt]}}, [])
}

test_caller_account_condition_passes if {
	stmt := object.union(anyone, {"Condition": {"StringEquals": {"kms:CallerAccount": "123456789012", "kms:ViaService": "s3.eu-west-1.amazonaws.com"}}})
	count(public_policy.deny) == 0 with input as key({"policy": {"Statement": [stmt]}}, [])
}

test_org_condition_passes if {
	stmt := object.union(anyone, {"Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}}})
	count(public_policy.deny) == 0 with input as key({"policy": {"Statement": [stmt]}}, [])
}

test_via_service_alone_fails if {
	stmt := object.union(anyone, {"Condition": {"StringEquals": {"kms:ViaService": "s3.eu-west-1.amazonaws.com"}}})
	count(public_policy.deny) == 1 with input as key({"policy": {"Statement": [stmt]}}, [])
}

test_negated_caller_account_fails if {
	stmt := object.union(anyone, {"Condition": {"StringNotEquals": {"kms:CallerAccount": "123456789012"}}})
	count(public_policy.deny) == 1 with input as key({"policy": {"Statement": [stmt]}}, [])
}

test_deny_anyone_passes if {
	stmt := {"Effect": "Deny", "Principal": "*", "Action": ["kms:*"], "Resource": "*"}
	count(public_policy.deny) == 0 with input as key({"policy": {"Statement": [stmt]}}, [])
}

test_unknown_policy_is_unknown if {
	inp := key({"policy": null}, ["policy"])
	count(public_policy.deny) == 0 with input as inp
	unknowns := public_policy.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["policy"]
}

test_unknown_principal_is_unknown if {
	stmt := {"Effect": "Allow", "Principal": null, "Action": ["kms:*"], "Resource": "*"}
	inp := key({"policy": {"Statement": [account_root, stmt]}}, ["policy.Statement.1.Principal"])
	count(public_policy.deny) == 0 with input as inp
	count(public_policy.unknown) == 1 with input as inp
}

test_known_public_beside_unknown_part_fails if {
	stmt := {"Effect": "Allow", "Principal": null, "Action": ["kms:*"], "Resource": "*"}
	inp := key({"policy": {"Statement": [anyone, stmt]}}, ["policy.Statement.1.Principal"])
	count(public_policy.deny) == 1 with input as inp
	count(public_policy.unknown) == 0 with input as inp
}
