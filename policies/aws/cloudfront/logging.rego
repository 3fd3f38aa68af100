# METADATA
# title: CloudFront distributions write access logs
# description: >-
#   Standard logs record every viewer request (client, URI, edge location, TLS protocol, status), which
#   investigations rely on. Legacy logging to S3 (logging_config) and standard logging v2 (a CloudWatch log
#   delivery source for the distribution) both count.
# custom:
#   id: CLOUDFRONT.6
#   severity: medium
#   resource_types: [aws.cloudfront.distribution]
#   controls:
#     iso27001-2022: ["8.15"]
#     nist-800-53-r5: ["AU-12"]
#     nist-csf-2.0: ["PR.PS-04"]
#     soc2-tsc-2017: ["CC7.2"]
#     pci-dss-4.0.1: ["10.2.1"]
#     hipaa-security-rule: ["164.312(b)"]
#   remediation: >-
#     Add logging_config { bucket = "<bucket>.s3.amazonaws.com" } to the aws_cloudfront_distribution, or an
#     aws_cloudwatch_log_delivery_source (log_type = "ACCESS_LOGS") with a delivery.
package vigil.aws.cloudfront.logging

import data.vigil.lib

# Absent logging.enabled means no logging configured.
deny contains result if {
	some r in lib.resources("aws.cloudfront.distribution")
	not r.attributes.logging.enabled == true
	not lib.is_unknown(r, "logging.enabled")
	v := lib.attribute(r, ["logging", "enabled"], false)
	not _ok(v)
	result := lib.failure(r, sprintf("CloudFront distribution %q does not write access logs", [lib.label(r)]), {"logging.enabled": v})
}

unknown contains result if {
	some r in lib.resources_with_unknown("aws.cloudfront.distribution")
	lib.is_unknown(r, "logging.enabled")
	result := lib.unknown_result(r, sprintf("access logging of CloudFront distribution %q is unknown", [lib.label(r)]), ["logging.enabled"])
}

_ok(v) if v == true
