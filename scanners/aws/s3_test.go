package aws

import (
	"context"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/scanners/aws/awstest"
)

// govS3XML answers an S3 REST request with an XML body.
func govS3XML(srv *awstest.Server, m awstest.Matcher, body string) {
	srv.Respond(m, http.StatusOK, "application/xml", `<?xml version="1.0" encoding="UTF-8"?>`+body)
}

// govS3Bucket creates a bucket in kumo and deletes it when the test ends (kumo's state is process-wide).
func govS3Bucket(t *testing.T, api *s3.Client, name string, objectLock bool) {
	t.Helper()
	ctx := context.Background()
	_, err := api.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(name), ObjectLockEnabledForBucket: aws.Bool(objectLock)})
	require.NoError(t, err)
	t.Cleanup(func() {
		for _, del := range []func() error{
			func() error {
				_, err := api.DeleteBucketPolicy(ctx, &s3.DeleteBucketPolicyInput{Bucket: aws.String(name)})
				return err
			},
			func() error {
				_, err := api.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: aws.String(name)})
				return err
			},
		} {
			_ = del()
		}
	})
}

const govPublicPolicy = `{"Version":"2012-10-17","Statement":[{"Sid":"Public","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::gov-s3-full/*"}]}`

func TestS3CollectsBucketsFromTheirRegions(t *testing.T) {
	srv := awstest.New(t)
	sess := govSession(t, srv, "eu-west-1")
	ctx := context.Background()
	api := s3.NewFromConfig(sess.Cfg, func(o *s3.Options) { o.UsePathStyle = true })
	govS3Bucket(t, api, "gov-s3-full", true)
	govS3Bucket(t, api, "gov-s3-bare", false)

	// gov-s3-full: every setting configured through kumo.
	_, err := api.PutBucketEncryption(ctx, &s3.PutBucketEncryptionInput{Bucket: aws.String("gov-s3-full"),
		ServerSideEncryptionConfiguration: &s3types.ServerSideEncryptionConfiguration{Rules: []s3types.ServerSideEncryptionRule{{
			ApplyServerSideEncryptionByDefault: &s3types.ServerSideEncryptionByDefault{SSEAlgorithm: s3types.ServerSideEncryptionAwsKms,
				KMSMasterKeyID: aws.String("arn:aws:kms:eu-central-1:123456789012:key/k1")},
			BucketKeyEnabled: aws.Bool(true)}}}})
	require.NoError(t, err)
	_, err = api.PutPublicAccessBlock(ctx, &s3.PutPublicAccessBlockInput{Bucket: aws.String("gov-s3-full"),
		PublicAccessBlockConfiguration: &s3types.PublicAccessBlockConfiguration{BlockPublicAcls: aws.Bool(true), BlockPublicPolicy: aws.Bool(false),
			IgnorePublicAcls: aws.Bool(true), RestrictPublicBuckets: aws.Bool(false)}})
	require.NoError(t, err)
	_, err = api.PutBucketPolicy(ctx, &s3.PutBucketPolicyInput{Bucket: aws.String("gov-s3-full"), Policy: aws.String(govPublicPolicy)})
	require.NoError(t, err)
	_, err = api.PutBucketLogging(ctx, &s3.PutBucketLoggingInput{Bucket: aws.String("gov-s3-full"), BucketLoggingStatus: &s3types.BucketLoggingStatus{
		LoggingEnabled: &s3types.LoggingEnabled{TargetBucket: aws.String("gov-s3-bare"), TargetPrefix: aws.String("logs/")}}})
	require.NoError(t, err)
	_, err = api.PutBucketLifecycleConfiguration(ctx, &s3.PutBucketLifecycleConfigurationInput{Bucket: aws.String("gov-s3-full"),
		LifecycleConfiguration: &s3types.BucketLifecycleConfiguration{Rules: []s3types.LifecycleRule{
			{ID: aws.String("z-expire"), Status: s3types.ExpirationStatusEnabled, Filter: &s3types.LifecycleRuleFilter{Prefix: aws.String("")},
				Expiration:                  &s3types.LifecycleExpiration{Days: aws.Int32(365)},
				NoncurrentVersionExpiration: &s3types.NoncurrentVersionExpiration{NoncurrentDays: aws.Int32(30)},
				Transitions: []s3types.Transition{{Days: aws.Int32(90), StorageClass: s3types.TransitionStorageClassGlacier},
					{Days: aws.Int32(30), StorageClass: s3types.TransitionStorageClassStandardIa}}},
			{ID: aws.String("a-off"), Status: s3types.ExpirationStatusDisabled, Filter: &s3types.LifecycleRuleFilter{Prefix: aws.String("tmp/")},
				Expiration: &s3types.LifecycleExpiration{Days: aws.Int32(1)}},
		}}})
	require.NoError(t, err)
	_, err = api.PutBucketTagging(ctx, &s3.PutBucketTaggingInput{Bucket: aws.String("gov-s3-full"),
		Tagging: &s3types.Tagging{TagSet: []s3types.Tag{{Key: aws.String("app"), Value: aws.String("payments")}}}})
	require.NoError(t, err)
	_, err = api.PutObjectLockConfiguration(ctx, &s3.PutObjectLockConfigurationInput{Bucket: aws.String("gov-s3-full"),
		ObjectLockConfiguration: &s3types.ObjectLockConfiguration{ObjectLockEnabled: s3types.ObjectLockEnabledEnabled,
			Rule: &s3types.ObjectLockRule{DefaultRetention: &s3types.DefaultRetention{Mode: s3types.ObjectLockRetentionModeCompliance, Days: aws.Int32(30)}}}})
	require.NoError(t, err)

	// What kumo lacks or fakes, answered in S3's wire format.
	govS3XML(srv, awstest.REST("s3", "GET", "/gov-s3-full", "location"),
		`<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">eu-central-1</LocationConstraint>`)
	govS3XML(srv, awstest.REST("s3", "GET", "/gov-s3-bare", "location"),
		`<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/"/>`)
	govS3XML(srv, awstest.REST("s3", "GET", "/gov-s3-full", "versioning"),
		`<VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Status>Enabled</Status><MfaDelete>Enabled</MfaDelete></VersioningConfiguration>`)
	govS3XML(srv, awstest.REST("s3", "GET", "/gov-s3-full", "policyStatus"),
		`<PolicyStatus xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><IsPublic>TRUE</IsPublic></PolicyStatus>`)
	srv.DenyREST(awstest.REST("s3", "GET", "/gov-s3-bare", "policyStatus"), "NoSuchBucketPolicy", http.StatusNotFound)
	govS3XML(srv, awstest.REST("s3", "GET", "/gov-s3-full", "replication"),
		`<ReplicationConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Role>arn:aws:iam::123456789012:role/repl</Role>`+
			`<Rule><ID>r1</ID><Status>Enabled</Status><Priority>1</Priority><Filter/><Destination><Bucket>arn:aws:s3:::dr-b</Bucket></Destination><DeleteMarkerReplication><Status>Disabled</Status></DeleteMarkerReplication></Rule>`+
			`<Rule><ID>r2</ID><Status>Enabled</Status><Priority>2</Priority><Filter/><Destination><Bucket>arn:aws:s3:::dr-a</Bucket></Destination><DeleteMarkerReplication><Status>Disabled</Status></DeleteMarkerReplication></Rule>`+
			`<Rule><ID>r3</ID><Status>Disabled</Status><Priority>3</Priority><Filter/><Destination><Bucket>arn:aws:s3:::off</Bucket></Destination><DeleteMarkerReplication><Status>Disabled</Status></DeleteMarkerReplication></Rule>`+
			`</ReplicationConfiguration>`)
	govS3XML(srv, awstest.REST("s3", "GET", "/gov-s3-full", "acl"),
		`<AccessControlPolicy xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Owner><ID>o1</ID></Owner><AccessControlList>`+
			`<Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser"><ID>o1</ID></Grantee><Permission>FULL_CONTROL</Permission></Grant>`+
			`<Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="Group"><URI>http://acs.amazonaws.com/groups/global/AllUsers</URI></Grantee><Permission>READ</Permission></Grant>`+
			`</AccessControlList></AccessControlPolicy>`)
	govS3XML(srv, awstest.REST("s3", "GET", "/v20180820/configuration/publicAccessBlock", ""),
		`<PublicAccessBlockConfiguration xmlns="http://awss3control.amazonaws.com/doc/2018-08-20/"><BlockPublicAcls>true</BlockPublicAcls>`+
			`<IgnorePublicAcls>true</IgnorePublicAcls><BlockPublicPolicy>true</BlockPublicPolicy><RestrictPublicBuckets>false</RestrictPublicBuckets></PublicAccessBlockConfiguration>`)

	sink := govSink()
	collectS3(ctx, sess, sink)
	assert.Empty(t, sink.Issues(govAccount, "eu-west-1"))
	got := govByID(t, sink)

	full := got["arn:aws:s3:::gov-s3-full"]
	assert.Equal(t, inventory.TypeS3Bucket, full.Type)
	assert.Equal(t, "gov-s3-full", full.Name)
	assert.Equal(t, "eu-central-1", full.Region, "the bucket's own region")
	assert.Equal(t, govAccount, full.Account)
	assert.Equal(t, "gov-s3-full", full.Attributes["bucket"])
	assert.Equal(t, map[string]any{"enabled": true, "mfa_delete": true, "configured": true}, full.Attributes["versioning"])
	assert.Equal(t, map[string]any{"enabled": true, "algorithm": "aws:kms", "kms_key_id": "arn:aws:kms:eu-central-1:123456789012:key/k1",
		"bucket_key_enabled": true, "configured": true}, full.Attributes["encryption"])
	assert.Equal(t, map[string]any{"block_public_acls": true, "block_public_policy": false, "ignore_public_acls": true,
		"restrict_public_buckets": false, "configured": true}, full.Attributes["public_access_block"])
	assert.Equal(t, map[string]any{"enabled": true, "target_bucket": "gov-s3-bare", "target_prefix": "logs/"}, full.Attributes["logging"])
	assert.Equal(t, map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{"Sid": "Public", "Effect": "Allow", "Principal": "*",
		"Action": []string{"s3:GetObject"}, "Resource": []string{"arn:aws:s3:::gov-s3-full/*"}}}}, full.Attributes["policy"])
	assert.Equal(t, true, full.Attributes["policy_is_public"])
	assert.Equal(t, map[string]any{"enabled": true, "destinations": []string{"arn:aws:s3:::dr-a", "arn:aws:s3:::dr-b"}}, full.Attributes["replication"])
	assert.Equal(t, map[string]any{"enabled": true, "mode": "COMPLIANCE", "days": int64(30), "years": nil}, full.Attributes["object_lock"])
	assert.Equal(t, map[string]any{"rules": []any{
		map[string]any{"id": "a-off", "enabled": false, "expiration_days": int64(1), "noncurrent_expiration_days": nil, "transitions": []any{}},
		map[string]any{"id": "z-expire", "enabled": true, "expiration_days": int64(365), "noncurrent_expiration_days": int64(30), "transitions": []any{
			map[string]any{"days": int64(30), "storage_class": "STANDARD_IA"},
			map[string]any{"days": int64(90), "storage_class": "GLACIER"},
		}},
	}}, full.Attributes["lifecycle"])
	assert.Equal(t, "public-read", full.Attributes["acl"])
	assert.Equal(t, map[string]string{"app": "payments"}, full.Tags)
	assert.Empty(t, full.Unknown)

	bare := got["arn:aws:s3:::gov-s3-bare"]
	assert.Equal(t, "us-east-1", bare.Region, "an empty LocationConstraint is us-east-1")
	assert.Equal(t, map[string]any{"enabled": false, "mfa_delete": false, "configured": false}, bare.Attributes["versioning"])
	assert.Equal(t, map[string]any{"enabled": false, "algorithm": nil, "kms_key_id": nil, "bucket_key_enabled": false, "configured": false},
		bare.Attributes["encryption"], "no configuration: reported as not encrypted, never as a default")
	assert.Equal(t, s3PublicAccessOff(), bare.Attributes["public_access_block"], "a live bucket without a configuration blocks nothing")
	assert.Equal(t, map[string]any{"enabled": false, "target_bucket": nil, "target_prefix": nil}, bare.Attributes["logging"])
	assert.Contains(t, bare.Attributes, "policy")
	assert.Nil(t, bare.Attributes["policy"])
	assert.Equal(t, false, bare.Attributes["policy_is_public"])
	assert.Equal(t, map[string]any{"enabled": false, "destinations": []string{}}, bare.Attributes["replication"])
	assert.Equal(t, map[string]any{"enabled": false, "mode": nil, "days": nil, "years": nil}, bare.Attributes["object_lock"])
	assert.Equal(t, map[string]any{"rules": []any{}}, bare.Attributes["lifecycle"])
	assert.Nil(t, bare.Attributes["acl"])
	assert.Contains(t, bare.Attributes, "acl")
	assert.Empty(t, bare.Tags)
	assert.Empty(t, bare.Unknown)

	acct := got["arn:aws:iam::123456789012:root"]
	assert.Equal(t, map[string]any{"block_public_acls": true, "block_public_policy": true, "ignore_public_acls": true,
		"restrict_public_buckets": false, "configured": true}, acct.Attributes["s3_public_access_block"])
}

func TestS3DeniedThrottledAndPaginated(t *testing.T) {
	srv := awstest.New(t)
	sess := govSession(t, srv, "eu-west-1")
	ctx := context.Background()
	api := s3.NewFromConfig(sess.Cfg, func(o *s3.Options) { o.UsePathStyle = true })
	for _, b := range []string{"gov-s3-p1", "gov-s3-p2", "gov-s3-p3"} {
		govS3Bucket(t, api, b, false)
	}
	// Two pages of buckets; the second page gives each bucket's region (as AWS does since 2024).
	var pages atomic.Int32
	listBuckets := func(r *http.Request, op awstest.Op, _ []byte) bool {
		return op.Service == "s3" && r.Method == http.MethodGet && r.URL.Path == "/"
	}
	srv.Handle(listBuckets, func(w http.ResponseWriter, r *http.Request, _ []byte) {
		pages.Add(1)
		w.Header().Set("Content-Type", "application/xml")
		if r.URL.Query().Get("continuation-token") == "" {
			assert.Equal(t, "1000", r.URL.Query().Get("max-buckets"))
			_, _ = w.Write([]byte(`<ListAllMyBucketsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Owner><ID>o</ID></Owner><Buckets>` +
				`<Bucket><Name>gov-s3-p1</Name><CreationDate>2020-01-01T00:00:00.000Z</CreationDate></Bucket>` +
				`<Bucket><Name>gov-s3-p2</Name><CreationDate>2020-01-01T00:00:00.000Z</CreationDate></Bucket>` +
				`</Buckets><ContinuationToken>next</ContinuationToken></ListAllMyBucketsResult>`))
			return
		}
		_, _ = w.Write([]byte(`<ListAllMyBucketsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Owner><ID>o</ID></Owner><Buckets>` +
			`<Bucket><Name>gov-s3-p3</Name><CreationDate>2020-01-01T00:00:00.000Z</CreationDate><BucketRegion>ap-south-1</BucketRegion></Bucket>` +
			`</Buckets></ListAllMyBucketsResult>`))
	})
	// gov-s3-p1: its region cannot be read at all.
	srv.DenyREST(awstest.REST("s3", "GET", "/gov-s3-p1", "location"), "AccessDenied", http.StatusForbidden)
	// HEAD answers carry no body: the status alone says Forbidden.
	srv.Handle(awstest.REST("s3", "HEAD", "/gov-s3-p1", ""), func(w http.ResponseWriter, _ *http.Request, _ []byte) {
		w.WriteHeader(http.StatusForbidden)
	})
	// gov-s3-p2: region through HeadBucket; policy denied; encryption throttled for good (503 SlowDown).
	srv.DenyREST(awstest.REST("s3", "GET", "/gov-s3-p2", "location"), "AccessDenied", http.StatusForbidden)
	srv.Handle(awstest.REST("s3", "HEAD", "/gov-s3-p2", ""), func(w http.ResponseWriter, _ *http.Request, _ []byte) {
		w.Header().Set("x-amz-bucket-region", "sa-east-1")
		w.WriteHeader(http.StatusOK)
	})
	srv.DenyREST(awstest.REST("s3", "GET", "/gov-s3-p2", "policy"), "AccessDenied", http.StatusForbidden)
	srv.DenyREST(awstest.REST("s3", "GET", "/gov-s3-p2", "encryption"), "SlowDown", http.StatusServiceUnavailable)
	srv.DenyREST(awstest.REST("s3", "GET", "/gov-s3-p2", "tagging"), "AccessDenied", http.StatusForbidden)
	// gov-s3-p3: replication throttled once, then answered.
	var repl atomic.Int32
	srv.Handle(awstest.REST("s3", "GET", "/gov-s3-p3", "replication"), func(w http.ResponseWriter, _ *http.Request, _ []byte) {
		w.Header().Set("Content-Type", "application/xml")
		if repl.Add(1) == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte(`<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>`))
			return
		}
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte(`<Error><Code>ReplicationConfigurationNotFoundError</Code><Message>none</Message></Error>`))
	})
	govS3ControlError(srv, http.StatusForbidden, "AccessDenied")
	for _, b := range []string{"gov-s3-p1", "gov-s3-p2", "gov-s3-p3"} {
		govS3XML(srv, awstest.REST("s3", "GET", "/"+b, "policyStatus"), `<PolicyStatus><IsPublic>false</IsPublic></PolicyStatus>`)
	}

	sink := govSink()
	collectS3(ctx, sess, sink)
	got := govByID(t, sink)
	assert.Equal(t, int32(2), pages.Load())

	p1 := got["arn:aws:s3:::gov-s3-p1"]
	assert.Equal(t, "", p1.Region)
	assert.ElementsMatch(t, s3BucketFamilies, p1.Unknown)
	assert.Equal(t, map[string]any{"bucket": "gov-s3-p1"}, p1.Attributes)

	p2 := got["arn:aws:s3:::gov-s3-p2"]
	assert.Equal(t, "sa-east-1", p2.Region)
	assert.ElementsMatch(t, []string{"policy", "encryption", "tags"}, p2.Unknown)
	assert.NotContains(t, p2.Attributes, "encryption")
	assert.NotContains(t, p2.Attributes, "policy")
	assert.Equal(t, false, p2.Attributes["policy_is_public"])

	p3 := got["arn:aws:s3:::gov-s3-p3"]
	assert.Equal(t, "ap-south-1", p3.Region, "from ListBuckets")
	assert.Empty(t, p3.Unknown)
	assert.Equal(t, map[string]any{"enabled": false, "destinations": []string{}}, p3.Attributes["replication"])
	assert.Equal(t, int32(2), repl.Load(), "retried after SlowDown")

	acct := got["arn:aws:iam::123456789012:root"]
	assert.Equal(t, []string{"s3_public_access_block"}, acct.Unknown)

	for _, is := range sink.Issues(govAccount, "eu-west-1") {
		assert.Contains(t, []string{"s3", "s3control"}, is.Service)
		assert.Equal(t, "eu-west-1", is.Region, "issues are recorded against the session")
	}
	enc := govIssue(t, sink, govAccount, "eu-west-1", "GetBucketEncryption")
	assert.Equal(t, CodeThrottling, enc.Code)
	assert.Equal(t, CodeAccessDenied, govIssue(t, sink, govAccount, "eu-west-1", "GetBucketPolicy").Code)
	assert.Equal(t, CodeAccessDenied, govIssue(t, sink, govAccount, "eu-west-1", "HeadBucket").Code)
	pab := govIssue(t, sink, govAccount, "eu-west-1", "GetPublicAccessBlock")
	assert.Equal(t, CodeAccessDenied, pab.Code)
	assert.Equal(t, "s3control", pab.Service)
}

// govS3ControlError answers the account's GetPublicAccessBlock with an S3 Control error, which S3 Control
// wraps in an ErrorResponse element (S3 does not).
func govS3ControlError(srv *awstest.Server, status int, code string) {
	srv.Respond(awstest.REST("s3", "GET", "/v20180820/configuration/publicAccessBlock", ""), status, "application/xml",
		`<?xml version="1.0" encoding="UTF-8"?><ErrorResponse><Error><Code>`+code+`</Code><Message>m</Message></Error><RequestId>r1</RequestId><HostId>h1</HostId></ErrorResponse>`)
}

func TestS3AccountWithoutPublicAccessBlock(t *testing.T) {
	srv := awstest.New(t)
	sess := govSession(t, srv, "us-east-1")
	govS3ControlError(srv, http.StatusNotFound, "NoSuchPublicAccessBlockConfiguration")
	var accountHeader atomic.Value
	srv.Handle(func(r *http.Request, _ awstest.Op, _ []byte) bool {
		if strings.HasPrefix(r.URL.Path, "/v20180820/") {
			accountHeader.Store(r.Header.Get("x-amz-account-id"))
		}
		return false // only watches
	}, nil)
	sink := govSink()
	collectS3(context.Background(), sess, sink)
	assert.Empty(t, sink.Issues(govAccount, "us-east-1"), "no configuration is not a failure")
	acct := govByID(t, sink)["arn:aws:iam::123456789012:root"]
	assert.Equal(t, s3PublicAccessOff(), acct.Attributes["s3_public_access_block"])
	assert.Empty(t, acct.Unknown)
	assert.Equal(t, govAccount, accountHeader.Load(), "S3 Control reads the account from the header")
}

func TestS3CannedACL(t *testing.T) {
	grant := func(uri string, p s3types.Permission) s3types.Grant {
		return s3types.Grant{Grantee: &s3types.Grantee{Type: s3types.TypeGroup, URI: aws.String(uri)}, Permission: p}
	}
	owner := s3types.Grant{Grantee: &s3types.Grantee{Type: s3types.TypeCanonicalUser, ID: aws.String("o")}, Permission: s3types.PermissionFullControl}
	for _, tc := range []struct {
		grants []s3types.Grant
		want   any
	}{
		{[]s3types.Grant{owner}, nil},
		{[]s3types.Grant{owner, grant(s3AllUsers, s3types.PermissionRead)}, "public-read"},
		{[]s3types.Grant{grant(s3AllUsers, s3types.PermissionRead), grant(s3AllUsers, s3types.PermissionWrite)}, "public-read-write"},
		{[]s3types.Grant{grant(s3AllUsers, s3types.PermissionFullControl)}, "public-read-write"},
		{[]s3types.Grant{grant(s3AuthenticatedUsers, s3types.PermissionRead)}, "authenticated-read"},
		{[]s3types.Grant{grant(s3AllUsers, s3types.PermissionReadAcp)}, nil},
		{[]s3types.Grant{grant("http://acs.amazonaws.com/groups/s3/LogDelivery", s3types.PermissionWrite)}, nil},
	} {
		assert.Equal(t, tc.want, s3CannedACL(tc.grants))
	}
	assert.Equal(t, "eu-west-1", s3LocationRegion("EU"))
	assert.Equal(t, "us-east-1", s3LocationRegion(""))
	assert.Equal(t, "ap-south-1", s3LocationRegion("ap-south-1"))
}
