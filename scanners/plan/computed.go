package plan

import "strings"

// configOnly lists, per resource type, the attributes taken from the plan only when the configuration
// sets them. The provider fills them from the real object (on create they are unknown, on update they
// hold what the last refresh read), and what it reads mirrors settings that other resources manage: the
// split S3 bucket resources of provider v4+, security group rule resources, role policy attachments.
// Reading them would join those settings twice, or mark them unknown on every new bucket. Left out, the
// adapters apply the joined resources and AWS defaults, as they do for HCL.
var configOnly = map[string][]string{
	"aws_s3_bucket": {
		"acceleration_status", "acl", "cors_rule", "grant", "lifecycle_rule", "logging",
		"object_lock_configuration", "policy", "replication_configuration", "request_payer",
		"server_side_encryption_configuration", "versioning", "website",
	},
	"aws_security_group": {"egress", "ingress"},
	// The default group's rules are what the configuration writes (none written: none).
	"aws_default_security_group": {"egress", "ingress"},
	// Network ACL entries: the inline ones, or the aws_network_acl_rule resources joined to the ACL.
	"aws_network_acl":         {"egress", "ingress"},
	"aws_default_network_acl": {"egress", "ingress"},
	"aws_iam_role":            {"inline_policy", "managed_policy_arns"},
	// Policies that a policy resource may manage, and Redshift's logging block that aws_redshift_logging
	// replaces.
	"aws_sns_topic":             {"policy"},
	"aws_sqs_queue":             {"policy"},
	"aws_secretsmanager_secret": {"policy"},
	"aws_opensearch_domain":     {"access_policies"},
	"aws_elasticsearch_domain":  {"access_policies"},
	"aws_redshift_cluster":      {"logging"},
}

// computedDefaults lists, per resource type, the attribute paths ("*" for any list index) whose value the
// provider computes when the configuration leaves it out: such a value is unknown in a plan that creates
// the resource. When the configuration does not set it, the reader drops it instead of marking it unknown,
// so the adapter applies what it applies to an absent argument: AWS's documented default, or unknown where
// AWS's choice depends on what vigil cannot see (an instance's http_tokens, its public IP). A path
// listed here covers the paths below it; the configuration is checked at the exact unknown path.
var computedDefaults = map[string][]string{
	// Every regional resource: computed from the provider configuration (S3 buckets in provider v5, an
	// optional argument of every resource in v6); the block's Region already holds the provider's.
	anyType:                      {"region"},
	"aws_s3_bucket":              {"bucket", "object_lock_enabled"},
	"aws_s3_bucket_acl":          {"access_control_policy"},
	"aws_security_group":         {"name", "vpc_id"},
	"aws_security_group_rule":    {"source_security_group_id"},
	"aws_default_security_group": {"vpc_id"},
	"aws_vpc":                    {"cidr_block"},
	"aws_instance": {
		"ami", "associate_public_ip_address", "ebs_block_device", "iam_instance_profile", "instance_type",
		"metadata_options", "root_block_device",
	},
	"aws_ebs_volume": {"encrypted", "kms_key_id", "size", "type"},
	"aws_db_instance": {
		"backup_retention_period", "engine", "identifier", "kms_key_id", "multi_az", "storage_encrypted",
	},
	"aws_rds_cluster":                       {"cluster_identifier", "kms_key_id", "storage_encrypted"},
	"aws_kms_key":                           {"description", "multi_region", "policy"},
	"aws_dynamodb_table":                    {"point_in_time_recovery", "server_side_encryption"},
	"aws_efs_file_system":                   {"encrypted", "kms_key_id"},
	"aws_backup_vault":                      {"kms_key_arn"},
	"aws_backup_logically_air_gapped_vault": {"encryption_key_arn"},
	"aws_backup_selection":                  {"condition", "not_resources"},
	// DLM: where snapshots are made (CLOUD) and the start time (DLM picks one) when left out.
	"aws_dlm_lifecycle_policy": {
		"policy_details.*.resource_locations", "policy_details.*.schedule.*.create_rule.*.times",
		"policy_details.*.schedule.*.create_rule.*.location",
	},
	"aws_iam_role":        {"name"},
	"aws_iam_policy":      {"name"},
	"aws_iam_role_policy": {"name"},
	"aws_iam_user_policy": {"name"},
	// Data services: names AWS generates, and settings whose default the provider reads back.
	"aws_sns_topic":             {"name"},
	"aws_sqs_queue":             {"name", "sqs_managed_sse_enabled"},
	"aws_secretsmanager_secret": {"name"},
	"aws_elasticache_replication_group": {
		"at_rest_encryption_enabled", "engine", "kms_key_id", "multi_az_enabled", "snapshot_retention_limit",
		"subnet_group_name", "transit_encryption_enabled", "user_group_ids",
	},
	"aws_redshift_cluster": {
		"cluster_parameter_group_name", "encrypted", "enhanced_vpc_routing", "kms_key_id", "publicly_accessible",
	},
	"aws_opensearch_domain": {
		"advanced_security_options", "domain_endpoint_options", "encrypt_at_rest", "engine_version",
		"node_to_node_encryption",
	},
	"aws_elasticsearch_domain": {
		"advanced_security_options", "domain_endpoint_options", "encrypt_at_rest", "node_to_node_encryption",
	},

	// Compute: the statement id Terraform generates, settings the provider computes, the EKS version AWS
	// picks (unknown to the adapter when not configured) and the public endpoint CIDRs.
	"aws_lambda_function":     {"package_type", "tracing_config"},
	"aws_lambda_permission":   {"statement_id"},
	"aws_ecr_repository":      {"encryption_configuration"},
	"aws_eks_cluster":         {"version", "vpc_config.*.public_access_cidrs"},
	"aws_ecs_task_definition": {"network_mode"},
	// GuardDuty: the provider computes the frequency (SIX_HOURS unless a GuardDuty administrator sets it)
	// and the legacy datasources, which the adapter reads only when the configuration sets them.
	"aws_guardduty_detector": {"datasources", "finding_publishing_frequency"},
	// Edge services: the provider computes these when left out (a listener's policy is AWS's default).
	"aws_lb":                       {"name", "internal"},
	"aws_alb":                      {"name", "internal"},
	"aws_lb_listener":              {"protocol", "ssl_policy"},
	"aws_alb_listener":             {"protocol", "ssl_policy"},
	"aws_elb":                      {"name", "internal"},
	"aws_api_gateway_rest_api":     {"endpoint_configuration", "disable_execute_api_endpoint"},
	"aws_api_gateway_domain_name":  {"security_policy", "endpoint_configuration"},
	"aws_apigatewayv2_stage":       {"default_route_settings"},
	"aws_apigatewayv2_domain_name": {"domain_name_configuration.*.endpoint_type"},
}

// anyType keys the computedDefaults entries of every resource type.
const anyType = "*"

// computedFor returns the computedDefaults patterns of a resource type.
func computedFor(typ string) []string {
	return append(append([]string{}, computedDefaults[anyType]...), computedDefaults[typ]...)
}

// coveredBy reports whether path is one of patterns or lies under one.
func coveredBy(patterns []string, path string) bool {
	segs := strings.Split(path, ".")
	for _, p := range patterns {
		ps := strings.Split(p, ".")
		if len(ps) > len(segs) {
			continue
		}
		match := true
		for i, s := range ps {
			if s != segs[i] && (s != "*" || !allDigits(segs[i])) {
				match = false
				break
			}
		}
		if match {
			return true
		}
	}
	return false
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}
