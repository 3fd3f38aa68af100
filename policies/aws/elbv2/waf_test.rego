package vigil.aws.elbv2.waf_test

import data.vigil.aws.elbv2.waf

res(attrs, unknown) := {"by_type": {"aws.elbv2.load_balancer": [{"id": "res.id", "type": "aws.elbv2.load_balancer", "name": "res", "attributes": attrs, "unknown": unknown}]}}

test_public_alb_with_acl_passes if {
	inp := res({"load_balancer_type": "application", "internal": false, "web_acl_id": "arn:aws:wafv2:eu-west-1:1:regional/webacl/a/1"}, [])
	count(waf.deny) == 0 with input as inp
	count(waf.unknown) == 0 with input as inp
}

test_public_alb_without_acl_fails if {
	denies := waf.deny with input as res({"load_balancer_type": "application", "internal": false, "web_acl_id": null}, [])
	count(denies) == 1
	some d in denies
	d.message == "internet-facing application load balancer \"res\" has no WAF web ACL"
	d.evidence.web_acl_id == null
}

test_defaults_are_a_public_alb if {
	count(waf.deny) == 1 with input as res({}, [])
}

test_internal_and_network_are_not_judged if {
	count(waf.deny) == 0 with input as res({"internal": true}, [])
	count(waf.deny) == 0 with input as res({"load_balancer_type": "network"}, [])
	count(waf.unknown) == 0 with input as res({"load_balancer_type": "network"}, ["web_acl_id"])
}

test_unknown_association_is_unknown if {
	inp := res({"internal": false}, ["web_acl_id"])
	count(waf.deny) == 0 with input as inp
	unknowns := waf.unknown with input as inp
	count(unknowns) == 1
	some u in unknowns
	u.missing == ["web_acl_id"]
}

test_unknown_scheme_is_unknown if {
	inp := res({"web_acl_id": null}, ["internal"])
	count(waf.deny) == 0 with input as inp
	unknowns := waf.unknown with input as inp
	some u in unknowns
	u.missing == ["internal"]
}
