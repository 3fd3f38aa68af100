package aws

import (
	"context"
	"errors"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/elasticache"
	ectypes "github.com/aws/aws-sdk-go-v2/service/elasticache/types"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	kmstypes "github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/aws/aws-sdk-go-v2/service/opensearch"
	ostypes "github.com/aws/aws-sdk-go-v2/service/opensearch/types"
	"github.com/aws/aws-sdk-go-v2/service/redshift"
	rstypes "github.com/aws/aws-sdk-go-v2/service/redshift/types"

	"github.com/vigil-audit/vigil/inventory"
)

func init() {
	register(ServiceCollector{Service: "elasticache", Collect: collectElastiCache})
	register(ServiceCollector{Service: "redshift", Collect: collectRedshift})
	register(ServiceCollector{Service: "opensearch", Collect: collectOpenSearch})
}

// collectElastiCache reads every replication group of the session's region, and the cache clusters for
// the subnet group of each group's members.
func collectElastiCache(ctx context.Context, sess *Session, sink *Sink) {
	c := elasticache.NewFromConfig(sess.Cfg)
	var groups []ectypes.ReplicationGroup
	p := elasticache.NewDescribeReplicationGroupsPaginator(c, &elasticache.DescribeReplicationGroupsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			sink.Fail(sess, "elasticache", "DescribeReplicationGroups", err)
			break
		}
		groups = append(groups, page.ReplicationGroups...)
	}
	if len(groups) == 0 {
		return
	}
	subnetGroups, listed := map[string]string{}, true // cache cluster id → subnet group
	cp := elasticache.NewDescribeCacheClustersPaginator(c, &elasticache.DescribeCacheClustersInput{})
	for cp.HasMorePages() {
		page, err := cp.NextPage(ctx)
		if err != nil {
			sink.Fail(sess, "elasticache", "DescribeCacheClusters", err)
			listed = false
			break
		}
		for _, cc := range page.CacheClusters {
			subnetGroups[aws.ToString(cc.CacheClusterId)] = aws.ToString(cc.CacheSubnetGroupName)
		}
	}
	for _, g := range groups {
		id := aws.ToString(g.ReplicationGroupId)
		arn := aws.ToString(g.ARN)
		if arn == "" {
			arn = sess.ARN("elasticache", sess.Region, "replicationgroup:"+id)
		}
		r := sink.NewResource(sess, arn, inventory.TypeElastiCacheReplicationGroup, id, "elasticache:DescribeReplicationGroups")
		engine := aws.ToString(g.Engine)
		if engine == "" {
			engine = "redis"
		}
		storeAttr(&r, "engine", engine)
		storeAttr(&r, "at_rest_encryption_enabled", aws.ToBool(g.AtRestEncryptionEnabled))
		storeAttr(&r, "kms_key_id", nullString(g.KmsKeyId))
		storeAttr(&r, "transit_encryption_enabled", aws.ToBool(g.TransitEncryptionEnabled))
		storeAttr(&r, "auth_token_enabled", aws.ToBool(g.AuthTokenEnabled))
		storeAttr(&r, "user_group_ids", append([]string{}, g.UserGroupIds...))
		storeAttr(&r, "automatic_failover_enabled", g.AutomaticFailover == ectypes.AutomaticFailoverStatusEnabled ||
			g.AutomaticFailover == ectypes.AutomaticFailoverStatusEnabling)
		storeAttr(&r, "multi_az_enabled", g.MultiAZ == ectypes.MultiAZStatusEnabled)
		storeAttr(&r, "snapshot_retention_limit", int64(aws.ToInt32(g.SnapshotRetentionLimit)))
		// The group's subnet group is its members': one name when they agree.
		names := map[string]bool{}
		for _, m := range g.MemberClusters {
			if n, ok := subnetGroups[m]; ok {
				names[n] = true
			} else {
				names["\x00"] = true // a member not listed
			}
		}
		if !listed || len(names) != 1 || names["\x00"] {
			storeUnknown(&r, "subnet_group_name")
		} else {
			for n := range names {
				storeAttr(&r, "subnet_group_name", nullString(aws.String(n)))
			}
		}
		sink.Add(r)
	}
}

// collectRedshift reads every provisioned cluster of the session's region, its audit logging status, and
// require_ssl from each parameter group in use (read once per group).
func collectRedshift(ctx context.Context, sess *Session, sink *Sink) {
	c := redshift.NewFromConfig(sess.Cfg)
	var clusters []rstypes.Cluster
	p := redshift.NewDescribeClustersPaginator(c, &redshift.DescribeClustersInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			sink.Fail(sess, "redshift", "DescribeClusters", err)
			break
		}
		clusters = append(clusters, page.Clusters...)
	}
	ssl := &redshiftSSL{c: c, sess: sess, sink: sink, groups: map[string]*redshiftGroup{}}
	keys := &ddbKeyManagers{kms: kms.NewFromConfig(sess.Cfg), byARN: map[string]*ddbKeyManager{}}
	forEach(perResourceCalls, clusters, func(_ int, cl rstypes.Cluster) {
		id := aws.ToString(cl.ClusterIdentifier)
		r := sink.NewResource(sess, sess.ARN("redshift", sess.Region, "cluster:"+id), inventory.TypeRedshiftCluster, id,
			"redshift:DescribeClusters")
		for _, t := range cl.Tags {
			r.Tags[aws.ToString(t.Key)] = aws.ToString(t.Value)
		}
		storeAttr(&r, "encrypted", aws.ToBool(cl.Encrypted))
		redshiftKey(ctx, keys, sess, sink, &r, aws.ToString(cl.KmsKeyId))
		storeAttr(&r, "publicly_accessible", aws.ToBool(cl.PubliclyAccessible))
		storeAttr(&r, "enhanced_vpc_routing", aws.ToBool(cl.EnhancedVpcRouting))
		storeAttr(&r, "automated_snapshot_retention_period", int64(aws.ToInt32(cl.AutomatedSnapshotRetentionPeriod)))
		group := ""
		if len(cl.ClusterParameterGroups) > 0 {
			group = aws.ToString(cl.ClusterParameterGroups[0].ParameterGroupName)
		}
		storeAttr(&r, "parameter_group_name", nullString(aws.String(group)))
		if v, ok := ssl.requireSSL(ctx, group); ok {
			storeAttr(&r, "require_ssl", v)
		} else {
			storeUnknown(&r, "require_ssl")
		}
		out, err := c.DescribeLoggingStatus(ctx, &redshift.DescribeLoggingStatusInput{ClusterIdentifier: cl.ClusterIdentifier})
		var gone *rstypes.ClusterNotFoundFault
		switch {
		case errors.As(err, &gone):
			return // deleted since DescribeClusters
		case err != nil:
			sink.Fail(sess, "redshift", "DescribeLoggingStatus", err)
			storeUnknown(&r, "logging.enabled")
		default:
			storeAttr(&r, "logging.enabled", aws.ToBool(out.LoggingEnabled))
		}
		sink.Add(r)
	})
}

// redshiftKey stores the cluster's key when the customer manages it: null for the AWS managed key
// aws/redshift (which DescribeClusters names by its ARN like any other) or none, unknown when KMS cannot
// tell.
func redshiftKey(ctx context.Context, keys *ddbKeyManagers, sess *Session, sink *Sink, r *inventory.Resource, arn string) {
	if arn == "" {
		storeAttr(r, "kms_key_id", nil)
		return
	}
	manager, err := keys.manager(ctx, arn)
	switch {
	case err != nil:
		sink.Fail(sess, "kms", "DescribeKey", err)
		storeUnknown(r, "kms_key_id")
	case manager == kmstypes.KeyManagerTypeCustomer:
		storeAttr(r, "kms_key_id", arn)
	case manager == kmstypes.KeyManagerTypeAws:
		storeAttr(r, "kms_key_id", nil)
	default:
		storeUnknown(r, "kms_key_id")
	}
}

// redshiftSSL reads require_ssl once per parameter group, for clusters collected concurrently.
type redshiftSSL struct {
	c      *redshift.Client
	sess   *Session
	sink   *Sink
	mu     sync.Mutex
	groups map[string]*redshiftGroup
}

type redshiftGroup struct {
	once     sync.Once
	value    bool
	readable bool
}

// requireSSL returns the group's require_ssl: false for a default group (require_ssl is false in every
// default group) or one that does not set it; ok is false when the parameters could not be read.
func (s *redshiftSSL) requireSSL(ctx context.Context, group string) (value, ok bool) {
	if group == "" || strings.HasPrefix(group, "default.") {
		return false, true
	}
	s.mu.Lock()
	g := s.groups[group]
	if g == nil {
		g = &redshiftGroup{}
		s.groups[group] = g
	}
	s.mu.Unlock()
	g.once.Do(func() {
		p := redshift.NewDescribeClusterParametersPaginator(s.c, &redshift.DescribeClusterParametersInput{
			ParameterGroupName: aws.String(group), Source: aws.String("user")})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				s.sink.Fail(s.sess, "redshift", "DescribeClusterParameters", err)
				return
			}
			for _, prm := range page.Parameters {
				if aws.ToString(prm.ParameterName) == "require_ssl" {
					g.value = strings.EqualFold(aws.ToString(prm.ParameterValue), "true")
				}
			}
		}
		g.readable = true
	})
	return g.value, g.readable
}

// openSearchLogKinds maps the log types of LogPublishingOptions to the canonical logs.* attributes.
var openSearchLogKinds = map[string]string{
	"AUDIT_LOGS": "audit", "INDEX_SLOW_LOGS": "index_slow", "SEARCH_SLOW_LOGS": "search_slow",
	"ES_APPLICATION_LOGS": "application",
}

// openSearchBatch is the most domains DescribeDomains takes in one call.
const openSearchBatch = 5

// collectOpenSearch reads every OpenSearch and Elasticsearch domain of the session's region.
func collectOpenSearch(ctx context.Context, sess *Session, sink *Sink) {
	c := opensearch.NewFromConfig(sess.Cfg)
	list, err := c.ListDomainNames(ctx, &opensearch.ListDomainNamesInput{})
	if err != nil {
		sink.Fail(sess, "opensearch", "ListDomainNames", err)
		return
	}
	var names [][]string
	for i, d := range list.DomainNames {
		if i%openSearchBatch == 0 {
			names = append(names, nil)
		}
		names[len(names)-1] = append(names[len(names)-1], aws.ToString(d.DomainName))
	}
	forEach(perResourceCalls, names, func(_ int, batch []string) {
		out, err := c.DescribeDomains(ctx, &opensearch.DescribeDomainsInput{DomainNames: batch})
		if err != nil {
			sink.Fail(sess, "opensearch", "DescribeDomains", err)
			for _, name := range batch {
				r := sink.NewResource(sess, sess.ARN("es", sess.Region, "domain/"+name), inventory.TypeOpenSearchDomain, name,
					"es:DescribeDomains")
				for _, p := range []string{"engine_version", "encrypt_at_rest", "node_to_node_encryption", "enforce_https",
					"tls_security_policy", "fine_grained_access_control", "in_vpc", "access_policies", "logs"} {
					storeUnknown(&r, p)
				}
				sink.Add(r)
			}
			return
		}
		for _, d := range out.DomainStatusList {
			sink.Add(openSearchDomain(sess, sink, d))
		}
	})
}

func openSearchDomain(sess *Session, sink *Sink, d ostypes.DomainStatus) inventory.Resource {
	name := aws.ToString(d.DomainName)
	arn := aws.ToString(d.ARN)
	if arn == "" {
		arn = sess.ARN("es", sess.Region, "domain/"+name)
	}
	r := sink.NewResource(sess, arn, inventory.TypeOpenSearchDomain, name, "es:DescribeDomains")
	storeAttr(&r, "engine_version", nullString(d.EngineVersion))
	rest := d.EncryptionAtRestOptions
	storeAttr(&r, "encrypt_at_rest.enabled", rest != nil && aws.ToBool(rest.Enabled))
	if rest != nil {
		storeAttr(&r, "encrypt_at_rest.kms_key_id", nullString(rest.KmsKeyId))
	} else {
		storeAttr(&r, "encrypt_at_rest.kms_key_id", nil)
	}
	storeAttr(&r, "node_to_node_encryption", d.NodeToNodeEncryptionOptions != nil && aws.ToBool(d.NodeToNodeEncryptionOptions.Enabled))
	ep := d.DomainEndpointOptions
	storeAttr(&r, "enforce_https", ep != nil && aws.ToBool(ep.EnforceHTTPS))
	if ep != nil && ep.TLSSecurityPolicy != "" {
		storeAttr(&r, "tls_security_policy", string(ep.TLSSecurityPolicy))
	} else {
		storeAttr(&r, "tls_security_policy", nil)
	}
	storeAttr(&r, "fine_grained_access_control", d.AdvancedSecurityOptions != nil && aws.ToBool(d.AdvancedSecurityOptions.Enabled))
	storeAttr(&r, "in_vpc", d.VPCOptions != nil && len(d.VPCOptions.SubnetIds) > 0)
	storeResourcePolicy(&r, "access_policies", aws.ToString(d.AccessPolicies))
	for _, kind := range []string{"audit", "index_slow", "search_slow", "application"} {
		storeAttr(&r, "logs."+kind, false)
	}
	for typ, o := range d.LogPublishingOptions {
		if kind, ok := openSearchLogKinds[typ]; ok {
			storeAttr(&r, "logs."+kind, aws.ToBool(o.Enabled))
		}
	}
	return r
}
