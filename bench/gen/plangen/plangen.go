// Package plangen writes a large, realistic Terraform plan JSON (`terraform show -json` format 1.2) for
// benchmarking `vigil scan --plan`: a root module calling an "app" module with for_each, one instance
// per application, each instance declaring twelve resources of the types the rules read (split S3
// buckets, KMS, a security group with an aws_vpc_security_group_ingress_rule, RDS, DynamoDB, IAM, EC2,
// CloudWatch logs) joined by references as Terraform writes them (aws_s3_bucket.this.id,
// aws_kms_key.this.arn, ...), plus root-level log buckets with count for the remainder. Half of the
// applications already exist (in prior_state, no-op changes), half are created (values known after
// apply in after_unknown). A deterministic fraction carries misconfigurations.
//
// The plan is written as a stream and depends only on the resource count and the seed.
package plangen

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
)

// PerApp is the number of resources of one app module instance.
const PerApp = 12

type obj = map[string]any

// Write writes a plan of n resources (at least one) to w.
func Write(w io.Writer, n int, seed int64) error {
	if n < 1 {
		return fmt.Errorf("plangen: %d resources: want at least 1", n)
	}
	g := &gen{w: bufio.NewWriterSize(w, 1<<20), apps: n / PerApp, extra: n % PerApp, seed: uint64(seed)}
	g.plan()
	if g.err != nil {
		return g.err
	}
	return g.w.Flush()
}

type gen struct {
	w     *bufio.Writer
	apps  int // app module instances
	extra int // root-level aws_s3_bucket.logs instances (count)
	seed  uint64
	err   error
}

func (g *gen) raw(s string) {
	if g.err == nil {
		_, g.err = g.w.WriteString(s)
	}
}

func (g *gen) value(v any) {
	if g.err != nil {
		return
	}
	b, err := json.Marshal(v)
	if err != nil {
		g.err = err
		return
	}
	_, g.err = g.w.Write(b)
}

// resource is one resource instance and everything the plan says about it.
type resource struct {
	typ, name string
	values    obj      // planned values (after)
	unknown   obj      // after_unknown, for a created resource
	exprs     obj      // configuration expressions (the same for every instance of the module)
	existing  bool     // in prior_state, no-op change
	sensitive []string // top-level attributes marked sensitive
}

func appKey(i int) string { return fmt.Sprintf("app%06d", i) }

func appModule(i int) string { return fmt.Sprintf("module.app[%q]", appKey(i)) }

// app returns the resources of app instance i, deterministic by seed and i.
func (g *gen) app(i int) []resource {
	r := rand.New(rand.NewPCG(g.seed, uint64(i)))
	key := appKey(i)
	existing := i%2 == 0
	bad := r.IntN(3) == 0 // a third carries misconfigurations
	acct := "123456789012"
	region := "eu-west-1"
	tags := obj{"app": key, "owner": []string{"payments", "identity", "catalog", "search"}[r.IntN(4)], "env": "prod"}
	tagsAll := obj{"app": key, "owner": tags["owner"], "env": "prod", "managed-by": "terraform"}
	bucket := "vigil-bench-" + key
	bucketID, kmsID, sgID := bucket, fmt.Sprintf("%08x-1111-2222-3333-%012x", i, i), fmt.Sprintf("sg-%017x", i)
	kmsArn := fmt.Sprintf("arn:aws:kms:%s:%s:key/%s", region, acct, kmsID)
	ref := func(refs ...string) obj { return obj{"references": refs} }
	cst := func(v any) obj { return obj{"constant_value": v} }
	versioning := "Enabled"
	if bad {
		versioning = "Suspended"
	}
	cidr := "10.0.0.0/8"
	if bad {
		cidr = "0.0.0.0/0"
	}
	res := []resource{
		{typ: "aws_s3_bucket", name: "this",
			values: obj{"bucket": bucket, "force_destroy": false, "object_lock_enabled": false, "tags": tags, "tags_all": tagsAll,
				"id": bucketID, "arn": "arn:aws:s3:::" + bucket, "region": region, "bucket_domain_name": bucket + ".s3.amazonaws.com",
				"hosted_zone_id": "Z1BKCTXD74EZPE", "acl": nil, "policy": "", "request_payer": "BucketOwner",
				"versioning": []any{obj{"enabled": !bad, "mfa_delete": false}}, "server_side_encryption_configuration": []any{},
				"logging": []any{}, "lifecycle_rule": []any{}, "cors_rule": []any{}, "website": []any{}, "replication_configuration": []any{}},
			unknown: obj{"id": true, "arn": true, "region": true, "bucket_domain_name": true, "hosted_zone_id": true, "versioning": true,
				"server_side_encryption_configuration": true, "acl": true, "policy": true, "request_payer": true, "tags_all": obj{}},
			exprs: obj{"bucket": ref("each.key"), "tags": ref("local.tags")}},
		{typ: "aws_s3_bucket_versioning", name: "this",
			values:  obj{"bucket": bucketID, "expected_bucket_owner": "", "id": bucketID, "versioning_configuration": []any{obj{"status": versioning, "mfa_delete": ""}}},
			unknown: obj{"bucket": true, "id": true, "versioning_configuration": []any{obj{"mfa_delete": true}}},
			exprs: obj{"bucket": ref("aws_s3_bucket.this.id", "aws_s3_bucket.this"),
				"versioning_configuration": []any{obj{"status": ref("var.versioning")}}}},
		{typ: "aws_s3_bucket_server_side_encryption_configuration", name: "this",
			values: obj{"bucket": bucketID, "expected_bucket_owner": "", "id": bucketID, "rule": []any{obj{"bucket_key_enabled": true,
				"apply_server_side_encryption_by_default": []any{obj{"sse_algorithm": "aws:kms", "kms_master_key_id": kmsArn}}}}},
			unknown: obj{"bucket": true, "id": true, "rule": []any{obj{"apply_server_side_encryption_by_default": []any{obj{"kms_master_key_id": true}}}}},
			exprs: obj{"bucket": ref("aws_s3_bucket.this.id", "aws_s3_bucket.this"), "rule": []any{obj{
				"bucket_key_enabled":                      cst(true),
				"apply_server_side_encryption_by_default": []any{obj{"sse_algorithm": cst("aws:kms"), "kms_master_key_id": ref("aws_kms_key.this.arn", "aws_kms_key.this")}}}}}},
		{typ: "aws_s3_bucket_public_access_block", name: "this",
			values: obj{"bucket": bucketID, "id": bucketID, "block_public_acls": !bad, "block_public_policy": true,
				"ignore_public_acls": true, "restrict_public_buckets": true},
			unknown: obj{"bucket": true, "id": true},
			exprs: obj{"bucket": ref("aws_s3_bucket.this.id", "aws_s3_bucket.this"), "block_public_acls": ref("var.strict"),
				"block_public_policy": cst(true), "ignore_public_acls": cst(true), "restrict_public_buckets": cst(true)}},
		{typ: "aws_kms_key", name: "this",
			values: obj{"description": "app " + key, "enable_key_rotation": !bad, "deletion_window_in_days": json.Number("30"),
				"is_enabled": true, "key_usage": "ENCRYPT_DECRYPT", "customer_master_key_spec": "SYMMETRIC_DEFAULT", "multi_region": false,
				"id": kmsID, "arn": kmsArn, "key_id": kmsID, "policy": `{"Version":"2012-10-17","Statement":[]}`, "tags": tags, "tags_all": tagsAll},
			unknown: obj{"id": true, "arn": true, "key_id": true, "policy": true, "multi_region": true, "tags_all": obj{}},
			exprs:   obj{"description": ref("each.key"), "enable_key_rotation": ref("var.strict"), "deletion_window_in_days": cst(30), "tags": ref("local.tags")}},
		{typ: "aws_security_group", name: "this",
			values: obj{"name": key, "description": "app " + key, "vpc_id": "vpc-0a1b2c3d4e5f60718", "id": sgID,
				"arn": fmt.Sprintf("arn:aws:ec2:%s:%s:security-group/%s", region, acct, sgID), "owner_id": acct,
				"revoke_rules_on_delete": false, "tags": tags, "tags_all": tagsAll,
				"ingress": []any{}, "egress": []any{obj{"cidr_blocks": []any{"0.0.0.0/0"}, "description": "", "from_port": json.Number("0"),
					"to_port": json.Number("0"), "protocol": "-1", "ipv6_cidr_blocks": []any{}, "prefix_list_ids": []any{}, "security_groups": []any{}, "self": false}}},
			unknown: obj{"id": true, "arn": true, "owner_id": true, "ingress": true, "name_prefix": true, "tags_all": obj{}},
			exprs:   obj{"name": ref("each.key"), "description": ref("each.key"), "vpc_id": ref("var.vpc_id"), "tags": ref("local.tags")}},
		{typ: "aws_vpc_security_group_ingress_rule", name: "https",
			values: obj{"security_group_id": sgID, "cidr_ipv4": cidr, "from_port": json.Number("443"), "to_port": json.Number("443"),
				"ip_protocol": "tcp", "description": "https", "id": fmt.Sprintf("sgr-%017x", i), "arn": "arn:aws:ec2:" + region + ":" + acct + ":security-group-rule/x", "tags": nil, "tags_all": tagsAll},
			unknown: obj{"security_group_id": true, "id": true, "arn": true, "security_group_rule_id": true, "tags_all": obj{}},
			exprs: obj{"security_group_id": ref("aws_security_group.this.id", "aws_security_group.this"), "cidr_ipv4": ref("var.ingress_cidr"),
				"from_port": cst(443), "to_port": cst(443), "ip_protocol": cst("tcp"), "description": cst("https")}},
		{typ: "aws_db_instance", name: "this",
			values: obj{"identifier": key, "engine": "postgres", "engine_version": "16.3", "instance_class": "db.t4g.medium",
				"allocated_storage": json.Number("100"), "storage_encrypted": !bad, "kms_key_id": kmsArn, "multi_az": !bad,
				"publicly_accessible": bad, "backup_retention_period": json.Number("7"), "deletion_protection": true,
				"iam_database_authentication_enabled": true, "auto_minor_version_upgrade": true, "copy_tags_to_snapshot": true,
				"skip_final_snapshot": false, "username": "app", "password": "not-a-real-password",
				"vpc_security_group_ids": []any{sgID}, "id": "db-" + key, "arn": "arn:aws:rds:" + region + ":" + acct + ":db:" + key,
				"endpoint": key + ".abc.eu-west-1.rds.amazonaws.com:5432", "tags": tags, "tags_all": tagsAll},
			unknown: obj{"id": true, "arn": true, "endpoint": true, "kms_key_id": true, "vpc_security_group_ids": []any{true}, "tags_all": obj{}},
			exprs: obj{"identifier": ref("each.key"), "engine": cst("postgres"), "engine_version": cst("16.3"), "instance_class": cst("db.t4g.medium"),
				"allocated_storage": cst(100), "storage_encrypted": ref("var.strict"), "kms_key_id": ref("aws_kms_key.this.arn", "aws_kms_key.this"),
				"multi_az": ref("var.strict"), "publicly_accessible": ref("var.public"), "backup_retention_period": cst(7), "deletion_protection": cst(true),
				"iam_database_authentication_enabled": cst(true), "username": cst("app"), "password": ref("var.db_password"),
				"vpc_security_group_ids": ref("aws_security_group.this.id", "aws_security_group.this"), "tags": ref("local.tags")},
			sensitive: []string{"password"}},
		{typ: "aws_dynamodb_table", name: "this",
			values: obj{"name": key, "billing_mode": "PAY_PER_REQUEST", "hash_key": "pk", "deletion_protection_enabled": !bad,
				"attribute": []any{obj{"name": "pk", "type": "S"}}, "point_in_time_recovery": []any{obj{"enabled": !bad}},
				"server_side_encryption": []any{obj{"enabled": true, "kms_key_arn": kmsArn}}, "id": key,
				"arn": "arn:aws:dynamodb:" + region + ":" + acct + ":table/" + key, "tags": tags, "tags_all": tagsAll},
			unknown: obj{"id": true, "arn": true, "stream_arn": true, "server_side_encryption": []any{obj{"kms_key_arn": true}}, "tags_all": obj{}},
			exprs: obj{"name": ref("each.key"), "billing_mode": cst("PAY_PER_REQUEST"), "hash_key": cst("pk"), "deletion_protection_enabled": ref("var.strict"),
				"attribute":              []any{obj{"name": cst("pk"), "type": cst("S")}},
				"point_in_time_recovery": []any{obj{"enabled": ref("var.strict")}},
				"server_side_encryption": []any{obj{"enabled": cst(true), "kms_key_arn": ref("aws_kms_key.this.arn", "aws_kms_key.this")}}, "tags": ref("local.tags")}},
		{typ: "aws_iam_role", name: "this",
			values: obj{"name": key, "path": "/", "max_session_duration": json.Number("3600"), "force_detach_policies": false,
				"assume_role_policy": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`,
				"id":                 key, "arn": "arn:aws:iam::" + acct + ":role/" + key, "unique_id": fmt.Sprintf("AROA%016X", i), "tags": tags, "tags_all": tagsAll,
				"inline_policy": []any{}, "managed_policy_arns": []any{}},
			unknown: obj{"id": true, "arn": true, "unique_id": true, "create_date": true, "inline_policy": true, "managed_policy_arns": true, "tags_all": obj{}},
			exprs:   obj{"name": ref("each.key"), "assume_role_policy": ref("data.aws_iam_policy_document.assume.json", "data.aws_iam_policy_document.assume"), "tags": ref("local.tags")}},
		{typ: "aws_instance", name: "this",
			values: obj{"ami": "ami-0123456789abcdef0", "instance_type": "t3.micro", "monitoring": false, "ebs_optimized": true,
				"associate_public_ip_address": bad, "vpc_security_group_ids": []any{sgID}, "subnet_id": "subnet-0a1b2c3d",
				"metadata_options":  []any{obj{"http_tokens": map[bool]string{true: "optional", false: "required"}[bad], "http_endpoint": "enabled", "http_put_response_hop_limit": json.Number("1")}},
				"root_block_device": []any{obj{"encrypted": !bad, "volume_size": json.Number("20"), "volume_type": "gp3"}},
				"id":                fmt.Sprintf("i-%017x", i), "arn": "arn:aws:ec2:" + region + ":" + acct + ":instance/x", "tags": tags, "tags_all": tagsAll},
			unknown: obj{"id": true, "arn": true, "private_ip": true, "public_ip": true, "vpc_security_group_ids": []any{true},
				"root_block_device": []any{obj{"kms_key_id": true, "device_name": true, "volume_id": true}}, "tags_all": obj{}},
			exprs: obj{"ami": ref("var.ami"), "instance_type": cst("t3.micro"), "associate_public_ip_address": ref("var.public"),
				"vpc_security_group_ids": ref("aws_security_group.this.id", "aws_security_group.this"), "subnet_id": ref("var.subnet_id"),
				"metadata_options":  []any{obj{"http_tokens": ref("local.http_tokens"), "http_endpoint": cst("enabled")}},
				"root_block_device": []any{obj{"encrypted": ref("var.strict"), "volume_size": cst(20), "volume_type": cst("gp3")}}, "tags": ref("local.tags")}},
		{typ: "aws_cloudwatch_log_group", name: "this",
			values: obj{"name": "/app/" + key, "retention_in_days": json.Number(map[bool]string{true: "0", false: "365"}[bad]), "kms_key_id": kmsArn,
				"skip_destroy": false, "log_group_class": "STANDARD", "id": "/app/" + key,
				"arn": "arn:aws:logs:" + region + ":" + acct + ":log-group:/app/" + key, "tags": tags, "tags_all": tagsAll},
			unknown: obj{"id": true, "arn": true, "kms_key_id": true, "tags_all": obj{}},
			exprs:   obj{"name": ref("each.key"), "retention_in_days": ref("var.retention"), "kms_key_id": ref("aws_kms_key.this.arn", "aws_kms_key.this"), "tags": ref("local.tags")}},
	}
	for j := range res {
		res[j].existing = existing
	}
	return res
}

// logBucket returns root-level instance aws_s3_bucket.logs[i].
func (g *gen) logBucket(i int) resource {
	bucket := fmt.Sprintf("vigil-bench-logs-%06d", i)
	return resource{typ: "aws_s3_bucket", name: "logs", existing: i%2 == 0,
		values: obj{"bucket": bucket, "force_destroy": false, "id": bucket, "arn": "arn:aws:s3:::" + bucket, "region": "eu-west-1",
			"tags": obj{"purpose": "logs"}, "tags_all": obj{"purpose": "logs", "managed-by": "terraform"}},
		unknown: obj{"id": true, "arn": true, "region": true, "versioning": true, "tags_all": obj{}},
		exprs:   obj{"bucket": ref1("count.index"), "tags": obj{"constant_value": obj{"purpose": "logs"}}}}
}

func ref1(refs ...string) obj { return obj{"references": refs} }

// instance is one resource with its address.
type instance struct {
	module string // "" or module.app["..."]
	addr   string
	resource
}

// each calls f for every resource instance, root-level ones first, then each app module instance.
func (g *gen) each(f func(module string, rs []instance)) {
	if g.extra > 0 {
		rs := make([]instance, g.extra)
		for i := range rs {
			rs[i] = instance{addr: fmt.Sprintf("aws_s3_bucket.logs[%d]", i), resource: g.logBucket(i)}
		}
		f("", rs)
	}
	for i := 0; i < g.apps && g.err == nil; i++ {
		mod := appModule(i)
		var rs []instance
		for _, r := range g.app(i) {
			rs = append(rs, instance{module: mod, addr: mod + "." + r.typ + "." + r.name, resource: r})
		}
		f(mod, rs)
	}
}

func (g *gen) plan() {
	g.raw(`{"format_version":"1.2","terraform_version":"1.9.8","variables":{"strict":{"value":true},"public":{"value":false},` +
		`"vpc_id":{"value":"vpc-0a1b2c3d4e5f60718"},"db_password":{"value":"not-a-real-password"},"apps":{"value":{`)
	for i := 0; i < g.apps; i++ {
		if i > 0 {
			g.raw(",")
		}
		g.raw(fmt.Sprintf(`%q:{"tier":"standard"}`, appKey(i)))
	}
	g.raw(`}}},"planned_values":`)
	g.values(func(instance) bool { return true })
	g.raw(`,"resource_changes":[`)
	first := true
	g.each(func(mod string, rs []instance) {
		for _, r := range rs {
			if !first {
				g.raw(",")
			}
			first = false
			g.change(mod, r)
		}
	})
	g.raw(`],"prior_state":{"format_version":"1.0","terraform_version":"1.9.8","values":`)
	g.values(func(r instance) bool { return r.existing })
	g.raw(`},"configuration":`)
	g.configuration()
	g.raw(`,"timestamp":"2026-12-07T00:00:00Z","errored":false,"complete":true}` + "\n")
}

// values writes a values document (planned_values or prior_state.values) of the instances keep selects.
func (g *gen) values(keep func(instance) bool) {
	g.raw(`{"root_module":{"resources":[`)
	var modules []string
	first := true
	g.each(func(mod string, rs []instance) {
		if mod != "" {
			if keep(rs[0]) {
				modules = append(modules, mod)
			}
			return
		}
		for i, r := range rs {
			if !keep(r) {
				continue
			}
			if !first {
				g.raw(",")
			}
			first = false
			g.resourceValues(r, i)
		}
	})
	g.raw(`],"child_modules":[`)
	firstMod := true
	g.each(func(mod string, rs []instance) {
		if mod == "" || !keep(rs[0]) {
			return
		}
		if !firstMod {
			g.raw(",")
		}
		firstMod = false
		g.raw(`{"address":`)
		g.value(mod)
		g.raw(`,"resources":[`)
		for j, r := range rs {
			if j > 0 {
				g.raw(",")
			}
			g.resourceValues(r, -1)
		}
		g.raw(`]}`)
	})
	g.raw(`]}}`)
}

func sensitiveValues(r instance) obj {
	s := obj{}
	for _, a := range r.sensitive {
		s[a] = true
	}
	return s
}

func (g *gen) resourceValues(r instance, index int) {
	v := obj{"address": r.addr, "mode": "managed", "type": r.typ, "name": r.name,
		"provider_name": "registry.terraform.io/hashicorp/aws", "schema_version": 0,
		"values": r.values, "sensitive_values": sensitiveValues(r)}
	if index >= 0 {
		v["index"] = index
	}
	g.value(v)
}

func (g *gen) change(mod string, r instance) {
	ch := obj{"before": nil, "after": r.values, "after_unknown": obj{}, "before_sensitive": false, "after_sensitive": sensitiveValues(r)}
	actions := []string{"no-op"}
	if r.existing {
		ch["before"] = r.values
		ch["before_sensitive"] = sensitiveValues(r)
	} else {
		actions = []string{"create"}
		after := obj{}
		for k, v := range r.values {
			if _, unknown := r.unknown[k]; !unknown || k == "tags_all" {
				after[k] = v
			}
		}
		ch["after"] = after
		ch["after_unknown"] = r.unknown
	}
	ch["actions"] = actions
	v := obj{"address": r.addr, "mode": "managed", "type": r.typ, "name": r.name,
		"provider_name": "registry.terraform.io/hashicorp/aws", "change": ch}
	if mod != "" {
		v["module_address"] = mod
	}
	g.value(v)
}

func (g *gen) configuration() {
	var appRes []any
	for _, r := range g.app(0) {
		appRes = append(appRes, obj{"address": r.typ + "." + r.name, "mode": "managed", "type": r.typ, "name": r.name,
			"provider_config_key": "aws", "schema_version": 0, "expressions": r.exprs})
	}
	varNames := []string{"vpc_id", "subnet_id", "ami", "strict", "public", "versioning", "ingress_cidr", "retention", "db_password"}
	vars := obj{}
	callExprs := obj{}
	for _, v := range varNames {
		vars[v] = obj{}
		callExprs[v] = obj{"references": []string{"var." + v}}
	}
	vars["db_password"] = obj{"sensitive": true}
	root := obj{
		"variables": obj{"strict": obj{"default": true}, "public": obj{"default": false}, "vpc_id": obj{},
			"db_password": obj{"sensitive": true}, "apps": obj{}},
		"module_calls": obj{"app": obj{"source": "./modules/app", "for_each_expression": obj{"references": []string{"var.apps"}},
			"expressions": callExprs, "module": obj{"resources": appRes, "variables": vars,
				"outputs": obj{"bucket_id": obj{"expression": obj{"references": []string{"aws_s3_bucket.this.id", "aws_s3_bucket.this"}}}}}}},
	}
	if g.extra > 0 {
		lb := g.logBucket(0)
		root["resources"] = []any{obj{"address": "aws_s3_bucket.logs", "mode": "managed", "type": "aws_s3_bucket", "name": "logs",
			"provider_config_key": "aws", "schema_version": 0, "expressions": lb.exprs, "count_expression": obj{"constant_value": g.extra}}}
	}
	g.value(obj{"provider_config": obj{"aws": obj{"name": "aws", "full_name": "registry.terraform.io/hashicorp/aws",
		"expressions": obj{"region": obj{"constant_value": "eu-west-1"},
			"default_tags": []any{obj{"tags": obj{"constant_value": obj{"managed-by": "terraform"}}}}}}},
		"root_module": root})
}
