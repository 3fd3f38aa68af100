# METADATA
# title: OpenSearch domain is not open to anyone on the internet
# description: >-
#   A domain with a public endpoint (not in a VPC) has no access policy statement that allows every
#   principal ("*") without a condition (a source IP range, an account). Such a domain answers anyone on
#   the internet; a domain in a VPC is reachable only from the VPC, where security groups apply.
# custom:
#   id: OS.6
#   severity: critical
#   resource_types: [aws.opensearch.domain]
#   controls:
#     iso27001-2022: ["8.20", "8.22"]
#     nist-800-53-r5: ["SC-7", "AC-3"]
#     nist-csf-2.0: ["PR.IR-01"]
#     soc2-tsc-2017: ["CC6.6"]
#     pci-dss-4.0.1: ["1.4.4"]
#     hipaa-security-rule: ["164.312(a)(1)"]
#   remediation: >-
#     Put the aws_opensearch_domain in a VPC (vpc_options { subnet_ids security_group_ids }), or name the
#     roles in the Principal of its access policy (aws_opensearch_domain_policy), or add a Condition on
#     aws:SourceIp.
package vigil.aws.opensearch.public_access

import data.vigil.lib

deny contains result if {
	some r in lib.resources("aws.opensearch.domain")
	r.attributes.in_vpc == false
	not lib.is_unknown(r, "in_vpc")
	public := lib.open_policy_statements(r, "access_policies")
	count(public) > 0
	result := lib.failure(r, sprintf("OpenSearch domain %q has a public endpoint and an access policy statement that allows anyone", [lib.label(r)]), {
		"in_vpc": false,
		"access_policies.public_statements": public,
	})
}

# private is true when the rule knows the domain is not open: in a VPC, or with a known policy that opens
# it to no one.
private(r) if {
	r.attributes.in_vpc == true
	not lib.is_unknown(r, "in_vpc")
}

private(r) if {
	not lib.policy_may_be_public(r, "access_policies")
	count(lib.open_policy_statements(r, "access_policies")) == 0
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.opensearch.domain")
	not private(r)
	count(lib.open_policy_statements(r, "access_policies")) == 0
	missing := lib.unknown_paths_within(r, ["in_vpc", "access_policies"])
	count(missing) > 0
	result := lib.unknown_result(r, sprintf("public access to OpenSearch domain %q is unknown", [lib.label(r)]), missing)
}

# A public statement is known, but whether the endpoint is in a VPC is not.
unknown contains result if {
	some r in lib.resources_with_unknown("aws.opensearch.domain")
	lib.is_unknown(r, "in_vpc")
	count(lib.open_policy_statements(r, "access_policies")) > 0
	result := lib.unknown_result(r, sprintf("public access to OpenSearch domain %q is unknown", [lib.label(r)]), ["in_vpc"])
}
