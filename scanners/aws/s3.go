package aws

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/aws-sdk-go-v2/service/s3control"
	smithyendpoints "github.com/aws/smithy-go/endpoints"

	"github.com/vigil-audit/vigil/inventory"
)

func init() {
	register(ServiceCollector{Service: s3Service, Global: true, Collect: collectS3})
}

const (
	s3Service = "s3"
	// s3Workers bounds the buckets read at once; each bucket takes a dozen calls.
	s3Workers = 16
	// s3ListPageSize asks ListBuckets for pages (without MaxBuckets it returns every bucket at once).
	s3ListPageSize = 1000
)

// The "not configured" answers of the bucket sub-resources: known values, not failures.
const (
	s3NoEncryption  = "ServerSideEncryptionConfigurationNotFoundError"
	s3NoPAB         = "NoSuchPublicAccessBlockConfiguration"
	s3NoPolicy      = "NoSuchBucketPolicy"
	s3NoReplication = "ReplicationConfigurationNotFoundError"
	s3NoObjectLock  = "ObjectLockConfigurationNotFoundError"
	s3NoLifecycle   = "NoSuchLifecycleConfiguration"
	s3NoTagSet      = "NoSuchTagSet"
)

// s3BucketFamilies are the attributes filled by per-bucket calls; all unknown when the bucket's
// region cannot be told.
var s3BucketFamilies = []string{"versioning", "encryption", "public_access_block", "logging", "policy",
	"policy_is_public", "replication", "object_lock", "lifecycle", "acl", "tags"}

// s3Collector reads every bucket of the account, each from its own region, and the account's
// S3 Block Public Access settings.
type s3Collector struct {
	sess *Session
	sink *Sink
	home *s3.Client

	mu      sync.Mutex
	clients map[string]*s3.Client
}

func collectS3(ctx context.Context, sess *Session, sink *Sink) {
	c := &s3Collector{sess: sess, sink: sink, clients: map[string]*s3.Client{}}
	c.home = c.client(sess.Cfg.Region)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		c.accountPublicAccessBlock(ctx)
	}()

	var buckets []s3types.Bucket
	p := s3.NewListBucketsPaginator(c.home, &s3.ListBucketsInput{MaxBuckets: aws.Int32(s3ListPageSize)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			c.fail("ListBuckets", err)
			break
		}
		buckets = append(buckets, page.Buckets...)
	}
	forEach(s3Workers, buckets, func(_ int, b s3types.Bucket) { c.bucket(ctx, b) })
	wg.Wait()
}

func (c *s3Collector) fail(api string, err error) { c.sink.Fail(c.sess, s3Service, api, err) }

// client returns the S3 client of a region (path-style addressing behind a custom endpoint).
func (c *s3Collector) client(region string) *s3.Client {
	c.mu.Lock()
	defer c.mu.Unlock()
	if cl, ok := c.clients[region]; ok {
		return cl
	}
	cl := s3.NewFromConfig(c.sess.Cfg, func(o *s3.Options) {
		o.Region = region
		o.UsePathStyle = c.sess.CustomEndpoint
	})
	c.clients[region] = cl
	return cl
}

// accountPublicAccessBlock records the account-level Block Public Access settings on aws.account.
// None configured means all four are off.
func (c *s3Collector) accountPublicAccessBlock(ctx context.Context) {
	api := s3control.NewFromConfig(c.sess.Cfg, func(o *s3control.Options) {
		if c.sess.CustomEndpoint {
			o.EndpointResolverV2 = s3controlAtEndpoint{account: c.sess.Account, next: s3control.NewDefaultEndpointResolverV2()}
		}
	})
	out, err := api.GetPublicAccessBlock(ctx, &s3control.GetPublicAccessBlockInput{AccountId: aws.String(c.sess.Account)})
	var pab map[string]any
	switch {
	case err == nil && out.PublicAccessBlockConfiguration != nil:
		b := out.PublicAccessBlockConfiguration
		pab = map[string]any{
			"block_public_acls": aws.ToBool(b.BlockPublicAcls), "block_public_policy": aws.ToBool(b.BlockPublicPolicy),
			"ignore_public_acls": aws.ToBool(b.IgnorePublicAcls), "restrict_public_buckets": aws.ToBool(b.RestrictPublicBuckets),
			"configured": true,
		}
	case err == nil || apiErrorCode(err) == s3NoPAB:
		pab = s3PublicAccessOff()
	default:
		c.sink.Fail(c.sess, "s3control", "GetPublicAccessBlock", err)
	}
	c.sink.Account(c.sess, func(r *inventory.Resource) {
		if pab == nil {
			r.MarkUnknown("s3_public_access_block")
			return
		}
		r.Attributes["s3_public_access_block"] = pab
	})
}

// s3controlAtEndpoint keeps S3 Control requests on the custom endpoint's host: AWS's endpoint rules
// put the account id in front of it (123456789012.localhost), which emulators do not resolve; they
// read the account from the x-amz-account-id header, which the request carries anyway.
type s3controlAtEndpoint struct {
	account string
	next    s3control.EndpointResolverV2
}

func (r s3controlAtEndpoint) ResolveEndpoint(ctx context.Context, p s3control.EndpointParameters) (smithyendpoints.Endpoint, error) {
	ep, err := r.next.ResolveEndpoint(ctx, p)
	if err != nil {
		return ep, fmt.Errorf("resolve s3control endpoint: %w", err)
	}
	ep.URI.Host = strings.TrimPrefix(ep.URI.Host, r.account+".")
	return ep, nil
}

func s3PublicAccessOff() map[string]any {
	return map[string]any{"block_public_acls": false, "block_public_policy": false, "ignore_public_acls": false,
		"restrict_public_buckets": false, "configured": false}
}

// bucket reads one bucket's settings from its region.
func (c *s3Collector) bucket(ctx context.Context, b s3types.Bucket) {
	name := aws.ToString(b.Name)
	r := c.sink.NewResource(c.sess, "arn:"+c.sess.Partition+":s3:::"+name, inventory.TypeS3Bucket, name, "ListBuckets")
	r.Attributes["bucket"] = name
	region := c.bucketRegion(ctx, b)
	r.Region = region
	if region == "" {
		for _, f := range s3BucketFamilies {
			r.MarkUnknown(f)
		}
		c.sink.Add(r)
		return
	}
	api := c.client(region)
	in := aws.String(name)
	c.versioning(ctx, api, in, &r)
	c.encryption(ctx, api, in, &r)
	c.publicAccessBlock(ctx, api, in, &r)
	c.logging(ctx, api, in, &r)
	c.policy(ctx, api, in, &r)
	c.replication(ctx, api, in, &r)
	c.objectLock(ctx, api, in, &r)
	c.lifecycle(ctx, api, in, &r)
	c.acl(ctx, api, in, &r)
	c.tags(ctx, api, in, &r)
	c.sink.Add(r)
}

// bucketRegion is the region ListBuckets reports, else GetBucketLocation's, else HeadBucket's; "" when
// none can be read.
func (c *s3Collector) bucketRegion(ctx context.Context, b s3types.Bucket) string {
	if r := aws.ToString(b.BucketRegion); r != "" {
		return r
	}
	loc, err := c.home.GetBucketLocation(ctx, &s3.GetBucketLocationInput{Bucket: b.Name})
	if err == nil {
		return s3LocationRegion(string(loc.LocationConstraint))
	}
	c.fail("GetBucketLocation", err)
	head, err := c.home.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: b.Name})
	if err == nil && aws.ToString(head.BucketRegion) != "" {
		return aws.ToString(head.BucketRegion)
	}
	if err != nil {
		c.fail("HeadBucket", err)
	}
	return ""
}

// s3LocationRegion maps a LocationConstraint to a region: empty is us-east-1, EU the legacy eu-west-1.
func s3LocationRegion(loc string) string {
	switch loc {
	case "":
		return "us-east-1"
	case "EU":
		return "eu-west-1"
	}
	return loc
}

// s3Missing reports whether err is the sub-resource's "not configured" answer.
func s3Missing(err error, code string) bool { return err != nil && apiErrorCode(err) == code }

func (c *s3Collector) versioning(ctx context.Context, api *s3.Client, bucket *string, r *inventory.Resource) {
	out, err := api.GetBucketVersioning(ctx, &s3.GetBucketVersioningInput{Bucket: bucket})
	if err != nil {
		c.fail("GetBucketVersioning", err)
		r.MarkUnknown("versioning")
		return
	}
	r.Attributes["versioning"] = map[string]any{
		"enabled":    out.Status == s3types.BucketVersioningStatusEnabled,
		"mfa_delete": out.MFADelete == s3types.MFADeleteStatusEnabled,
		// A bucket whose versioning was never set has no status; Suspended was set once.
		"configured": out.Status != "",
	}
}

func (c *s3Collector) encryption(ctx context.Context, api *s3.Client, bucket *string, r *inventory.Resource) {
	out, err := api.GetBucketEncryption(ctx, &s3.GetBucketEncryptionInput{Bucket: bucket})
	switch {
	case s3Missing(err, s3NoEncryption):
		r.Attributes["encryption"] = map[string]any{"enabled": false, "algorithm": nil, "kms_key_id": nil,
			"bucket_key_enabled": false, "configured": false}
		return
	case err != nil:
		c.fail("GetBucketEncryption", err)
		r.MarkUnknown("encryption")
		return
	}
	enc := map[string]any{"enabled": false, "algorithm": nil, "kms_key_id": nil, "bucket_key_enabled": false, "configured": true}
	if cfg := out.ServerSideEncryptionConfiguration; cfg != nil && len(cfg.Rules) > 0 {
		rule := cfg.Rules[0]
		enc["bucket_key_enabled"] = aws.ToBool(rule.BucketKeyEnabled)
		if d := rule.ApplyServerSideEncryptionByDefault; d != nil && d.SSEAlgorithm != "" {
			enc["enabled"] = true
			enc["algorithm"] = string(d.SSEAlgorithm)
			if k := aws.ToString(d.KMSMasterKeyID); k != "" {
				enc["kms_key_id"] = k
			}
		}
	}
	r.Attributes["encryption"] = enc
}

func (c *s3Collector) publicAccessBlock(ctx context.Context, api *s3.Client, bucket *string, r *inventory.Resource) {
	out, err := api.GetPublicAccessBlock(ctx, &s3.GetPublicAccessBlockInput{Bucket: bucket})
	switch {
	case s3Missing(err, s3NoPAB):
		// A live bucket without a configuration blocks nothing (new buckets get one, all true, since 2023-04).
		r.Attributes["public_access_block"] = s3PublicAccessOff()
		return
	case err != nil:
		c.fail("GetPublicAccessBlock", err)
		r.MarkUnknown("public_access_block")
		return
	}
	pab := s3PublicAccessOff()
	pab["configured"] = true
	if b := out.PublicAccessBlockConfiguration; b != nil {
		pab["block_public_acls"] = aws.ToBool(b.BlockPublicAcls)
		pab["block_public_policy"] = aws.ToBool(b.BlockPublicPolicy)
		pab["ignore_public_acls"] = aws.ToBool(b.IgnorePublicAcls)
		pab["restrict_public_buckets"] = aws.ToBool(b.RestrictPublicBuckets)
	}
	r.Attributes["public_access_block"] = pab
}

func (c *s3Collector) logging(ctx context.Context, api *s3.Client, bucket *string, r *inventory.Resource) {
	out, err := api.GetBucketLogging(ctx, &s3.GetBucketLoggingInput{Bucket: bucket})
	if err != nil {
		c.fail("GetBucketLogging", err)
		r.MarkUnknown("logging")
		return
	}
	l := map[string]any{"enabled": false, "target_bucket": nil, "target_prefix": nil}
	if le := out.LoggingEnabled; le != nil {
		l["enabled"] = true
		l["target_bucket"] = optString(le.TargetBucket)
		l["target_prefix"] = optString(le.TargetPrefix)
	}
	r.Attributes["logging"] = l
}

// policy reads the bucket policy and whether S3 judges it public.
func (c *s3Collector) policy(ctx context.Context, api *s3.Client, bucket *string, r *inventory.Resource) {
	out, err := api.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: bucket})
	switch {
	case s3Missing(err, s3NoPolicy):
		r.Attributes["policy"] = nil
	case err != nil:
		c.fail("GetBucketPolicy", err)
		r.MarkUnknown("policy")
	default:
		doc, perr := parsePolicyDocument(aws.ToString(out.Policy))
		if perr != nil {
			c.fail("GetBucketPolicy", perr)
			r.MarkUnknown("policy")
		} else {
			r.Attributes["policy"] = doc
		}
	}

	st, err := api.GetBucketPolicyStatus(ctx, &s3.GetBucketPolicyStatusInput{Bucket: bucket})
	switch {
	case s3Missing(err, s3NoPolicy):
		r.Attributes["policy_is_public"] = false
	case err != nil:
		c.fail("GetBucketPolicyStatus", err)
		r.MarkUnknown("policy_is_public")
	default:
		r.Attributes["policy_is_public"] = st.PolicyStatus != nil && aws.ToBool(st.PolicyStatus.IsPublic)
	}
}

func (c *s3Collector) replication(ctx context.Context, api *s3.Client, bucket *string, r *inventory.Resource) {
	out, err := api.GetBucketReplication(ctx, &s3.GetBucketReplicationInput{Bucket: bucket})
	switch {
	case s3Missing(err, s3NoReplication):
		r.Attributes["replication"] = map[string]any{"enabled": false, "destinations": []string{}}
		return
	case err != nil:
		c.fail("GetBucketReplication", err)
		r.MarkUnknown("replication")
		return
	}
	enabled := false
	var dests []string
	if cfg := out.ReplicationConfiguration; cfg != nil {
		for _, rule := range cfg.Rules {
			if rule.Status != s3types.ReplicationRuleStatusEnabled {
				continue
			}
			enabled = true
			if rule.Destination != nil && aws.ToString(rule.Destination.Bucket) != "" {
				dests = append(dests, aws.ToString(rule.Destination.Bucket))
			}
		}
	}
	r.Attributes["replication"] = map[string]any{"enabled": enabled, "destinations": sortedUnique(dests)}
}

func (c *s3Collector) objectLock(ctx context.Context, api *s3.Client, bucket *string, r *inventory.Resource) {
	out, err := api.GetObjectLockConfiguration(ctx, &s3.GetObjectLockConfigurationInput{Bucket: bucket})
	ol := map[string]any{"enabled": false, "mode": nil, "days": nil, "years": nil}
	switch {
	case s3Missing(err, s3NoObjectLock):
		r.Attributes["object_lock"] = ol
		return
	case err != nil:
		c.fail("GetObjectLockConfiguration", err)
		r.MarkUnknown("object_lock")
		return
	}
	if cfg := out.ObjectLockConfiguration; cfg != nil {
		ol["enabled"] = cfg.ObjectLockEnabled == s3types.ObjectLockEnabledEnabled
		if cfg.Rule != nil && cfg.Rule.DefaultRetention != nil {
			d := cfg.Rule.DefaultRetention
			if d.Mode != "" {
				ol["mode"] = string(d.Mode)
			}
			ol["days"] = optPositive(d.Days)
			ol["years"] = optPositive(d.Years)
		}
	}
	r.Attributes["object_lock"] = ol
}

func (c *s3Collector) lifecycle(ctx context.Context, api *s3.Client, bucket *string, r *inventory.Resource) {
	out, err := api.GetBucketLifecycleConfiguration(ctx, &s3.GetBucketLifecycleConfigurationInput{Bucket: bucket})
	switch {
	case s3Missing(err, s3NoLifecycle):
		r.Attributes["lifecycle"] = map[string]any{"rules": []any{}}
		return
	case err != nil:
		c.fail("GetBucketLifecycleConfiguration", err)
		r.MarkUnknown("lifecycle")
		return
	}
	rules := make([]canonicalElem, 0, len(out.Rules))
	for _, rule := range out.Rules {
		el := map[string]any{
			"id":                         optString(rule.ID),
			"enabled":                    rule.Status == s3types.ExpirationStatusEnabled,
			"expiration_days":            nil,
			"noncurrent_expiration_days": nil,
		}
		if rule.Expiration != nil {
			el["expiration_days"] = optPositive(rule.Expiration.Days)
		}
		if rule.NoncurrentVersionExpiration != nil {
			el["noncurrent_expiration_days"] = optPositive(rule.NoncurrentVersionExpiration.NoncurrentDays)
		}
		ts := make([]canonicalElem, 0, len(rule.Transitions))
		for _, t := range rule.Transitions {
			ts = append(ts, canonicalElem{vals: map[string]any{"days": optInt(t.Days), "storage_class": optString(aws.String(string(t.StorageClass)))}})
		}
		el["transitions"] = canonicalValues(ts)
		rules = append(rules, canonicalElem{vals: el})
	}
	r.Attributes["lifecycle"] = map[string]any{"rules": canonicalValues(rules)}
}

// acl reduces the bucket's grants to the public canned ACL they amount to, as the Terraform adapter
// reduces explicit grants: public-read-write, public-read, authenticated-read, or null.
func (c *s3Collector) acl(ctx context.Context, api *s3.Client, bucket *string, r *inventory.Resource) {
	out, err := api.GetBucketAcl(ctx, &s3.GetBucketAclInput{Bucket: bucket})
	if err != nil {
		c.fail("GetBucketAcl", err)
		r.MarkUnknown("acl")
		return
	}
	r.Attributes["acl"] = s3CannedACL(out.Grants)
}

const (
	s3AllUsers           = "http://acs.amazonaws.com/groups/global/AllUsers"
	s3AuthenticatedUsers = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"
)

func s3CannedACL(grants []s3types.Grant) any {
	read, write, auth := false, false, false
	for _, g := range grants {
		if g.Grantee == nil {
			continue
		}
		uri := aws.ToString(g.Grantee.URI)
		p := strings.ToUpper(string(g.Permission))
		switch {
		case uri == s3AuthenticatedUsers:
			auth = true
		case uri != s3AllUsers:
		case p == "READ" || p == "FULL_CONTROL":
			read = true
			write = write || p == "FULL_CONTROL"
		case p == "WRITE":
			write = true
		}
	}
	switch {
	case write:
		return "public-read-write"
	case read:
		return "public-read"
	case auth:
		return "authenticated-read"
	}
	return nil
}

func (c *s3Collector) tags(ctx context.Context, api *s3.Client, bucket *string, r *inventory.Resource) {
	out, err := api.GetBucketTagging(ctx, &s3.GetBucketTaggingInput{Bucket: bucket})
	switch {
	case s3Missing(err, s3NoTagSet):
		return
	case err != nil:
		c.fail("GetBucketTagging", err)
		r.MarkUnknown("tags")
		return
	}
	for _, t := range out.TagSet {
		r.Tags[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
}

// optString is the string, or nil when absent or empty.
func optString(s *string) any {
	if s == nil || *s == "" {
		return nil
	}
	return *s
}

// optPositive is a number of days or years AWS requires to be positive, or nil when absent or 0.
func optPositive(v *int32) any {
	if v == nil || *v <= 0 {
		return nil
	}
	return int64(*v)
}
