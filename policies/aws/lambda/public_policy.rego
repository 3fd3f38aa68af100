# METADATA
# title: Lambda function policy does not let anyone invoke the function
# description: >-
#   The function's resource-based policy has no Allow statement for Principal "*" (or AWS "*") without a
#   condition that names the caller (aws:SourceArn, aws:SourceAccount, aws:PrincipalOrgID and the like):
#   such a statement lets any AWS account, or anyone through a function URL, invoke or manage the function.
# custom:
#   id: LAMBDA.1
#   severity: critical
#   resource_types: [aws.lambda.function]
#   controls:
#     iso27001-2022: ["8.3"]
#     nist-800-53-r5: ["AC-3", "AC-22"]
#     nist-csf-2.0: ["PR.AA-05"]
#     soc2-tsc-2017: ["CC6.1", "CC6.6"]
#   remediation: >-
#     Give each aws_lambda_permission with principal "*" a source_arn, source_account or principal_org_id,
#     or name the calling account or service as principal; remove the permission if the function need not be
#     public.
package vigil.aws.lambda.public_policy

import data.vigil.lib

# No policy (null) means only the account's own principals may invoke the function.
deny contains result if {
	some r in lib.resources("aws.lambda.function")
	doc := r.attributes.policy
	is_object(doc)
	public := lib.known_public_statements(r, "policy")
	count(public) > 0
	result := {
		"resource": r.id,
		"message": sprintf("Lambda function %q has a resource policy that lets anyone invoke it (%d statement(s) for Principal \"*\" without a source condition)", [lib.label(r), count(public)]),
		"evidence": {"policy.public_statements": public},
	}
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.lambda.function")
	lib.unknown_within(r, "policy")
	count(lib.known_public_statements(r, "policy")) == 0
	result := {
		"resource": r.id,
		"message": sprintf("resource policy of Lambda function %q is unknown", [lib.label(r)]),
		"missing": ["policy"],
	}
}
