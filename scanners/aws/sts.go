package aws

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/arn"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/vigil-audit/vigil/inventory"
)

func init() {
	register(ServiceCollector{Service: "sts", Global: true, Collect: collectSTS})
}

// identity is who the credentials of a config belong to.
type identity struct {
	Account   string
	ARN       string // arn:aws:sts::111122223333:assumed-role/VigilAuditReadOnly/vigil-audit
	Partition string // from the ARN: aws, aws-cn, aws-us-gov
}

// callerIdentity asks STS who cfg's credentials belong to (for an assumed-role config, this is where
// the role is assumed, so a trust or permission problem shows here).
func callerIdentity(ctx context.Context, cfg aws.Config) (identity, error) {
	out, err := sts.NewFromConfig(cfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return identity{}, fmt.Errorf("sts GetCallerIdentity: %w", err)
	}
	id := identity{Account: aws.ToString(out.Account), ARN: aws.ToString(out.Arn)}
	id.Partition = partitionOf(id.ARN)
	if !accountIDPattern.MatchString(id.Account) || id.Partition == "" {
		return identity{}, fmt.Errorf("sts GetCallerIdentity: unexpected answer (account %q, ARN %q)", id.Account, id.ARN)
	}
	return id, nil
}

// partitionOf returns the partition of an ARN, or "" when s is not an ARN.
func partitionOf(s string) string {
	a, err := arn.Parse(s)
	if err != nil {
		return ""
	}
	return a.Partition
}

// collectSTS records the identity the account was read with on its aws.account resource, and makes
// sure that resource exists even when no other service sets an account-wide fact.
func collectSTS(ctx context.Context, sess *Session, sink *Sink) {
	id, err := callerIdentity(ctx, sess.Cfg)
	if err != nil {
		sink.Fail(sess, "sts", "GetCallerIdentity", err)
		sink.Account(sess, func(r *inventory.Resource) {
			r.Attributes["account_id"] = sess.Account
			r.Attributes["partition"] = sess.Partition
			r.MarkUnknown("audit_principal")
		})
		return
	}
	sink.Account(sess, func(r *inventory.Resource) {
		r.Attributes["account_id"] = sess.Account
		r.Attributes["partition"] = sess.Partition
		r.Attributes["audit_principal"] = id.ARN
	})
}
