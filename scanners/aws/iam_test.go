package aws

import (
	"context"
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/scanners/aws/awstest"
)

// govClock is the fixed collection time of these tests.
var govClock = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// govSession returns a session against the test server with fast, bounded retries (3 attempts, no
// backoff, no client-side rate limit), so throttling tests stay quick.
func govSession(t *testing.T, srv *awstest.Server, region string) *Session {
	t.Helper()
	cfg := srv.Config(region)
	cfg.Retryer = func() aws.Retryer {
		return retry.NewStandard(func(o *retry.StandardOptions) {
			o.MaxAttempts = 3
			o.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return 0, nil })
			o.RateLimiter = ratelimit.None
		})
	}
	return &Session{Cfg: cfg, Account: "123456789012", Partition: "aws", Region: region, CustomEndpoint: true, Home: true}
}

// govSink returns an empty sink stamped with govClock.
func govSink() *Sink { return NewSink(func() time.Time { return govClock }) }

// govByID indexes the sink's resources by id, asserting there are no duplicates.
func govByID(t *testing.T, sink *Sink) map[string]inventory.Resource {
	t.Helper()
	out := map[string]inventory.Resource{}
	for _, r := range schemaValid(t, sink.Resources()) {
		_, dup := out[r.ID]
		require.False(t, dup, "duplicate resource %s", r.ID)
		out[r.ID] = r
	}
	return out
}

// govIssue finds the recorded issue of one API.
func govIssue(t *testing.T, sink *Sink, account, region, api string) inventory.Issue {
	t.Helper()
	for _, is := range sink.Issues(account, region) {
		if is.API == api {
			return is
		}
	}
	t.Fatalf("no issue recorded for %s in %s/%s: %v", api, account, region, sink.Issues(account, region))
	return inventory.Issue{}
}

// govIAMXML wraps a query-protocol result the way IAM answers.
func govIAMXML(action, result string) string {
	return `<` + action + `Response xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><` + action + `Result>` + result +
		`</` + action + `Result><ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata></` + action + `Response>`
}

// govIAMAnswer answers an IAM action with fn's result, given the request's form values.
func govIAMAnswer(srv *awstest.Server, action string, fn func(form url.Values) string) {
	srv.Handle(awstest.Action("iam", action), func(w http.ResponseWriter, _ *http.Request, body []byte) {
		form, _ := url.ParseQuery(string(body))
		w.Header().Set("Content-Type", "text/xml")
		_, _ = w.Write([]byte(govIAMXML(action, fn(form))))
	})
}

// govIAMError answers an IAM action with an error of the given HTTP status and code.
func govIAMError(srv *awstest.Server, action string, status int, code string) {
	srv.Respond(awstest.Action("iam", action), status, "text/xml",
		`<ErrorResponse><Error><Type>Sender</Type><Code>`+code+`</Code><Message>`+code+`</Message></Error><RequestId>r1</RequestId></ErrorResponse>`)
}

// govEncodeDoc URL-encodes a policy document as IAM returns it.
func govEncodeDoc(doc string) string { return url.PathEscape(doc) }

const (
	govAccount   = "123456789012"
	govS3ReadDoc = `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}}`
	govDeployDoc = `{"Version":"2012-10-17","Statement":[{"Sid":"Deploy","Effect":"Allow","Action":["ec2:*","iam:PassRole"],"Resource":"*","Condition":{"NumericLessThan":{"aws:MultiFactorAuthAge":3600}}}]}`
	govTrustDoc  = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
)

// govSupportPolicy is the AWS managed policy a support role has; govSupportRoles lists one role with it.
const (
	govSupportPolicy = "arn:aws:iam::aws:policy/AWSSupportAccess"
	govSupportRoles  = `<PolicyRoles><member><RoleName>incident-response</RoleName><RoleId>AROA9</RoleId></member></PolicyRoles>` +
		`<PolicyUsers/><PolicyGroups/><IsTruncated>false</IsTruncated>`
)

// govCredentialReportCSV is a report with the root user, alice (console, MFA, one active and one
// inactive key) and bob (no console, no keys).
func govCredentialReportCSV() string {
	header := "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active," +
		"access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service," +
		"access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service," +
		"cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated"
	rows := []string{
		"<root_account>,arn:aws:iam::123456789012:root,2020-01-01T00:00:00+00:00,not_supported,2025-12-01T00:00:00+00:00,not_supported,not_supported,false," +
			"true,2021-05-06T07:08:09+00:00,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A",
		"alice,arn:aws:iam::123456789012:user/alice,2021-01-01T00:00:00+00:00,true,2025-12-24T10:00:00+00:00,2025-01-01T00:00:00+00:00,N/A,true," +
			"true,2024-03-04T05:06:07+01:00,2025-12-30T12:00:00+00:00,eu-west-1,s3,false,2022-02-02T02:02:02+00:00,N/A,N/A,N/A,false,N/A,false,N/A",
		"bob,arn:aws:iam::123456789012:user/bob,2021-01-01T00:00:00+00:00,false,N/A,N/A,N/A,false," +
			"false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A",
	}
	return header + "\n" + strings.Join(rows, "\n") + "\n"
}

// govSeedIAM fills kumo with users and a role, and answers the IAM operations kumo lacks.
func govSeedIAM(t *testing.T, srv *awstest.Server, cfg aws.Config) {
	t.Helper()
	ctx := context.Background()
	api := iam.NewFromConfig(cfg)
	for _, u := range []string{"alice", "bob", "carol"} {
		_, err := api.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String(u)})
		require.NoError(t, err)
	}
	_, err := api.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("app"), Path: aws.String("/svc/"),
		AssumeRolePolicyDocument: aws.String(govTrustDoc), MaxSessionDuration: aws.Int32(7200)})
	require.NoError(t, err)
	_, err = api.PutRolePolicy(ctx, &iam.PutRolePolicyInput{RoleName: aws.String("app"), PolicyName: aws.String("read"), PolicyDocument: aws.String(govS3ReadDoc)})
	require.NoError(t, err)
	pol, err := api.CreatePolicy(ctx, &iam.CreatePolicyInput{PolicyName: aws.String("deploy"), PolicyDocument: aws.String(govDeployDoc)})
	require.NoError(t, err)
	_, err = api.AttachRolePolicy(ctx, &iam.AttachRolePolicyInput{RoleName: aws.String("app"), PolicyArn: pol.Policy.Arn})
	require.NoError(t, err)
	// kumo's state outlives the server (its services are process-wide): leave it as found.
	t.Cleanup(func() {
		_, _ = api.DetachRolePolicy(ctx, &iam.DetachRolePolicyInput{RoleName: aws.String("app"), PolicyArn: pol.Policy.Arn})
		_, _ = api.DeleteRolePolicy(ctx, &iam.DeleteRolePolicyInput{RoleName: aws.String("app"), PolicyName: aws.String("read")})
		_, _ = api.DeleteRole(ctx, &iam.DeleteRoleInput{RoleName: aws.String("app")})
		_, _ = api.DeletePolicy(ctx, &iam.DeletePolicyInput{PolicyArn: pol.Policy.Arn})
		for _, u := range []string{"alice", "bob", "carol"} {
			_, _ = api.DeleteUser(ctx, &iam.DeleteUserInput{UserName: aws.String(u)})
		}
	})

	govIAMAnswer(srv, "GetAccountSummary", func(url.Values) string {
		return `<SummaryMap><entry><key>AccountMFAEnabled</key><value>1</value></entry>` +
			`<entry><key>AccountAccessKeysPresent</key><value>0</value></entry><entry><key>Users</key><value>3</value></entry></SummaryMap>`
	})
	govIAMAnswer(srv, "GetAccountPasswordPolicy", func(url.Values) string {
		return `<PasswordPolicy><MinimumPasswordLength>14</MinimumPasswordLength><RequireSymbols>true</RequireSymbols>` +
			`<RequireNumbers>true</RequireNumbers><RequireUppercaseCharacters>true</RequireUppercaseCharacters>` +
			`<RequireLowercaseCharacters>false</RequireLowercaseCharacters><AllowUsersToChangePassword>true</AllowUsersToChangePassword>` +
			`<ExpirePasswords>true</ExpirePasswords><MaxPasswordAge>90</MaxPasswordAge><PasswordReusePrevention>24</PasswordReusePrevention>` +
			`<HardExpiry>false</HardExpiry></PasswordPolicy>`
	})
	var generated atomic.Int32
	govIAMAnswer(srv, "GenerateCredentialReport", func(url.Values) string {
		if generated.Add(1) == 1 {
			return `<State>STARTED</State><Description>No report exists. Starting a new report generation task</Description>`
		}
		return `<State>COMPLETE</State>`
	})
	govIAMAnswer(srv, "GetCredentialReport", func(url.Values) string {
		return `<Content>` + base64.StdEncoding.EncodeToString([]byte(govCredentialReportCSV())) + `</Content>` +
			`<ReportFormat>text/csv</ReportFormat><GeneratedTime>2026-01-02T03:00:00Z</GeneratedTime>`
	})
	govIAMAnswer(srv, "ListUserPolicies", func(f url.Values) string {
		if f.Get("UserName") == "alice" {
			return `<PolicyNames><member>s3-read</member></PolicyNames><IsTruncated>false</IsTruncated>`
		}
		return `<PolicyNames/><IsTruncated>false</IsTruncated>`
	})
	govIAMAnswer(srv, "GetUserPolicy", func(f url.Values) string {
		return `<UserName>` + f.Get("UserName") + `</UserName><PolicyName>` + f.Get("PolicyName") + `</PolicyName>` +
			`<PolicyDocument>` + govEncodeDoc(govS3ReadDoc) + `</PolicyDocument>`
	})
	govIAMAnswer(srv, "ListAttachedUserPolicies", func(f url.Values) string {
		if f.Get("UserName") == "alice" {
			return `<AttachedPolicies><member><PolicyName>deploy</PolicyName><PolicyArn>arn:aws:iam::123456789012:policy/deploy</PolicyArn></member>` +
				`<member><PolicyName>ReadOnlyAccess</PolicyName><PolicyArn>arn:aws:iam::aws:policy/ReadOnlyAccess</PolicyArn></member></AttachedPolicies><IsTruncated>false</IsTruncated>`
		}
		return `<AttachedPolicies/><IsTruncated>false</IsTruncated>`
	})
	govIAMAnswer(srv, "ListMFADevices", func(f url.Values) string {
		if f.Get("UserName") == "alice" {
			return `<MFADevices><member><UserName>alice</UserName><SerialNumber>arn:aws:iam::123456789012:mfa/alice</SerialNumber>` +
				`<EnableDate>2024-01-01T00:00:00Z</EnableDate></member></MFADevices><IsTruncated>false</IsTruncated>`
		}
		return `<MFADevices/><IsTruncated>false</IsTruncated>`
	})
	govIAMAnswer(srv, "ListUserTags", func(f url.Values) string {
		if f.Get("UserName") == "alice" {
			return `<Tags><member><Key>team</Key><Value>platform</Value></member></Tags><IsTruncated>false</IsTruncated>`
		}
		return `<Tags/><IsTruncated>false</IsTruncated>`
	})
	govIAMAnswer(srv, "ListRoleTags", func(url.Values) string {
		return `<Tags><member><Key>app</Key><Value>web</Value></member></Tags><IsTruncated>false</IsTruncated>`
	})
	govIAMAnswer(srv, "ListGroups", func(url.Values) string {
		return `<Groups><member><Path>/</Path><GroupName>admins</GroupName><GroupId>AGPA1</GroupId>` +
			`<Arn>arn:aws:iam::123456789012:group/admins</Arn><CreateDate>2020-01-01T00:00:00Z</CreateDate></member></Groups><IsTruncated>false</IsTruncated>`
	})
	govIAMAnswer(srv, "GetGroup", func(url.Values) string {
		return `<Group><Path>/</Path><GroupName>admins</GroupName><GroupId>AGPA1</GroupId><Arn>arn:aws:iam::123456789012:group/admins</Arn>` +
			`<CreateDate>2020-01-01T00:00:00Z</CreateDate></Group><Users><member><Path>/</Path><UserName>alice</UserName><UserId>AIDA1</UserId>` +
			`<Arn>arn:aws:iam::123456789012:user/alice</Arn><CreateDate>2020-01-01T00:00:00Z</CreateDate></member></Users><IsTruncated>false</IsTruncated>`
	})
	govIAMAnswer(srv, "ListGroupPolicies", func(url.Values) string {
		return `<PolicyNames><member>zz-all</member><member>aa-deny</member></PolicyNames><IsTruncated>false</IsTruncated>`
	})
	govIAMAnswer(srv, "GetGroupPolicy", func(f url.Values) string {
		doc := `{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`
		if f.Get("PolicyName") == "aa-deny" {
			doc = `{"Statement":[{"Effect":"Deny","NotAction":"iam:*","NotResource":"arn:aws:s3:::x"}]}`
		}
		return `<GroupName>admins</GroupName><PolicyName>` + f.Get("PolicyName") + `</PolicyName><PolicyDocument>` + govEncodeDoc(doc) + `</PolicyDocument>`
	})
	govIAMAnswer(srv, "ListAttachedGroupPolicies", func(url.Values) string {
		return `<AttachedPolicies><member><PolicyName>AdministratorAccess</PolicyName><PolicyArn>arn:aws:iam::aws:policy/AdministratorAccess</PolicyArn></member></AttachedPolicies><IsTruncated>false</IsTruncated>`
	})
	// kumo lacks ListServerCertificates: one certificate expired at govClock, one valid.
	govIAMAnswer(srv, "ListServerCertificates", func(url.Values) string {
		return `<ServerCertificateMetadataList><member><ServerCertificateName>old-www</ServerCertificateName><Path>/cloudfront/</Path>` +
			`<Arn>arn:aws:iam::123456789012:server-certificate/cloudfront/old-www</Arn><ServerCertificateId>ASCA1</ServerCertificateId>` +
			`<UploadDate>2024-01-01T00:00:00Z</UploadDate><Expiration>2025-12-31T23:59:59Z</Expiration></member>` +
			`<member><ServerCertificateName>www</ServerCertificateName><Path>/</Path>` +
			`<Arn>arn:aws:iam::123456789012:server-certificate/www</Arn><ServerCertificateId>ASCA2</ServerCertificateId>` +
			`<UploadDate>2025-06-01T00:00:00Z</UploadDate><Expiration>2026-06-01T00:00:00Z</Expiration></member>` +
			`</ServerCertificateMetadataList><IsTruncated>false</IsTruncated>`
	})
	// kumo lacks ListEntitiesForPolicy: answer the support role lookup (role entities of AWSSupportAccess);
	// other policies' lookups still reach kumo and fail.
	srv.Handle(func(_ *http.Request, op awstest.Op, body []byte) bool {
		f, _ := url.ParseQuery(string(body))
		return op == awstest.Op{Service: "iam", Action: "ListEntitiesForPolicy"} &&
			f.Get("PolicyArn") == govSupportPolicy && f.Get("EntityFilter") == "Role"
	}, func(w http.ResponseWriter, _ *http.Request, _ []byte) {
		w.Header().Set("Content-Type", "text/xml")
		_, _ = w.Write([]byte(govIAMXML("ListEntitiesForPolicy", govSupportRoles)))
	})
	govIAMAnswer(srv, "ListPolicies", func(f url.Values) string {
		if f.Get("Scope") != "Local" {
			t.Errorf("ListPolicies Scope = %q, want Local", f.Get("Scope"))
		}
		return `<Policies><member><PolicyName>deploy</PolicyName><DefaultVersionId>v3</DefaultVersionId><PolicyId>ANPA1</PolicyId>` +
			`<Path>/</Path><Arn>arn:aws:iam::123456789012:policy/deploy</Arn><AttachmentCount>2</AttachmentCount><IsAttachable>true</IsAttachable>` +
			`<CreateDate>2020-01-01T00:00:00Z</CreateDate><UpdateDate>2020-01-01T00:00:00Z</UpdateDate></member></Policies><IsTruncated>false</IsTruncated>`
	})
	govIAMAnswer(srv, "GetPolicyVersion", func(f url.Values) string {
		if f.Get("VersionId") != "v3" {
			t.Errorf("GetPolicyVersion VersionId = %q, want the default v3", f.Get("VersionId"))
		}
		return `<PolicyVersion><Document>` + govEncodeDoc(govDeployDoc) + `</Document><VersionId>v3</VersionId><IsDefaultVersion>true</IsDefaultVersion>` +
			`<CreateDate>2020-01-01T00:00:00Z</CreateDate></PolicyVersion>`
	})
	govIAMAnswer(srv, "ListPolicyTags", func(url.Values) string {
		return `<Tags><member><Key>owner</Key><Value>sec</Value></member></Tags><IsTruncated>false</IsTruncated>`
	})
}

func TestIAMCollectsAccountUsersGroupsRolesPolicies(t *testing.T) {
	setCredentialReportWait(t, time.Millisecond, time.Second)
	srv := awstest.New(t)
	sess := govSession(t, srv, "eu-west-1")
	govSeedIAM(t, srv, sess.Cfg)
	sink := govSink()
	collectIAM(context.Background(), sess, sink)

	assert.Empty(t, sink.Issues(govAccount, "eu-west-1"))
	got := govByID(t, sink)

	acct := got["arn:aws:iam::123456789012:root"]
	assert.Equal(t, inventory.TypeAccount, acct.Type)
	assert.Equal(t, true, acct.Attributes["root_mfa_enabled"])
	assert.Equal(t, false, acct.Attributes["root_access_keys_present"])
	assert.Equal(t, map[string]any{
		"minimum_password_length": int64(14), "require_symbols": true, "require_numbers": true,
		"require_uppercase_characters": true, "require_lowercase_characters": false, "max_password_age": int64(90),
		"password_reuse_prevention": int64(24), "allow_users_to_change_password": true, "hard_expiry": false,
	}, acct.Attributes["password_policy"])
	assert.Equal(t, []string{"incident-response"}, acct.Attributes["support_roles"])

	old := got["arn:aws:iam::123456789012:server-certificate/cloudfront/old-www"]
	assert.Equal(t, inventory.TypeIAMServerCert, old.Type)
	assert.Equal(t, "old-www", old.Name)
	assert.Equal(t, "", old.Region, "IAM is global")
	assert.Equal(t, map[string]any{"name": "old-www", "path": "/cloudfront/", "expiration": "2025-12-31T23:59:59Z", "expired": true},
		old.Attributes, "expired when collected (govClock)")
	assert.Equal(t, false, got["arn:aws:iam::123456789012:server-certificate/www"].Attributes["expired"])
	assert.Empty(t, acct.Unknown)

	alice := got["arn:aws:iam::123456789012:user/alice"]
	assert.Equal(t, inventory.TypeIAMUser, alice.Type)
	assert.Equal(t, "alice", alice.Name)
	assert.Equal(t, "", alice.Region, "IAM is global")
	assert.Equal(t, govAccount, alice.Account)
	assert.Equal(t, "ListUsers", alice.Source.API)
	assert.Equal(t, govClock, *alice.Source.CollectedAt)
	assert.Equal(t, "alice", alice.Attributes["name"])
	assert.Equal(t, "/", alice.Attributes["path"])
	assert.Equal(t, true, alice.Attributes["console_access"])
	assert.Equal(t, true, alice.Attributes["mfa_enabled"])
	assert.Equal(t, []string{"arn:aws:iam::123456789012:policy/deploy", "arn:aws:iam::aws:policy/ReadOnlyAccess"}, alice.Attributes["managed_policy_arns"])
	assert.Equal(t, []any{map[string]any{"name": "s3-read", "document": map[string]any{
		"Version":   "2012-10-17",
		"Statement": []any{map[string]any{"Effect": "Allow", "Action": []string{"s3:GetObject"}, "Resource": []string{"arn:aws:s3:::b/*"}}},
	}}}, alice.Attributes["inline_policies"])
	assert.Equal(t, []any{
		map[string]any{"id": nil, "status": "Active", "created": "2024-03-04T04:06:07Z", "last_used": "2025-12-30T12:00:00Z",
			"age_days": int64(668), "days_unused": int64(2)},
		map[string]any{"id": nil, "status": "Inactive", "created": "2022-02-02T02:02:02Z", "last_used": nil,
			"age_days": int64(1430), "days_unused": int64(1430)},
	}, alice.Attributes["access_keys"], "ages counted to the report's GeneratedTime")
	assert.Equal(t, int64(8), alice.Attributes["password_days_unused"], "since password_last_used")
	assert.Equal(t, map[string]string{"team": "platform"}, alice.Tags)
	assert.Empty(t, alice.Unknown)

	bob := got["arn:aws:iam::123456789012:user/bob"]
	assert.Equal(t, false, bob.Attributes["console_access"])
	assert.Equal(t, false, bob.Attributes["mfa_enabled"])
	assert.Equal(t, []any{}, bob.Attributes["access_keys"])
	assert.Nil(t, bob.Attributes["password_days_unused"], "no password")
	assert.Equal(t, []any{}, bob.Attributes["inline_policies"])
	assert.Equal(t, []string{}, bob.Attributes["managed_policy_arns"])

	carol := got["arn:aws:iam::123456789012:user/carol"]
	assert.ElementsMatch(t, []string{"console_access", "access_keys", "password_days_unused"}, carol.Unknown, "created after the report")

	group := got["arn:aws:iam::123456789012:group/admins"]
	assert.Equal(t, inventory.TypeIAMGroup, group.Type)
	assert.Equal(t, []string{"arn:aws:iam::123456789012:user/alice"}, group.Attributes["members"])
	assert.Equal(t, []string{"arn:aws:iam::aws:policy/AdministratorAccess"}, group.Attributes["managed_policy_arns"])
	inline := group.Attributes["inline_policies"].([]any)
	require.Len(t, inline, 2)
	// Canonical order: by the JSON form of each element, as the Terraform adapters sort sets.
	assert.Equal(t, "zz-all", inline[0].(map[string]any)["name"])
	assert.Equal(t, []string{"arn:aws:s3:::x"}, inline[1].(map[string]any)["document"].(map[string]any)["Statement"].([]any)[0].(map[string]any)["NotResource"])

	role := got["arn:aws:iam::123456789012:role/svc/app"]
	assert.Equal(t, inventory.TypeIAMRole, role.Type)
	assert.Equal(t, "/svc/", role.Attributes["path"])
	assert.Equal(t, int64(7200), role.Attributes["max_session_duration"])
	assert.Equal(t, map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{
		"Effect": "Allow", "Principal": map[string]any{"Service": "ec2.amazonaws.com"}, "Action": []string{"sts:AssumeRole"}}}}, role.Attributes["assume_role_policy"])
	assert.Equal(t, []string{"arn:aws:iam::123456789012:policy/deploy"}, role.Attributes["managed_policy_arns"])
	require.Len(t, role.Attributes["inline_policies"], 1)
	assert.Equal(t, "read", role.Attributes["inline_policies"].([]any)[0].(map[string]any)["name"])
	assert.Equal(t, map[string]string{"app": "web"}, role.Tags)

	pol := got["arn:aws:iam::123456789012:policy/deploy"]
	assert.Equal(t, inventory.TypeIAMPolicy, pol.Type)
	assert.Equal(t, []string{"arn:aws:iam::123456789012:role/svc/app", "arn:aws:iam::123456789012:user/alice"}, pol.Attributes["attachments"])
	assert.Equal(t, map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{
		"Sid": "Deploy", "Effect": "Allow", "Action": []string{"ec2:*", "iam:PassRole"}, "Resource": []string{"*"},
		"Condition": map[string]any{"NumericLessThan": map[string]any{"aws:MultiFactorAuthAge": int64(3600)}},
	}}}, pol.Attributes["document"])
	assert.Equal(t, map[string]string{"owner": "sec"}, pol.Tags)
	assert.Empty(t, pol.Unknown)

	calls := srv.Calls()
	assert.Equal(t, 2, calls[awstest.Op{Service: "iam", Action: "GenerateCredentialReport"}], "polled until COMPLETE")
	assert.Equal(t, 1, calls[awstest.Op{Service: "iam", Action: "ListEntitiesForPolicy"}],
		"the support role lookup only: attachment lists were complete")
}

func TestIAMDeniedCallsLeaveAttributesUnknown(t *testing.T) {
	setCredentialReportWait(t, time.Millisecond, time.Second)
	srv := awstest.New(t)
	sess := govSession(t, srv, "eu-west-1")
	govSeedIAM(t, srv, sess.Cfg)
	for _, a := range []string{"GetAccountSummary", "GetAccountPasswordPolicy", "GenerateCredentialReport", "GetCredentialReport",
		"ListMFADevices", "ListRolePolicies", "GetUserPolicy", "GetPolicyVersion", "ListRoleTags", "GetGroup", "ListAttachedUserPolicies",
		"ListEntitiesForPolicy"} {
		srv.DenyQuery(awstest.Action("iam", a), "AccessDenied")
	}
	sink := govSink()
	collectIAM(context.Background(), sess, sink)
	got := govByID(t, sink)

	acct := got["arn:aws:iam::123456789012:root"]
	assert.ElementsMatch(t, []string{"root_mfa_enabled", "root_access_keys_present", "password_policy", "support_roles"}, acct.Unknown)
	assert.NotContains(t, acct.Attributes, "support_roles", "denied is unknown, not an empty list")
	assert.NotContains(t, acct.Attributes, "root_mfa_enabled")
	assert.NotContains(t, acct.Attributes, "password_policy")

	alice := got["arn:aws:iam::123456789012:user/alice"]
	assert.ElementsMatch(t, []string{"console_access", "access_keys", "password_days_unused", "mfa_enabled", "inline_policies.0.document", "managed_policy_arns"}, alice.Unknown)
	assert.Equal(t, []any{map[string]any{"name": "s3-read"}}, alice.Attributes["inline_policies"], "the name is known, the document is not")
	assert.NotContains(t, alice.Attributes, "mfa_enabled")

	role := got["arn:aws:iam::123456789012:role/svc/app"]
	assert.ElementsMatch(t, []string{"inline_policies", "tags"}, role.Unknown)
	assert.Contains(t, role.Attributes, "assume_role_policy")

	group := got["arn:aws:iam::123456789012:group/admins"]
	assert.Equal(t, []string{"members"}, group.Unknown)

	pol := got["arn:aws:iam::123456789012:policy/deploy"]
	assert.ElementsMatch(t, []string{"document", "attachments"}, pol.Unknown, "user attachment lists incomplete, fallback denied")

	is := govIssue(t, sink, govAccount, "eu-west-1", "GetAccountSummary")
	assert.Equal(t, CodeAccessDenied, is.Code)
	assert.Equal(t, "iam", is.Service)
	assert.Equal(t, "eu-west-1", is.Region)
	assert.Equal(t, CodeAccessDenied, govIssue(t, sink, govAccount, "eu-west-1", "ListEntitiesForPolicy").Code)
	assert.Equal(t, CodeAccessDenied, govIssue(t, sink, govAccount, "eu-west-1", "GetCredentialReport").Code)
}

func TestIAMFallbacksAndNotConfigured(t *testing.T) {
	setCredentialReportWait(t, time.Millisecond, time.Second)
	srv := awstest.New(t)
	sess := govSession(t, srv, "eu-west-1")
	govSeedIAM(t, srv, sess.Cfg)
	govIAMError(srv, "GetAccountPasswordPolicy", http.StatusNotFound, "NoSuchEntity")
	srv.DenyQuery(awstest.Action("iam", "GetAccountSummary"), "AccessDenied")
	srv.DenyQuery(awstest.Action("iam", "ListMFADevices"), "AccessDenied")
	srv.DenyQuery(awstest.Action("iam", "ListAttachedRolePolicies"), "AccessDenied")
	var entities atomic.Int32
	govIAMAnswer(srv, "ListEntitiesForPolicy", func(f url.Values) string {
		if f.Get("PolicyArn") == govSupportPolicy {
			return `<PolicyRoles/><PolicyUsers/><PolicyGroups/><IsTruncated>false</IsTruncated>`
		}
		entities.Add(1)
		return `<PolicyUsers><member><UserName>alice</UserName><UserId>AIDA1</UserId></member></PolicyUsers>` +
			`<PolicyRoles><member><RoleName>app</RoleName><RoleId>AROA1</RoleId></member></PolicyRoles><PolicyGroups/><IsTruncated>false</IsTruncated>`
	})
	sink := govSink()
	collectIAM(context.Background(), sess, sink)
	got := govByID(t, sink)

	acct := got["arn:aws:iam::123456789012:root"]
	assert.Empty(t, acct.Unknown)
	assert.Nil(t, acct.Attributes["password_policy"])
	assert.Contains(t, acct.Attributes, "password_policy", "no password policy is a known value")
	assert.Equal(t, false, acct.Attributes["root_mfa_enabled"], "from the credential report's root row")
	assert.Equal(t, true, acct.Attributes["root_access_keys_present"], "from the credential report's root row")
	assert.Equal(t, []string{}, acct.Attributes["support_roles"], "no role has the policy: a known empty list")

	alice := got["arn:aws:iam::123456789012:user/alice"]
	assert.Equal(t, true, alice.Attributes["mfa_enabled"], "from the credential report")
	assert.NotContains(t, alice.Unknown, "mfa_enabled")

	pol := got["arn:aws:iam::123456789012:policy/deploy"]
	assert.Equal(t, []string{"arn:aws:iam::123456789012:role/svc/app", "arn:aws:iam::123456789012:user/alice"}, pol.Attributes["attachments"])
	assert.Equal(t, int32(1), entities.Load(), "fell back to ListEntitiesForPolicy")
	role := got["arn:aws:iam::123456789012:role/svc/app"]
	assert.Equal(t, []string{"managed_policy_arns"}, role.Unknown)

	for _, is := range sink.Issues(govAccount, "eu-west-1") {
		assert.NotEqual(t, "GetAccountPasswordPolicy", is.API, "NoSuchEntity is not a failure")
	}
}

func TestIAMPaginationThrottlingAndReportTimeout(t *testing.T) {
	setCredentialReportWait(t, 5*time.Millisecond, 300*time.Millisecond)
	srv := awstest.New(t)
	sess := govSession(t, srv, "eu-west-1")
	govSeedIAM(t, srv, sess.Cfg)
	govIAMAnswer(srv, "ListUsers", func(f url.Values) string {
		user := func(n string) string {
			return `<member><Path>/</Path><UserName>` + n + `</UserName><UserId>AIDA` + n + `</UserId><Arn>arn:aws:iam::123456789012:user/` + n +
				`</Arn><CreateDate>2020-01-01T00:00:00Z</CreateDate></member>`
		}
		switch f.Get("Marker") {
		case "":
			return `<Users>` + user("u1") + user("u2") + `</Users><IsTruncated>true</IsTruncated><Marker>page2</Marker>`
		case "page2":
			return `<Users>` + user("u3") + `</Users><IsTruncated>false</IsTruncated>`
		}
		t.Errorf("unexpected marker %q", f.Get("Marker"))
		return `<Users/><IsTruncated>false</IsTruncated>`
	})
	// ListRoles is throttled twice, then answers: the retryer absorbs it.
	var throttled atomic.Int32
	srv.Handle(awstest.Action("iam", "ListRoles"), func(w http.ResponseWriter, _ *http.Request, _ []byte) {
		w.Header().Set("Content-Type", "text/xml")
		if throttled.Add(1) <= 2 {
			w.WriteHeader(http.StatusBadRequest)
			_, _ = w.Write([]byte(`<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>r</RequestId></ErrorResponse>`))
			return
		}
		_, _ = w.Write([]byte(govIAMXML("ListRoles", `<Roles><member><Path>/</Path><RoleName>r1</RoleName><RoleId>AROA1</RoleId>`+
			`<Arn>arn:aws:iam::123456789012:role/r1</Arn><CreateDate>2020-01-01T00:00:00Z</CreateDate>`+
			`<AssumeRolePolicyDocument>`+govEncodeDoc(govTrustDoc)+`</AssumeRolePolicyDocument></member></Roles><IsTruncated>false</IsTruncated>`)))
	})
	// ListGroups is throttled for good: after the retries the listing fails with Throttling.
	govIAMError(srv, "ListGroups", http.StatusBadRequest, "Throttling")
	// The report never completes.
	govIAMAnswer(srv, "GenerateCredentialReport", func(url.Values) string { return `<State>INPROGRESS</State>` })
	govIAMError(srv, "GetCredentialReport", http.StatusNotFound, "ReportInProgress")

	sink := govSink()
	start := time.Now()
	collectIAM(context.Background(), sess, sink)
	assert.Less(t, time.Since(start), 10*time.Second)
	got := govByID(t, sink)

	for _, u := range []string{"u1", "u2", "u3"} {
		r, ok := got["arn:aws:iam::123456789012:user/"+u]
		if assert.True(t, ok, "user %s from page %s", u, u) {
			assert.ElementsMatch(t, []string{"console_access", "access_keys", "password_days_unused"}, r.Unknown)
		}
	}
	r1 := got["arn:aws:iam::123456789012:role/r1"]
	assert.Equal(t, int64(3600), r1.Attributes["max_session_duration"], "AWS's default when not returned")
	assert.Equal(t, int32(3), throttled.Load())

	is := govIssue(t, sink, govAccount, "eu-west-1", "ListGroups")
	assert.Equal(t, CodeThrottling, is.Code)
	assert.Equal(t, "ReportInProgress", govIssue(t, sink, govAccount, "eu-west-1", "GetCredentialReport").Code)
	assert.Equal(t, 3, srv.Calls()[awstest.Op{Service: "iam", Action: "ListGroups"}], "three attempts")
	assert.GreaterOrEqual(t, srv.Calls()[awstest.Op{Service: "iam", Action: "GenerateCredentialReport"}], 2, "polled")

	// The group listing failed, so the policy's attachments come from ListEntitiesForPolicy, which
	// kumo does not implement: unknown.
	pol := got["arn:aws:iam::123456789012:policy/deploy"]
	assert.Contains(t, pol.Unknown, "attachments")
}

func TestParsePolicyDocument(t *testing.T) {
	for name, tc := range map[string]struct {
		raw  string
		want map[string]any
		err  bool
	}{
		"url-encoded single statement": {
			raw: govEncodeDoc(`{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":["a","b"],"Principal":"*"}}`),
			want: map[string]any{"Statement": []any{map[string]any{"Effect": "Allow", "Action": []string{"s3:*"},
				"Resource": []string{"a", "b"}, "Principal": "*"}}},
		},
		"plain JSON, plus sign kept": {
			raw:  `{"Statement":[{"Effect":"Deny","NotAction":["a+b"]}]}`,
			want: map[string]any{"Statement": []any{map[string]any{"Effect": "Deny", "NotAction": []string{"a+b"}}}},
		},
		"no statement":       {raw: `{"Version":"2012-10-17"}`, want: map[string]any{"Version": "2012-10-17", "Statement": []any{}}},
		"numbers":            {raw: `{"Statement":[],"X":1.5,"Y":2}`, want: map[string]any{"Statement": []any{}, "X": 1.5, "Y": int64(2)}},
		"action not strings": {raw: `{"Statement":[{"Action":[1]}]}`, err: true},
		"not an object":      {raw: `["x"]`, err: true},
		"bad escape":         {raw: `%7B%ZZ`, err: true},
		"trailing data":      {raw: `{} {}`, err: true},
	} {
		t.Run(name, func(t *testing.T) {
			got, err := parsePolicyDocument(tc.raw)
			if tc.err {
				assert.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestParseCredentialReport(t *testing.T) {
	rep, err := parseCredentialReport([]byte(govCredentialReportCSV()))
	require.NoError(t, err)
	require.NotNil(t, rep.root)
	assert.False(t, rep.root.mfaActive)
	assert.Len(t, rep.root.keys, 1)
	assert.Len(t, rep.users, 2)
	assert.True(t, rep.users["arn:aws:iam::123456789012:user/alice"].passwordEnabled)

	_, err = parseCredentialReport([]byte("user,arn\nx,y\n"))
	assert.ErrorContains(t, err, `no "password_enabled" column`)
	_, err = parseCredentialReport(nil)
	assert.Error(t, err)
	_, err = parseCredentialReport([]byte("a,\"b\n"))
	assert.Error(t, err)
}

// setCredentialReportWait shortens the credential report wait for one test.
func setCredentialReportWait(t *testing.T, poll, timeout time.Duration) {
	t.Helper()
	oldPoll, oldTimeout := credentialReportPoll, credentialReportTimeout
	credentialReportPoll, credentialReportTimeout = poll, timeout
	t.Cleanup(func() { credentialReportPoll, credentialReportTimeout = oldPoll, oldTimeout })
}
