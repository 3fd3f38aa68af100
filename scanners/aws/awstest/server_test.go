package awstest_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/scanners/aws/awstest"
)

func TestFrontHandlerAndKumo(t *testing.T) {
	srv := awstest.New(t)
	cfg := srv.Config("us-east-1")
	ctx := context.Background()

	id, err := sts.NewFromConfig(cfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	require.NoError(t, err, "kumo answers STS")
	assert.NotEmpty(t, *id.Account)

	srv.Respond(awstest.Action("iam", "GetAccountPasswordPolicy"), http.StatusOK, "text/xml",
		`<GetAccountPasswordPolicyResponse><GetAccountPasswordPolicyResult><PasswordPolicy>
<MinimumPasswordLength>14</MinimumPasswordLength><RequireSymbols>true</RequireSymbols>
</PasswordPolicy></GetAccountPasswordPolicyResult></GetAccountPasswordPolicyResponse>`)
	pp, err := iam.NewFromConfig(cfg).GetAccountPasswordPolicy(ctx, &iam.GetAccountPasswordPolicyInput{})
	require.NoError(t, err)
	assert.Equal(t, int32(14), *pp.PasswordPolicy.MinimumPasswordLength)
	assert.True(t, pp.PasswordPolicy.RequireSymbols)

	srv.DenyQuery(awstest.Action("iam", "GetAccountSummary"), "AccessDenied")
	_, err = iam.NewFromConfig(cfg).GetAccountSummary(ctx, &iam.GetAccountSummaryInput{})
	require.ErrorContains(t, err, "AccessDenied")
	assert.Equal(t, 1, srv.Calls()[awstest.Op{Service: "iam", Action: "GetAccountSummary"}])
}
