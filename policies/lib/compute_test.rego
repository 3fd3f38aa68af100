package vigil.lib_test

import data.vigil.lib

test_public_statement_principal_anyone_without_condition if {
	lib.public_statement({"Effect": "Allow", "Principal": "*", "Action": ["lambda:InvokeFunction"]})
	lib.public_statement({"Effect": "Allow", "Principal": {"AWS": ["*"]}, "Action": ["ecr:*"]})
	lib.public_statement({"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": ["ecr:*"]})
}

test_public_statement_narrowed_by_a_caller_key if {
	not lib.public_statement({"Effect": "Allow", "Principal": "*", "Condition": {"ArnLike": {"AWS:SourceArn": "arn:aws:s3:::b"}}})
	not lib.public_statement({"Effect": "Allow", "Principal": "*", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-1"}}})
	not lib.public_statement({"Effect": "Allow", "Principal": "*", "Condition": {"ForAnyValue:StringLike": {"aws:PrincipalOrgPaths": ["o-1/*"]}}})
}

test_public_statement_not_narrowed if {
	# A key that does not name the caller, an IfExists form, a negation.
	lib.public_statement({"Effect": "Allow", "Principal": "*", "Condition": {"StringEquals": {"lambda:FunctionUrlAuthType": "NONE"}}})
	lib.public_statement({"Effect": "Allow", "Principal": "*", "Condition": {"StringEqualsIfExists": {"aws:SourceAccount": "1"}}})
	lib.public_statement({"Effect": "Allow", "Principal": "*", "Condition": {"StringNotEquals": {"aws:SourceAccount": "1"}}})
	lib.public_statement({"Effect": "Allow", "Principal": "*", "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}})
}

test_public_statement_others if {
	not lib.public_statement({"Effect": "Deny", "Principal": "*"})
	not lib.public_statement({"Effect": "Allow", "Principal": {"Service": ["s3.amazonaws.com"]}})
	not lib.public_statement({"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::111122223333:root"]}})
	not lib.public_statement("not a statement")
	count(lib.public_statements(null)) == 0
	count(lib.public_statements({"Statement": [{"Effect": "Allow", "Principal": "*"}, {"Effect": "Deny", "Principal": "*"}]})) == 1
}

test_lambda_runtime_lists_are_disjoint if {
	every r in lib.lambda_supported_runtimes {
		not lib.lambda_deprecated_runtimes[r]
	}
	every _, d in lib.lambda_deprecated_runtimes {
		d <= lib.lambda_runtime_list_date
	}
}

test_eks_version_status if {
	lib.eks_version_status("1.35") == "standard"
	lib.eks_version_status("1.33") == "extended"
	lib.eks_version_status("1.29") == "unsupported"
	lib.eks_version_status("1.36") == "standard"
	lib.eks_version_status("1.19") == "unsupported"
	not lib.eks_version_status("2.0")
	not lib.eks_version_status("1.x")
}

test_eks_version_list_is_consistent if {
	every v, e in lib.eks_versions {
		_status_on(e, lib.eks_version_list_date) == e.status
		startswith(v, "1.")
	}
}

_status_on(e, day) := "standard" if day < e.end_of_standard_support

else := "extended" if day < e.end_of_extended_support

else := "unsupported"

test_secret_like_name if {
	lib.secret_like_name("DB_PASSWORD")
	lib.secret_like_name("stripe_api_key")
	lib.secret_like_name("GITHUB_TOKEN")
	lib.secret_like_name("AWS_SECRET_ACCESS_KEY")
	not lib.secret_like_name("DB_PASSWORD_SECRET_ARN")
	not lib.secret_like_name("TOKEN_PARAM")
	not lib.secret_like_name("STAGE")
	not lib.secret_like_name(5)
}
