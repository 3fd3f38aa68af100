package aws

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/vigil-audit/vigil/scanners/iac"
)

func TestELBv2JoinsListenersAndWebACL(t *testing.T) {
	rs := schemaValid(t, Adapt([]iac.Block{
		mb("aws_lb.web", m{"name": "web", "enable_deletion_protection": true, "access_logs": l(m{"bucket": "logs", "enabled": true})}),
		mb("aws_lb_listener.https", m{"load_balancer_arn": "aws_lb.web", "port": 443, "protocol": "HTTPS",
			"default_action": l(m{"type": "forward"})}),
		mb("aws_lb_listener.http", m{"load_balancer_arn": "aws_lb.web.arn", "port": 80,
			"default_action": l(m{"type": "redirect", "redirect": l(m{"protocol": "https"})})}),
		mb("aws_wafv2_web_acl_association.web", m{"resource_arn": "aws_lb.web", "web_acl_arn": "aws_wafv2_web_acl.edge"}),
		mb("aws_alb.nlb", m{"name": "nlb", "load_balancer_type": "network", "internal": true}),
		mb("aws_alb_listener.tls", m{"load_balancer_arn": "aws_alb.nlb", "port": 443, "protocol": "TLS",
			"ssl_policy": "ELBSecurityPolicy-TLS13-1-2-2021-06", "default_action": l(m{"type": "forward"})}),
	}))
	web := resource(t, rs, "aws_lb.web")
	assert.Equal(t, m{
		"name": "web", "load_balancer_type": "application", "internal": false, "deletion_protection": true,
		"access_logs": m{"enabled": true}, "drop_invalid_header_fields": false, "desync_mitigation_mode": "defensive",
		"web_acl_id": "aws_wafv2_web_acl.edge",
		"listeners": l(
			// Sorted as a set; HTTPS without ssl_policy gets AWS's default.
			m{"port": int64(80), "protocol": "HTTP", "ssl_policy": nil,
				"default_action": m{"type": "redirect", "redirect_protocol": "HTTPS"}},
			m{"port": int64(443), "protocol": "HTTPS", "ssl_policy": "ELBSecurityPolicy-2016-08",
				"default_action": m{"type": "forward", "redirect_protocol": nil}},
		),
	}, web.Attributes)
	assert.Empty(t, web.Unknown)
	assert.Equal(t, []string{"aws_lb_listener.http", "aws_lb_listener.https", "aws_wafv2_web_acl_association.web"}, web.Source.Related)

	nlb := resource(t, rs, "aws_alb.nlb")
	assert.Equal(t, "network", get(t, nlb, "load_balancer_type"))
	assert.Equal(t, true, get(t, nlb, "internal"))
	assert.Equal(t, "ELBSecurityPolicy-TLS13-1-2-2021-06", get(t, nlb, "listeners.0.ssl_policy"))
	assert.Nil(t, get(t, nlb, "web_acl_id"))
}

func TestELBv2UncertainListenersAndAssociations(t *testing.T) {
	rs := schemaValid(t, Adapt([]iac.Block{
		mb("aws_lb.a", m{"name": "a"}),
		mb("aws_lb_listener.known", m{"load_balancer_arn": "aws_lb.a", "port": 443, "protocol": "HTTPS",
			"ssl_policy": "ELBSecurityPolicy-2016-08", "default_action": l(m{"type": "forward"})}),
		// Its load balancer is unknown: it may belong to a, so a may have a second listener.
		mb("aws_lb_listener.somewhere", m{"port": 80}, "load_balancer_arn"),
		mb("aws_wafv2_web_acl_association.x", m{"web_acl_arn": "arn:aws:wafv2:eu-west-1:1:regional/webacl/x/1"}, "resource_arn"),
	}))
	a := resource(t, rs, "aws_lb.a")
	assert.Equal(t, "ELBSecurityPolicy-2016-08", get(t, a, "listeners.0.ssl_policy"), "the known listener stays")
	assert.Equal(t, []string{"listeners.1", "web_acl_id"}, a.Unknown)

	b := resource(t, schemaValid(t, Adapt([]iac.Block{
		mb("aws_lb.b", m{"name": "b"}),
		mb("aws_lb_listener.maybe[0]", m{"load_balancer_arn": "aws_lb.b", "port": 80}, "count"),
	})), "aws_lb.b")
	assert.Equal(t, l(), get(t, b, "listeners"))
	assert.Equal(t, []string{"listeners.0"}, b.Unknown)
}

func TestClassicELBListenerPolicies(t *testing.T) {
	listener := func(port int, proto string) m {
		return m{"lb_port": port, "lb_protocol": proto, "instance_port": 8080, "instance_protocol": "http"}
	}
	rs := schemaValid(t, Adapt([]iac.Block{
		mb("aws_elb.a", m{"name": "a", "listener": l(listener(443, "https"), listener(80, "http"), listener(8443, "ssl")),
			"access_logs": l(m{"bucket": "logs"})}),
		mb("aws_load_balancer_policy.tls", m{"load_balancer_name": "a", "policy_name": "a-tls",
			"policy_type_name": "SSLNegotiationPolicyType",
			"policy_attribute": l(m{"name": "Reference-Security-Policy", "value": "ELBSecurityPolicy-TLS-1-2-2017-01"})}),
		mb("aws_load_balancer_listener_policy.a443", m{"load_balancer_name": "a", "load_balancer_port": 443, "policy_names": l("a-tls")}),
		mb("aws_load_balancer_policy.custom", m{"load_balancer_name": "a", "policy_name": "a-custom",
			"policy_type_name": "SSLNegotiationPolicyType", "policy_attribute": l(m{"name": "Protocol-TLSv1.2", "value": "true"})}),
		mb("aws_load_balancer_listener_policy.a8443", m{"load_balancer_name": "a", "load_balancer_port": 8443, "policy_names": l("a-custom")}),
		mb("aws_elb.b", m{"name": "b", "listener": l(listener(443, "HTTPS")), "cross_zone_load_balancing": false}),
		mb("aws_load_balancer_listener_policy.b443", m{"load_balancer_name": "b", "load_balancer_port": 443, "policy_names": l("elsewhere")}),
	}))
	a := resource(t, rs, "aws_elb.a")
	assert.Equal(t, true, get(t, a, "access_logs.enabled"), "an access_logs block is enabled by default")
	assert.Equal(t, true, get(t, a, "cross_zone_load_balancing"))
	policies := map[any]any{}
	for _, e := range get(t, a, "listeners").([]any) {
		policies[e.(map[string]any)["lb_port"]] = e.(map[string]any)["ssl_policy"]
	}
	assert.Equal(t, map[any]any{int64(443): "ELBSecurityPolicy-TLS-1-2-2017-01", int64(80): nil, int64(8443): "a-custom"}, policies)
	assert.Empty(t, a.Unknown)

	b := resource(t, rs, "aws_elb.b")
	assert.Equal(t, false, get(t, b, "access_logs.enabled"))
	assert.Equal(t, false, get(t, b, "cross_zone_load_balancing"))
	assert.Equal(t, []string{"listeners.0.ssl_policy"}, b.Unknown, "a policy defined outside the scan")

	c := resource(t, schemaValid(t, Adapt([]iac.Block{mb("aws_elb.c", m{"name": "c", "listener": l(listener(443, "https"))})})), "aws_elb.c")
	assert.Equal(t, "ELBSecurityPolicy-2016-08", get(t, c, "listeners.0.ssl_policy"), "AWS's default without a listener policy")
}

func TestCloudFrontDistribution(t *testing.T) {
	rs := schemaValid(t, Adapt([]iac.Block{
		mb("aws_cloudfront_distribution.d", m{"comment": "site", "enabled": true,
			"origin": l(
				m{"origin_id": "s3", "domain_name": "b.s3.eu-west-1.amazonaws.com", "origin_access_control_id": "aws_cloudfront_origin_access_control.o"},
				m{"origin_id": "web", "domain_name": "b.s3-website-eu-west-1.amazonaws.com",
					"custom_origin_config": l(m{"origin_protocol_policy": "http-only", "origin_ssl_protocols": l("TLSv1.2", "TLSv1")})},
				m{"origin_id": "oai", "domain_name": "c.example.com", "s3_origin_config": l(m{"origin_access_identity": "origin-access-identity/cloudfront/E1"})},
			),
			"default_cache_behavior": l(m{"target_origin_id": "s3", "viewer_protocol_policy": "allow-all"}),
			"ordered_cache_behavior": l(m{"path_pattern": "/w/*", "target_origin_id": "web", "viewer_protocol_policy": "https-only"}),
			"viewer_certificate":     l(m{"cloudfront_default_certificate": true}),
		}),
		mb("aws_cloudwatch_log_delivery_source.d", m{"log_type": "ACCESS_LOGS", "resource_arn": "aws_cloudfront_distribution.d"}),
	}))
	d := resource(t, rs, "aws_cloudfront_distribution.d")
	assert.Equal(t, "site", d.Name)
	assert.Equal(t, true, get(t, d, "logging.enabled"), "standard logging v2")
	assert.Equal(t, "TLSv1", get(t, d, "viewer_certificate.minimum_protocol_version"))
	assert.Equal(t, true, get(t, d, "viewer_certificate.cloudfront_default_certificate"))
	assert.Equal(t, l(
		m{"path_pattern": "*", "target_origin_id": "s3", "viewer_protocol_policy": "allow-all", "field_level_encryption_id": nil},
		m{"path_pattern": "/w/*", "target_origin_id": "web", "viewer_protocol_policy": "https-only", "field_level_encryption_id": nil},
	), get(t, d, "cache_behaviors"))
	kinds := map[any]any{}
	for _, o := range get(t, d, "origins").([]any) {
		kinds[o.(map[string]any)["origin_id"]] = o.(map[string]any)["s3"]
	}
	assert.Equal(t, map[any]any{"s3": true, "web": false, "oai": true}, kinds, "a website endpoint is a custom origin")
	assert.Empty(t, d.Unknown)

	u := resource(t, schemaValid(t, Adapt([]iac.Block{
		mb("aws_cloudfront_distribution.u", m{"enabled": true, "origin": l(m{"origin_id": "x"})}, "origin.0.domain_name", "logging_config"),
	})), "aws_cloudfront_distribution.u")
	assert.Equal(t, []string{"logging.enabled", "origins.0.domain_name", "origins.0.s3"}, u.Unknown)
}

func TestAPIGatewayJoins(t *testing.T) {
	rs := schemaValid(t, Adapt([]iac.Block{
		mb("aws_api_gateway_rest_api.a", m{"name": "a"}),
		mb("aws_api_gateway_method.get", m{"rest_api_id": "aws_api_gateway_rest_api.a", "http_method": "get", "authorization": "NONE"}),
		mb("aws_api_gateway_rest_api.spec", m{"name": "spec", "body": "{}"}),
		mb("aws_api_gateway_stage.prod", m{"rest_api_id": "aws_api_gateway_rest_api.a", "stage_name": "prod"}),
		mb("aws_api_gateway_stage.dev", m{"rest_api_id": "aws_api_gateway_rest_api.a", "stage_name": "dev"}),
		mb("aws_api_gateway_method_settings.prod", m{"rest_api_id": "aws_api_gateway_rest_api.a", "stage_name": "prod", "method_path": "*/*",
			"settings": l(m{"logging_level": "INFO", "data_trace_enabled": true})}),
		mb("aws_apigatewayv2_api.quick", m{"name": "quick", "protocol_type": "HTTP", "target": "arn:aws:lambda:eu-west-1:1:function:f"}),
		mb("aws_apigatewayv2_route.r", m{"api_id": "aws_apigatewayv2_api.quick", "route_key": "GET /x", "authorization_type": "jwt"}),
		mb("aws_apigatewayv2_stage.s", m{"api_id": "aws_apigatewayv2_api.quick", "name": "$default"}),
		mb("aws_apigatewayv2_stage.other", m{"api_id": "abc123", "name": "x"}),
		mb("aws_api_gateway_domain_name.d", m{"domain_name": "api.example.com"}),
	}))
	a := resource(t, rs, "aws_api_gateway_rest_api.a")
	assert.Equal(t, l(m{"http_method": "GET", "authorization": "NONE", "api_key_required": false}), get(t, a, "methods"))
	assert.Equal(t, []string{"EDGE"}, get(t, a, "endpoint_types"))
	assert.Equal(t, []string{"methods"}, resource(t, rs, "aws_api_gateway_rest_api.spec").Unknown, "methods in an OpenAPI body")

	prod := resource(t, rs, "aws_api_gateway_stage.prod")
	assert.Equal(t, "aws_api_gateway_rest_api.a", get(t, prod, "rest_api_id"))
	assert.Equal(t, "INFO", get(t, prod, "method_settings.0.logging_level"))
	assert.Equal(t, true, get(t, prod, "method_settings.0.data_trace_enabled"))
	assert.Equal(t, l(), get(t, resource(t, rs, "aws_api_gateway_stage.dev"), "method_settings"), "settings of another stage")

	quick := resource(t, rs, "aws_apigatewayv2_api.quick")
	assert.ElementsMatch(t, l(m{"route_key": "$default", "authorization_type": "NONE"}, m{"route_key": "GET /x", "authorization_type": "JWT"}),
		get(t, quick, "routes"))
	assert.Equal(t, "HTTP", get(t, resource(t, rs, "aws_apigatewayv2_stage.s"), "protocol_type"))
	assert.Nil(t, get(t, resource(t, rs, "aws_apigatewayv2_stage.other"), "protocol_type"), "API outside the scan")

	d := resource(t, rs, "aws_api_gateway_domain_name.d")
	assert.Nil(t, get(t, d, "security_policy"))
	assert.Equal(t, "v1", get(t, d, "api_version"))
}

func TestAPIGatewayUnknownStageOfMethodSettings(t *testing.T) {
	rs := schemaValid(t, Adapt([]iac.Block{
		mb("aws_api_gateway_stage.prod", m{"rest_api_id": "aws_api_gateway_rest_api.a", "stage_name": "prod"}),
		mb("aws_api_gateway_method_settings.s", m{"rest_api_id": "aws_api_gateway_rest_api.a", "method_path": "*/*"}, "stage_name"),
	}))
	assert.Equal(t, []string{"method_settings"}, resource(t, rs, "aws_api_gateway_stage.prod").Unknown)
}

func TestELBv2ListenerProtocolOfAnUnknownKind(t *testing.T) {
	lb := resource(t, schemaValid(t, Adapt([]iac.Block{
		mb("aws_lb.x", m{"name": "x"}, "load_balancer_type"),
		mb("aws_lb_listener.l", m{"load_balancer_arn": "aws_lb.x", "port": 80, "default_action": l(m{"type": "forward"})}),
	})), "aws_lb.x")
	assert.Equal(t, []string{"listeners.0.protocol", "load_balancer_type"}, lb.Unknown)
}
