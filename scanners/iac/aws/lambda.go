package aws

import (
	"sort"
	"strings"

	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/scanners/iac"
)

// adaptLambda maps aws_lambda_function and joins, by function_name (the function's name, ARN or a
// reference to it), its aws_lambda_permission blocks (the resource-based policy) and its
// aws_lambda_function_url.
func adaptLambda(ix *index) []*res {
	own := newOwners(ix)
	own.arnTail = true // a permission may name the function by its ARN
	for _, b := range ix.managed("aws_lambda_function") {
		r := newRes(b, inventory.TypeLambdaFunction)
		name, st := r.nameFrom("function_name", "function_name")
		var keys []string
		if st == known {
			keys = []string{name}
		}
		own.add(r, st == unknown, keys...)
		lambdaSettings(r.f, b)
	}
	own.connect(ix.managed("aws_lambda_permission"), "function_name", "policy")
	own.connect(ix.managed("aws_lambda_function_url"), "function_name", "url")
	for _, r := range own.list {
		lambdaPolicy(r)
		r.settle("url",
			func(f *fields, c *iac.Block) { f.str("url.auth_type", c, "authorization_type", nil) },
			nil,
			func(f *fields) { f.set("url", nil) })
	}
	return own.list
}

func lambdaSettings(f *fields, b *iac.Block) {
	f.str("package_type", b, "package_type", "Zip")
	if pt, st := getString(b, "package_type"); st == known && pt == "Image" {
		f.set("runtime", nil)
	} else {
		f.str("runtime", b, "runtime", nil)
	}
	lambdaVariableNames(f, b)
	f.str("environment.kms_key_arn", b, "kms_key_arn", nil)
	f.str("tracing_mode", b, "tracing_config.0.mode", "PassThrough")
	f.str("dead_letter_target_arn", b, "dead_letter_config.0.target_arn", nil)
	f.strings("vpc.subnet_ids", b, "vpc_config.0.subnet_ids", true)
	f.str("code_signing_config_arn", b, "code_signing_config_arn", nil)
	// -1, the provider's default, removes any reservation.
	if n, st := getNumber(b, "reserved_concurrent_executions"); st == known && n < 0 {
		f.set("reserved_concurrent_executions", nil)
	} else {
		f.number("reserved_concurrent_executions", b, "reserved_concurrent_executions", nil)
	}
}

// lambdaVariableNames stores the names of the function's environment variables, never their values:
// a value may be a secret, and nothing secret may reach the inventory.
func lambdaVariableNames(f *fields, b *iac.Block) {
	const dst = "environment.variable_names"
	v, st := lookup(b, "environment.0.variables") // unknown when it, or a parent, is
	m, ok := v.(map[string]any)
	switch {
	case st == absent:
		f.set(dst, []string{})
	case st == unknown || !ok:
		f.setUnknown(dst)
	default:
		names := make([]string, 0, len(m))
		for k := range m {
			names = append(names, k)
		}
		sort.Strings(names)
		f.set(dst, names)
	}
}

// lambdaPolicy builds the function's resource-based policy from its joined aws_lambda_permission
// blocks, one statement each, as Lambda's AddPermission writes it.
func lambdaPolicy(r *res) {
	perms := r.children["policy"]
	if r.tainted["policy"] || anyUncertain(perms) {
		r.f.setUnknown("policy")
		return
	}
	if len(perms) == 0 {
		r.f.set("policy", nil)
		return
	}
	stmts := make([]any, 0, len(perms))
	for _, p := range perms {
		s, ok := lambdaStatement(r, p)
		if !ok {
			r.f.setUnknown("policy")
			return
		}
		stmts = append(stmts, s)
	}
	sort.SliceStable(stmts, func(i, j int) bool {
		return stmts[i].(map[string]any)["Sid"].(string) < stmts[j].(map[string]any)["Sid"].(string)
	})
	r.f.set("policy", map[string]any{"Version": "2012-10-17", "Statement": stmts})
}

// lambdaStatement renders one permission; ok is false when an argument that shapes it is unknown.
func lambdaStatement(r *res, p *iac.Block) (map[string]any, bool) {
	sid, st := getString(p, "statement_id")
	if st == unknown {
		return nil, false
	}
	if sid == "" {
		sid = p.Address // Terraform generates one
	}
	action, st1 := getString(p, "action")
	principal, st2 := getString(p, "principal")
	if st1 != known || st2 != known {
		return nil, false
	}
	cond := map[string]any{}
	for _, c := range []struct{ arg, op, key string }{
		{"source_arn", "ArnLike", "AWS:SourceArn"},
		{"source_account", "StringEquals", "AWS:SourceAccount"},
		{"principal_org_id", "StringEquals", "aws:PrincipalOrgID"},
		{"function_url_auth_type", "StringEquals", "lambda:FunctionUrlAuthType"},
		{"event_source_token", "StringEquals", "lambda:EventSourceToken"},
	} {
		v, st := getString(p, c.arg)
		switch {
		case st == unknown:
			return nil, false
		case st == known && v != "":
			ops, _ := cond[c.op].(map[string]any)
			if ops == nil {
				ops = map[string]any{}
				cond[c.op] = ops
			}
			ops[c.key] = v
		}
	}
	s := map[string]any{
		"Sid":       sid,
		"Effect":    "Allow",
		"Principal": lambdaPrincipal(principal),
		"Action":    []any{action},
		"Resource":  []any{r.block.Address},
	}
	if len(cond) > 0 {
		s["Condition"] = cond
	}
	return s, true
}

// lambdaPrincipal writes a permission's principal as the policy does: "*" stays "*", an account id or
// ARN is an AWS principal, anything else (s3.amazonaws.com) a service.
func lambdaPrincipal(p string) any {
	switch {
	case p == "*":
		return "*"
	case strings.HasPrefix(p, "arn:") || isAccountID(p):
		return map[string]any{"AWS": []any{p}}
	}
	return map[string]any{"Service": []any{p}}
}

func isAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
