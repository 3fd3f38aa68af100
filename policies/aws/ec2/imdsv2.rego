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
#     cis-aws-foundations-6.0: ["6.7"]
#     soc2-tsc-2017: ["CC6.1"]
#   remediation: >-
#     Add metadata_options { http_tokens = "required" } to the aws_instance (or its launch template),
#     or http_endpoint = "disabled" when the instance does not use instance metadata.
package vigil.aws.ec2.imdsv2

import data.vigil.lib

# The endpoint defaults to enabled. http_tokens is null when the configuration leaves it out and declares
# no account default that requires IMDSv2 (aws_ec2_instance_metadata_defaults): the AMI's default then
# decides, and the configuration does not require IMDSv2, which is what the control asks. Unknown only
# when its value truly is (a variable without value, a launch template that may set it).
tokens_known(r) if not lib.is_unknown(r, "metadata_options.http_tokens")

tokens(r) := object.get(r, ["attributes", "metadata_options", "http_tokens"], null)

endpoint_known(r) if not lib.is_unknown(r, "metadata_options.http_endpoint")

endpoint(r) := lib.attribute(r, ["metadata_options", "http_endpoint"], "enabled")

deny contains result if {
	some r in lib.resources("aws.ec2.instance")
	not r.attributes.metadata_options.http_tokens == "required"
	tokens_known(r)
	endpoint_known(r)
	shown_tokens := tokens(r)
	endpoint(r) != "disabled"
	result := {
		"resource": r.id,
		"message": message(r, shown_tokens),
		"evidence": {"metadata_options.http_tokens": shown_tokens, "metadata_options.http_endpoint": endpoint(r)},
	}
}

message(r, null) := sprintf("EC2 instance %q may allow IMDSv1: the configuration does not require it (http_tokens not set, so the AMI's default applies; http_endpoint %q)", [lib.label(r), endpoint(r)])

message(r, t) := sprintf("EC2 instance %q allows IMDSv1 (http_tokens %q, http_endpoint %q)", [lib.label(r), t, endpoint(r)]) if t != null

passes(r) if {
	r.attributes.metadata_options.http_tokens == "required"
	not lib.is_unknown(r, "metadata_options.http_tokens")
}

passes(r) if {
	endpoint_known(r)
	endpoint(r) == "disabled"
}

unknown contains result if {
	some r in lib.resources("aws.ec2.instance")
	not passes(r)
	missing := array.concat(
		["metadata_options.http_tokens" | not tokens_known(r)],
		["metadata_options.http_endpoint" | not endpoint_known(r)],
	)
	count(missing) > 0
	result := {
		"resource": r.id,
		"message": sprintf("IMDS settings of EC2 instance %q are unknown", [lib.label(r)]),
		"missing": missing,
	}
}
