package aws

import (
	"context"
	"errors"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/aws/smithy-go"

	"github.com/vigil-audit/vigil/inventory"
)

func init() {
	register(ServiceCollector{Service: securityHubService, Collect: collectSecurityHub})
}

const securityHubService = "securityhub"

// collectSecurityHub records on aws.account whether AWS Security Hub is enabled in the region
// (regions.<region>.securityhub_enabled): DescribeHub answers for an enabled hub, and fails with
// InvalidAccessException ("not subscribed to AWS Security Hub") where it is not. Any other failure,
// AccessDenied included, leaves it unknown.
func collectSecurityHub(ctx context.Context, sess *Session, sink *Sink) {
	api := securityhub.NewFromConfig(sess.Cfg)
	path := "regions." + sess.Region + ".securityhub_enabled"
	_, err := api.DescribeHub(ctx, &securityhub.DescribeHubInput{})
	switch {
	case err == nil:
		sink.Account(sess, func(r *inventory.Resource) { setAttrPath(r, path, true) })
	case securityHubNotEnabled(err):
		sink.Account(sess, func(r *inventory.Resource) { setAttrPath(r, path, false) })
	default:
		sink.Fail(sess, securityHubService, "DescribeHub", err)
		sink.Account(sess, func(r *inventory.Resource) { setAttrPath(r, path, nil); r.MarkUnknown(path) })
	}
}

// securityHubNotEnabled tells the answer of a region where Security Hub is not enabled from a denied call:
// both can be InvalidAccessException, but only the former says the account is not subscribed.
func securityHubNotEnabled(err error) bool {
	var ae smithy.APIError
	if !errors.As(err, &ae) || ae.ErrorCode() != "InvalidAccessException" {
		return false
	}
	return strings.Contains(strings.ToLower(ae.ErrorMessage()), "not subscribed")
}
