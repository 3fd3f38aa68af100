package aws

import (
	"io"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/scanners/aws/awstest"
)

// apigwRoutes answers API Gateway's REST-JSON operations (v1 and v2 share the signing name) by exact path;
// a path that is not listed is denied.
func apigwRoutes(srv *awstest.Server, routes map[string]string) {
	srv.Handle(func(_ *http.Request, op awstest.Op, _ []byte) bool { return op.Service == "apigateway" },
		func(w http.ResponseWriter, r *http.Request, _ []byte) {
			w.Header().Set("Content-Type", "application/json")
			key := r.URL.Path
			if r.URL.Query().Get("position") != "" {
				key += "?position=" + r.URL.Query().Get("position")
			}
			body, ok := routes[key]
			if !ok {
				w.Header().Set("X-Amzn-ErrorType", "AccessDeniedException")
				w.WriteHeader(http.StatusForbidden)
				_, _ = io.WriteString(w, `{"message":"User is not authorized to perform: apigateway:GET on `+r.URL.Path+`"}`)
				return
			}
			_, _ = io.WriteString(w, body)
		})
}

func TestAPIGatewayCollector(t *testing.T) {
	srv := awstest.New(t)
	sess := storeSession(srv, "eu-west-1")
	apigwRoutes(srv, map[string]string{
		// Two pages of REST APIs.
		"/restapis": `{"item":[{"id":"a1","name":"orders","endpointConfiguration":{"types":["REGIONAL"]},"tags":{"app":"orders"}}],"position":"p2"}`,
		"/restapis?position=p2": `{"item":[{"id":"a2","name":"legacy-api","endpointConfiguration":{"types":["EDGE"]}},` +
			`{"id":"a3","name":"denied"}]}`,
		"/restapis/a1/resources": `{"item":[{"id":"r1","path":"/orders","resourceMethods":{` +
			`"GET":{"httpMethod":"GET","authorizationType":"AWS_IAM","apiKeyRequired":false},` +
			`"OPTIONS":{"httpMethod":"OPTIONS","authorizationType":"NONE","apiKeyRequired":false}}}]}`,
		"/restapis/a2/resources": `{"item":[{"id":"r2","path":"/","resourceMethods":{"ANY":{"httpMethod":"ANY","authorizationType":"NONE"}}}]}`,
		"/restapis/a1/stages": `{"item":[{"stageName":"prod","tracingEnabled":true,"cacheClusterEnabled":true,` +
			`"clientCertificateId":"c1","accessLogSettings":{"destinationArn":"arn:aws:logs:eu-west-1:123456789012:log-group:api"},` +
			`"methodSettings":{"*/*":{"loggingLevel":"ERROR","metricsEnabled":true,"cachingEnabled":true,"cacheDataEncrypted":true}},` +
			`"webAclArn":"arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/edge/1"}]}`,
		"/restapis/a2/stages": `{"item":[{"stageName":"dev","cacheClusterEnabled":true,` +
			`"methodSettings":{"*/*":{"loggingLevel":"OFF","dataTraceEnabled":true,"cachingEnabled":true}}}]}`,
		// a3: its resources and stages are denied.
		"/domainnames": `{"item":[{"domainName":"orders.example.com","securityPolicy":"TLS_1_2","endpointConfiguration":{"types":["REGIONAL"]},` +
			`"domainNameArn":"arn:aws:apigateway:eu-west-1::/domainnames/orders.example.com"},` +
			`{"domainName":"legacy-api.example.com","securityPolicy":"TLS_1_0","endpointConfiguration":{"types":["EDGE"]}}]}`,
		"/v2/apis": `{"items":[{"apiId":"h1","name":"events","protocolType":"HTTP"},` +
			`{"apiId":"w1","name":"chat","protocolType":"WEBSOCKET","routeSelectionExpression":"$request.body.action"}]}`,
		"/v2/apis/h1/routes": `{"items":[{"routeId":"x","routeKey":"POST /events","authorizationType":"JWT"}]}`,
		"/v2/apis/w1/routes": `{"items":[{"routeId":"y","routeKey":"$connect","authorizationType":"NONE"}]}`,
		"/v2/apis/h1/stages": `{"items":[{"stageName":"$default","accessLogSettings":{"destinationArn":"arn:aws:logs:eu-west-1:123456789012:log-group:ev"}}]}`,
		"/v2/apis/w1/stages": `{"items":[{"stageName":"prod","defaultRouteSettings":{"loggingLevel":"OFF","dataTraceEnabled":true}}]}`,
	})

	sink := storeCollect(sess, collectAPIGateway)
	const base = "arn:aws:apigateway:eu-west-1::"
	apis := storeByID(t, sink, inventory.TypeAPIGatewayRestAPI)
	require.Len(t, apis, 3)
	orders := apis[base+"/restapis/a1"]
	assert.Equal(t, map[string]string{"app": "orders"}, orders.Tags)
	assert.Equal(t, []string{"REGIONAL"}, orders.Attributes["endpoint_types"])
	assert.ElementsMatch(t, []any{
		map[string]any{"http_method": "GET", "authorization": "AWS_IAM", "api_key_required": false},
		map[string]any{"http_method": "OPTIONS", "authorization": "NONE", "api_key_required": false},
	}, orders.Attributes["methods"])
	storeAssertUnknown(t, apis[base+"/restapis/a3"], "methods")

	stages := storeByID(t, sink, inventory.TypeAPIGatewayStage)
	require.Len(t, stages, 2, "a3's stages could not be listed")
	prod := stages[base+"/restapis/a1/stages/prod"]
	assert.Equal(t, base+"/restapis/a1", prod.Attributes["rest_api_id"])
	assert.Equal(t, []any{map[string]any{"method_path": "*/*", "logging_level": "ERROR", "metrics_enabled": true,
		"data_trace_enabled": false, "caching_enabled": true, "cache_data_encrypted": true}}, prod.Attributes["method_settings"])

	v2 := storeByID(t, sink, inventory.TypeAPIGatewayV2Stage)
	assert.Equal(t, "WEBSOCKET", v2[base+"/apis/w1/stages/prod"].Attributes["protocol_type"])

	for _, api := range []string{"GetResources", "GetStages"} {
		assert.Equal(t, CodeAccessDenied, storeIssue(t, sink, sess, api).Code, api)
	}

	got := edgeEvaluate(t, sink.Resources())
	want := map[string]string{
		"APIGW.7 " + base + "/restapis/a1": "pass", "APIGW.7 " + base + "/restapis/a2": "fail",
		"APIGW.7 " + base + "/restapis/a3": "unknown",
		"APIGW.10 " + base + "/apis/h1":    "pass", "APIGW.10 " + base + "/apis/w1": "fail",
		"APIGW.9 " + base + "/apis/h1/stages/$default": "pass", "APIGW.9 " + base + "/apis/w1/stages/prod": "fail",
		"APIGW.11 " + base + "/apis/h1/stages/$default": "pass", "APIGW.11 " + base + "/apis/w1/stages/prod": "fail",
		"APIGW.13 " + base + "/apis/h1/stages/$default": "pass", "APIGW.13 " + base + "/apis/w1/stages/prod": "fail",
		"APIGW.8 " + "arn:aws:apigateway:eu-west-1::/domainnames/orders.example.com": "pass",
		"APIGW.8 " + base + "/domainnames/legacy-api.example.com":                    "fail",
	}
	for _, rule := range []string{"APIGW.1", "APIGW.2", "APIGW.3", "APIGW.4", "APIGW.5", "APIGW.6", "APIGW.12"} {
		want[rule+" "+base+"/restapis/a1/stages/prod"] = "pass"
		want[rule+" "+base+"/restapis/a2/stages/dev"] = "fail"
	}
	assert.Equal(t, want, got)
}
