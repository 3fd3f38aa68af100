# METADATA
# title: ECR repository policy does not let anyone pull or push
# description: >-
#   The repository policy has no Allow statement for Principal "*" (or AWS "*") without a condition that
#   names the caller (aws:PrincipalOrgID, aws:SourceAccount and the like): such a statement lets every AWS
#   account use the repository, pulling private images or, with push actions, replacing them.
# custom:
#   id: ECR.3
#   severity: critical
#   resource_types: [aws.ecr.repository]
#   controls:
#     iso27001-2022: ["8.3"]
#     nist-800-53-r5: ["AC-3", "AC-22"]
#     nist-csf-2.0: ["PR.AA-05"]
#     soc2-tsc-2017: ["CC6.1", "CC6.6"]
#   remediation: >-
#     In the aws_ecr_repository_policy, name the accounts or roles that need the repository as principals,
#     or add a Condition on aws:PrincipalOrgID; use ECR Public for images meant to be public.
package vigil.aws.ecr.public_policy

import data.vigil.lib

# No policy (null) means only the account's own principals may use the repository.
deny contains result if {
	some r in lib.resources("aws.ecr.repository")
	doc := r.attributes.policy
	is_object(doc)
	public := lib.known_public_statements(r, "policy")
	count(public) > 0
	result := {
		"resource": r.id,
		"message": sprintf("ECR repository %q has a policy that lets anyone use it (%d statement(s) for Principal \"*\" without a caller condition)", [lib.label(r), count(public)]),
		"evidence": {"policy.public_statements": public},
	}
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.ecr.repository")
	lib.unknown_within(r, "policy")
	count(lib.known_public_statements(r, "policy")) == 0
	result := {
		"resource": r.id,
		"message": sprintf("repository policy of ECR repository %q is unknown", [lib.label(r)]),
		"missing": lib.unknown_paths_within(r, ["policy"]),
	}
}
