package vigil.lib_test

import data.vigil.lib

test_aws_managed_policy_name_reads_any_partition_and_path if {
	lib.aws_managed_policy_name("arn:aws:iam::aws:policy/AmazonS3FullAccess") == "AmazonS3FullAccess"
	lib.aws_managed_policy_name("arn:aws-cn:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole") == "AWSLambdaBasicExecutionRole"
	not lib.aws_managed_policy_name("arn:aws:iam::123456789012:policy/AmazonS3FullAccess")
	not lib.aws_managed_policy_name(null)
}

test_aws_managed_documents_and_unsourced if {
	r := {"attributes": {"managed_policy_arns": [
		"arn:aws:iam::aws:policy/AmazonS3FullAccess",
		"arn:aws:iam::aws:policy/NotShipped",
		"arn:aws:iam::123456789012:policy/mine",
	]}}
	docs := lib.aws_managed_documents(r)
	count(docs) == 1
	docs[0].document.Statement[0].Action == ["s3:*", "s3-object-lambda:*"]
	lib.aws_managed_unsourced(r) == ["arn:aws:iam::aws:policy/NotShipped"]
	lib.attaches_aws_managed(r)
	not lib.attaches_aws_managed({"attributes": {"managed_policy_arns": ["arn:aws:iam::123456789012:policy/mine"]}})
}

test_shipped_documents_are_normalised if {
	every name, p in lib.aws_managed_policies {
		is_string(name)
		regex.match(`^v[0-9]+$`, p.version)
		every stmt in p.document.Statement {
			is_array(object.get(stmt, "Resource", []))
			is_array(object.get(stmt, "Action", []))
		}
	}
}
