# METADATA
# title: Lambda function is attached to a VPC
# description: >-
#   The function runs with network interfaces in the estate's own subnets, so its traffic is subject to
#   security groups, network ACLs and VPC flow logs and can reach private resources without crossing the
#   internet. A function outside a VPC reaches the internet directly.
# custom:
#   id: LAMBDA.7
#   severity: low
#   resource_types: [aws.lambda.function]
#   controls:
#     iso27001-2022: ["8.20", "8.22"]
#     nist-800-53-r5: ["SC-7"]
#     nist-csf-2.0: ["PR.IR-01"]
#   remediation: >-
#     Add vpc_config { subnet_ids = [...], security_group_ids = [...] } to the aws_lambda_function (private
#     subnets, with VPC endpoints or a NAT gateway for the AWS APIs it calls).
package vigil.aws.lambda.vpc

import data.vigil.lib

deny contains result if {
	some r in lib.resources("aws.lambda.function")
	subnets := object.get(r.attributes, ["vpc", "subnet_ids"], [])
	lib.empty(subnets)
	not lib.is_unknown(r, "vpc.subnet_ids")
	result := {
		"resource": r.id,
		"message": sprintf("Lambda function %q is not attached to a VPC", [lib.label(r)]),
		"evidence": {"vpc.subnet_ids": subnets},
	}
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.lambda.function")
	lib.unknown_within(r, "vpc.subnet_ids")
	result := {
		"resource": r.id,
		"message": sprintf("VPC attachment of Lambda function %q is unknown", [lib.label(r)]),
		"missing": lib.unknown_paths_within(r, ["vpc.subnet_ids"]),
	}
}
