# METADATA
# title: EC2 instances require IMDSv2
# description: >-
#   The instance metadata service accepts only session-token (IMDSv2) requests, or is disabled. IMDSv1
#   lets a server-side request forgery in any application on the instance read the instance role's
#   temporary credentials.
# custom:
#   id: EC2.7
#   severity: medium
#   resource_types: [aws.ec2.instance]
#   controls:
#     iso27001-2022: ["8.9"]
#     nist-800-53-r5: ["CM-6"]
#     nist-csf-2.0: ["PR.PS-01"]
#   remediation: >-
#     Add metadata_options { http_tokens = "required" } to the aws_instance (or its launch template),
#     or http_endpoint = "disabled" when the instance does not use instance metadata.
package vigil.aws.ec2.imdsv2

import data.vigil.lib

tokens_path := "metadata_options.http_tokens"

endpoint_path := "metadata_options.http_endpoint"

# The endpoint defaults to enabled. http_tokens has no default vigil can know (it depends on the AMI),
# so an absent value is treated as unknown like an explicitly unknown one.
tokens_known(r) if {
	not lib.is_unknown(r, tokens_path)
	lib.get(r, tokens_path, null) != null
}

endpoint_known(r) if not lib.is_unknown(r, endpoint_path)

endpoint(r) := lib.value(r, endpoint_path, "enabled")

deny contains result if {
	some r in lib.resources("aws.ec2.instance")
	tokens_known(r)
	endpoint_known(r)
	tokens := lib.get(r, tokens_path, null)
	tokens != "required"
	endpoint(r) != "disabled"
	result := lib.failure(
		r,
		sprintf("EC2 instance %q allows IMDSv1 (http_tokens %q, http_endpoint %q)", [lib.label(r), tokens, endpoint(r)]),
		{tokens_path: tokens, endpoint_path: endpoint(r)},
	)
}

passes(r) if {
	tokens_known(r)
	lib.get(r, tokens_path, null) == "required"
}

passes(r) if {
	endpoint_known(r)
	endpoint(r) == "disabled"
}

unknown contains result if {
	some r in lib.resources("aws.ec2.instance")
	not passes(r)
	missing := array.concat(
		[tokens_path | not tokens_known(r)],
		[endpoint_path | not endpoint_known(r)],
	)
	count(missing) > 0
	result := lib.unknown_result(
		r,
		sprintf("IMDS settings of EC2 instance %q are unknown (the default depends on the AMI)", [lib.label(r)]),
		missing,
	)
}
