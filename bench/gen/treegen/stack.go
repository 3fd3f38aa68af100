package treegen

import (
	"fmt"
	"strings"
)

// sub replaces @KEY@ placeholders: sub(t, "KEY", "value", ...).
func sub(t string, kv ...string) string {
	pairs := make([]string, 0, len(kv))
	for i := 0; i+1 < len(kv); i += 2 {
		pairs = append(pairs, "@"+kv[i]+"@", kv[i+1])
	}
	return strings.NewReplacer(pairs...).Replace(t)
}

// render returns the files of stacks/<name>/.
func (s *stack) render() []file {
	fs := []file{
		{"versions.tf", stackVersions},
		{"variables.tf", s.variables()},
		{"locals.tf", s.locals()},
		{"main.tf", s.main()},
		{"s3.tf", s.s3()},
		{"security.tf", s.security()},
		{"kms.tf", s.kms()},
		{"iam.tf", s.iam()},
		{"monitoring.tf", stackMonitoring},
		{"outputs.tf", stackOutputs},
	}
	if s.hasDatabase() {
		fs = append(fs, file{"database.tf", s.database()})
	}
	for i := range fs {
		fs[i].path = "stacks/" + s.name + "/" + fs[i].path
	}
	return fs
}

const stackVersions = `terraform {
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source                = "hashicorp/aws"
      version               = ">= 5.0"
      configuration_aliases = [aws.dr]
    }
  }
}
`

func (s *stack) variables() string {
	var bk strings.Builder
	for _, b := range s.buckets {
		var fields []string
		if b.versioningOff {
			fields = append(fields, "versioning = false")
		} else if b.explicitFields {
			fields = append(fields, "versioning = true")
		}
		if b.lifecycleDays != 365 {
			fields = append(fields, fmt.Sprintf("lifecycle_days = %d", b.lifecycleDays))
		}
		if b.public {
			fields = append(fields, "public = true")
		}
		fmt.Fprintf(&bk, "    %s = { %s }\n", b.name, strings.Join(fields, ", "))
	}
	return sub(`variable "name" {
  description = "Stack name, the prefix of every resource."
  type        = string
}

variable "environment" {
  description = "Deployment environment."
  type        = string

  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "The environment must be dev, staging or prod."
  }
}

variable "account_id" {
  type = string
}

variable "vpc_cidr" {
  type = string
}

variable "log_bucket" {
  description = "Central S3 access-log bucket."
  type        = string
}

variable "enable_backup" {
  type    = bool
  default = true
}

variable "dr_vault_arn" {
  description = "DR vault receiving backup copies."
  type        = string
  default     = null
}

variable "instance_count" {
  type    = number
  default = @INSTANCES@
}

variable "buckets" {
  description = "Data buckets of the stack."
  type = map(object({
    versioning     = optional(bool, true)
    lifecycle_days = optional(number, 365)
    public         = optional(bool, false)
  }))

  default = {
@BUCKETS@  }
}

variable "partner_role_arn" {
  description = "Partner role allowed to read artifacts, if any."
  type        = string
  default     = null
}

variable "db_encrypted" {
  type    = bool
  default = true
}

variable "tags" {
  type    = map(string)
  default = {}
}
`, "INSTANCES", fmt.Sprint(s.instances), "BUCKETS", bk.String())
}

func (s *stack) locals() string {
	ssh := "10.0.0.0/8"
	if s.sshOpen {
		ssh = "0.0.0.0/0"
	}
	extra := ""
	switch s.kind {
	case "api":
		extra = `    postgres = { port = 5432, cidr = var.vpc_cidr, description = "PostgreSQL inside the VPC" }
`
	case "web":
		extra = `    http = { port = 80, cidr = "10.0.0.0/8", description = "HTTP redirect" }
`
	}
	return sub(`locals {
  name = var.name

  tags = merge(var.tags, {
    stack       = var.name
    environment = var.environment
    kind        = "@KIND@"
  })

  azs = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]

  ingress = {
    https = { port = 443, cidr = "10.0.0.0/8", description = "HTTPS from the corporate network" }
    ssh   = { port = 22, cidr = "@SSH@", description = "SSH for operators" }
@EXTRA@  }

  roles = {
    app = {
      services = ["ecs-tasks.amazonaws.com"]
      managed  = ["arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy"]
      actions  = ["s3:GetObject", "s3:PutObject"]
    }
    deploy = {
      services = ["codebuild.amazonaws.com"]
      managed  = []
      actions  = ["ecr:GetAuthorizationToken", "ecs:UpdateService"]
    }
  }

  backup_tags = {
    backup = "daily"
    stack  = var.name
  }
}
`, "KIND", s.kind, "SSH", ssh, "EXTRA", extra)
}

func (s *stack) main() string {
	webRules := `["https-443-tcp"]`
	if s.kind == "web" {
		webRules = `["https-443-tcp", "http-80-tcp"]`
	}
	selection := "[for b in module.buckets : b.arn]"
	if s.kind == "api" {
		selection = "concat([for b in module.buckets : b.arn], [aws_db_instance.this.arn])"
	} else if s.kind == "batch" {
		selection = "concat([for b in module.buckets : b.arn], [aws_rds_cluster.this.arn])"
	}
	lock := "false"
	if s.lock {
		lock = "true"
	}
	tokens := "required"
	if s.imdsV1 {
		tokens = "optional"
	}
	return sub(`module "network" {
  source = "../../modules/network"

  name                = local.name
  vpc_cidr            = var.vpc_cidr
  azs                 = local.azs
  ingress_rules       = @RULES@
  ingress_cidr_blocks = ["10.0.0.0/8"]
  create_flow_logs    = var.environment == "prod"

  tags = local.tags
}

module "buckets" {
  source   = "../../modules/data"
  for_each = var.buckets

  bucket              = "${local.name}-${each.key}"
  versioning          = each.value.versioning
  kms_key_arn         = aws_kms_key.this.arn
  block_public_access = !each.value.public
  readers             = [module.roles["app"].arn]

  logging = {
    target_bucket = var.log_bucket
  }

  lifecycle_rules = [
    {
      id              = "expire-${each.key}"
      expiration_days = each.value.lifecycle_days
    },
  ]

  tags = merge(local.tags, { data_class = each.key })
}

module "roles" {
  source   = "../../modules/iam"
  for_each = local.roles

  name                = "${local.name}-${each.key}"
  trusted_services    = each.value.services
  managed_policy_arns = each.value.managed

  inline_statements = [
    {
      sid       = "Logs"
      actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
      resources = ["${aws_cloudwatch_log_group.app.arn}:*"]
    },
    {
      sid       = "Service"
      actions   = each.value.actions
      resources = ["arn:aws:s3:::${local.name}-*"]
    },
  ]

  custom_policy_actions = each.key == "deploy" ? ["ecs:DescribeServices", "ecs:DescribeTaskDefinition"] : []

  tags = local.tags
}

module "compute" {
  source = "../../modules/compute"
  count  = var.instance_count > 0 ? 1 : 0

  name               = local.name
  instance_count     = var.instance_count
  subnet_ids         = module.network.private_subnet_ids
  security_group_ids = [aws_security_group.app.id]
  http_tokens        = "@TOKENS@"
  data_volume_size   = 50
  kms_key_arn        = aws_kms_key.this.arn

  tags = local.tags
}

module "backup" {
  source = "../../modules/backup"
  count  = var.enable_backup ? 1 : 0

  name                = local.name
  kms_key_arn         = aws_kms_key.this.arn
  retention_days      = var.environment == "prod" ? 35 : 7
  copy_to_vault_arn   = var.dr_vault_arn
  enable_lock         = @LOCK@
  selection_resources = @SELECTION@
  selection_tags      = local.backup_tags

  tags = local.tags
}
`, "RULES", webRules, "TOKENS", tokens, "LOCK", lock, "SELECTION", selection)
}

func (s *stack) s3() string {
	var b strings.Builder
	if s.legacyS3 {
		// Provider v3 style: the settings inline on the bucket.
		logging := ""
		if s.artifactLogging {
			logging = `
  logging {
    target_bucket = var.log_bucket
    target_prefix = "s3-access/${local.name}-artifacts/"
  }
`
		}
		b.WriteString(sub(`resource "aws_s3_bucket" "artifacts" {
  bucket = "${local.name}-artifacts"
  acl    = "private"

  versioning {
    enabled = true
  }

  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm     = "aws:kms"
        kms_master_key_id = aws_kms_key.this.arn
      }
    }
  }
@LOGGING@
  tags = local.tags
}
`, "LOGGING", logging))
	} else {
		b.WriteString(`resource "aws_s3_bucket" "artifacts" {
  bucket = "${local.name}-artifacts"

  tags = local.tags
}

resource "aws_s3_bucket_versioning" "artifacts" {
  bucket = aws_s3_bucket.artifacts.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "artifacts" {
  bucket = aws_s3_bucket.artifacts.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.this.arn
    }
    bucket_key_enabled = true
  }
}
`)
		if s.artifactLogging {
			b.WriteString(`
resource "aws_s3_bucket_logging" "artifacts" {
  bucket        = aws_s3_bucket.artifacts.id
  target_bucket = var.log_bucket
  target_prefix = "s3-access/${local.name}-artifacts/"
}
`)
		}
	}
	b.WriteString(sub(`
resource "aws_s3_bucket_public_access_block" "artifacts" {
  bucket = aws_s3_bucket.artifacts.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

data "aws_iam_policy_document" "artifacts" {
  statement {
    sid     = "DenyInsecureTransport"
    effect  = "Deny"
    actions = ["s3:*"]
    resources = [
      aws_s3_bucket.artifacts.arn,
      "${aws_s3_bucket.artifacts.arn}/*",
    ]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }

  statement {
    sid       = "DeployWrites"
    actions   = ["s3:PutObject", "s3:GetObject"]
    resources = ["${aws_s3_bucket.artifacts.arn}/*"]

    principals {
      type        = "AWS"
      identifiers = [module.roles["deploy"].arn]
    }
  }
@PARTNER@}

resource "aws_s3_bucket_policy" "artifacts" {
  bucket = aws_s3_bucket.artifacts.id
  policy = data.aws_iam_policy_document.artifacts.json
}
`, "PARTNER", s.partnerStatement()))
	return b.String()
}

// partnerStatement grants read access to the partner role, whose ARN has no value before apply.
func (s *stack) partnerStatement() string {
	if !s.partner {
		return ""
	}
	return `
  statement {
    sid       = "PartnerReads"
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.artifacts.arn}/*"]

    principals {
      type        = "AWS"
      identifiers = [var.partner_role_arn]
    }
  }
`
}

func (s *stack) security() string {
	var b strings.Builder
	waiver := ""
	if s.ignoreSSH {
		waiver = "# vigil:ignore EC2.1 bastion access, restricted by the network ACL exp:2030-12-31\n"
	}
	b.WriteString(sub(`resource "aws_security_group" "app" {
  name        = "${local.name}-service"
  description = "Service traffic for ${local.name}"
  vpc_id      = module.network.vpc_id

  tags = local.tags
}

@WAIVER@resource "aws_vpc_security_group_ingress_rule" "app" {
  for_each = local.ingress

  security_group_id = aws_security_group.app.id
  description       = each.value.description
  ip_protocol       = "tcp"
  from_port         = each.value.port
  to_port           = each.value.port
  cidr_ipv4         = each.value.cidr
}

resource "aws_vpc_security_group_egress_rule" "app_https" {
  security_group_id = aws_security_group.app.id
  description       = "HTTPS to AWS APIs"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}
`, "WAIVER", waiver))
	if s.legacySG {
		b.WriteString(`
# Legacy group from before the migration to split rule resources.
resource "aws_security_group" "legacy" {
  name        = "${local.name}-legacy"
  description = "Legacy administrative access"
  vpc_id      = module.network.vpc_id

  dynamic "ingress" {
    for_each = [8080, 8443]

    content {
      description = "Admin port ${ingress.value}"
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = ["10.0.0.0/8", "172.16.0.0/12"]
    }
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }

  tags = local.tags
}

resource "aws_security_group_rule" "legacy_monitoring" {
  type                     = "ingress"
  security_group_id        = aws_security_group.legacy.id
  from_port                = 9100
  to_port                  = 9100
  protocol                 = "tcp"
  source_security_group_id = aws_security_group.app.id
  description              = "Node exporter"
}
`)
	}
	return b.String()
}

func (s *stack) kms() string {
	account := "var.account_id"
	identity := ""
	if s.callerIdentity {
		account = "data.aws_caller_identity.current.account_id"
		identity = "data \"aws_caller_identity\" \"current\" {}\n\n"
	}
	return sub(`@IDENTITY@resource "aws_kms_key" "this" {
  description             = "${local.name} data key"
  enable_key_rotation     = @ROTATION@
  deletion_window_in_days = 30

  tags = local.tags
}

resource "aws_kms_alias" "this" {
  name          = "alias/${local.name}"
  target_key_id = aws_kms_key.this.key_id
}

resource "aws_kms_key_policy" "this" {
  key_id = aws_kms_key.this.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "EnableRootAccess"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${@ACCOUNT@}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "AllowServiceUse"
        Effect    = "Allow"
        Principal = { AWS = aws_iam_role.app.arn }
        Action    = ["kms:Decrypt", "kms:GenerateDataKey*", "kms:DescribeKey"]
        Resource  = "*"
      },
    ]
  })
}
`, "IDENTITY", identity, "ROTATION", fmt.Sprint(!s.rotationOff), "ACCOUNT", account)
}

func (s *stack) iam() string {
	var b strings.Builder
	wildcard := ""
	if s.wildcardIAM {
		wildcard = `      {
        Sid      = "TemporaryFullAccess"
        Effect   = "Allow"
        Action   = "*"
        Resource = "*"
      },
`
	}
	b.WriteString(sub(`resource "aws_iam_role" "app" {
  name = "${local.name}-task"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "ecs-tasks.amazonaws.com" }
    }]
  })

  tags = local.tags
}

resource "aws_iam_role_policy" "app" {
  name = "${local.name}-task"
  role = aws_iam_role.app.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "ReadArtifacts"
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:ListBucket"]
        Resource = [aws_s3_bucket.artifacts.arn, "${aws_s3_bucket.artifacts.arn}/*"]
      },
      {
        Sid      = "UseKey"
        Effect   = "Allow"
        Action   = ["kms:Decrypt", "kms:GenerateDataKey"]
        Resource = [aws_kms_key.this.arn]
      },
@WILDCARD@    ]
  })
}
`, "WILDCARD", wildcard))
	if s.ciUser {
		b.WriteString(`
resource "aws_iam_user" "ci" {
  name = "${local.name}-ci"
  path = "/ci/"

  tags = local.tags
}

data "aws_iam_policy_document" "ci" {
  statement {
    sid       = "PublishArtifacts"
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.artifacts.arn}/*"]
  }
}

resource "aws_iam_user_policy" "ci" {
  name   = "publish"
  user   = aws_iam_user.ci.name
  policy = data.aws_iam_policy_document.ci.json
}
`)
	}
	return b.String()
}

func (s *stack) database() string {
	switch s.kind {
	case "api":
		retention := "7"
		if s.dbNoBackups {
			retention = "0"
		}
		replica := ""
		if s.replica {
			replica = `
resource "aws_db_instance" "replica" {
  identifier          = "${local.name}-db-replica"
  replicate_source_db = aws_db_instance.this.identifier
  instance_class      = "db.t4g.medium"
  skip_final_snapshot = true

  tags = local.tags
}
`
		}
		return sub(`resource "aws_db_subnet_group" "this" {
  name       = "${local.name}-db"
  subnet_ids = module.network.private_subnet_ids
}

resource "aws_db_instance" "this" {
  identifier     = "${local.name}-db"
  engine         = "postgres"
  engine_version = "15.4"
  instance_class = var.environment == "prod" ? "db.r6g.large" : "db.t4g.medium"

  allocated_storage = 100
  storage_type      = "gp3"
  storage_encrypted = @ENCRYPTED@
  kms_key_id        = @KMS@

  db_subnet_group_name   = aws_db_subnet_group.this.name
  vpc_security_group_ids = [aws_security_group.app.id]

  username                    = "app"
  manage_master_user_password = true

  multi_az                = var.environment == "prod"
  backup_retention_period = @RETENTION@
  deletion_protection     = true
  publicly_accessible     = false
  skip_final_snapshot     = false

  tags = local.tags
}
@REPLICA@`, "ENCRYPTED", s.dbEncryption(), "KMS", kmsOrNull(!s.dbUnencrypted), "RETENTION", retention, "REPLICA", replica)
	case "batch":
		return sub(`resource "aws_rds_cluster" "this" {
  cluster_identifier = "${local.name}-aurora"
  engine             = "aurora-postgresql"
  engine_version     = "15.4"
  database_name      = "batch"
  master_username    = "batch"

  manage_master_user_password = true

  storage_encrypted       = @ENCRYPTED@
  kms_key_id              = @KMS@
  backup_retention_period = 14
  deletion_protection     = true
  skip_final_snapshot     = false

  vpc_security_group_ids = [aws_security_group.app.id]

  tags = local.tags
}

resource "aws_rds_cluster_instance" "this" {
  count = var.environment == "prod" ? 2 : 1

  identifier         = "${local.name}-aurora-${count.index}"
  cluster_identifier = aws_rds_cluster.this.id
  instance_class     = "db.r6g.large"
  engine             = aws_rds_cluster.this.engine
}
`, "ENCRYPTED", fmt.Sprint(!s.dbUnencrypted), "KMS", kmsOrNull(!s.dbUnencrypted))
	default: // data
		var tables strings.Builder
		for i := 0; i < s.tables; i++ {
			fmt.Fprintf(&tables, "    %s = { hash_key = \"pk\", range_key = %s }\n",
				[]string{"sessions", "events", "profiles"}[i], []string{"null", "\"sk\"", "\"sk\""}[i])
		}
		return sub(`locals {
  tables = {
@TABLES@  }
}

resource "aws_dynamodb_table" "this" {
  for_each = local.tables

  name         = "${local.name}-${each.key}"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = each.value.hash_key
  range_key    = each.value.range_key

  attribute {
    name = "pk"
    type = "S"
  }

  dynamic "attribute" {
    for_each = each.value.range_key == null ? [] : [each.value.range_key]

    content {
      name = attribute.value
      type = "S"
    }
  }

  point_in_time_recovery {
    enabled = @PITR@
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.this.arn
  }

  deletion_protection_enabled = var.environment == "prod"

  tags = merge(local.tags, { table = each.key })
}
`, "TABLES", tables.String(), "PITR", fmt.Sprint(!s.pitrOff))
	}
}

// dbEncryption is the storage_encrypted argument of the API database.
func (s *stack) dbEncryption() string {
	if s.dbEncryptionVar {
		return "var.db_encrypted"
	}
	return fmt.Sprint(!s.dbUnencrypted)
}

func kmsOrNull(encrypted bool) string {
	if encrypted {
		return "aws_kms_key.this.arn"
	}
	return "null"
}

const stackMonitoring = `resource "aws_cloudwatch_log_group" "app" {
  name              = "/app/${local.name}"
  retention_in_days = var.environment == "prod" ? 365 : 30
  kms_key_id        = aws_kms_key.this.arn

  tags = local.tags
}

resource "aws_sns_topic" "alerts" {
  name              = "${local.name}-alerts"
  kms_master_key_id = aws_kms_key.this.id

  tags = local.tags
}

resource "aws_cloudwatch_metric_alarm" "errors" {
  alarm_name          = "${local.name}-errors"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 1
  metric_name         = "Errors"
  namespace           = "App/${local.name}"
  period              = 300
  statistic           = "Sum"
  threshold           = 10
  alarm_actions       = [aws_sns_topic.alerts.arn]

  tags = local.tags
}
`

const stackOutputs = `output "role_arn" {
  value = aws_iam_role.app.arn
}

output "bucket_arns" {
  value = { for k, b in module.buckets : k => b.arn }
}

output "security_group_id" {
  value = aws_security_group.app.id
}

output "kms_key_arn" {
  value = aws_kms_key.this.arn
}

output "vault_arn" {
  value = try(module.backup[0].vault_arn, null)
}
`
