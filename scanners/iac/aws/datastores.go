package aws

import (
	"strconv"
	"strings"

	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/scanners/iac"
)

// nameOnly shows the resource under the known value of attribute src, without a canonical attribute.
func nameOnly(r *res, src string) (string, state) {
	s, st := getString(r.block, src)
	if st == known {
		r.name = s
	}
	return s, st
}

// adaptElastiCache maps aws_elasticache_replication_group (Redis OSS and Valkey).
func adaptElastiCache(ix *index) []*res {
	var out []*res
	for _, b := range ix.managed("aws_elasticache_replication_group") {
		r := newRes(b, inventory.TypeElastiCacheReplicationGroup)
		nameOnly(r, "replication_group_id")
		r.f.str("engine", b, "engine", "redis")
		// Encryption at rest defaults to off for Redis OSS; for Valkey it depends on the engine version.
		engine, est := getString(b, "engine")
		switch {
		case present(b, "at_rest_encryption_enabled"):
			r.f.boolean("at_rest_encryption_enabled", b, "at_rest_encryption_enabled", false)
		case est == absent || (est == known && strings.EqualFold(engine, "redis")):
			r.f.set("at_rest_encryption_enabled", false)
		default:
			r.f.setUnknown("at_rest_encryption_enabled")
		}
		r.f.str("kms_key_id", b, "kms_key_id", nil)
		r.f.boolean("transit_encryption_enabled", b, "transit_encryption_enabled", false)
		// The token itself is never read: only whether one is set.
		switch tok, st := getString(b, "auth_token"); st {
		case unknown:
			r.f.setUnknown("auth_token_enabled")
		default:
			r.f.set("auth_token_enabled", st == known && tok != "")
		}
		r.f.strings("user_group_ids", b, "user_group_ids", true)
		r.f.boolean("automatic_failover_enabled", b, "automatic_failover_enabled", false)
		r.f.boolean("multi_az_enabled", b, "multi_az_enabled", false)
		r.f.number("snapshot_retention_limit", b, "snapshot_retention_limit", int64(0))
		r.f.str("subnet_group_name", b, "subnet_group_name", nil)
		out = append(out, r)
	}
	return out
}

// adaptRedshift maps aws_redshift_cluster, joins aws_redshift_logging by cluster_identifier, and reads
// require_ssl from the aws_redshift_parameter_group the cluster names.
func adaptRedshift(ix *index) []*res {
	own := newOwners(ix)
	for _, b := range ix.managed("aws_redshift_cluster") {
		r := newRes(b, inventory.TypeRedshiftCluster)
		if id, st := nameOnly(r, "cluster_identifier"); st == known {
			own.add(r, false, id)
		} else {
			own.add(r, true)
		}
		// Left out, encrypted and publicly_accessible are null: their defaults changed in provider v6.
		r.f.boolean("encrypted", b, "encrypted", nil)
		r.f.str("kms_key_id", b, "kms_key_id", nil)
		r.f.boolean("publicly_accessible", b, "publicly_accessible", nil)
		r.f.str("parameter_group_name", b, "cluster_parameter_group_name", nil)
		redshiftRequireSSL(ix, r)
		r.f.boolean("enhanced_vpc_routing", b, "enhanced_vpc_routing", false)
		r.f.number("automated_snapshot_retention_period", b, "automated_snapshot_retention_period", int64(1))
	}
	own.connect(ix.managed("aws_redshift_logging"), "cluster_identifier", "logging")
	for _, r := range own.list {
		r.settle("logging",
			func(f *fields, _ *iac.Block) { f.set("logging.enabled", true) },
			func(f *fields) bool {
				// The inline logging block of provider v5 and earlier.
				if !present(r.block, "logging") {
					return false
				}
				f.boolean("logging.enabled", r.block, "logging.0.enable", false)
				return true
			},
			func(f *fields) { f.set("logging.enabled", false) })
	}
	return own.list
}

// redshiftRequireSSL reads require_ssl from the cluster's parameter group: false for a default group (or
// none), the group's parameter when the group is in the scan, unknown otherwise.
func redshiftRequireSSL(ix *index, r *res) {
	ref, st := getString(r.block, "cluster_parameter_group_name")
	switch {
	case st == unknown:
		r.f.setUnknown("require_ssl")
		return
	case st == absent || strings.HasPrefix(ref, "default."):
		r.f.set("require_ssl", false)
		return
	}
	group := ix.managedAt(ref)
	if group == nil || group.Type != "aws_redshift_parameter_group" {
		group = nil
		for _, g := range ix.managed("aws_redshift_parameter_group") {
			if name, st := getString(g, "name"); st == known && name == ref {
				group = g
				break
			}
		}
	}
	if group == nil || uncertain(group) {
		r.f.setUnknown("require_ssl")
		return
	}
	params, pst := getList(group, "parameter")
	switch {
	case pst == unknown || unknownWithin(group, "parameter"):
		r.f.setUnknown("require_ssl")
		return
	case pst == absent:
		r.f.set("require_ssl", false)
		return
	}
	for _, p := range params {
		m, ok := p.(map[string]any)
		if !ok {
			continue
		}
		if name, _ := asString(m["name"]); name != "require_ssl" {
			continue
		}
		v, _ := asString(m["value"])
		r.f.set("require_ssl", strings.EqualFold(v, "true"))
		return
	}
	r.f.set("require_ssl", false)
}

// openSearchLogTypes maps the log_publishing_options log types to the canonical logs.* attributes.
var openSearchLogTypes = map[string]string{
	"AUDIT_LOGS": "audit", "INDEX_SLOW_LOGS": "index_slow", "SEARCH_SLOW_LOGS": "search_slow",
	"ES_APPLICATION_LOGS": "application",
}

// adaptOpenSearch maps aws_opensearch_domain and aws_elasticsearch_domain, and joins their domain policy
// resources by domain_name.
func adaptOpenSearch(ix *index) []*res {
	own := newOwners(ix)
	for _, typ := range []string{"aws_opensearch_domain", "aws_elasticsearch_domain"} {
		for _, b := range ix.managed(typ) {
			r := newRes(b, inventory.TypeOpenSearchDomain)
			if name, st := nameOnly(r, "domain_name"); st == known {
				own.add(r, false, name)
			} else {
				own.add(r, true)
			}
			if typ == "aws_opensearch_domain" {
				r.f.str("engine_version", b, "engine_version", nil)
			} else {
				r.f.strFunc("engine_version", b, "elasticsearch_version", nil,
					func(s string) any { return "Elasticsearch_" + s })
			}
			r.f.boolean("encrypt_at_rest.enabled", b, "encrypt_at_rest.0.enabled", false)
			r.f.str("encrypt_at_rest.kms_key_id", b, "encrypt_at_rest.0.kms_key_id", nil)
			r.f.boolean("node_to_node_encryption", b, "node_to_node_encryption.0.enabled", false)
			r.f.boolean("enforce_https", b, "domain_endpoint_options.0.enforce_https", false)
			r.f.str("tls_security_policy", b, "domain_endpoint_options.0.tls_security_policy", nil)
			r.f.boolean("fine_grained_access_control", b, "advanced_security_options.0.enabled", false)
			switch subnets, st := getStrings(b, "vpc_options.0.subnet_ids", false); st {
			case unknown:
				r.f.setUnknown("in_vpc")
			default:
				r.f.set("in_vpc", len(subnets) > 0)
			}
			openSearchLogs(r)
		}
	}
	for _, typ := range []string{"aws_opensearch_domain_policy", "aws_elasticsearch_domain_policy"} {
		own.connect(ix.managed(typ), "domain_name", "access_policies")
	}
	for _, r := range own.list {
		r.settle("access_policies",
			func(f *fields, c *iac.Block) { f.policy("access_policies", ix, c, "access_policies") },
			func(f *fields) bool {
				if !present(r.block, "access_policies") {
					return false
				}
				f.policy("access_policies", ix, r.block, "access_policies")
				return true
			},
			func(f *fields) { f.set("access_policies", nil) })
	}
	return own.list
}

// openSearchLogs reads the log_publishing_options blocks: a log type is published when a block names it
// and is not disabled.
func openSearchLogs(r *res) {
	b := r.block
	opts, st := getList(b, "log_publishing_options")
	if st == unknown {
		r.f.setUnknown("logs")
		return
	}
	published := map[string]any{"audit": false, "index_slow": false, "search_slow": false, "application": false}
	var unknownKinds []string
	for i := range opts {
		p := "log_publishing_options." + strconv.Itoa(i)
		typ, tst := getString(b, p+".log_type")
		enabled, est := getBool(b, p+".enabled")
		switch {
		case tst == unknown:
			r.f.setUnknown("logs")
			return
		case openSearchLogTypes[typ] == "":
			continue
		case est == unknown:
			unknownKinds = append(unknownKinds, openSearchLogTypes[typ])
		case est == absent || enabled:
			published[openSearchLogTypes[typ]] = true
		}
	}
	for k, v := range published {
		r.f.set("logs."+k, v)
	}
	for _, k := range unknownKinds {
		if published[k] != true {
			r.f.setUnknown("logs." + k)
		}
	}
}
