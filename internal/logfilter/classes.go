package logfilter

import "sort"

// Class is a kind of CloudTrail event that the CIS AWS Foundations Benchmark (v6.0.0, 5.1-5.15) asks a
// metric filter and alarm for. A pattern recognises a class when it matches every one of the class's
// events (each event name the benchmark lists, as CloudTrail records it) and none of its negatives: an
// unrelated read-only call, and the near miss of the class (a read of the same service, a successful
// call, a sign-in with MFA). So a filter that is written differently (other order, parentheses, extra
// conditions that hold for these events, a wildcard) is recognised, and one that misses an event name or
// matches everything is not.
type Class struct {
	Name      string
	Positive  []map[string]any
	Negatives []map[string]any
}

// call is a successful API call by an IAM user from the internet, as CloudTrail records it.
func call(source, name string, readOnly bool) map[string]any {
	return map[string]any{
		"eventVersion":    "1.09",
		"eventSource":     source,
		"eventName":       name,
		"eventType":       "AwsApiCall",
		"awsRegion":       "eu-west-1",
		"readOnly":        readOnly,
		"sourceIPAddress": "203.0.113.10",
		"userAgent":       "aws-cli/2.15.0",
		"userIdentity": map[string]any{
			"type": "IAMUser", "arn": "arn:aws:iam::123456789012:user/alice", "accountId": "123456789012",
			"userName": "alice",
		},
		"recipientAccountId": "123456789012",
	}
}

func calls(source string, names ...string) []map[string]any {
	out := make([]map[string]any, len(names))
	for i, n := range names {
		out[i] = call(source, n, false)
	}
	return out
}

func with(e map[string]any, kv ...any) map[string]any {
	for i := 0; i+1 < len(kv); i += 2 {
		e[kv[i].(string)] = kv[i+1]
	}
	return e
}

func consoleLogin(result string, mfa string, identityType string) map[string]any {
	e := call("signin.amazonaws.com", "ConsoleLogin", false)
	e["eventType"] = "AwsConsoleSignIn"
	e["userIdentity"] = map[string]any{"type": identityType, "arn": "arn:aws:iam::123456789012:user/alice", "accountId": "123456789012", "userName": "alice"}
	e["responseElements"] = map[string]any{"ConsoleLogin": result}
	e["additionalEventData"] = map[string]any{"MFAUsed": mfa, "LoginTo": "https://console.aws.amazon.com/"}
	if result == "Failure" {
		e["errorMessage"] = "Failed authentication"
	}
	return e
}

func rootEvent(eventType string) map[string]any {
	e := call("ec2.amazonaws.com", "RunInstances", false)
	e["eventType"] = eventType
	e["userIdentity"] = map[string]any{"type": "Root", "arn": "arn:aws:iam::123456789012:root", "accountId": "123456789012"}
	return e
}

// unrelated is a read-only call no class should count.
func unrelated() map[string]any { return call("ec2.amazonaws.com", "DescribeInstances", true) }

// Classes are the fifteen CIS monitoring event classes, in benchmark order.
var Classes = []Class{
	{
		Name: "unauthorized_api_calls",
		Positive: []map[string]any{
			with(call("ec2.amazonaws.com", "RunInstances", false), "errorCode", "Client.UnauthorizedOperation", "errorMessage", "You are not authorized to perform this operation."),
			with(call("s3.amazonaws.com", "GetObject", true), "errorCode", "AccessDenied"),
			with(call("kms.amazonaws.com", "Decrypt", true), "errorCode", "AccessDeniedException"),
		},
		Negatives: []map[string]any{unrelated(), call("iam.amazonaws.com", "CreateUser", false)},
	},
	{
		Name:      "console_signin_without_mfa",
		Positive:  []map[string]any{consoleLogin("Success", "No", "IAMUser")},
		Negatives: []map[string]any{unrelated(), consoleLogin("Success", "Yes", "IAMUser")},
	},
	{
		Name: "root_usage",
		Positive: []map[string]any{
			rootEvent("AwsApiCall"),
			consoleLogin("Success", "Yes", "Root"),
		},
		Negatives: []map[string]any{unrelated()},
	},
	{
		Name: "iam_policy_changes",
		Positive: calls("iam.amazonaws.com", "DeleteGroupPolicy", "DeleteRolePolicy", "DeleteUserPolicy",
			"PutGroupPolicy", "PutRolePolicy", "PutUserPolicy", "CreatePolicy", "DeletePolicy", "CreatePolicyVersion",
			"DeletePolicyVersion", "AttachRolePolicy", "DetachRolePolicy", "AttachUserPolicy", "DetachUserPolicy",
			"AttachGroupPolicy", "DetachGroupPolicy"),
		Negatives: []map[string]any{unrelated(), call("iam.amazonaws.com", "GetPolicy", true)},
	},
	{
		Name:      "cloudtrail_changes",
		Positive:  calls("cloudtrail.amazonaws.com", "CreateTrail", "UpdateTrail", "DeleteTrail", "StartLogging", "StopLogging"),
		Negatives: []map[string]any{unrelated(), call("cloudtrail.amazonaws.com", "DescribeTrails", true)},
	},
	{
		Name:      "console_auth_failures",
		Positive:  []map[string]any{consoleLogin("Failure", "No", "IAMUser")},
		Negatives: []map[string]any{unrelated(), consoleLogin("Success", "Yes", "IAMUser")},
	},
	{
		Name:      "cmk_disable_or_deletion",
		Positive:  calls("kms.amazonaws.com", "DisableKey", "ScheduleKeyDeletion"),
		Negatives: []map[string]any{unrelated(), call("kms.amazonaws.com", "DescribeKey", true)},
	},
	{
		Name: "s3_bucket_policy_changes",
		Positive: calls("s3.amazonaws.com", "PutBucketAcl", "PutBucketPolicy", "PutBucketCors", "PutBucketLifecycle",
			"PutBucketReplication", "DeleteBucketPolicy", "DeleteBucketCors", "DeleteBucketLifecycle", "DeleteBucketReplication"),
		Negatives: []map[string]any{unrelated(), call("s3.amazonaws.com", "GetBucketPolicy", true)},
	},
	{
		Name: "config_changes",
		Positive: calls("config.amazonaws.com", "StopConfigurationRecorder", "DeleteDeliveryChannel",
			"PutDeliveryChannel", "PutConfigurationRecorder"),
		Negatives: []map[string]any{unrelated(), call("config.amazonaws.com", "DescribeConfigurationRecorders", true)},
	},
	{
		Name: "security_group_changes",
		Positive: calls("ec2.amazonaws.com", "AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupEgress",
			"RevokeSecurityGroupIngress", "RevokeSecurityGroupEgress", "CreateSecurityGroup", "DeleteSecurityGroup"),
		Negatives: []map[string]any{unrelated(), call("ec2.amazonaws.com", "DescribeSecurityGroups", true)},
	},
	{
		Name: "nacl_changes",
		Positive: calls("ec2.amazonaws.com", "CreateNetworkAcl", "CreateNetworkAclEntry", "DeleteNetworkAcl",
			"DeleteNetworkAclEntry", "ReplaceNetworkAclEntry", "ReplaceNetworkAclAssociation"),
		Negatives: []map[string]any{unrelated(), call("ec2.amazonaws.com", "DescribeNetworkAcls", true)},
	},
	{
		Name: "network_gateway_changes",
		Positive: calls("ec2.amazonaws.com", "CreateCustomerGateway", "DeleteCustomerGateway", "AttachInternetGateway",
			"CreateInternetGateway", "DeleteInternetGateway", "DetachInternetGateway"),
		Negatives: []map[string]any{unrelated(), call("ec2.amazonaws.com", "DescribeInternetGateways", true)},
	},
	{
		Name: "route_table_changes",
		Positive: calls("ec2.amazonaws.com", "CreateRoute", "CreateRouteTable", "ReplaceRoute",
			"ReplaceRouteTableAssociation", "DeleteRouteTable", "DeleteRoute", "DisassociateRouteTable"),
		Negatives: []map[string]any{unrelated(), call("ec2.amazonaws.com", "DescribeRouteTables", true)},
	},
	{
		Name: "vpc_changes",
		Positive: calls("ec2.amazonaws.com", "CreateVpc", "DeleteVpc", "ModifyVpcAttribute", "AcceptVpcPeeringConnection",
			"CreateVpcPeeringConnection", "DeleteVpcPeeringConnection", "RejectVpcPeeringConnection", "AttachClassicLinkVpc",
			"DetachClassicLinkVpc", "DisableVpcClassicLink", "EnableVpcClassicLink"),
		Negatives: []map[string]any{unrelated(), call("ec2.amazonaws.com", "DescribeVpcs", true)},
	},
	{
		Name: "organizations_changes",
		Positive: calls("organizations.amazonaws.com", "AcceptHandshake", "AttachPolicy", "CreateAccount",
			"CreateOrganizationalUnit", "CreatePolicy", "DeclineHandshake", "DeleteOrganization", "DeleteOrganizationalUnit",
			"DeletePolicy", "DetachPolicy", "DisablePolicyType", "EnablePolicyType", "InviteAccountToOrganization",
			"LeaveOrganization", "MoveAccount", "RemoveAccountFromOrganization", "UpdatePolicy", "UpdateOrganizationalUnit"),
		Negatives: []map[string]any{unrelated(), call("organizations.amazonaws.com", "ListAccounts", true)},
	},
}

// Recognises reports whether p matches every event of the class and none of its negatives.
func (c Class) Recognises(p *Pattern) bool {
	for _, e := range c.Positive {
		if !p.Match(e) {
			return false
		}
	}
	for _, e := range c.Negatives {
		if p.Match(e) {
			return false
		}
	}
	return true
}

// Classify parses a filter pattern and returns, sorted, the names of the classes it recognises.
func Classify(text string) ([]string, error) {
	p, err := Parse(text)
	if err != nil {
		return nil, err
	}
	out := []string{}
	for _, c := range Classes {
		if c.Recognises(p) {
			out = append(out, c.Name)
		}
	}
	sort.Strings(out)
	return out, nil
}
