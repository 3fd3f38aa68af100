package aws

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	ecrtypes "github.com/aws/aws-sdk-go-v2/service/ecr/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/engine"
	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/scanners/aws/awstest"
)

// Lambda and EKS speak REST-JSON: the answers below are in AWS's wire format (kumo's Lambda and EKS
// leave out most of the settings read here). ECR repositories come from kumo; the repository policy,
// which kumo does not implement, from a handler.

// restReply answers GETs of exactly path (service's signing name) with status, an error type and body.
func restReply(srv *awstest.Server, service, path string, status int, code, body string) {
	srv.Handle(func(r *http.Request, op awstest.Op, _ []byte) bool {
		return op.Service == service && r.Method == http.MethodGet && r.URL.Path == path
	}, func(w http.ResponseWriter, _ *http.Request, _ []byte) {
		w.Header().Set("Content-Type", "application/json")
		if code != "" {
			w.Header().Set("X-Amzn-ErrorType", code)
		}
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	})
}

const lambdaARN = "arn:aws:lambda:eu-west-1:123456789012:function:"

func TestLambdaFunctions(t *testing.T) {
	srv := awstest.New(t)
	sess := storeSession(srv, "eu-west-1")
	// Two pages of functions, following Marker / NextMarker.
	srv.Handle(func(r *http.Request, op awstest.Op, _ []byte) bool {
		return op.Service == "lambda" && r.Method == http.MethodGet && strings.TrimSuffix(r.URL.Path, "/") == "/2015-03-31/functions"
	}, func(w http.ResponseWriter, r *http.Request, _ []byte) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Query().Get("Marker") == "" {
			_, _ = io.WriteString(w, `{"NextMarker":"m2","Functions":[{"FunctionName":"orders","FunctionArn":"`+lambdaARN+`orders",`+
				`"Runtime":"python3.13","PackageType":"Zip","KMSKeyArn":"arn:aws:kms:eu-west-1:123456789012:key/k",`+
				`"Environment":{"Variables":{"STAGE":"prod","DB_PASSWORD_SECRET_ARN":"arn:aws:secretsmanager:eu-west-1:123456789012:secret:db"}},`+
				`"TracingConfig":{"Mode":"Active"},"DeadLetterConfig":{"TargetArn":"arn:aws:sqs:eu-west-1:123456789012:dlq"},`+
				`"VpcConfig":{"SubnetIds":["subnet-b","subnet-a"],"SecurityGroupIds":["sg-1"]}}]}`)
			return
		}
		_, _ = io.WriteString(w, `{"Functions":[{"FunctionName":"legacy","FunctionArn":"`+lambdaARN+`legacy",`+
			`"Runtime":"nodejs16.x","PackageType":"Zip","Environment":{"Variables":{"STRIPE_API_KEY":"sk_live_collector_secret"}},`+
			`"TracingConfig":{"Mode":"PassThrough"}},`+
			`{"FunctionName":"denied","FunctionArn":"`+lambdaARN+`denied","PackageType":"Image","TracingConfig":{"Mode":"PassThrough"}}]}`)
	})
	restReply(srv, "lambda", "/2015-03-31/functions/orders/policy", http.StatusOK, "",
		`{"Policy":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"s3\",\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"s3.amazonaws.com\"},\"Action\":\"lambda:InvokeFunction\",\"Resource\":\"`+lambdaARN+`orders\",\"Condition\":{\"ArnLike\":{\"AWS:SourceArn\":\"arn:aws:s3:::uploads\"}}}]}","RevisionId":"r1"}`)
	restReply(srv, "lambda", "/2015-03-31/functions/legacy/policy", http.StatusOK, "",
		`{"Policy":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"anyone\",\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"lambda:InvokeFunction\",\"Resource\":\"`+lambdaARN+`legacy\"}]}","RevisionId":"r2"}`)
	restReply(srv, "lambda", "/2015-03-31/functions/denied/policy", http.StatusForbidden, "AccessDeniedException",
		`{"Message":"not authorized to perform: lambda:GetPolicy"}`)
	notFound := `{"Type":"User","Message":"The resource you requested does not exist."}`
	restReply(srv, "lambda", "/2021-10-31/functions/orders/url", http.StatusNotFound, "ResourceNotFoundException", notFound)
	restReply(srv, "lambda", "/2021-10-31/functions/legacy/url", http.StatusOK, "",
		`{"FunctionUrl":"https://abc.lambda-url.eu-west-1.on.aws/","FunctionArn":"`+lambdaARN+`legacy","AuthType":"NONE","CreationTime":"2026-01-01T00:00:00Z","LastModifiedTime":"2026-01-01T00:00:00Z"}`)
	restReply(srv, "lambda", "/2021-10-31/functions/denied/url", http.StatusNotFound, "ResourceNotFoundException", notFound)
	restReply(srv, "lambda", "/2019-09-30/functions/orders/concurrency", http.StatusOK, "", `{"ReservedConcurrentExecutions":20}`)
	restReply(srv, "lambda", "/2019-09-30/functions/legacy/concurrency", http.StatusOK, "", `{}`)
	restReply(srv, "lambda", "/2019-09-30/functions/denied/concurrency", http.StatusOK, "", `{}`)
	restReply(srv, "lambda", "/2020-06-30/functions/orders/code-signing-config", http.StatusOK, "",
		`{"CodeSigningConfigArn":"arn:aws:lambda:eu-west-1:123456789012:code-signing-config:csc-1","FunctionName":"orders"}`)
	restReply(srv, "lambda", "/2020-06-30/functions/legacy/code-signing-config", http.StatusOK, "", `{"CodeSigningConfigArn":"","FunctionName":"legacy"}`)
	restReply(srv, "lambda", "/2020-06-30/functions/denied/code-signing-config", http.StatusOK, "", `{"CodeSigningConfigArn":"","FunctionName":"denied"}`)

	sink := storeCollect(sess, collectLambda)
	fns := storeByID(t, sink, inventory.TypeLambdaFunction)
	require.Len(t, fns, 3)

	orders := fns[lambdaARN+"orders"]
	assert.Equal(t, "orders", orders.Name)
	assert.Equal(t, map[string]any{"variable_names": []string{"DB_PASSWORD_SECRET_ARN", "STAGE"}, "kms_key_arn": "arn:aws:kms:eu-west-1:123456789012:key/k"},
		orders.Attributes["environment"])
	assert.Equal(t, "Active", orders.Attributes["tracing_mode"])
	assert.Equal(t, map[string]any{"subnet_ids": []string{"subnet-a", "subnet-b"}}, orders.Attributes["vpc"])
	assert.Equal(t, int64(20), orders.Attributes["reserved_concurrent_executions"])
	assert.Nil(t, orders.Attributes["url"])
	assert.Empty(t, orders.Unknown)

	legacy := fns[lambdaARN+"legacy"]
	assert.Equal(t, map[string]any{"auth_type": "NONE"}, legacy.Attributes["url"])
	assert.Nil(t, legacy.Attributes["reserved_concurrent_executions"])
	assert.Nil(t, legacy.Attributes["code_signing_config_arn"])

	denied := fns[lambdaARN+"denied"]
	assert.Equal(t, []string{"policy"}, denied.Unknown)
	assert.Equal(t, "AccessDenied", storeIssue(t, sink, sess, "GetPolicy").Code)

	raw, err := json.Marshal(sink.Resources())
	require.NoError(t, err)
	assert.NotContains(t, string(raw), "sk_live_collector_secret", "environment values never reach the inventory")
	assert.NotContains(t, string(raw), "prod")

	results := computeEvaluate(t, sink)
	assert.Equal(t, "pass", results["LAMBDA.1 "+lambdaARN+"orders"])
	assert.Equal(t, "fail", results["LAMBDA.1 "+lambdaARN+"legacy"])
	assert.Equal(t, "unknown", results["LAMBDA.1 "+lambdaARN+"denied"])
	assert.Equal(t, "pass", results["LAMBDA.2 "+lambdaARN+"orders"])
	assert.Equal(t, "fail", results["LAMBDA.2 "+lambdaARN+"legacy"])
	assert.Equal(t, "not_applicable", results["LAMBDA.2 "+lambdaARN+"denied"])
	assert.Equal(t, "fail", results["LAMBDA.4 "+lambdaARN+"legacy"])
	assert.Equal(t, "fail", results["LAMBDA.10 "+lambdaARN+"legacy"])
	assert.Equal(t, "pass", results["LAMBDA.10 "+lambdaARN+"orders"])
	for _, id := range []string{"LAMBDA.3", "LAMBDA.5", "LAMBDA.6", "LAMBDA.7", "LAMBDA.8", "LAMBDA.9"} {
		assert.Equal(t, "pass", results[id+" "+lambdaARN+"orders"], id)
	}
}

func TestLambdaListDenied(t *testing.T) {
	srv := awstest.New(t)
	sess := storeSession(srv, "eu-west-1")
	srv.Handle(func(r *http.Request, op awstest.Op, _ []byte) bool {
		return op.Service == "lambda" && strings.HasPrefix(r.URL.Path, "/2015-03-31/functions")
	}, func(w http.ResponseWriter, _ *http.Request, _ []byte) {
		w.Header().Set("X-Amzn-ErrorType", "AccessDeniedException")
		w.WriteHeader(http.StatusForbidden)
		_, _ = io.WriteString(w, `{"Message":"denied"}`)
	})
	sink := storeCollect(sess, collectLambda)
	assert.Empty(t, sink.Resources())
	is := storeIssue(t, sink, sess, "ListFunctions")
	assert.Equal(t, "AccessDenied", is.Code)
	assert.Equal(t, "eu-west-1", is.Region)
}

func TestECRRepositories(t *testing.T) {
	srv := awstest.New(t)
	sess := storeSession(srv, "eu-west-1")
	c := ecr.NewFromConfig(sess.Cfg)
	ctx := context.Background()
	hard, open, denied := storeUnique("hard"), storeUnique("open"), storeUnique("denied")
	for name, in := range map[string]*ecr.CreateRepositoryInput{
		hard: {ImageTagMutability: ecrtypes.ImageTagMutabilityImmutable,
			ImageScanningConfiguration: &ecrtypes.ImageScanningConfiguration{ScanOnPush: true},
			EncryptionConfiguration:    &ecrtypes.EncryptionConfiguration{EncryptionType: ecrtypes.EncryptionTypeKms, KmsKey: aws.String("arn:aws:kms:eu-west-1:123456789012:key/k")}},
		open:   {},
		denied: {},
	} {
		in.RepositoryName = aws.String(name)
		_, err := c.CreateRepository(ctx, in)
		require.NoError(t, err)
		t.Cleanup(func() {
			_, _ = c.DeleteRepository(ctx, &ecr.DeleteRepositoryInput{RepositoryName: aws.String(name), Force: true})
		})
	}
	_, err := c.PutLifecyclePolicy(ctx, &ecr.PutLifecyclePolicyInput{RepositoryName: aws.String(hard),
		LifecyclePolicyText: aws.String(`{"rules":[{"rulePriority":1,"selection":{"tagStatus":"untagged","countType":"sinceImagePushed","countUnit":"days","countNumber":7},"action":{"type":"expire"}}]}`)})
	require.NoError(t, err)

	named := func(name string) awstest.Matcher {
		return func(_ *http.Request, op awstest.Op, body []byte) bool {
			var req struct{ RepositoryName string }
			_ = json.Unmarshal(body, &req)
			return op.Service == "ecr" && op.Action == "GetRepositoryPolicy" && req.RepositoryName == name
		}
	}
	const ct = "application/x-amz-json-1.1"
	srv.Respond(named(hard), http.StatusOK, ct, `{"registryId":"123456789012","repositoryName":"`+hard+`","policyText":"{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"ecr:BatchGetImage\",\"Condition\":{\"StringEquals\":{\"aws:PrincipalOrgID\":\"o-1\"}}}]}"}`)
	srv.Respond(named(open), http.StatusOK, ct, `{"registryId":"123456789012","repositoryName":"`+open+`","policyText":"{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":[\"ecr:BatchGetImage\",\"ecr:PutImage\"]}]}"}`)
	srv.DenyJSON(named(denied), "AccessDeniedException", http.StatusBadRequest)

	sink := storeCollect(sess, collectECR)
	repos := map[string]inventory.Resource{}
	for _, r := range storeByID(t, sink, inventory.TypeECRRepository) {
		repos[r.Name] = r
	}
	require.Contains(t, repos, hard)
	assert.Equal(t, true, repos[hard].Attributes["scan_on_push"])
	assert.Equal(t, "IMMUTABLE", repos[hard].Attributes["image_tag_mutability"])
	assert.Equal(t, map[string]any{"type": "KMS", "kms_key": "arn:aws:kms:eu-west-1:123456789012:key/k"}, repos[hard].Attributes["encryption"])
	assert.Equal(t, map[string]any{"configured": true}, repos[hard].Attributes["lifecycle_policy"])
	assert.Equal(t, map[string]any{"configured": false}, repos[open].Attributes["lifecycle_policy"])
	assert.Equal(t, []string{"policy"}, repos[denied].Unknown)
	assert.Equal(t, "AccessDenied", storeIssue(t, sink, sess, "GetRepositoryPolicy").Code)

	results := computeEvaluate(t, sink)
	for _, id := range []string{"ECR.1", "ECR.2", "ECR.3", "ECR.4", "ECR.5"} {
		assert.Equal(t, "pass", results[id+" "+repos[hard].ID], id)
		assert.Equal(t, "fail", results[id+" "+repos[open].ID], id)
	}
	assert.Equal(t, "unknown", results["ECR.3 "+repos[denied].ID])
}

func TestEKSClusters(t *testing.T) {
	srv := awstest.New(t)
	sess := storeSession(srv, "eu-west-1")
	restReply(srv, "eks", "/clusters", http.StatusOK, "", `{"clusters":["platform","legacy","denied"]}`)
	restReply(srv, "eks", "/clusters/platform", http.StatusOK, "", `{"cluster":{"name":"platform","arn":"arn:aws:eks:eu-west-1:123456789012:cluster/platform",`+
		`"version":"1.35","status":"ACTIVE","tags":{"app":"platform"},`+
		`"resourcesVpcConfig":{"subnetIds":["subnet-1"],"endpointPublicAccess":false,"endpointPrivateAccess":true,"publicAccessCidrs":[]},`+
		`"encryptionConfig":[{"resources":["secrets"],"provider":{"keyArn":"arn:aws:kms:eu-west-1:123456789012:key/k"}}],`+
		`"logging":{"clusterLogging":[{"types":["api","audit","authenticator","controllerManager","scheduler"],"enabled":true}]}}}`)
	restReply(srv, "eks", "/clusters/legacy", http.StatusOK, "", `{"cluster":{"name":"legacy","arn":"arn:aws:eks:eu-west-1:123456789012:cluster/legacy",`+
		`"version":"1.29","status":"ACTIVE",`+
		`"resourcesVpcConfig":{"subnetIds":["subnet-1"],"endpointPublicAccess":true,"endpointPrivateAccess":false,"publicAccessCidrs":["0.0.0.0/0"]},`+
		`"logging":{"clusterLogging":[{"types":["api","audit","authenticator","controllerManager","scheduler"],"enabled":false}]}}}`)
	restReply(srv, "eks", "/clusters/denied", http.StatusForbidden, "AccessDeniedException", `{"message":"denied"}`)

	sink := storeCollect(sess, collectEKS)
	cls := storeByID(t, sink, inventory.TypeEKSCluster)
	require.Len(t, cls, 3)
	const arn = "arn:aws:eks:eu-west-1:123456789012:cluster/"
	platform := cls[arn+"platform"]
	assert.Equal(t, map[string]string{"app": "platform"}, platform.Tags)
	assert.Equal(t, map[string]any{"public_access": false, "private_access": true, "public_access_cidrs": []string{}}, platform.Attributes["endpoint"])
	assert.Equal(t, []string{"api", "audit", "authenticator", "controllerManager", "scheduler"}, platform.Attributes["logging"].(map[string]any)["enabled_types"])
	assert.Empty(t, platform.Unknown)
	assert.Equal(t, []string{}, cls[arn+"legacy"].Attributes["logging"].(map[string]any)["enabled_types"], "disabled types are not enabled")
	assert.ElementsMatch(t, eksClusterAttributes, cls[arn+"denied"].Unknown)
	assert.Equal(t, "AccessDenied", storeIssue(t, sink, sess, "DescribeCluster").Code)

	results := computeEvaluate(t, sink)
	for _, id := range []string{"EKS.1", "EKS.2", "EKS.3", "EKS.4", "EKS.5", "EKS.6", "EKS.7"} {
		assert.Equal(t, "pass", results[id+" "+arn+"platform"], id)
		assert.Equal(t, "fail", results[id+" "+arn+"legacy"], id)
		assert.Equal(t, "unknown", results[id+" "+arn+"denied"], id)
	}
}

// computeEvaluate evaluates the built-in rules on what sink collected and returns each result's status
// by "RULE resource".
func computeEvaluate(t *testing.T, sink *Sink) map[string]string {
	t.Helper()
	ctx := context.Background()
	eng, err := engine.New(ctx, engine.Options{})
	require.NoError(t, err)
	inv := &inventory.Inventory{Schema: inventory.SchemaVersion, Resources: sink.Resources()}
	rep, err := eng.Evaluate(ctx, inv, engine.EvalOptions{})
	require.NoError(t, err)
	out := map[string]string{}
	for _, r := range rep.Results {
		out[r.RuleID+" "+r.ResourceID] = string(r.Status)
	}
	return out
}

func TestECSTaskDefinitions(t *testing.T) {
	srv := awstest.New(t)
	sess := storeSession(srv, "eu-west-1")
	const ct = "application/x-amz-json-1.1"
	srv.Respond(awstest.Action("ecs", "ListTaskDefinitionFamilies"), http.StatusOK, ct, `{"families":["web","agent","denied"]}`)
	family := func(name string) awstest.Matcher {
		return func(_ *http.Request, op awstest.Op, body []byte) bool {
			var req struct{ TaskDefinition string }
			_ = json.Unmarshal(body, &req)
			return op.Service == "ecs" && op.Action == "DescribeTaskDefinition" && req.TaskDefinition == name
		}
	}
	const arn = "arn:aws:ecs:eu-west-1:123456789012:task-definition/"
	srv.Respond(family("web"), http.StatusOK, ct, `{"taskDefinition":{"taskDefinitionArn":"`+arn+`web:7","family":"web","revision":7,`+
		`"networkMode":"awsvpc","containerDefinitions":[{"name":"web","image":"nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef","user":"1000","readonlyRootFilesystem":true,`+
		`"logConfiguration":{"logDriver":"awslogs","options":{"awslogs-group":"web"}},`+
		`"environment":[{"name":"STAGE","value":"prod"}],"secrets":[{"name":"DB_PASSWORD","valueFrom":"arn:aws:secretsmanager:eu-west-1:123456789012:secret:db"}]}]}}`)
	srv.Respond(family("agent"), http.StatusOK, ct, `{"taskDefinition":{"taskDefinitionArn":"`+arn+`agent:2","family":"agent","revision":2,`+
		`"networkMode":"host","pidMode":"host","ipcMode":"host","volumes":[{"name":"docker","host":{"sourcePath":"/var/run/docker.sock"}},{"name":"scratch"}],"containerDefinitions":[{"name":"agent","image":"agent","privileged":true,`+
		`"linuxParameters":{"capabilities":{"add":["SYS_ADMIN"]}},`+
		`"environment":[{"name":"API_TOKEN","value":"tok_collector_secret"}]}]}}`)
	srv.DenyJSON(family("denied"), "AccessDeniedException", http.StatusBadRequest)

	sink := storeCollect(sess, collectECS)
	tds := storeByID(t, sink, inventory.TypeECSTaskDef)
	require.Len(t, tds, 3)
	web := tds[arn+"web:7"]
	assert.Equal(t, "awsvpc", web.Attributes["network_mode"])
	assert.Equal(t, []any{map[string]any{"name": "web", "image": "nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "privileged": false, "user": "1000", "readonly_root_filesystem": true,
		"environment_names": []string{"STAGE"}, "secret_names": []string{"DB_PASSWORD"}, "log_driver": "awslogs",
		"capabilities_add": []string{}}}, web.Attributes["containers"])
	denied := tds[arn+"denied"]
	assert.ElementsMatch(t, []string{"network_mode", "pid_mode", "ipc_mode", "host_volume_paths", "containers"}, denied.Unknown)
	assert.Equal(t, "AccessDenied", storeIssue(t, sink, sess, "DescribeTaskDefinition").Code)
	raw, err := json.Marshal(sink.Resources())
	require.NoError(t, err)
	assert.NotContains(t, string(raw), "tok_collector_secret")

	results := computeEvaluate(t, sink)
	for _, id := range []string{"ECS.1", "ECS.2", "ECS.3", "ECS.4", "ECS.5", "ECS.6", "ECS.7", "ECS.8", "ECS.9", "ECS.10", "ECS.11"} {
		assert.Equal(t, "pass", results[id+" "+arn+"web:7"], id)
		assert.Equal(t, "fail", results[id+" "+arn+"agent:2"], id)
		assert.Equal(t, "unknown", results[id+" "+arn+"denied"], id)
	}
}
