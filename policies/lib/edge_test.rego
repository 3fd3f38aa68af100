package vigil.lib_test

import data.vigil.lib

test_elb_policies_sorted if {
	lib.elb_policy_outdated("ELBSecurityPolicy-2016-08")
	lib.elb_policy_outdated("ELBSecurityPolicy-TLS13-1-1-2021-06")
	lib.elb_policy_outdated("ELBSecurityPolicy-FS-1-1-2019-08")
	lib.elb_policy_outdated("ELBSecurityPolicy-TLS-1-0-2015-04")
	not lib.elb_policy_outdated("ELBSecurityPolicy-TLS13-1-2-2021-06")
	lib.elb_policy_modern("ELBSecurityPolicy-TLS13-1-2-2021-06")
	lib.elb_policy_modern("ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04")
	lib.elb_policy_modern("ELBSecurityPolicy-TLS-1-2-Ext-2018-06")
	lib.elb_policy_modern("ELBSecurityPolicy-FS-1-2-Res-2020-10")
	not lib.elb_policy_modern("ELBSecurityPolicy-2016-08")
	not lib.elb_policy_modern("ELBSecurityPolicy-TLS13-1-1-2021-06")
}

test_elb_unrecognised_is_neither if {
	not lib.elb_policy_outdated("my-custom-policy")
	not lib.elb_policy_modern("my-custom-policy")
	not lib.elb_policy_modern(null)
	not lib.elb_policy_outdated(7)
}

test_apigateway_policies_sorted if {
	lib.apigateway_policy_outdated("TLS_1_0")
	lib.apigateway_policy_modern("TLS_1_2")
	lib.apigateway_policy_modern("SecurityPolicy_TLS13_1_3_2025_09")
	not lib.apigateway_policy_modern("TLS_1_0")
	not lib.apigateway_policy_modern("something")
	not lib.apigateway_policy_outdated("something")
}

test_cloudfront_protocol_sets_disjoint if {
	count(lib.cloudfront_outdated_viewer_protocols & lib.cloudfront_modern_viewer_protocols) == 0
	"TLSv1" in lib.cloudfront_outdated_viewer_protocols
	"TLSv1.2_2021" in lib.cloudfront_modern_viewer_protocols
	"TLSv1.1" in lib.cloudfront_outdated_origin_protocols
	not "TLSv1.2" in lib.cloudfront_outdated_origin_protocols
}

test_waf_web_acl_refs if {
	lib.waf_web_acl_ref("arn:aws:wafv2:eu-west-1:111122223333:regional/webacl/edge/1")
	lib.waf_web_acl_ref("0b2d6b6c-1f4e-4d8e-9b1a-2c3d4e5f6a7b")
	lib.waf_web_acl_ref("aws_wafv2_web_acl.main")
	lib.waf_web_acl_ref("module.waf.aws_wafv2_web_acl.this[0]")
	not lib.waf_web_acl_ref("x")
	not lib.waf_web_acl_ref("")
	not lib.waf_web_acl_ref(null)
	not lib.waf_web_acl_ref(5)
}

test_element_unknown_paths if {
	r := {"attributes": {"origins": [{"a": 1}, {"a": null, "b": null}]}, "unknown": ["origins.1.b"]}
	lib.element_unknown_paths(r, "origins", ["a"]) == []
	lib.element_unknown_paths(r, "origins", ["a", "b"]) == ["origins.1.b"]
	lib.element_unknown_paths({"attributes": {}, "unknown": ["origins"]}, "origins", ["a"]) == ["origins"]
	lib.element_unknown_paths({"attributes": {"origins": [{}]}, "unknown": []}, "origins", ["a"]) == []
}
