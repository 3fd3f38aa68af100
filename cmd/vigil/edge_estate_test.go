package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// edgeEstateExpected is what the edge rules (ELBV2.*, ELB.*, CLOUDFRONT.*, APIGW.*) conclude on
// examples/estate/edge.tf: the "good"/"web"/"site"/"orders"/"events" resources pass every rule that
// applies to them, the "legacy"/"chat" ones fail, each on purpose (see the comments in edge.tf).
var edgeEstateExpected = map[string]string{
	"ELBV2.1 aws_lb.web": "pass", "ELBV2.1 aws_lb.legacy": "fail",
	"ELBV2.2 aws_lb.web": "pass", "ELBV2.2 aws_lb.legacy": "fail",
	"ELBV2.3 aws_lb.web": "pass", "ELBV2.3 aws_lb.legacy": "fail",
	"ELBV2.4 aws_lb.web": "pass", "ELBV2.4 aws_lb.legacy": "fail",
	"ELBV2.5 aws_lb.web": "pass", "ELBV2.5 aws_lb.legacy": "fail",
	"ELBV2.6 aws_lb.web": "pass", "ELBV2.6 aws_lb.legacy": "fail",
	"ELBV2.7 aws_lb.web": "pass", "ELBV2.7 aws_lb.legacy": "fail",

	"ELB.1 aws_elb.good": "pass", "ELB.1 aws_elb.legacy": "fail",
	"ELB.2 aws_elb.good": "pass", "ELB.2 aws_elb.legacy": "fail",
	"ELB.3 aws_elb.good": "pass", "ELB.3 aws_elb.legacy": "fail",
	"ELB.4 aws_elb.good": "pass", "ELB.4 aws_elb.legacy": "fail",
	"ELB.5 aws_elb.good": "pass", "ELB.5 aws_elb.legacy": "fail",
	"ELB.6 aws_elb.good": "pass", "ELB.6 aws_elb.legacy": "fail",

	"CLOUDFRONT.1 aws_cloudfront_distribution.site": "pass", "CLOUDFRONT.1 aws_cloudfront_distribution.legacy": "fail",
	"CLOUDFRONT.2 aws_cloudfront_distribution.site": "pass", "CLOUDFRONT.2 aws_cloudfront_distribution.legacy": "fail",
	"CLOUDFRONT.3 aws_cloudfront_distribution.site": "pass", "CLOUDFRONT.3 aws_cloudfront_distribution.legacy": "fail",
	"CLOUDFRONT.4 aws_cloudfront_distribution.site": "pass", "CLOUDFRONT.4 aws_cloudfront_distribution.legacy": "fail",
	"CLOUDFRONT.5 aws_cloudfront_distribution.site": "pass", "CLOUDFRONT.5 aws_cloudfront_distribution.legacy": "fail",
	"CLOUDFRONT.6 aws_cloudfront_distribution.site": "pass", "CLOUDFRONT.6 aws_cloudfront_distribution.legacy": "fail",
	"CLOUDFRONT.7 aws_cloudfront_distribution.site": "pass", "CLOUDFRONT.7 aws_cloudfront_distribution.legacy": "fail",
	"CLOUDFRONT.8 aws_cloudfront_distribution.site": "pass", "CLOUDFRONT.8 aws_cloudfront_distribution.legacy": "fail",
	"CLOUDFRONT.9 aws_cloudfront_distribution.site": "pass", "CLOUDFRONT.9 aws_cloudfront_distribution.legacy": "fail",

	"APIGW.1 aws_api_gateway_stage.orders_prod": "pass", "APIGW.1 aws_api_gateway_stage.legacy_dev": "fail",
	"APIGW.2 aws_api_gateway_stage.orders_prod": "pass", "APIGW.2 aws_api_gateway_stage.legacy_dev": "fail",
	"APIGW.3 aws_api_gateway_stage.orders_prod": "pass", "APIGW.3 aws_api_gateway_stage.legacy_dev": "fail",
	"APIGW.4 aws_api_gateway_stage.orders_prod": "pass", "APIGW.4 aws_api_gateway_stage.legacy_dev": "fail",
	"APIGW.5 aws_api_gateway_stage.orders_prod": "pass", "APIGW.5 aws_api_gateway_stage.legacy_dev": "fail",
	"APIGW.6 aws_api_gateway_stage.orders_prod": "pass", "APIGW.6 aws_api_gateway_stage.legacy_dev": "fail",
	"APIGW.7 aws_api_gateway_rest_api.orders": "pass", "APIGW.7 aws_api_gateway_rest_api.legacy": "fail",
	"APIGW.8 aws_api_gateway_domain_name.orders": "pass", "APIGW.8 aws_api_gateway_domain_name.legacy": "fail",
	"APIGW.8 aws_apigatewayv2_domain_name.events": "pass",
	"APIGW.9 aws_apigatewayv2_stage.events":       "pass", "APIGW.9 aws_apigatewayv2_stage.chat": "fail",
	"APIGW.10 aws_apigatewayv2_api.events": "pass", "APIGW.10 aws_apigatewayv2_api.chat": "fail",
	"APIGW.11 aws_apigatewayv2_stage.events": "pass", "APIGW.11 aws_apigatewayv2_stage.chat": "fail",
	"APIGW.12 aws_api_gateway_stage.orders_prod": "pass", "APIGW.12 aws_api_gateway_stage.legacy_dev": "fail",
	"APIGW.13 aws_apigatewayv2_stage.events": "pass", "APIGW.13 aws_apigatewayv2_stage.chat": "fail",
}

// edgeResults scans with args and returns the status of every edge rule's result, by "rule resource".
func edgeResults(t *testing.T, args ...string) map[string]string {
	t.Helper()
	code, stdout, stderr := runVigil(t, append([]string{"scan", "--format", "json"}, args...)...)
	require.NotEqual(t, exitUntrusted, code, stderr)
	var rep struct {
		Results []struct {
			RuleID     string `json:"rule_id"`
			ResourceID string `json:"resource_id"`
			Status     string `json:"status"`
		} `json:"results"`
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &rep))
	out := map[string]string{}
	for _, r := range rep.Results {
		for _, prefix := range []string{"ELBV2.", "ELB.", "CLOUDFRONT.", "APIGW."} {
			if strings.HasPrefix(r.RuleID, prefix) {
				out[r.RuleID+" "+r.ResourceID] = r.Status
			}
		}
	}
	return out
}

// TestEdgeEstate scans examples/estate as Terraform, and as the plan of edge.tf
// (testdata/edge_estate/plan.json, written in Terraform's plan JSON format: references to the ARNs and ids
// of resources created in the same plan are unknown and resolve through the configuration's references;
// the origin access control exists already, so its id is known). Both give the same results.
func TestEdgeEstate(t *testing.T) {
	assert.Equal(t, edgeEstateExpected, edgeResults(t, "../../examples/estate"), "Terraform")
	assert.Equal(t, edgeEstateExpected,
		edgeResults(t, "../../examples/estate", "--plan", "testdata/edge_estate/plan.json"), "plan JSON")
}
