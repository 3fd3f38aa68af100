package logfilter

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The patterns the CIS AWS Foundations Benchmark v6.0.0 remediation sections give (5.1-5.15), one per class.
var cisPatterns = map[string]string{
	"unauthorized_api_calls":     `{($.errorCode ="*UnauthorizedOperation") || ($.errorCode ="AccessDenied*") && ($.sourceIPAddress!="delivery.logs.amazonaws.com") && ($.eventName!="HeadBucket") }`,
	"console_signin_without_mfa": `{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }`,
	"root_usage":                 `{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }`,
	"iam_policy_changes":         `{($.eventSource=iam.amazonaws.com) && (($.eventName=DeleteGroupPolicy)||($.eventName=DeleteRolePolicy)||($.eventName=DeleteUserPolicy)||($.eventName=PutGroupPolicy)||($.eventName=PutRolePolicy)||($.eventName=PutUserPolicy)||($.eventName=CreatePolicy)||($.eventName=DeletePolicy)||($.eventName=CreatePolicyVersion)||($.eventName=DeletePolicyVersion)||($.eventName=AttachRolePolicy)||($.eventName=DetachRolePolicy)||($.eventName=AttachUserPolicy)||($.eventName=DetachUserPolicy)||($.eventName=AttachGroupPolicy)||($.eventName=DetachGroupPolicy))}`,
	"cloudtrail_changes":         `{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }`,
	"console_auth_failures":      `{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }`,
	"cmk_disable_or_deletion":    `{($.eventSource = kms.amazonaws.com) && (($.eventName=DisableKey)||($.eventName=ScheduleKeyDeletion)) }`,
	"s3_bucket_policy_changes":   `{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) || ($.eventName = PutBucketPolicy) || ($.eventName = PutBucketCors) || ($.eventName = PutBucketLifecycle) || ($.eventName = PutBucketReplication) || ($.eventName = DeleteBucketPolicy) || ($.eventName = DeleteBucketCors) || ($.eventName = DeleteBucketLifecycle) || ($.eventName = DeleteBucketReplication)) }`,
	"config_changes":             `{ ($.eventSource = config.amazonaws.com) && (($.eventName=StopConfigurationRecorder)||($.eventName=DeleteDeliveryChannel) ||($.eventName=PutDeliveryChannel)||($.eventName=PutConfigurationRecorder)) }`,
	"security_group_changes":     `{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) }`,
	"nacl_changes":               `{ ($.eventName = CreateNetworkAcl) || ($.eventName = CreateNetworkAclEntry) || ($.eventName = DeleteNetworkAcl) || ($.eventName = DeleteNetworkAclEntry) || ($.eventName = ReplaceNetworkAclEntry) || ($.eventName = ReplaceNetworkAclAssociation) }`,
	"network_gateway_changes":    `{ ($.eventName = CreateCustomerGateway) || ($.eventName = DeleteCustomerGateway) || ($.eventName = AttachInternetGateway) || ($.eventName = CreateInternetGateway) || ($.eventName = DeleteInternetGateway) || ($.eventName = DetachInternetGateway) }`,
	"route_table_changes":        `{($.eventSource = ec2.amazonaws.com) && (($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || ($.eventName = ReplaceRoute) || ($.eventName = ReplaceRouteTableAssociation) || ($.eventName = DeleteRouteTable) || ($.eventName = DeleteRoute) || ($.eventName = DisassociateRouteTable)) }`,
	"vpc_changes":                `{ ($.eventName = CreateVpc) || ($.eventName = DeleteVpc) || ($.eventName = ModifyVpcAttribute) || ($.eventName = AcceptVpcPeeringConnection) || ($.eventName = CreateVpcPeeringConnection) || ($.eventName = DeleteVpcPeeringConnection) || ($.eventName = RejectVpcPeeringConnection) || ($.eventName = AttachClassicLinkVpc) || ($.eventName = DetachClassicLinkVpc) || ($.eventName = DisableVpcClassicLink) || ($.eventName = EnableVpcClassicLink) }`,
	"organizations_changes":      `{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "AcceptHandshake") || ($.eventName = "AttachPolicy") || ($.eventName = "CreateAccount") || ($.eventName = "CreateOrganizationalUnit") || ($.eventName = "CreatePolicy") || ($.eventName = "DeclineHandshake") || ($.eventName = "DeleteOrganization") || ($.eventName = "DeleteOrganizationalUnit") || ($.eventName = "DeletePolicy") || ($.eventName = "DetachPolicy") || ($.eventName = "DisablePolicyType") || ($.eventName = "EnablePolicyType") || ($.eventName = "InviteAccountToOrganization") || ($.eventName = "LeaveOrganization") || ($.eventName = "MoveAccount") || ($.eventName = "RemoveAccountFromOrganization") || ($.eventName = "UpdatePolicy") || ($.eventName = "UpdateOrganizationalUnit")) }`,
}

func TestBenchmarkPatternsRecogniseTheirClassOnly(t *testing.T) {
	require.Len(t, cisPatterns, len(Classes))
	for _, c := range Classes {
		t.Run(c.Name, func(t *testing.T) {
			got, err := Classify(cisPatterns[c.Name])
			require.NoError(t, err)
			assert.Equal(t, []string{c.Name}, got)
		})
	}
}

func TestRewrittenPatterns(t *testing.T) {
	for name, tc := range map[string]struct {
		pattern string
		want    []string
	}{
		"events reordered, no parentheses, quoted": {
			pattern: `{$.eventName="StopLogging"||$.eventName="StartLogging"||$.eventName="DeleteTrail"||$.eventName="UpdateTrail"||$.eventName="CreateTrail"}`,
			want:    []string{"cloudtrail_changes"},
		},
		"wildcard over the trail events with the source": {
			pattern: `{ $.eventSource = "cloudtrail.amazonaws.com" && ($.eventName = "*Trail" || $.eventName = "St*Logging") }`,
			want:    []string{"cloudtrail_changes"},
		},
		"root filter without the service event condition": {
			pattern: `{ $.userIdentity.type = "Root" }`,
			want:    []string{"root_usage"},
		},
		"one filter for security groups and NACLs": {
			pattern: `{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) || ($.eventName = *NetworkAcl* && $.readOnly IS FALSE) }`,
			want:    []string{"nacl_changes", "security_group_changes"},
		},
		"unauthorized with plain conditions": {
			pattern: `{ $.errorCode = "*UnauthorizedOperation" || $.errorCode = "AccessDenied*" }`,
			want:    []string{"unauthorized_api_calls"},
		},
		"IS and EXISTS forms": {
			pattern: `{ $.eventName = ConsoleLogin && $.errorMessage EXISTS && $.readOnly IS FALSE }`,
			want:    []string{"console_auth_failures"},
		},
	} {
		t.Run(name, func(t *testing.T) {
			got, err := Classify(tc.pattern)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestPatternsThatMustNotBeRecognised(t *testing.T) {
	for name, pattern := range map[string]string{
		"one trail event missing":            `{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) }`,
		"every event":                        `{ $.eventVersion = * }`,
		"NACL wildcard that counts reads":    `{ $.eventName = *NetworkAcl* }`,
		"every IAM call, reads included":     `{ $.eventSource = iam.amazonaws.com }`,
		"sign-in with or without MFA":        `{ $.eventName = ConsoleLogin }`,
		"wrong case of the event name":       `{ $.eventName = stoplogging || $.eventName = createtrail || $.eventName = updatetrail || $.eventName = deletetrail || $.eventName = startlogging }`,
		"root filter on the wrong field":     `{ $.userIdentity.arn = "Root" }`,
		"KMS disable only":                   `{ $.eventSource = kms.amazonaws.com && $.eventName = DisableKey }`,
		"unauthorized without AccessDenied":  `{ $.errorCode = "*UnauthorizedOperation" }`,
		"trail events under another service": `{ $.eventSource = s3.amazonaws.com && ($.eventName = CreateTrail || $.eventName = UpdateTrail || $.eventName = DeleteTrail || $.eventName = StartLogging || $.eventName = StopLogging) }`,
	} {
		t.Run(name, func(t *testing.T) {
			got, err := Classify(pattern)
			require.NoError(t, err)
			assert.Empty(t, got)
		})
	}
}

func TestParseErrors(t *testing.T) {
	for name, tc := range map[string]struct {
		pattern     string
		unsupported bool
		contains    string
	}{
		"term pattern":          {pattern: `ERROR MainThread`, unsupported: true},
		"space-delimited":       {pattern: `[ip, user, ...]`, unsupported: true},
		"empty":                 {pattern: ``, unsupported: true},
		"regex":                 {pattern: `{ $.eventName = %Trail$% }`, unsupported: true},
		"unclosed brace":        {pattern: `{ $.a = 1`, contains: "expected }"},
		"missing operator":      {pattern: `{ $.a "x" }`, contains: "expected an operator"},
		"unterminated string":   {pattern: `{ $.a = "x }`, contains: "unterminated string"},
		"trailing text":         {pattern: `{ $.a = 1 } x`, contains: "after the closing brace"},
		"bad index":             {pattern: `{ $.a[x] = 1 }`, contains: "not a number"},
		"comparison on a word":  {pattern: `{ $.a > x }`, contains: "needs a number"},
		"deep parentheses":      {pattern: "{" + strings.Repeat("(", 40) + "$.a=1" + strings.Repeat(")", 40) + "}", contains: "nested deeper"},
		"too long":              {pattern: "{ $.a = \"" + strings.Repeat("x", MaxPatternLen) + "\" }", contains: "exceeds"},
		"NOT without EXISTS":    {pattern: `{ $.a NOT x }`, contains: "expected EXISTS"},
		"IS without a constant": {pattern: `{ $.a IS x }`, contains: "TRUE, FALSE or NULL"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Parse(tc.pattern)
			require.Error(t, err)
			assert.Equal(t, tc.unsupported, errors.Is(err, ErrUnsupported), err.Error())
			assert.Contains(t, err.Error(), tc.contains)
		})
	}
}

func TestMatchValues(t *testing.T) {
	ev := map[string]any{"a": map[string]any{"b": []any{"x", 3.0}}, "n": 10.0, "t": true, "z": nil}
	for pattern, want := range map[string]bool{
		`{ $.a.b[0] = "x" }`:       true,
		`{ $.a.b[1] = 3 }`:         true,
		`{ $.a.b[2] = "x" }`:       false,
		`{ $.n >= 10 }`:            true,
		`{ $.n < 10 }`:             false,
		`{ $.n != 9 }`:             true,
		`{ $.t IS TRUE }`:          true,
		`{ $.z IS NULL }`:          true,
		`{ $.missing != "x" }`:     false,
		`{ $.missing NOT EXISTS }`: true,
		`{ $.a = "x" }`:            false,
		`{ $.n = "1*" }`:           true,
	} {
		p, err := Parse(pattern)
		require.NoError(t, err, pattern)
		assert.Equal(t, want, p.Match(ev), pattern)
	}
}

func FuzzClassify(f *testing.F) {
	for _, p := range cisPatterns {
		f.Add(p)
	}
	f.Add(`{ $.a[0].b IS NULL || $.c NOT EXISTS }`)
	f.Add(`{ $.a = %x% }`)
	f.Fuzz(func(t *testing.T, pattern string) {
		classes, err := Classify(pattern)
		if err != nil {
			assert.Nil(t, classes)
			return
		}
		assert.LessOrEqual(t, len(classes), len(Classes))
	})
}
