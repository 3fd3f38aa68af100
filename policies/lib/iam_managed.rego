package vigil.lib

# AWS managed policies. A role, user or group that attaches one names it by ARN
# (arn:<partition>:iam::aws:policy/<path>/<name>); its document is not in the inventory, whatever the
# source (Terraform names the ARN; a live scan collects customer-managed policies only). The documents
# vigil ships (aws_managed_policies, with their source in policies/awsmanaged) are judged like the
# customer's; an AWS managed policy vigil does not ship stays unknown to the rules that read documents.

# aws_managed_policy_name is the name of an AWS managed policy's ARN, in any partition and under any
# path; undefined for another ARN or value.
aws_managed_policy_name(arn) := name if {
	is_string(arn)
	regex.match(`^arn:aws[a-z-]*:iam::aws:policy/`, arn)
	parts := split(arn, "/")
	name := parts[count(parts) - 1]
}

# aws_managed_documents lists {"where", "arn", "document"} for each AWS managed policy in r's
# managed_policy_arns whose document vigil ships.
aws_managed_documents(r) := [{"where": sprintf("AWS managed policy %q", [arn]), "arn": arn, "document": p.document} |
	some arn in attribute(r, ["managed_policy_arns"], [])
	p := aws_managed_policies[aws_managed_policy_name(arn)]
]

# aws_managed_unsourced lists the AWS managed policy ARNs in r's managed_policy_arns whose document
# vigil does not ship: what they grant is unknown.
aws_managed_unsourced(r) := [arn |
	some arn in attribute(r, ["managed_policy_arns"], [])
	name := aws_managed_policy_name(arn)
	not aws_managed_policies[name]
]

# attaches_aws_managed is true when r's managed_policy_arns names at least one AWS managed policy.
attaches_aws_managed(r) if {
	some arn in attribute(r, ["managed_policy_arns"], [])
	aws_managed_policy_name(arn)
}
