package vigil.lib

# Helpers of the edge rules (load balancers, CloudFront, API Gateway).

# waf_web_acl_ref is true for a value that names a WAF web ACL: an ARN (WAFv2), the id of a WAF Classic
# web ACL (a UUID), or the Terraform address of a web ACL resource (a reference the adapters resolved).
# Any other string is no evidence of a web ACL.
waf_web_acl_ref(v) if {
	is_string(v)
	startswith(v, "arn:")
}

waf_web_acl_ref(v) if {
	is_string(v)
	regex.match(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`, v)
}

waf_web_acl_ref(v) if {
	is_string(v)
	regex.match(`(^|\.)aws_waf(v2|regional)?_web_acl\.`, v)
}

# TLS security policies of the edge services, sorted into those that still accept TLS 1.0 or 1.1 (or SSL)
# and those that require TLS 1.2 or later. A name in neither list is not recognised: rules report it as
# unknown rather than guess. Sources: the Elastic Load Balancing user guides ("Security policies for your
# Application Load Balancer", "... Network Load Balancer", "Predefined SSL security policies for Classic
# Load Balancers"), the CloudFront developer guide ("Supported protocols and ciphers between viewers and
# CloudFront") and the API Gateway developer guide ("Choose a security policy for your custom domain").

# ELB predefined policies that accept TLS 1.0 or 1.1. The 2015-and-earlier classic policies
# (ELBSecurityPolicy-2011-08 to -2015-03, ELBSample-*) also accept SSLv3 or TLS 1.0.
_elb_outdated_prefixes := [
	"ELBSecurityPolicy-2011-",
	"ELBSecurityPolicy-2014-",
	"ELBSecurityPolicy-2015-",
	"ELBSecurityPolicy-2016-08",
	"ELBSecurityPolicy-TLS-1-0-",
	"ELBSecurityPolicy-TLS-1-1-",
	"ELBSecurityPolicy-FS-2018-06",
	"ELBSecurityPolicy-FS-1-1-",
	"ELBSecurityPolicy-TLS13-1-0-",
	"ELBSecurityPolicy-TLS13-1-1-",
	"ELBSample-",
]

# ELB predefined policies whose lowest protocol is TLS 1.2 or 1.3 (their FIPS and post-quantum variants
# included: same prefixes).
_elb_modern_prefixes := [
	"ELBSecurityPolicy-TLS-1-2-",
	"ELBSecurityPolicy-FS-1-2-",
	"ELBSecurityPolicy-TLS13-1-2-",
	"ELBSecurityPolicy-TLS13-1-3-",
]

# elb_policy_outdated is true for an ELB security policy name that accepts TLS 1.0/1.1 or SSL.
elb_policy_outdated(name) if {
	is_string(name)
	some p in _elb_outdated_prefixes
	startswith(name, p)
}

# elb_policy_modern is true for an ELB security policy name that requires TLS 1.2 or later.
elb_policy_modern(name) if {
	is_string(name)
	some p in _elb_modern_prefixes
	startswith(name, p)
}

# CloudFront viewer minimum_protocol_version values.
cloudfront_outdated_viewer_protocols := {"SSLv3", "TLSv1", "TLSv1_2016", "TLSv1.1_2016"}

cloudfront_modern_viewer_protocols := {"TLSv1.2_2018", "TLSv1.2_2019", "TLSv1.2_2021", "TLSv1.2_2025", "TLSv1.3_2025"}

# CloudFront origin_ssl_protocols that are below TLS 1.2.
cloudfront_outdated_origin_protocols := {"SSLv3", "TLSv1", "TLSv1.1"}

# API Gateway custom domain security policies. TLS_1_0 accepts TLS 1.0 and 1.1; TLS_1_2 and the enhanced
# policies (SecurityPolicy_TLS12_*, SecurityPolicy_TLS13_*) require TLS 1.2 or later.
apigateway_policy_outdated(name) if name == "TLS_1_0"

apigateway_policy_modern(name) if name == "TLS_1_2"

apigateway_policy_modern(name) if {
	is_string(name)
	startswith(name, "SecurityPolicy_TLS12")
}

apigateway_policy_modern(name) if {
	is_string(name)
	startswith(name, "SecurityPolicy_TLS13")
}

# element_unknown_paths lists the unknown paths among some fields of the elements of the list attribute key
# (key.<i>.<field>), or key itself when the whole list is unknown: a rule that reads only those fields is not
# made unknown by another field of an element (an origin's unknown access control id does not hide its
# protocol).
element_unknown_paths(r, key, fields) := [] if {
	object.get(r, "unknown", []) == []
} else := [key] if {
	is_unknown(r, key)
} else := [p |
	some i, _ in _array_or_empty(object.get(r.attributes, key, []))
	some f in fields
	p := sprintf("%s.%d.%s", [key, i, f])
	is_unknown(r, p)
]

_array_or_empty(x) := x if is_array(x)

else := []
