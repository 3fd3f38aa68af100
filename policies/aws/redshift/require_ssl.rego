# METADATA
# title: Redshift cluster requires SSL connections
# description: >-
#   The cluster's parameter group sets require_ssl to true, so clients cannot connect without TLS. A
#   default parameter group leaves it false.
# custom:
#   id: RS.5
#   severity: medium
#   resource_types: [aws.redshift.cluster]
#   controls:
#     iso27001-2022: ["8.24"]
#     nist-800-53-r5: ["SC-8", "SC-8(1)"]
#     nist-csf-2.0: ["PR.DS-02"]
#     soc2-tsc-2017: ["CC6.7"]
#     pci-dss-4.0.1: ["4.2.1"]
#     hipaa-security-rule: ["164.312(e)(1)", "164.312(e)(2)(ii)"]
#   remediation: >-
#     Create an aws_redshift_parameter_group with parameter { name = "require_ssl" value = "true" } and
#     set cluster_parameter_group_name on the aws_redshift_cluster to it.
package vigil.aws.redshift.require_ssl

import data.vigil.lib

# Absent require_ssl means the documented default: false.
deny contains result if {
	some r in lib.resources("aws.redshift.cluster")
	not r.attributes.require_ssl == true
	not lib.is_unknown(r, "require_ssl")
	v := lib.attribute(r, ["require_ssl"], false)
	result := lib.failure(r, sprintf("Redshift cluster %q does not require SSL connections (require_ssl)", [lib.label(r)]), {"require_ssl": v})
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.redshift.cluster")
	lib.is_unknown(r, "require_ssl")
	result := lib.unknown_result(r, sprintf("require_ssl of Redshift cluster %q is unknown", [lib.label(r)]), ["require_ssl"])
}
