package aws

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	apigwtypes "github.com/aws/aws-sdk-go-v2/service/apigateway/types"
	"github.com/aws/aws-sdk-go-v2/service/apigatewayv2"
	apigw2types "github.com/aws/aws-sdk-go-v2/service/apigatewayv2/types"

	"github.com/vigil-audit/vigil/inventory"
)

func init() {
	register(ServiceCollector{Service: "apigateway", Collect: collectAPIGateway})
}

// maxTokenPages bounds the pages read from an API whose SDK has no paginator: a NextToken that never ends
// (a misbehaving endpoint) must not keep the collector running.
const maxTokenPages = 1000

// collectAPIGateway reads the REST APIs (with their methods and stages), the HTTP and WebSocket APIs
// (with their routes and stages) and the custom domain names of the session's region.
func collectAPIGateway(ctx context.Context, sess *Session, sink *Sink) {
	c := apigateway.NewFromConfig(sess.Cfg)
	var apis []apigwtypes.RestApi
	p := apigateway.NewGetRestApisPaginator(c, &apigateway.GetRestApisInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			sink.Fail(sess, "apigateway", "GetRestApis", err)
			break
		}
		apis = append(apis, page.Items...)
	}
	forEach(perResourceCalls, apis, func(_ int, api apigwtypes.RestApi) {
		restAPI(ctx, c, sess, sink, api)
	})
	domainNamesLive(ctx, c, sess, sink)
	collectAPIGatewayV2(ctx, apigatewayv2.NewFromConfig(sess.Cfg), sess, sink)
}

// apigwARN is the ARN of an API Gateway resource: API Gateway ARNs have no account.
func apigwARN(sess *Session, path string) string {
	return "arn:" + sess.Partition + ":apigateway:" + sess.Region + "::" + path
}

func restAPI(ctx context.Context, c *apigateway.Client, sess *Session, sink *Sink, api apigwtypes.RestApi) {
	id := aws.ToString(api.Id)
	arn := apigwARN(sess, "/restapis/"+id)
	r := sink.NewResource(sess, arn, inventory.TypeAPIGatewayRestAPI, aws.ToString(api.Name), "apigateway:GetRestApis")
	for k, v := range api.Tags {
		r.Tags[k] = v
	}
	storeAttr(&r, "name", aws.ToString(api.Name))
	types := []string{}
	if api.EndpointConfiguration != nil {
		for _, t := range api.EndpointConfiguration.Types {
			types = append(types, string(t))
		}
	}
	storeAttr(&r, "endpoint_types", types)
	storeAttr(&r, "disable_execute_api_endpoint", api.DisableExecuteApiEndpoint)

	methods := []any{}
	p := apigateway.NewGetResourcesPaginator(c, &apigateway.GetResourcesInput{RestApiId: api.Id, Embed: []string{"methods"}})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			sink.Fail(sess, "apigateway", "GetResources", err)
			storeUnknown(&r, "methods")
			methods = nil
			break
		}
		for _, res := range page.Items {
			for verb, m := range res.ResourceMethods {
				if m.HttpMethod != nil {
					verb = *m.HttpMethod
				}
				methods = append(methods, map[string]any{
					"http_method":      strings.ToUpper(verb),
					"authorization":    nullString(m.AuthorizationType),
					"api_key_required": aws.ToBool(m.ApiKeyRequired),
				})
			}
		}
	}
	if methods != nil {
		storeAttr(&r, "methods", methods)
	}
	sink.Add(r)

	out, err := c.GetStages(ctx, &apigateway.GetStagesInput{RestApiId: api.Id})
	if err != nil {
		// The stages cannot be listed: the API's region is incomplete for stage rules, and says so.
		sink.Fail(sess, "apigateway", "GetStages", err)
		return
	}
	for _, st := range out.Item {
		sink.Add(restStageLive(sess, sink, arn, id, st))
	}
}

func restStageLive(sess *Session, sink *Sink, apiARN, apiID string, st apigwtypes.Stage) inventory.Resource {
	name := aws.ToString(st.StageName)
	r := sink.NewResource(sess, apigwARN(sess, "/restapis/"+apiID+"/stages/"+name), inventory.TypeAPIGatewayStage, name,
		"apigateway:GetStages")
	for k, v := range st.Tags {
		r.Tags[k] = v
	}
	storeAttr(&r, "stage_name", name)
	storeAttr(&r, "rest_api_id", apiARN)
	var dest *string
	if st.AccessLogSettings != nil {
		dest = st.AccessLogSettings.DestinationArn
	}
	storeAttr(&r, "access_log.destination_arn", nullString(dest))
	storeAttr(&r, "xray_tracing_enabled", st.TracingEnabled)
	storeAttr(&r, "cache_cluster_enabled", st.CacheClusterEnabled)
	storeAttr(&r, "client_certificate_id", nullString(st.ClientCertificateId))
	settings := []any{}
	for path, s := range st.MethodSettings {
		level := aws.ToString(s.LoggingLevel)
		if level == "" {
			level = "OFF"
		}
		settings = append(settings, map[string]any{
			"method_path": path, "logging_level": level, "metrics_enabled": s.MetricsEnabled,
			"data_trace_enabled": s.DataTraceEnabled, "caching_enabled": s.CachingEnabled,
			"cache_data_encrypted": s.CacheDataEncrypted,
		})
	}
	storeAttr(&r, "method_settings", settings)
	storeAttr(&r, "web_acl_id", nullString(st.WebAclArn))
	return r
}

// domainNamesLive reads the custom domain names of the region.
func domainNamesLive(ctx context.Context, c *apigateway.Client, sess *Session, sink *Sink) {
	p := apigateway.NewGetDomainNamesPaginator(c, &apigateway.GetDomainNamesInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			sink.Fail(sess, "apigateway", "GetDomainNames", err)
			return
		}
		for _, d := range page.Items {
			name := aws.ToString(d.DomainName)
			arn := aws.ToString(d.DomainNameArn)
			if arn == "" {
				arn = apigwARN(sess, "/domainnames/"+url.PathEscape(name))
			}
			r := sink.NewResource(sess, arn, inventory.TypeAPIGatewayDomainName, name, "apigateway:GetDomainNames")
			for k, v := range d.Tags {
				r.Tags[k] = v
			}
			storeAttr(&r, "domain_name", name)
			storeAttr(&r, "api_version", "v1")
			if d.SecurityPolicy == "" {
				storeAttr(&r, "security_policy", nil)
			} else {
				storeAttr(&r, "security_policy", string(d.SecurityPolicy))
			}
			var endpoint any
			if d.EndpointConfiguration != nil && len(d.EndpointConfiguration.Types) > 0 {
				endpoint = string(d.EndpointConfiguration.Types[0])
			}
			storeAttr(&r, "endpoint_type", endpoint)
			storeAttr(&r, "mutual_tls", d.MutualTlsAuthentication != nil && aws.ToString(d.MutualTlsAuthentication.TruststoreUri) != "")
			sink.Add(r)
		}
	}
}

// collectAPIGatewayV2 reads the HTTP and WebSocket APIs with their routes and stages.
func collectAPIGatewayV2(ctx context.Context, c *apigatewayv2.Client, sess *Session, sink *Sink) {
	var apis []apigw2types.Api
	var token *string
	for page := 0; ; page++ {
		if page == maxTokenPages {
			sink.Fail(sess, "apigatewayv2", "GetApis", fmt.Errorf("more than %d pages", maxTokenPages))
			break
		}
		out, err := c.GetApis(ctx, &apigatewayv2.GetApisInput{NextToken: token})
		if err != nil {
			sink.Fail(sess, "apigatewayv2", "GetApis", err)
			break
		}
		apis = append(apis, out.Items...)
		if token = out.NextToken; aws.ToString(token) == "" {
			break
		}
	}
	forEach(perResourceCalls, apis, func(_ int, api apigw2types.Api) {
		v2APILive(ctx, c, sess, sink, api)
	})
}

func v2APILive(ctx context.Context, c *apigatewayv2.Client, sess *Session, sink *Sink, api apigw2types.Api) {
	id := aws.ToString(api.ApiId)
	arn := apigwARN(sess, "/apis/"+id)
	r := sink.NewResource(sess, arn, inventory.TypeAPIGatewayV2API, aws.ToString(api.Name), "apigateway:GetApis")
	for k, v := range api.Tags {
		r.Tags[k] = v
	}
	protocol := any(nil)
	if api.ProtocolType != "" {
		protocol = string(api.ProtocolType)
	}
	storeAttr(&r, "name", aws.ToString(api.Name))
	storeAttr(&r, "protocol_type", protocol)
	storeAttr(&r, "disable_execute_api_endpoint", aws.ToBool(api.DisableExecuteApiEndpoint))
	routes := []any{}
	var token *string
	for page := 0; ; page++ {
		out, err := c.GetRoutes(ctx, &apigatewayv2.GetRoutesInput{ApiId: api.ApiId, NextToken: token})
		if err == nil && page == maxTokenPages {
			err = fmt.Errorf("more than %d pages", maxTokenPages)
		}
		if err != nil {
			sink.Fail(sess, "apigatewayv2", "GetRoutes", err)
			storeUnknown(&r, "routes")
			routes = nil
			break
		}
		for _, rt := range out.Items {
			auth := string(rt.AuthorizationType)
			if auth == "" {
				auth = "NONE"
			}
			routes = append(routes, map[string]any{"route_key": nullString(rt.RouteKey), "authorization_type": auth})
		}
		if token = out.NextToken; aws.ToString(token) == "" {
			break
		}
	}
	if routes != nil {
		storeAttr(&r, "routes", routes)
	}
	sink.Add(r)

	token = nil
	for page := 0; ; page++ {
		out, err := c.GetStages(ctx, &apigatewayv2.GetStagesInput{ApiId: api.ApiId, NextToken: token})
		if err == nil && page == maxTokenPages {
			err = fmt.Errorf("more than %d pages", maxTokenPages)
		}
		if err != nil {
			sink.Fail(sess, "apigatewayv2", "GetStages", err)
			return
		}
		for _, st := range out.Items {
			name := aws.ToString(st.StageName)
			s := sink.NewResource(sess, apigwARN(sess, "/apis/"+id+"/stages/"+name), inventory.TypeAPIGatewayV2Stage, name,
				"apigateway:GetStages")
			for k, v := range st.Tags {
				s.Tags[k] = v
			}
			storeAttr(&s, "stage_name", name)
			storeAttr(&s, "api_id", arn)
			storeAttr(&s, "protocol_type", protocol)
			var dest *string
			if st.AccessLogSettings != nil {
				dest = st.AccessLogSettings.DestinationArn
			}
			storeAttr(&s, "access_log.destination_arn", nullString(dest))
			level, trace, metrics := "OFF", false, false
			if rs := st.DefaultRouteSettings; rs != nil {
				if rs.LoggingLevel != "" {
					level = string(rs.LoggingLevel)
				}
				trace, metrics = aws.ToBool(rs.DataTraceEnabled), aws.ToBool(rs.DetailedMetricsEnabled)
			}
			storeAttr(&s, "default_route_settings.logging_level", level)
			storeAttr(&s, "default_route_settings.data_trace_enabled", trace)
			storeAttr(&s, "default_route_settings.detailed_metrics_enabled", metrics)
			storeAttr(&s, "client_certificate_id", nullString(st.ClientCertificateId))
			sink.Add(s)
		}
		if token = out.NextToken; aws.ToString(token) == "" {
			return
		}
	}
}
