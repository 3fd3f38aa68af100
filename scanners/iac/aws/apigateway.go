package aws

import (
	"strings"

	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/scanners/iac"
)

// adaptAPIGateway maps API Gateway REST APIs (v1) with their methods, their stages with method settings
// and WAF association, HTTP and WebSocket APIs (v2) with their routes and stages, and custom domain names
// of both versions.
func adaptAPIGateway(ix *index) []*res {
	apis := restAPIs(ix)
	out := append([]*res{}, apis.list...)
	out = append(out, restStages(ix, apis)...)
	v2 := v2APIs(ix)
	out = append(out, v2.list...)
	out = append(out, v2Stages(ix, v2)...)
	return append(out, domainNames(ix)...)
}

// restAPIs maps aws_api_gateway_rest_api and joins aws_api_gateway_method by rest_api_id. An API defined
// by an OpenAPI body declares its methods there, which vigil does not read: its methods are unknown.
func restAPIs(ix *index) *owners {
	own := newOwners(ix)
	for _, b := range ix.managed("aws_api_gateway_rest_api") {
		r := newRes(b, inventory.TypeAPIGatewayRestAPI)
		r.nameFrom("name", "name")
		if unknownWithin(b, "endpoint_configuration") {
			r.f.setUnknown("endpoint_types")
		} else if v, st := getStrings(b, "endpoint_configuration.0.types", true); st == known && len(v) > 0 {
			r.f.set("endpoint_types", v)
		} else {
			r.f.set("endpoint_types", []string{"EDGE"})
		}
		r.f.boolean("disable_execute_api_endpoint", b, "disable_execute_api_endpoint", false)
		own.add(r, false)
	}
	own.connect(ix.managed("aws_api_gateway_method"), "rest_api_id", "methods")
	for _, r := range own.list {
		if r.tainted["methods"] || anyUncertain(r.children["methods"]) || present(r.block, "body") {
			r.f.setUnknown("methods")
			continue
		}
		var elems []*fields
		for _, c := range r.children["methods"] {
			f := newFields()
			f.strFunc("http_method", c, "http_method", nil, func(s string) any { return strings.ToUpper(s) })
			f.str("authorization", c, "authorization", nil)
			f.boolean("api_key_required", c, "api_key_required", false)
			elems = append(elems, f)
		}
		r.f.list("methods", elems, false)
	}
	return own
}

// restStages maps aws_api_gateway_stage, joins aws_api_gateway_method_settings (by rest_api_id and
// stage_name) and the WAF web ACL associated with the stage (by resource_arn).
func restStages(ix *index, apis *owners) []*res {
	own := newOwners(ix)
	for _, b := range ix.managed("aws_api_gateway_stage") {
		r := newRes(b, inventory.TypeAPIGatewayStage)
		r.nameFrom("stage_name", "stage_name")
		apiRef(r, apis, "rest_api_id")
		r.f.str("access_log.destination_arn", b, "access_log_settings.0.destination_arn", nil)
		r.f.boolean("xray_tracing_enabled", b, "xray_tracing_enabled", false)
		r.f.boolean("cache_cluster_enabled", b, "cache_cluster_enabled", false)
		r.f.str("client_certificate_id", b, "client_certificate_id", nil)
		own.add(r, false)
	}
	possible := map[*res]bool{}
	for _, c := range ix.managed("aws_api_gateway_method_settings") {
		rs, exact := stagesOf(own, c)
		for _, r := range rs {
			if exact && !uncertain(c) {
				r.attach("method_settings", c)
			} else {
				possible[r] = true
			}
		}
	}
	connectWAF(own, ix)
	for _, r := range own.list {
		if possible[r] {
			r.f.setUnknown("method_settings")
		} else {
			var elems []*fields
			for _, c := range r.children["method_settings"] {
				f := newFields()
				f.str("method_path", c, "method_path", nil)
				f.str("logging_level", c, "settings.0.logging_level", "OFF")
				f.boolean("metrics_enabled", c, "settings.0.metrics_enabled", false)
				f.boolean("data_trace_enabled", c, "settings.0.data_trace_enabled", false)
				f.boolean("caching_enabled", c, "settings.0.caching_enabled", false)
				f.boolean("cache_data_encrypted", c, "settings.0.cache_data_encrypted", false)
				elems = append(elems, f)
			}
			r.f.list("method_settings", elems, false)
		}
		settleWAF(r)
	}
	return own.list
}

// stagesOf returns the stages an aws_api_gateway_method_settings configures: same API, same stage name.
// exact is false when its API or stage name is unknown (it may configure any stage of its module) or
// when several stages match.
func stagesOf(stages *owners, c *iac.Block) (rs []*res, exact bool) {
	api, ast := getString(c, "rest_api_id")
	name, nst := getString(c, "stage_name")
	if ast != known || nst != known {
		return stages.inModule(c.Module), false
	}
	for _, r := range stages.list {
		sa, _ := r.f.get("rest_api_id")
		sn, ok := r.f.get("stage_name")
		if !ok || r.f.isUnknown("rest_api_id") {
			rs = append(rs, r)
			continue
		}
		if sn == name && (sa == api || sa == stages.ix.canonical(api)) {
			rs = append(rs, r)
		}
	}
	return rs, len(rs) == 1
}

// apiRef stores the canonical id of the API a stage (or route) names by attr: the API's inventory id
// when the reference resolves to one API of the scan, else the reference as written.
func apiRef(r *res, apis *owners, attr string) {
	v, st := getString(r.block, attr)
	switch st {
	case known:
		r.f.set(attr, apis.canonicalRef(v))
	case unknown:
		r.f.setUnknown(attr)
	default:
		r.f.set(attr, nil)
	}
}

// v2APIs maps aws_apigatewayv2_api and joins aws_apigatewayv2_route by api_id. A quick-create HTTP API
// (target set) has a $default route without authorisation; an API defined by an OpenAPI body declares
// its routes there, which vigil does not read.
func v2APIs(ix *index) *owners {
	own := newOwners(ix)
	for _, b := range ix.managed("aws_apigatewayv2_api") {
		r := newRes(b, inventory.TypeAPIGatewayV2API)
		r.nameFrom("name", "name")
		r.f.strFunc("protocol_type", b, "protocol_type", nil, func(s string) any { return strings.ToUpper(s) })
		r.f.boolean("disable_execute_api_endpoint", b, "disable_execute_api_endpoint", false)
		own.add(r, false)
	}
	own.connect(ix.managed("aws_apigatewayv2_route"), "api_id", "routes")
	for _, r := range own.list {
		if r.tainted["routes"] || anyUncertain(r.children["routes"]) || present(r.block, "body") {
			r.f.setUnknown("routes")
			continue
		}
		var elems []*fields
		if present(r.block, "target") {
			f := newFields()
			f.set("route_key", "$default")
			f.set("authorization_type", "NONE")
			elems = append(elems, f)
		}
		for _, c := range r.children["routes"] {
			f := newFields()
			f.str("route_key", c, "route_key", nil)
			f.strFunc("authorization_type", c, "authorization_type", "NONE", func(s string) any { return strings.ToUpper(s) })
			elems = append(elems, f)
		}
		r.f.list("routes", elems, false)
	}
	return own
}

// v2Stages maps aws_apigatewayv2_stage, with the protocol of the API it belongs to.
func v2Stages(ix *index, apis *owners) []*res {
	var out []*res
	for _, b := range ix.managed("aws_apigatewayv2_stage") {
		r := newRes(b, inventory.TypeAPIGatewayV2Stage)
		r.nameFrom("stage_name", "name")
		apiRef(r, apis, "api_id")
		r.f.set("protocol_type", nil)
		if rs, exact := apis.resolve(b, "api_id"); exact {
			if p, ok := rs[0].f.get("protocol_type"); ok {
				r.f.set("protocol_type", p)
			} else {
				r.f.setUnknown("protocol_type")
			}
		} else if len(rs) > 0 {
			r.f.setUnknown("protocol_type")
		}
		r.f.str("access_log.destination_arn", b, "access_log_settings.0.destination_arn", nil)
		r.f.str("default_route_settings.logging_level", b, "default_route_settings.0.logging_level", "OFF")
		r.f.boolean("default_route_settings.data_trace_enabled", b, "default_route_settings.0.data_trace_enabled", false)
		r.f.boolean("default_route_settings.detailed_metrics_enabled", b,
			"default_route_settings.0.detailed_metrics_enabled", false)
		r.f.str("client_certificate_id", b, "client_certificate_id", nil)
		out = append(out, r)
	}
	return out
}

// domainNames maps aws_api_gateway_domain_name (v1) and aws_apigatewayv2_domain_name (v2).
func domainNames(ix *index) []*res {
	var out []*res
	for _, b := range ix.managed("aws_api_gateway_domain_name") {
		r := newRes(b, inventory.TypeAPIGatewayDomainName)
		r.nameFrom("domain_name", "domain_name")
		r.f.set("api_version", "v1")
		// Without security_policy the provider leaves the choice to API Gateway, whose default is not
		// documented to exclude TLS 1.0: the value is null and APIGW.8 fails it for not requiring TLS 1.2.
		r.f.str("security_policy", b, "security_policy", nil)
		if v, st := getStrings(b, "endpoint_configuration.0.types", true); st == known && len(v) > 0 {
			r.f.set("endpoint_type", v[0])
		} else if st == unknown {
			r.f.setUnknown("endpoint_type")
		} else {
			r.f.set("endpoint_type", "EDGE")
		}
		mutualTLS(r, b)
		out = append(out, r)
	}
	for _, b := range ix.managed("aws_apigatewayv2_domain_name") {
		r := newRes(b, inventory.TypeAPIGatewayDomainName)
		r.nameFrom("domain_name", "domain_name")
		r.f.set("api_version", "v2")
		r.f.str("security_policy", b, "domain_name_configuration.0.security_policy", nil)
		r.f.str("endpoint_type", b, "domain_name_configuration.0.endpoint_type", "REGIONAL")
		mutualTLS(r, b)
		out = append(out, r)
	}
	return out
}

func mutualTLS(r *res, b *iac.Block) {
	switch n, st := count(b, "mutual_tls_authentication"); {
	case st == unknown:
		r.f.setUnknown("mutual_tls")
	default:
		r.f.set("mutual_tls", n > 0)
	}
}

// canonical maps a reference value to the address of the managed block it names, if any.
func (ix *index) canonical(ref string) string {
	if b := ix.managedAt(ref); b != nil {
		return b.Address
	}
	return ref
}
