package aws

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/backup"
	backuptypes "github.com/aws/aws-sdk-go-v2/service/backup/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	configtypes "github.com/aws/aws-sdk-go-v2/service/configservice/types"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/scanners/aws/awstest"
)

var updatePolicy = flag.Bool("update-policy", false, "rewrite docs/aws-readonly-policy.json from the collectors' calls")

const (
	policyPath      = "../../docs/aws-readonly-policy.json"
	permissionsPath = "../../docs/aws-permissions.md"
)

// sdkPackages maps the SDK service packages collectors may import to their SDK service id.
var sdkPackages = map[string]string{
	"github.com/aws/aws-sdk-go-v2/service/s3":             "S3",
	"github.com/aws/aws-sdk-go-v2/service/s3control":      "S3 Control",
	"github.com/aws/aws-sdk-go-v2/service/iam":            "IAM",
	"github.com/aws/aws-sdk-go-v2/service/sts":            "STS",
	"github.com/aws/aws-sdk-go-v2/service/ec2":            "EC2",
	"github.com/aws/aws-sdk-go-v2/service/rds":            "RDS",
	"github.com/aws/aws-sdk-go-v2/service/dynamodb":       "DynamoDB",
	"github.com/aws/aws-sdk-go-v2/service/kms":            "KMS",
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail":     "CloudTrail",
	"github.com/aws/aws-sdk-go-v2/service/configservice":  "Config Service",
	"github.com/aws/aws-sdk-go-v2/service/efs":            "EFS",
	"github.com/aws/aws-sdk-go-v2/service/backup":         "Backup",
	"github.com/aws/aws-sdk-go-v2/service/organizations":  "Organizations",
	"github.com/aws/aws-sdk-go-v2/service/accessanalyzer": "AccessAnalyzer",
	"github.com/aws/aws-sdk-go-v2/service/securityhub":    "SecurityHub",
	"github.com/aws/aws-sdk-go-v2/service/dlm":            "DLM",
	"github.com/aws/aws-sdk-go-v2/service/sns":            "SNS",
	"github.com/aws/aws-sdk-go-v2/service/sqs":            "SQS",
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager": "Secrets Manager",
	"github.com/aws/aws-sdk-go-v2/service/elasticache":    "ElastiCache",
	"github.com/aws/aws-sdk-go-v2/service/redshift":       "Redshift",
	"github.com/aws/aws-sdk-go-v2/service/opensearch":     "OpenSearch",
	"github.com/aws/aws-sdk-go-v2/service/lambda":         "Lambda",
	"github.com/aws/aws-sdk-go-v2/service/ecr":            "ECR",
	"github.com/aws/aws-sdk-go-v2/service/eks":            "EKS",
	"github.com/aws/aws-sdk-go-v2/service/ecs":            "ECS",
	// Monitoring: CloudWatch Logs, CloudWatch alarms, SNS subscriptions, GuardDuty.
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs":         "CloudWatch Logs",
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch":             "CloudWatch",
	"github.com/aws/aws-sdk-go-v2/service/guardduty":              "GuardDuty",
	"github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2": "Elastic Load Balancing v2",
	"github.com/aws/aws-sdk-go-v2/service/elasticloadbalancing":   "Elastic Load Balancing",
	"github.com/aws/aws-sdk-go-v2/service/wafv2":                  "WAFV2",
	"github.com/aws/aws-sdk-go-v2/service/cloudfront":             "CloudFront",
	"github.com/aws/aws-sdk-go-v2/service/apigateway":             "API Gateway",
	"github.com/aws/aws-sdk-go-v2/service/apigatewayv2":           "ApiGatewayV2",
}

// iamPrefixes maps SDK service ids to IAM action prefixes, for services whose actions are named
// after their operations.
var iamPrefixes = map[string]string{
	"IAM": "iam", "STS": "sts", "EC2": "ec2", "RDS": "rds", "DynamoDB": "dynamodb", "KMS": "kms",
	"CloudTrail": "cloudtrail", "Config Service": "config", "EFS": "elasticfilesystem", "Backup": "backup",
	"Organizations": "organizations", "AccessAnalyzer": "access-analyzer", "SecurityHub": "securityhub", "DLM": "dlm",
	"SNS": "sns", "SQS": "sqs", "Secrets Manager": "secretsmanager", "ElastiCache": "elasticache", "Redshift": "redshift",
	"OpenSearch": "es", "Lambda": "lambda", "ECR": "ecr", "EKS": "eks", "ECS": "ecs",
	"CloudWatch Logs": "logs", "CloudWatch": "cloudwatch", "GuardDuty": "guardduty",
	"Elastic Load Balancing v2": "elasticloadbalancing", "Elastic Load Balancing": "elasticloadbalancing",
	"WAFV2": "wafv2", "CloudFront": "cloudfront",
}

// s3Actions maps S3 and S3 Control operations to their IAM actions, which are named differently
// (Service Authorization Reference, "Actions defined by Amazon S3").
var s3Actions = map[Call]string{
	{"S3", "ListBuckets"}:                                "s3:ListAllMyBuckets",
	{"S3", "HeadBucket"}:                                 "s3:ListBucket",
	{"S3", "ListObjectsV2"}:                              "s3:ListBucket",
	{"S3", "GetBucketLocation"}:                          "s3:GetBucketLocation",
	{"S3", "GetBucketVersioning"}:                        "s3:GetBucketVersioning",
	{"S3", "GetBucketEncryption"}:                        "s3:GetEncryptionConfiguration",
	{"S3", "GetPublicAccessBlock"}:                       "s3:GetBucketPublicAccessBlock",
	{"S3", "GetBucketLogging"}:                           "s3:GetBucketLogging",
	{"S3", "GetBucketPolicy"}:                            "s3:GetBucketPolicy",
	{"S3", "GetBucketPolicyStatus"}:                      "s3:GetBucketPolicyStatus",
	{"S3", "GetBucketReplication"}:                       "s3:GetReplicationConfiguration",
	{"S3", "GetObjectLockConfiguration"}:                 "s3:GetBucketObjectLockConfiguration",
	{"S3", "GetBucketLifecycleConfiguration"}:            "s3:GetLifecycleConfiguration",
	{"S3", "GetBucketAcl"}:                               "s3:GetBucketAcl",
	{"S3", "GetBucketTagging"}:                           "s3:GetBucketTagging",
	{"S3", "GetBucketOwnershipControls"}:                 "s3:GetBucketOwnershipControls",
	{"S3", "GetBucketNotificationConfiguration"}:         "s3:GetBucketNotification",
	{"S3", "GetBucketCors"}:                              "s3:GetBucketCORS",
	{"S3", "GetBucketWebsite"}:                           "s3:GetBucketWebsite",
	{"S3 Control", "GetPublicAccessBlock"}:               "s3:GetAccountPublicAccessBlock",
	{"S3 Control", "ListAccessPoints"}:                   "s3:ListAccessPoints",
	{"S3 Control", "GetAccessPointPolicyStatus"}:         "s3:GetAccessPointPolicyStatus",
	{"S3 Control", "ListMultiRegionAccessPoints"}:        "s3:ListMultiRegionAccessPoints",
	{"S3", "GetBucketAccelerateConfiguration"}:           "s3:GetAccelerateConfiguration",
	{"S3", "GetBucketRequestPayment"}:                    "s3:GetBucketRequestPayment",
	{"S3", "ListBucketIntelligentTieringConfigurations"}: "s3:GetIntelligentTieringConfiguration",
}

// callerActions are called with the caller's own credentials, to reach the audited accounts: they
// belong in the caller's policy (docs/aws-permissions.md), not in the audited accounts' read-only one.
var callerActions = map[string]bool{"sts:AssumeRole": true}

// writeExceptions are the only actions of the policy that are not Get/List/Describe.
var writeExceptions = map[string]string{
	"iam:GenerateCredentialReport": "starts the generation of the account's credential report (root and users' MFA, keys, " +
		"passwords); it changes nothing else, and the report is how the root user's MFA and access keys are read",
}

// iamAction returns the IAM action that authorizes a call.
func iamAction(c Call) (string, error) {
	if a, ok := s3Actions[c]; ok {
		return a, nil
	}
	// API Gateway authorizes its management API by HTTP method (Service Authorization Reference, "Actions
	// defined by Amazon API Gateway Management"): every Get operation is apigateway:GET.
	if c.Service == "API Gateway" || c.Service == "ApiGatewayV2" {
		if !strings.HasPrefix(c.Operation, "Get") {
			return "", fmt.Errorf("%s: only API Gateway Get operations map to apigateway:GET", c)
		}
		return "apigateway:GET", nil
	}
	if c.Service == "S3" || c.Service == "S3 Control" {
		return "", fmt.Errorf("%s: S3 actions are not named after operations: add it to s3Actions", c)
	}
	prefix, ok := iamPrefixes[c.Service]
	if !ok {
		return "", fmt.Errorf("%s: unknown service: add its IAM prefix to iamPrefixes", c)
	}
	return prefix + ":" + c.Operation, nil
}

// staticCalls finds every SDK operation the collectors' sources can call: each reference to an
// operation's input type (client.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{...}), paginators
// included) in a non-test file of this package. It covers branches no emulator run reaches.
func staticCalls(t *testing.T) map[Call][]string {
	t.Helper()
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	calls := map[Call][]string{}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		require.NoError(t, err)
		imports := map[string]string{} // local name → service id
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if !strings.HasPrefix(path, "github.com/aws/aws-sdk-go-v2/service/") || strings.Count(path, "/") != 4 {
				continue
			}
			service, ok := sdkPackages[path]
			require.True(t, ok, "%s imports %s: add it to sdkPackages and its IAM prefix to iamPrefixes", name, path)
			local := filepath.Base(path)
			if imp.Name != nil {
				local = imp.Name.Name
			}
			imports[local] = service
		}
		ast.Inspect(f, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			pkg, ok := sel.X.(*ast.Ident)
			if !ok || imports[pkg.Name] == "" || !strings.HasSuffix(sel.Sel.Name, "Input") || !ast.IsExported(sel.Sel.Name) {
				return true
			}
			c := Call{Service: imports[pkg.Name], Operation: strings.TrimSuffix(sel.Sel.Name, "Input")}
			pos := fset.Position(sel.Pos())
			calls[c] = append(calls[c], fmt.Sprintf("%s:%d", pos.Filename, pos.Line))
			return true
		})
	}
	return calls
}

type policyDocument struct {
	Version   string            `json:"Version"`
	Statement []policyStatement `json:"Statement"`
}

type policyStatement struct {
	Sid      string   `json:"Sid"`
	Effect   string   `json:"Effect"`
	Action   []string `json:"Action"`
	Resource string   `json:"Resource"`
}

func readPolicy(t *testing.T) map[string]bool {
	t.Helper()
	data, err := os.ReadFile(policyPath)
	require.NoError(t, err)
	var doc policyDocument
	require.NoError(t, json.Unmarshal(data, &doc))
	require.Equal(t, "2012-10-17", doc.Version)
	actions := map[string]bool{}
	for _, st := range doc.Statement {
		require.Equal(t, "Allow", st.Effect)
		require.Equal(t, "*", st.Resource)
		for _, a := range st.Action {
			require.False(t, actions[a], "%s listed twice", a)
			actions[a] = true
		}
	}
	return actions
}

// neededActions maps every action the collectors' code can call to the places that call it.
func neededActions(t *testing.T) map[string][]string {
	t.Helper()
	needed := map[string][]string{}
	for c, where := range staticCalls(t) {
		action, err := iamAction(c)
		require.NoError(t, err, "called at %v", where)
		if !callerActions[action] {
			needed[action] = append(needed[action], where...)
		}
	}
	return needed
}

func TestReadOnlyPolicyIsExact(t *testing.T) {
	needed := neededActions(t)
	if *updatePolicy {
		actions := make([]string, 0, len(needed))
		for a := range needed {
			actions = append(actions, a)
		}
		sort.Strings(actions)
		var doc policyDocument
		doc.Version = "2012-10-17"
		doc.Statement = append(doc.Statement, policyStatement{Sid: "VigilAuditReadOnly", Effect: "Allow", Action: actions, Resource: "*"})
		data, err := json.MarshalIndent(doc, "", "  ")
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(policyPath, append(data, '\n'), 0o644))
	}
	policy := readPolicy(t)
	for action, where := range needed {
		assert.True(t, policy[action], "%s is called (%s) but missing from docs/aws-readonly-policy.json (go test -run TestReadOnlyPolicyIsExact -update-policy)",
			action, strings.Join(where, ", "))
	}
	for action := range policy {
		assert.Contains(t, needed, action, "docs/aws-readonly-policy.json grants %s, which no collector calls", action)
	}
}

func TestReadOnlyPolicyHasNoWriteAction(t *testing.T) {
	for action := range readPolicy(t) {
		prefix, name, ok := strings.Cut(action, ":")
		require.True(t, ok, action)
		assert.NotContains(t, action, "*", "no wildcard: the policy lists exactly what vigil calls")
		assert.NotEmpty(t, prefix)
		if _, ok := writeExceptions[action]; ok {
			continue
		}
		if action == "apigateway:GET" {
			continue // API Gateway's read action, named after the HTTP method
		}
		assert.True(t, strings.HasPrefix(name, "Get") || strings.HasPrefix(name, "List") || strings.HasPrefix(name, "Describe"),
			"%s is not a read action (Get, List, Describe)", action)
	}
}

func TestPermissionsDocListsEveryAction(t *testing.T) {
	data, err := os.ReadFile(permissionsPath)
	require.NoError(t, err)
	doc := string(data)
	for action := range readPolicy(t) {
		assert.Contains(t, doc, "`"+action+"`", "docs/aws-permissions.md does not explain %s", action)
	}
	for action := range writeExceptions {
		assert.Contains(t, doc, "`"+action+"`")
	}
	for action := range callerActions {
		assert.Contains(t, doc, "`"+action+"`")
	}
}

// seedEmulator creates a few resources of every kind kumo implements, so that the collectors make
// their per-resource calls; what kumo rejects is skipped (errors are fine here). kumo keeps its state
// for the whole test binary, so everything created is deleted when the test ends, and the organization
// is answered by the front handler instead of being created.
func seedEmulator(t *testing.T, srv *awstest.Server) {
	t.Helper()
	ctx := context.Background()
	cfg := srv.Config("eu-west-1")
	cleanup := func(fn func() error) { t.Cleanup(func() { _ = fn() }) }

	sc := s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true })
	if _, err := sc.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("perm-bucket")}); err == nil {
		cleanup(func() error {
			_, err := sc.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: aws.String("perm-bucket")})
			return err
		})
	}

	ic := iam.NewFromConfig(cfg)
	user, role := aws.String("perm-user"), aws.String("perm-role")
	if _, err := ic.CreateUser(ctx, &iam.CreateUserInput{UserName: user}); err == nil {
		cleanup(func() error { _, err := ic.DeleteUser(ctx, &iam.DeleteUserInput{UserName: user}); return err })
	}
	if key, err := ic.CreateAccessKey(ctx, &iam.CreateAccessKeyInput{UserName: user}); err == nil {
		cleanup(func() error {
			_, err := ic.DeleteAccessKey(ctx, &iam.DeleteAccessKeyInput{UserName: user, AccessKeyId: key.AccessKey.AccessKeyId})
			return err
		})
	}
	if _, err := ic.CreateRole(ctx, &iam.CreateRoleInput{RoleName: role,
		AssumeRolePolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`)}); err == nil {
		cleanup(func() error { _, err := ic.DeleteRole(ctx, &iam.DeleteRoleInput{RoleName: role}); return err })
	}
	if _, err := ic.PutRolePolicy(ctx, &iam.PutRolePolicyInput{RoleName: role, PolicyName: aws.String("inline"),
		PolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`)}); err == nil {
		cleanup(func() error {
			_, err := ic.DeleteRolePolicy(ctx, &iam.DeleteRolePolicyInput{RoleName: role, PolicyName: aws.String("inline")})
			return err
		})
	}
	if pol, err := ic.CreatePolicy(ctx, &iam.CreatePolicyInput{PolicyName: aws.String("perm-policy"),
		PolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`)}); err == nil {
		arn := pol.Policy.Arn
		cleanup(func() error { _, err := ic.DeletePolicy(ctx, &iam.DeletePolicyInput{PolicyArn: arn}); return err })
		if _, err := ic.AttachUserPolicy(ctx, &iam.AttachUserPolicyInput{UserName: user, PolicyArn: arn}); err == nil {
			cleanup(func() error {
				_, err := ic.DetachUserPolicy(ctx, &iam.DetachUserPolicyInput{UserName: user, PolicyArn: arn})
				return err
			})
		}
		if _, err := ic.AttachRolePolicy(ctx, &iam.AttachRolePolicyInput{RoleName: role, PolicyArn: arn}); err == nil {
			cleanup(func() error {
				_, err := ic.DetachRolePolicy(ctx, &iam.DetachRolePolicyInput{RoleName: role, PolicyArn: arn})
				return err
			})
		}
	}

	ec := ec2.NewFromConfig(cfg)
	if vpc, err := ec.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.0.0.0/16")}); err == nil {
		cleanup(func() error { _, err := ec.DeleteVpc(ctx, &ec2.DeleteVpcInput{VpcId: vpc.Vpc.VpcId}); return err })
		if sg, err := ec.CreateSecurityGroup(ctx, &ec2.CreateSecurityGroupInput{GroupName: aws.String("perm-sg"),
			Description: aws.String("perm"), VpcId: vpc.Vpc.VpcId}); err == nil {
			cleanup(func() error {
				_, err := ec.DeleteSecurityGroup(ctx, &ec2.DeleteSecurityGroupInput{GroupId: sg.GroupId})
				return err
			})
		}
	}
	if run, err := ec.RunInstances(ctx, &ec2.RunInstancesInput{ImageId: aws.String("ami-12345678"), MinCount: aws.Int32(1), MaxCount: aws.Int32(1)}); err == nil {
		var ids []string
		for _, i := range run.Instances {
			ids = append(ids, aws.ToString(i.InstanceId))
		}
		cleanup(func() error {
			_, err := ec.TerminateInstances(ctx, &ec2.TerminateInstancesInput{InstanceIds: ids})
			return err
		})
	}

	rc := rds.NewFromConfig(cfg)
	if _, err := rc.CreateDBInstance(ctx, &rds.CreateDBInstanceInput{DBInstanceIdentifier: aws.String("perm-db"),
		DBInstanceClass: aws.String("db.t3.micro"), Engine: aws.String("postgres"), AllocatedStorage: aws.Int32(20)}); err == nil {
		cleanup(func() error {
			_, err := rc.DeleteDBInstance(ctx, &rds.DeleteDBInstanceInput{DBInstanceIdentifier: aws.String("perm-db"), SkipFinalSnapshot: aws.Bool(true)})
			return err
		})
	}
	if _, err := rc.CreateDBCluster(ctx, &rds.CreateDBClusterInput{DBClusterIdentifier: aws.String("perm-cluster"), Engine: aws.String("aurora-postgresql")}); err == nil {
		cleanup(func() error {
			_, err := rc.DeleteDBCluster(ctx, &rds.DeleteDBClusterInput{DBClusterIdentifier: aws.String("perm-cluster"), SkipFinalSnapshot: aws.Bool(true)})
			return err
		})
	}

	dc := dynamodb.NewFromConfig(cfg)
	if _, err := dc.CreateTable(ctx, &dynamodb.CreateTableInput{TableName: aws.String("perm-table"),
		BillingMode:          ddbtypes.BillingModePayPerRequest,
		AttributeDefinitions: []ddbtypes.AttributeDefinition{{AttributeName: aws.String("pk"), AttributeType: ddbtypes.ScalarAttributeTypeS}},
		KeySchema:            []ddbtypes.KeySchemaElement{{AttributeName: aws.String("pk"), KeyType: ddbtypes.KeyTypeHash}}}); err == nil {
		cleanup(func() error {
			_, err := dc.DeleteTable(ctx, &dynamodb.DeleteTableInput{TableName: aws.String("perm-table")})
			return err
		})
	}

	kc := kms.NewFromConfig(cfg)
	if key, err := kc.CreateKey(ctx, &kms.CreateKeyInput{Description: aws.String("perm")}); err == nil {
		cleanup(func() error {
			_, err := kc.ScheduleKeyDeletion(ctx, &kms.ScheduleKeyDeletionInput{KeyId: key.KeyMetadata.KeyId, PendingWindowInDays: aws.Int32(7)})
			return err
		})
	}

	tc := cloudtrail.NewFromConfig(cfg)
	if _, err := tc.CreateTrail(ctx, &cloudtrail.CreateTrailInput{Name: aws.String("perm-trail"), S3BucketName: aws.String("perm-bucket")}); err == nil {
		cleanup(func() error {
			_, err := tc.DeleteTrail(ctx, &cloudtrail.DeleteTrailInput{Name: aws.String("perm-trail")})
			return err
		})
	}

	cc := configservice.NewFromConfig(cfg)
	if _, err := cc.PutConfigurationRecorder(ctx, &configservice.PutConfigurationRecorderInput{
		ConfigurationRecorder: &configtypes.ConfigurationRecorder{Name: aws.String("perm-recorder"), RoleARN: aws.String("arn:aws:iam::000000000000:role/config")}}); err == nil {
		cleanup(func() error {
			_, err := cc.DeleteConfigurationRecorder(ctx, &configservice.DeleteConfigurationRecorderInput{ConfigurationRecorderName: aws.String("perm-recorder")})
			return err
		})
	}

	bc := backup.NewFromConfig(cfg)
	if _, err := bc.CreateBackupVault(ctx, &backup.CreateBackupVaultInput{BackupVaultName: aws.String("perm-vault")}); err == nil {
		cleanup(func() error {
			_, err := bc.DeleteBackupVault(ctx, &backup.DeleteBackupVaultInput{BackupVaultName: aws.String("perm-vault")})
			return err
		})
	}
	if plan, err := bc.CreateBackupPlan(ctx, &backup.CreateBackupPlanInput{BackupPlan: &backuptypes.BackupPlanInput{
		BackupPlanName: aws.String("perm-plan"),
		Rules:          []backuptypes.BackupRuleInput{{RuleName: aws.String("daily"), TargetBackupVaultName: aws.String("perm-vault")}},
	}}); err == nil {
		cleanup(func() error {
			_, err := bc.DeleteBackupPlan(ctx, &backup.DeleteBackupPlanInput{BackupPlanId: plan.BackupPlanId})
			return err
		})
		if sel, err := bc.CreateBackupSelection(ctx, &backup.CreateBackupSelectionInput{BackupPlanId: plan.BackupPlanId,
			BackupSelection: &backuptypes.BackupSelection{SelectionName: aws.String("all"), IamRoleArn: aws.String("arn:aws:iam::000000000000:role/backup"),
				Resources: []string{"*"}}}); err == nil {
			cleanup(func() error {
				_, err := bc.DeleteBackupSelection(ctx, &backup.DeleteBackupSelectionInput{BackupPlanId: plan.BackupPlanId, SelectionId: sel.SelectionId})
				return err
			})
		}
	}

	// The organization, through the front handler: kumo's would outlive this test.
	colOrgJSON(srv, "DescribeOrganization", func([]byte) string {
		return `{"Organization":{"Id":"o-abc","FeatureSet":"ALL","MasterAccountId":"000000000000"}}`
	})
	colTwoPageAccounts(srv)
	colAnswerGaps(srv)
}

// colAnswerGaps answers what kumo lacks as AWS does: an EFS file system and a ready credential report.
func colAnswerGaps(srv *awstest.Server) {
	srv.Respond(awstest.REST("elasticfilesystem", http.MethodGet, "/2015-02-01/file-systems", ""), http.StatusOK, "application/json",
		`{"FileSystems":[{"FileSystemId":"fs-1","FileSystemArn":"arn:aws:elasticfilesystem:eu-west-1:000000000000:file-system/fs-1",
"OwnerId":"000000000000","CreationToken":"t","CreationTime":1.7e9,"LifeCycleState":"available","NumberOfMountTargets":0,
"SizeInBytes":{"Value":0},"PerformanceMode":"generalPurpose","Encrypted":true,"Tags":[]}]}`)
	srv.Respond(awstest.Action("iam", "GenerateCredentialReport"), http.StatusOK, "text/xml",
		`<GenerateCredentialReportResponse><GenerateCredentialReportResult><State>COMPLETE</State></GenerateCredentialReportResult></GenerateCredentialReportResponse>`)
	report := base64.StdEncoding.EncodeToString([]byte("user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated\n" +
		"<root_account>,arn:aws:iam::000000000000:root,2020-01-01T00:00:00+00:00,not_supported,N/A,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n"))
	srv.Respond(awstest.Action("iam", "GetCredentialReport"), http.StatusOK, "text/xml",
		`<GetCredentialReportResponse><GetCredentialReportResult><Content>`+report+`</Content><ReportFormat>text/csv</ReportFormat>`+
			`<GeneratedTime>2026-03-01T00:00:00Z</GeneratedTime></GetCredentialReportResult></GetCredentialReportResponse>`)
}

// TestCollectCallsOnlyPolicyActions runs every registered collector against the emulator and checks
// each operation the call recorder saw against the policy, through the same action mapping.
func TestCollectCallsOnlyPolicyActions(t *testing.T) {
	srv := awstest.New(t)
	seedEmulator(t, srv)
	colMultiAccount(srv)
	opts := colOptions(srv, "eu-west-1")
	opts.Accounts = []string{colKumoAccount, "111111111111"}

	inv, sum, err := Collect(context.Background(), opts)
	require.NoError(t, err)
	require.NotEmpty(t, inv.Resources)

	policy := readPolicy(t)
	static := staticCalls(t)
	services := map[string]bool{}
	for c := range sum.Calls {
		services[c.Service] = true
		action, err := iamAction(c)
		require.NoError(t, err)
		if callerActions[action] {
			continue
		}
		assert.True(t, policy[action], "%s called as %s: not in docs/aws-readonly-policy.json", c, action)
		assert.Contains(t, static, c, "%s was called but the source scan did not find it: the static check has a blind spot", c)
	}
	for _, s := range []string{"STS", "IAM", "S3", "EC2", "Organizations"} {
		assert.True(t, services[s], "no %s call recorded", s)
	}
	assert.Positive(t, sum.Calls[Call{"STS", "AssumeRole"}].Calls)
	t.Logf("%d operations of %d APIs, %d resources", sum.TotalCalls(), len(sum.Calls), len(inv.Resources))
}
