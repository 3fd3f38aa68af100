package aws

import (
	"context"
	"errors"
	"sort"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/vigil-audit/vigil/inventory"
)

func init() {
	register(ServiceCollector{Service: lambdaService, Collect: collectLambda})
}

const lambdaService = "lambda"

// collectLambda reads the region's Lambda functions with their resource policy, function URL, reserved
// concurrency and code signing configuration. Environment variable values are dropped as soon as they
// are read: only their names reach the inventory.
func collectLambda(ctx context.Context, sess *Session, sink *Sink) {
	c := lambda.NewFromConfig(sess.Cfg)
	var fns []lambdatypes.FunctionConfiguration
	p := lambda.NewListFunctionsPaginator(c, &lambda.ListFunctionsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			sink.Fail(sess, lambdaService, "ListFunctions", err)
			break
		}
		for _, f := range page.Functions {
			if f.Environment != nil {
				f.Environment = &lambdatypes.EnvironmentResponse{Variables: namesOnly(f.Environment.Variables)}
			}
			fns = append(fns, f)
		}
	}
	forEach(perResourceCalls, fns, func(_ int, f lambdatypes.FunctionConfiguration) {
		sink.Add(lambdaFunction(ctx, c, sess, sink, f))
	})
}

// namesOnly keeps the keys of an environment and drops every value.
func namesOnly(vars map[string]string) map[string]string {
	out := make(map[string]string, len(vars))
	for k := range vars {
		out[k] = ""
	}
	return out
}

func lambdaFunction(ctx context.Context, c *lambda.Client, sess *Session, sink *Sink, f lambdatypes.FunctionConfiguration) inventory.Resource {
	name := aws.ToString(f.FunctionName)
	arn := aws.ToString(f.FunctionArn)
	if arn == "" {
		arn = sess.ARN("lambda", sess.Region, "function:"+name)
	}
	r := sink.NewResource(sess, arn, inventory.TypeLambdaFunction, name, "lambda:ListFunctions")
	storeAttr(&r, "function_name", name)
	pt := string(f.PackageType)
	if pt == "" {
		pt = string(lambdatypes.PackageTypeZip)
	}
	storeAttr(&r, "package_type", pt)
	if f.Runtime == "" {
		storeAttr(&r, "runtime", nil)
	} else {
		storeAttr(&r, "runtime", string(f.Runtime))
	}
	names := []string{}
	if f.Environment != nil {
		for k := range f.Environment.Variables {
			names = append(names, k)
		}
		sort.Strings(names)
	}
	storeAttr(&r, "environment.variable_names", names)
	storeAttr(&r, "environment.kms_key_arn", nullString(f.KMSKeyArn))
	mode := string(lambdatypes.TracingModePassThrough)
	if f.TracingConfig != nil && f.TracingConfig.Mode != "" {
		mode = string(f.TracingConfig.Mode)
	}
	storeAttr(&r, "tracing_mode", mode)
	var dlq *string
	if f.DeadLetterConfig != nil {
		dlq = f.DeadLetterConfig.TargetArn
	}
	storeAttr(&r, "dead_letter_target_arn", nullString(dlq))
	subnets := []string{}
	if f.VpcConfig != nil {
		subnets = append(subnets, f.VpcConfig.SubnetIds...)
		sort.Strings(subnets)
	}
	storeAttr(&r, "vpc.subnet_ids", subnets)

	lambdaPolicy(ctx, c, sess, sink, &r, f.FunctionName)
	lambdaURL(ctx, c, sess, sink, &r, f.FunctionName)
	if out, err := c.GetFunctionConcurrency(ctx, &lambda.GetFunctionConcurrencyInput{FunctionName: f.FunctionName}); err != nil {
		sink.Fail(sess, lambdaService, "GetFunctionConcurrency", err)
		storeUnknown(&r, "reserved_concurrent_executions")
	} else {
		storeAttr(&r, "reserved_concurrent_executions", nullInt(out.ReservedConcurrentExecutions))
	}
	if out, err := c.GetFunctionCodeSigningConfig(ctx, &lambda.GetFunctionCodeSigningConfigInput{FunctionName: f.FunctionName}); err != nil {
		sink.Fail(sess, lambdaService, "GetFunctionCodeSigningConfig", err)
		storeUnknown(&r, "code_signing_config_arn")
	} else {
		storeAttr(&r, "code_signing_config_arn", nullString(out.CodeSigningConfigArn))
	}
	return r
}

// lambdaPolicy reads the function's resource-based policy; a function without one has none (null).
func lambdaPolicy(ctx context.Context, c *lambda.Client, sess *Session, sink *Sink, r *inventory.Resource, fn *string) {
	out, err := c.GetPolicy(ctx, &lambda.GetPolicyInput{FunctionName: fn})
	var none *lambdatypes.ResourceNotFoundException
	switch {
	case errors.As(err, &none):
		storeAttr(r, "policy", nil)
	case err != nil:
		sink.Fail(sess, lambdaService, "GetPolicy", err)
		storeUnknown(r, "policy")
	default:
		doc, err := parsePolicyDocument(aws.ToString(out.Policy))
		if err != nil {
			sink.Fail(sess, lambdaService, "GetPolicy", err)
			storeUnknown(r, "policy")
			return
		}
		storeAttr(r, "policy", doc)
	}
}

// lambdaURL reads the function's URL configuration; a function without a URL has none (null).
func lambdaURL(ctx context.Context, c *lambda.Client, sess *Session, sink *Sink, r *inventory.Resource, fn *string) {
	out, err := c.GetFunctionUrlConfig(ctx, &lambda.GetFunctionUrlConfigInput{FunctionName: fn})
	var none *lambdatypes.ResourceNotFoundException
	switch {
	case errors.As(err, &none):
		storeAttr(r, "url", nil)
	case err != nil:
		sink.Fail(sess, lambdaService, "GetFunctionUrlConfig", err)
		storeUnknown(r, "url")
	case out.AuthType == "":
		storeUnknown(r, "url.auth_type")
	default:
		storeAttr(r, "url.auth_type", string(out.AuthType))
	}
}
