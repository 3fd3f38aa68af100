package aws

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/scanners/iac"
)

func TestLambdaFunctionDefaults(t *testing.T) {
	r := resource(t, schemaValid(t, Adapt([]iac.Block{mb("aws_lambda_function.f", m{"function_name": "api", "runtime": "python3.13"})})), "aws_lambda_function.f")
	assert.Equal(t, m{"function_name": "api", "package_type": "Zip", "runtime": "python3.13",
		"environment":  m{"variable_names": []string{}, "kms_key_arn": nil},
		"tracing_mode": "PassThrough", "dead_letter_target_arn": nil, "vpc": m{"subnet_ids": []string{}},
		"code_signing_config_arn": nil, "reserved_concurrent_executions": nil, "url": nil, "policy": nil}, r.Attributes)
	assert.Empty(t, r.Unknown)
	assert.Equal(t, "api", r.Name)
}

func TestLambdaFunctionSettings(t *testing.T) {
	r := resource(t, schemaValid(t, Adapt([]iac.Block{mb("aws_lambda_function.f", m{
		"function_name": "worker", "package_type": "Image", "runtime": "nodejs18.x",
		"environment":                    l(m{"variables": m{"DB_PASSWORD": "hunter2", "STAGE": "prod"}}),
		"kms_key_arn":                    "arn:aws:kms:eu-west-1:111122223333:key/k",
		"tracing_config":                 l(m{"mode": "Active"}),
		"dead_letter_config":             l(m{"target_arn": "arn:aws:sqs:eu-west-1:111122223333:dlq"}),
		"vpc_config":                     l(m{"subnet_ids": l("subnet-b", "subnet-a"), "security_group_ids": l("sg-1")}),
		"code_signing_config_arn":        "arn:aws:lambda:eu-west-1:111122223333:code-signing-config:csc-1",
		"reserved_concurrent_executions": 5,
	})})), "aws_lambda_function.f")
	assert.Nil(t, get(t, r, "runtime"), "a container image brings its own runtime")
	assert.Equal(t, []string{"DB_PASSWORD", "STAGE"}, get(t, r, "environment.variable_names"))
	assert.Equal(t, "Active", get(t, r, "tracing_mode"))
	assert.Equal(t, []string{"subnet-a", "subnet-b"}, get(t, r, "vpc.subnet_ids"))
	assert.Equal(t, int64(5), get(t, r, "reserved_concurrent_executions"))
	raw := mustJSON(t, r)
	assert.NotContains(t, raw, "hunter2", "environment values never reach the inventory")
	assert.NotContains(t, raw, "prod")
}

func TestLambdaFunctionUnknownVariables(t *testing.T) {
	r := resource(t, schemaValid(t, Adapt([]iac.Block{mb("aws_lambda_function.f", m{"function_name": "f",
		"environment": l(m{}), "reserved_concurrent_executions": -1}, "environment.0.variables", "runtime")})), "aws_lambda_function.f")
	assert.Equal(t, []string{"environment.variable_names", "runtime"}, r.Unknown)
	assert.Nil(t, get(t, r, "reserved_concurrent_executions"), "-1 is unreserved")

	r = resource(t, schemaValid(t, Adapt([]iac.Block{mb("aws_lambda_function.f", m{"function_name": "f", "runtime": "python3.13"}, "environment")})), "aws_lambda_function.f")
	assert.Equal(t, []string{"environment.variable_names"}, r.Unknown, "a whole environment block unknown")

	// A known name whose value is unknown is still a known name.
	r = resource(t, schemaValid(t, Adapt([]iac.Block{mb("aws_lambda_function.f", m{"function_name": "f",
		"environment": l(m{"variables": m{"API_TOKEN": nil}})}, "environment.0.variables.API_TOKEN")})), "aws_lambda_function.f")
	assert.Equal(t, []string{"API_TOKEN"}, get(t, r, "environment.variable_names"))
}

func TestLambdaPermissionsBecomeThePolicy(t *testing.T) {
	rs := schemaValid(t, Adapt([]iac.Block{
		mb("aws_lambda_function.f", m{"function_name": "api"}),
		mb("aws_lambda_permission.public", m{"function_name": "api", "statement_id": "b-public", "action": "lambda:InvokeFunction", "principal": "*"}),
		mb("aws_lambda_permission.s3", m{"function_name": "aws_lambda_function.f", "statement_id": "a-s3", "action": "lambda:InvokeFunction",
			"principal": "s3.amazonaws.com", "source_arn": "arn:aws:s3:::uploads", "source_account": "111122223333"}),
		mb("aws_lambda_permission.acct", m{"function_name": "arn:aws:lambda:eu-west-1:111122223333:function:api", "statement_id": "c-acct",
			"action": "lambda:InvokeFunction", "principal": "444455556666"}),
		mb("aws_lambda_function_url.u", m{"function_name": "aws_lambda_function.f", "authorization_type": "NONE"}),
	}))
	r := resource(t, rs, "aws_lambda_function.f")
	stmts := get(t, r, "policy.Statement").([]any)
	require.Len(t, stmts, 3)
	assert.Equal(t, m{"Sid": "a-s3", "Effect": "Allow", "Principal": m{"Service": l("s3.amazonaws.com")},
		"Action": l("lambda:InvokeFunction"), "Resource": l("aws_lambda_function.f"),
		"Condition": m{"ArnLike": m{"AWS:SourceArn": "arn:aws:s3:::uploads"}, "StringEquals": m{"AWS:SourceAccount": "111122223333"}}}, stmts[0])
	assert.Equal(t, "*", get(t, r, "policy.Statement.1.Principal"))
	assert.Equal(t, m{"AWS": l("444455556666")}, get(t, r, "policy.Statement.2.Principal"))
	assert.Equal(t, "NONE", get(t, r, "url.auth_type"))
	assert.ElementsMatch(t, []string{"aws_lambda_permission.public", "aws_lambda_permission.s3", "aws_lambda_permission.acct",
		"aws_lambda_function_url.u"}, r.Source.Related)
}

func TestLambdaPolicyUnknown(t *testing.T) {
	tests := []struct {
		name  string
		perm  iac.Block
		other iac.Block
	}{
		{"principal unknown", mb("aws_lambda_permission.p", m{"function_name": "api", "action": "lambda:InvokeFunction"}, "principal"), mb("aws_lambda_function.g", m{"function_name": "other"})},
		{"source_arn unknown", mb("aws_lambda_permission.p", m{"function_name": "api", "action": "lambda:InvokeFunction", "principal": "*"}, "source_arn"), mb("aws_lambda_function.g", m{"function_name": "other"})},
		{"function unknown", mb("aws_lambda_permission.p", m{"action": "lambda:InvokeFunction", "principal": "*"}, "function_name"), mb("aws_lambda_function.g", m{"function_name": "other"})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs := schemaValid(t, Adapt([]iac.Block{mb("aws_lambda_function.f", m{"function_name": "api"}), tt.other, tt.perm}))
			assert.Equal(t, []string{"policy"}, resource(t, rs, "aws_lambda_function.f").Unknown)
		})
	}
}

func TestECRRepository(t *testing.T) {
	rs := schemaValid(t, Adapt([]iac.Block{
		mb("aws_ecr_repository.plain", m{"name": "plain"}),
		mb("aws_ecr_repository.hard", m{"name": "hard", "image_tag_mutability": "IMMUTABLE",
			"image_scanning_configuration": l(m{"scan_on_push": true}),
			"encryption_configuration":     l(m{"encryption_type": "KMS", "kms_key": "aws_kms_key.ecr"})}),
		mb("aws_ecr_repository_policy.p", m{"repository": "aws_ecr_repository.hard",
			"policy": `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"ecr:BatchGetImage"}]}`}),
		mb("aws_ecr_lifecycle_policy.lc", m{"repository": "hard", "policy": `{"rules":[]}`}),
	}))
	assert.Equal(t, m{"name": "plain", "scan_on_push": false, "image_tag_mutability": "MUTABLE",
		"encryption": m{"type": "AES256", "kms_key": nil}, "policy": nil, "lifecycle_policy": m{"configured": false}},
		resource(t, rs, "aws_ecr_repository.plain").Attributes)
	hard := resource(t, rs, "aws_ecr_repository.hard")
	assert.Equal(t, true, get(t, hard, "scan_on_push"))
	assert.Equal(t, "IMMUTABLE", get(t, hard, "image_tag_mutability"))
	assert.Equal(t, "aws_kms_key.ecr", get(t, hard, "encryption.kms_key"))
	assert.Equal(t, "*", get(t, hard, "policy.Statement.0.Principal"))
	assert.Equal(t, true, get(t, hard, "lifecycle_policy.configured"))

	// A policy whose repository is unknown may be any repository's of the module.
	rs = schemaValid(t, Adapt([]iac.Block{mb("aws_ecr_repository.a", m{"name": "a"}), mb("aws_ecr_repository_policy.p", m{"policy": "{}"}, "repository")}))
	assert.Equal(t, []string{"policy"}, resource(t, rs, "aws_ecr_repository.a").Unknown)
}

func TestEKSCluster(t *testing.T) {
	rs := schemaValid(t, Adapt([]iac.Block{
		mb("aws_eks_cluster.open", m{"name": "open", "vpc_config": l(m{"subnet_ids": l("s-1")})}),
		mb("aws_eks_cluster.closed", m{"name": "closed", "version": "1.33",
			"vpc_config":                l(m{"endpoint_public_access": false, "endpoint_private_access": true, "public_access_cidrs": l("10.0.0.0/8")}),
			"encryption_config":         l(m{"resources": l("secrets"), "provider": l(m{"key_arn": "aws_kms_key.eks"})}),
			"enabled_cluster_log_types": l("audit", "api")}),
	}))
	open := resource(t, rs, "aws_eks_cluster.open")
	assert.Equal(t, m{"name": "open", "version": nil, "endpoint": m{"public_access": true, "private_access": false, "public_access_cidrs": []string{"0.0.0.0/0"}},
		"secrets_encryption": m{"kms_key_arn": nil}, "logging": m{"enabled_types": []string{}}}, open.Attributes)
	assert.Equal(t, []string{"version"}, open.Unknown, "AWS picks the version when none is set")
	closed := resource(t, rs, "aws_eks_cluster.closed")
	assert.Equal(t, "1.33", get(t, closed, "version"))
	assert.Equal(t, false, get(t, closed, "endpoint.public_access"))
	assert.Equal(t, "aws_kms_key.eks", get(t, closed, "secrets_encryption.kms_key_arn"))
	assert.Equal(t, []string{"api", "audit"}, get(t, closed, "logging.enabled_types"))
	assert.Empty(t, closed.Unknown)

	r := resource(t, schemaValid(t, Adapt([]iac.Block{mb("aws_eks_cluster.c", m{"name": "c", "version": "1.33"}, "encryption_config", "vpc_config.0.public_access_cidrs")})), "aws_eks_cluster.c")
	assert.Equal(t, []string{"endpoint.public_access_cidrs", "secrets_encryption.kms_key_arn"}, r.Unknown)
}

func mustJSON(t *testing.T, r any) string {
	t.Helper()
	b, err := json.Marshal(r)
	require.NoError(t, err)
	return string(b)
}

func TestECSTaskDefinition(t *testing.T) {
	defs := `[{"name":"web","image":"nginx","user":"1000","readonlyRootFilesystem":true,
		"logConfiguration":{"logDriver":"awslogs","options":{"awslogs-group":"web"}},
		"environment":[{"name":"STAGE","value":"prod"},{"name":"DB_PASSWORD","value":"hunter2"}],
		"secrets":[{"name":"API_TOKEN","valueFrom":"arn:aws:secretsmanager:eu-west-1:1:secret:t"}]},
		{"name":"agent","image":"agent","privileged":true,"linuxParameters":{"capabilities":{"add":["SYS_ADMIN","NET_ADMIN"]}}}]`
	rs := schemaValid(t, Adapt([]iac.Block{
		mb("aws_ecs_task_definition.web", m{"family": "web", "network_mode": "host", "container_definitions": defs,
			"volume": l(m{"name": "logs", "host_path": "/var/log"}, m{"name": "scratch"}, m{"name": "sock", "host_path": "/var/run/docker.sock"})}),
		mb("aws_ecs_task_definition.bare", m{"family": "bare"}),
		mb("aws_ecs_task_definition.later", m{"family": "later"}, "container_definitions"),
		mb("aws_ecs_task_definition.broken", m{"family": "broken", "container_definitions": "[{"}),
	}))
	web := resource(t, rs, "aws_ecs_task_definition.web")
	assert.Equal(t, "web", web.Name)
	assert.Equal(t, "host", get(t, web, "network_mode"))
	assert.Equal(t, []string{"/var/log", "/var/run/docker.sock"}, get(t, web, "host_volume_paths"))
	assert.Equal(t, l(
		m{"name": "web", "image": "nginx", "privileged": false, "user": "1000", "readonly_root_filesystem": true,
			"environment_names": []string{"DB_PASSWORD", "STAGE"}, "secret_names": []string{"API_TOKEN"},
			"log_driver": "awslogs", "capabilities_add": []string{}},
		m{"name": "agent", "image": "agent", "privileged": true, "user": nil, "readonly_root_filesystem": false,
			"environment_names": []string{}, "secret_names": []string{},
			"log_driver": nil, "capabilities_add": []string{"NET_ADMIN", "SYS_ADMIN"}},
	), get(t, web, "containers"))
	raw := mustJSON(t, web)
	assert.NotContains(t, raw, "hunter2")
	assert.NotContains(t, raw, "prod")

	bare := resource(t, rs, "aws_ecs_task_definition.bare")
	assert.Equal(t, "bridge", get(t, bare, "network_mode"))
	assert.Nil(t, get(t, bare, "pid_mode"))
	assert.Nil(t, get(t, bare, "ipc_mode"))
	assert.Equal(t, []string{}, get(t, bare, "host_volume_paths"))
	assert.Equal(t, []string{"containers"}, resource(t, rs, "aws_ecs_task_definition.later").Unknown)
	assert.Equal(t, []string{"containers"}, resource(t, rs, "aws_ecs_task_definition.broken").Unknown)
}

func TestParseContainerDefinitionsBounds(t *testing.T) {
	many := "[" + strings.Repeat(`{"name":"c"},`, maxContainerDefinitions) + `{"name":"c"}]`
	_, err := parseContainerDefinitions([]byte(many))
	assert.ErrorContains(t, err, "101 container definitions: more than 100")
	_, err = parseContainerDefinitions(make([]byte, maxContainerDefinitionBytes+1))
	assert.ErrorContains(t, err, "more than")
	_, err = parseContainerDefinitions([]byte(`[] []`))
	assert.ErrorContains(t, err, "trailing data")
	_, err = parseContainerDefinitions([]byte(`{"name":"not a list"}`))
	assert.Error(t, err)
}

func FuzzParseContainerDefinitions(f *testing.F) {
	f.Add([]byte(`[{"name":"web","privileged":true,"user":"0","environment":[{"name":"A","value":"b"}],"secrets":[{"name":"S"}]}]`))
	f.Add([]byte(`[]`))
	f.Add([]byte(`[{"environment":[{"name":null}]}]`))
	f.Fuzz(func(t *testing.T, doc []byte) {
		cs, err := parseContainerDefinitions(doc)
		if err != nil {
			return
		}
		require.LessOrEqual(t, len(cs), maxContainerDefinitions)
		for _, c := range cs {
			cm := c.(map[string]any)
			_, ok := cm["privileged"].(bool)
			require.True(t, ok)
			require.NotNil(t, cm["environment_names"])
		}
	})
}
