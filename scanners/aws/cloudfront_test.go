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

const cfNamespace = "http://cloudfront.amazonaws.com/doc/2020-05-31/"

// cfRoutes answers CloudFront's REST-XML operations by exact path; a path that is not listed is denied.
func cfRoutes(srv *awstest.Server, routes map[string]string) {
	srv.Handle(func(_ *http.Request, op awstest.Op, _ []byte) bool { return op.Service == "cloudfront" },
		func(w http.ResponseWriter, r *http.Request, _ []byte) {
			w.Header().Set("Content-Type", "text/xml")
			body, ok := routes[r.URL.Path]
			if !ok {
				w.WriteHeader(http.StatusForbidden)
				_, _ = io.WriteString(w, `<ErrorResponse xmlns="`+cfNamespace+`"><Error><Type>Sender</Type><Code>AccessDenied</Code>`+
					`<Message>User is not authorized to perform: cloudfront:GetDistributionConfig</Message></Error><RequestId>r</RequestId></ErrorResponse>`)
				return
			}
			_, _ = io.WriteString(w, body)
		})
}

func cfSummary(id, comment, origins, defaultVPP, behaviors, viewerCert, webACL string) string {
	s := `<DistributionSummary><Id>` + id + `</Id><ARN>arn:aws:cloudfront::123456789012:distribution/` + id + `</ARN>` +
		`<Status>Deployed</Status><DomainName>` + id + `.cloudfront.net</DomainName><Aliases><Quantity>0</Quantity></Aliases>` +
		`<Origins>` + origins + `</Origins>` +
		`<DefaultCacheBehavior><TargetOriginId>o1</TargetOriginId><ViewerProtocolPolicy>` + defaultVPP + `</ViewerProtocolPolicy></DefaultCacheBehavior>` +
		`<CacheBehaviors>` + behaviors + `</CacheBehaviors><Comment>` + comment + `</Comment><Enabled>true</Enabled>` +
		`<ViewerCertificate>` + viewerCert + `</ViewerCertificate>` +
		`<Restrictions><GeoRestriction><RestrictionType>none</RestrictionType><Quantity>0</Quantity></GeoRestriction></Restrictions>`
	if webACL != "" {
		s += `<WebACLId>` + webACL + `</WebACLId>`
	}
	return s + `</DistributionSummary>`
}

func TestCloudFrontDistributions(t *testing.T) {
	srv := awstest.New(t)
	sess := storeSession(srv, "us-east-1")
	siteOrigins := `<Quantity>2</Quantity><Items>` +
		`<Origin><Id>o1</Id><DomainName>site.s3.eu-west-1.amazonaws.com</DomainName><OriginAccessControlId>E2QWRUHAPOMQZL</OriginAccessControlId>` +
		`<S3OriginConfig><OriginAccessIdentity></OriginAccessIdentity></S3OriginConfig></Origin>` +
		`<Origin><Id>api</Id><DomainName>api.example.com</DomainName><CustomOriginConfig><HTTPPort>80</HTTPPort><HTTPSPort>443</HTTPSPort>` +
		`<OriginProtocolPolicy>https-only</OriginProtocolPolicy><OriginSslProtocols><Quantity>1</Quantity><Items><SslProtocol>TLSv1.2</SslProtocol></Items></OriginSslProtocols>` +
		`</CustomOriginConfig></Origin></Items>`
	legacyOrigins := `<Quantity>3</Quantity><Items>` +
		`<Origin><Id>o1</Id><DomainName>legacy.s3.amazonaws.com</DomainName><OriginAccessControlId></OriginAccessControlId></Origin>` +
		`<Origin><Id>assets</Id><DomainName>assets.s3.amazonaws.com</DomainName><S3OriginConfig>` +
		`<OriginAccessIdentity>origin-access-identity/cloudfront/E2LEGACYOAI</OriginAccessIdentity></S3OriginConfig></Origin>` +
		`<Origin><Id>app</Id><DomainName>legacy.example.com</DomainName><CustomOriginConfig><HTTPPort>80</HTTPPort><HTTPSPort>443</HTTPSPort>` +
		`<OriginProtocolPolicy>match-viewer</OriginProtocolPolicy><OriginSslProtocols><Quantity>2</Quantity><Items><SslProtocol>TLSv1</SslProtocol>` +
		`<SslProtocol>TLSv1.2</SslProtocol></Items></OriginSslProtocols></CustomOriginConfig></Origin></Items>`
	cfRoutes(srv, map[string]string{
		"/2020-05-31/distribution": `<DistributionList xmlns="` + cfNamespace + `"><Marker></Marker><MaxItems>100</MaxItems>` +
			`<IsTruncated>false</IsTruncated><Quantity>4</Quantity><Items>` +
			cfSummary("ESITE", "site", siteOrigins, "redirect-to-https",
				`<Quantity>1</Quantity><Items><CacheBehavior><PathPattern>/api/*</PathPattern><TargetOriginId>api</TargetOriginId>`+
					`<ViewerProtocolPolicy>https-only</ViewerProtocolPolicy></CacheBehavior></Items>`,
				`<ACMCertificateArn>arn:aws:acm:us-east-1:123456789012:certificate/c</ACMCertificateArn><SSLSupportMethod>sni-only</SSLSupportMethod>`+
					`<MinimumProtocolVersion>TLSv1.2_2021</MinimumProtocolVersion><CloudFrontDefaultCertificate>false</CloudFrontDefaultCertificate>`,
				"arn:aws:wafv2:us-east-1:123456789012:global/webacl/edge/2") +
			cfSummary("ELEGACY", "legacy-site", legacyOrigins, "allow-all",
				`<Quantity>1</Quantity><Items><CacheBehavior><PathPattern>/app/*</PathPattern><TargetOriginId>app</TargetOriginId>`+
					`<ViewerProtocolPolicy>allow-all</ViewerProtocolPolicy></CacheBehavior></Items>`,
				`<CloudFrontDefaultCertificate>true</CloudFrontDefaultCertificate><MinimumProtocolVersion>TLSv1</MinimumProtocolVersion>`, "") +
			cfSummary("EDENIED", "denied", siteOrigins, "https-only", `<Quantity>0</Quantity>`,
				`<CloudFrontDefaultCertificate>false</CloudFrontDefaultCertificate><MinimumProtocolVersion>TLSv1.2_2021</MinimumProtocolVersion>`, "") +
			cfSummary("EV2", "v2-logs", siteOrigins, "https-only", `<Quantity>0</Quantity>`,
				`<CloudFrontDefaultCertificate>false</CloudFrontDefaultCertificate><MinimumProtocolVersion>TLSv1.2_2021</MinimumProtocolVersion>`, "") +
			`</Items></DistributionList>`,
		"/2020-05-31/distribution/ESITE/config": `<DistributionConfig xmlns="` + cfNamespace + `"><CallerReference>a</CallerReference>` +
			`<DefaultRootObject>index.html</DefaultRootObject><Logging><Enabled>true</Enabled><IncludeCookies>false</IncludeCookies>` +
			`<Bucket>logs.s3.amazonaws.com</Bucket><Prefix></Prefix></Logging><Comment>site</Comment><Enabled>true</Enabled></DistributionConfig>`,
		"/2020-05-31/distribution/ELEGACY/config": `<DistributionConfig xmlns="` + cfNamespace + `"><CallerReference>b</CallerReference>` +
			`<DefaultRootObject></DefaultRootObject><Logging><Enabled>false</Enabled><IncludeCookies>false</IncludeCookies>` +
			`<Bucket></Bucket><Prefix></Prefix></Logging><Comment>legacy-site</Comment><Enabled>true</Enabled></DistributionConfig>`,
		"/2020-05-31/distribution/EV2/config": `<DistributionConfig xmlns="` + cfNamespace + `"><CallerReference>c</CallerReference>` +
			`<Logging><Enabled>false</Enabled><IncludeCookies>false</IncludeCookies><Bucket></Bucket><Prefix></Prefix></Logging>` +
			`<Comment>v2-logs</Comment><Enabled>true</Enabled></DistributionConfig>`,
	})
	// Standard logging v2: a CloudWatch Logs delivery source for EV2 (and one of another log type for ELEGACY).
	srv.Handle(awstest.Action("logs", "DescribeDeliverySources"), func(w http.ResponseWriter, _ *http.Request, _ []byte) {
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		_, _ = io.WriteString(w, `{"deliverySources":[`+
			`{"name":"ev2","logType":"ACCESS_LOGS","service":"cloudfront","resourceArns":["arn:aws:cloudfront::123456789012:distribution/EV2"]},`+
			`{"name":"other","logType":"CONNECTION_LOGS","service":"cloudfront","resourceArns":["arn:aws:cloudfront::123456789012:distribution/ELEGACY"]}]}`)
	})

	sink := storeCollect(sess, collectCloudFront)
	dists := storeByID(t, sink, inventory.TypeCloudFrontDistribution)
	require.Len(t, dists, 4)
	const arn = "arn:aws:cloudfront::123456789012:distribution/"
	site := dists[arn+"ESITE"]
	assert.Equal(t, "site", site.Name)
	assert.Equal(t, []any{
		map[string]any{"origin_id": "o1", "domain_name": "site.s3.eu-west-1.amazonaws.com", "s3": true,
			"origin_access_control_id": "E2QWRUHAPOMQZL", "origin_access_identity": nil, "origin_protocol_policy": nil,
			"origin_ssl_protocols": []any{}},
		map[string]any{"origin_id": "api", "domain_name": "api.example.com", "s3": false, "origin_access_control_id": nil,
			"origin_access_identity": nil, "origin_protocol_policy": "https-only", "origin_ssl_protocols": []any{"TLSv1.2"}},
	}, site.Attributes["origins"])
	assert.Equal(t, map[string]any{"enabled": true}, site.Attributes["logging"])
	assert.Empty(t, site.Unknown)
	storeAssertUnknown(t, dists[arn+"EDENIED"], "logging.enabled", "default_root_object")
	assert.Equal(t, CodeAccessDenied, storeIssue(t, sink, sess, "GetDistributionConfig").Code)

	got := edgeEvaluate(t, sink.Resources())
	for _, rule := range []string{"CLOUDFRONT.1", "CLOUDFRONT.2", "CLOUDFRONT.3", "CLOUDFRONT.4", "CLOUDFRONT.5",
		"CLOUDFRONT.6", "CLOUDFRONT.7", "CLOUDFRONT.8", "CLOUDFRONT.9"} {
		assert.Equal(t, "pass", got[rule+" "+arn+"ESITE"], rule)
		assert.Equal(t, "fail", got[rule+" "+arn+"ELEGACY"], rule)
	}
	assert.Equal(t, "unknown", got["CLOUDFRONT.6 "+arn+"EDENIED"], "a denied configuration read is never a pass")
	assert.Equal(t, "pass", got["CLOUDFRONT.6 "+arn+"EV2"], "standard logging v2")
	assert.Equal(t, "unknown", got["CLOUDFRONT.8 "+arn+"EDENIED"])
}

func TestCloudFrontLogSourcesDenied(t *testing.T) {
	srv := awstest.New(t)
	sess := storeSession(srv, "eu-west-1")
	cfRoutes(srv, map[string]string{
		"/2020-05-31/distribution": `<DistributionList xmlns="` + cfNamespace + `"><Marker></Marker><MaxItems>100</MaxItems>` +
			`<IsTruncated>false</IsTruncated><Quantity>1</Quantity><Items>` +
			cfSummary("EONE", "one", "<Quantity>0</Quantity>", "https-only", `<Quantity>0</Quantity>`,
				`<CloudFrontDefaultCertificate>true</CloudFrontDefaultCertificate>`, "") + `</Items></DistributionList>`,
		"/2020-05-31/distribution/EONE/config": `<DistributionConfig xmlns="` + cfNamespace + `"><CallerReference>c</CallerReference>` +
			`<Logging><Enabled>false</Enabled><IncludeCookies>false</IncludeCookies><Bucket></Bucket><Prefix></Prefix></Logging>` +
			`<Comment>one</Comment><Enabled>true</Enabled></DistributionConfig>`,
	})
	srv.DenyJSON(awstest.Action("logs", "DescribeDeliverySources"), "AccessDeniedException", http.StatusBadRequest)
	sink := storeCollect(sess, collectCloudFront)
	one := storeByID(t, sink, inventory.TypeCloudFrontDistribution)["arn:aws:cloudfront::123456789012:distribution/EONE"]
	storeAssertUnknown(t, one, "logging.enabled")
	assert.Equal(t, CodeAccessDenied, storeIssue(t, sink, sess, "DescribeDeliverySources").Code)
}
