package aws

import (
	"encoding/json"
	"testing"

	"github.com/vigil-audit/vigil/scanners/iac"
)

// FuzzEdgeAdapt feeds the edge adapters blocks whose attributes are any JSON: a configuration may give any
// value any shape (a variable of the wrong type, a dynamic block), and no shape may make an adapter panic.
func FuzzEdgeAdapt(f *testing.F) {
	f.Add([]byte(`{"name":"web","listener":[{"lb_port":443,"lb_protocol":"https"}],"access_logs":[{"enabled":true}]}`))
	f.Add([]byte(`{"origin":[{"domain_name":"b.s3.amazonaws.com","custom_origin_config":[{"origin_ssl_protocols":["TLSv1"]}]}],"default_cache_behavior":[{}]}`))
	f.Add([]byte(`{"default_action":[{"type":"redirect","redirect":[{"protocol":"https"}]}],"port":"80","load_balancer_arn":"aws_lb.a"}`))
	f.Add([]byte(`{"settings":[{"logging_level":5}],"stage_name":"prod","rest_api_id":"aws_api_gateway_rest_api.a","policy_attribute":{"x":1}}`))
	f.Add([]byte(`{"listener":"x","origin":7,"ordered_cache_behavior":[null],"endpoint_configuration":[{"types":[1]}]}`))
	types := []string{
		"aws_lb", "aws_lb_listener", "aws_wafv2_web_acl_association", "aws_elb", "aws_load_balancer_policy",
		"aws_load_balancer_listener_policy", "aws_cloudfront_distribution", "aws_cloudwatch_log_delivery_source",
		"aws_api_gateway_rest_api", "aws_api_gateway_method", "aws_api_gateway_stage", "aws_api_gateway_method_settings",
		"aws_apigatewayv2_api", "aws_apigatewayv2_route", "aws_apigatewayv2_stage", "aws_api_gateway_domain_name",
		"aws_apigatewayv2_domain_name",
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var attrs map[string]any
		if json.Unmarshal(data, &attrs) != nil {
			return
		}
		parents := m{"name": "a", "stage_name": "prod"}
		blocks := []iac.Block{mb("aws_lb.a", parents), mb("aws_elb.a", parents), mb("aws_api_gateway_rest_api.a", parents),
			mb("aws_api_gateway_stage.a", m{"rest_api_id": "aws_api_gateway_rest_api.a", "stage_name": "prod"}),
			mb("aws_apigatewayv2_api.a", parents)}
		for _, typ := range types {
			blocks = append(blocks, mb(typ+".f", attrs))
		}
		_ = Adapt(blocks)
	})
}
