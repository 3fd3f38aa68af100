# METADATA
# title: Expired SSL/TLS certificates are removed from IAM
# description: >-
#   No server certificate stored in IAM has expired. An expired certificate left in IAM can be deployed to
#   a CloudFront distribution or load balancer by mistake, breaking TLS for its users (CIS AWS Foundations
#   2.18). Live scans judge the expiration at collection time; Terraform cannot say when the certificate will
#   be judged, so a declared certificate is unknown (its expiration, read from the certificate body, is
#   shown as evidence).
# custom:
#   id: IAM.10
#   severity: low
#   resource_types: [aws.iam.server_certificate]
#   controls:
#     iso27001-2022: ["8.24"]
#     nist-800-53-r5: ["SC-17"]
#     nist-csf-2.0: ["PR.DS-02"]
#     cis-aws-foundations-6.0: ["2.18"]
#   remediation: >-
#     Delete the expired certificate (remove the aws_iam_server_certificate, or aws iam
#     delete-server-certificate) once nothing uses it; prefer AWS Certificate Manager, which renews.
package vigil.aws.iam.server_certificate_expired

import data.vigil.lib

# expired has no default: absent was not collected.
deny contains result if {
	some r in lib.resources("aws.iam.server_certificate")
	r.attributes.expired == true
	not lib.is_unknown(r, "expired")
	result := {
		"resource": r.id,
		"message": sprintf("IAM server certificate %q expired on %v", [lib.label(r), object.get(r.attributes, "expiration", null)]),
		"evidence": {"expired": true, "expiration": object.get(r.attributes, "expiration", null)},
	}
}

unknown contains result if {
	some r in lib.resources("aws.iam.server_certificate")
	not_known(r)
	result := {
		"resource": r.id,
		"message": sprintf("whether IAM server certificate %q has expired is unknown (it expires on %v)", [lib.label(r), object.get(r.attributes, "expiration", null)]),
		"missing": ["expired"],
	}
}

not_known(r) if lib.is_unknown(r, "expired")

not_known(r) if not is_boolean(object.get(r.attributes, "expired", null))
