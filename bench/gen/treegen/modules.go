package treegen

import (
	"fmt"
	"strings"
)

// The shared library modules every stack calls. They are written once per tree and instantiated many
// times (count, for_each, and once per stack), the way a monorepo's modules/ folder is used.

// sharedModules returns the files of modules/<name>/, in a fixed order.
func sharedModules() []file {
	var out []file
	add := func(mod string, files ...file) {
		for _, f := range files {
			out = append(out, file{path: "modules/" + mod + "/" + f.path, body: f.body})
		}
	}
	add("network",
		file{"versions.tf", moduleVersions},
		file{"variables.tf", networkVariables},
		file{"rules.tf", networkRules()},
		file{"main.tf", networkMain},
		file{"security_group.tf", networkSecurityGroup},
		file{"flow_logs.tf", networkFlowLogs},
		file{"outputs.tf", networkOutputs},
	)
	add("data",
		file{"versions.tf", moduleVersions},
		file{"variables.tf", dataVariables},
		file{"main.tf", dataMain},
		file{"encryption.tf", dataEncryption},
		file{"public_access.tf", dataPublicAccess},
		file{"logging.tf", dataLogging},
		file{"policy.tf", dataPolicy},
		file{"lifecycle.tf", dataLifecycle},
		file{"outputs.tf", dataOutputs},
	)
	add("iam",
		file{"versions.tf", moduleVersions},
		file{"variables.tf", iamVariables},
		file{"main.tf", iamMain},
		file{"policies.tf", iamPolicies},
		file{"outputs.tf", iamOutputs},
	)
	add("backup",
		file{"versions.tf", moduleVersions},
		file{"variables.tf", backupVariables},
		file{"vault.tf", backupVault},
		file{"plan.tf", backupPlan},
		file{"selection.tf", backupSelection},
		file{"outputs.tf", backupOutputs},
	)
	add("compute",
		file{"versions.tf", moduleVersions},
		file{"variables.tf", computeVariables},
		file{"main.tf", computeMain},
		file{"volumes.tf", computeVolumes},
		file{"outputs.tf", computeOutputs},
	)
	return out
}

const moduleVersions = `terraform {
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
  }
}
`

// ---------------------------------------------------------------------------------------------------
// modules/network: VPC, subnets per AZ, an application security group opened from a large predefined
// rule table (like terraform-aws-modules/security-group's var.rules), flow logs.

const networkVariables = `variable "name" {
  description = "Name prefix of every network resource."
  type        = string
}

variable "vpc_cidr" {
  description = "CIDR block of the VPC."
  type        = string
}

variable "azs" {
  description = "Availability zones the subnets are spread over."
  type        = list(string)
  default     = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
}

variable "create_flow_logs" {
  description = "Send VPC flow logs to CloudWatch Logs."
  type        = bool
  default     = true
}

variable "ingress_rules" {
  description = "Names of predefined rules (see var.rules) opened on the application security group."
  type        = list(string)
  default     = []
}

variable "ingress_cidr_blocks" {
  description = "Networks the predefined ingress rules admit."
  type        = list(string)
  default     = ["10.0.0.0/8"]
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
`

// networkRules writes the predefined rule table: [from_port, to_port, protocol, description].
func networkRules() string {
	var b strings.Builder
	b.WriteString(`variable "rules" {
  description = "Map of known security group rules: [from_port, to_port, protocol, description]."
  type        = map(list(any))

  default = {
    all-all       = [-1, -1, "-1", "All protocols"]
    all-tcp       = [0, 65535, "tcp", "All TCP ports"]
    all-udp       = [0, 65535, "udp", "All UDP ports"]
    all-icmp      = [-1, -1, "icmp", "All IPV4 ICMP"]
    ssh-tcp       = [22, 22, "tcp", "SSH"]
    http-80-tcp   = [80, 80, "tcp", "HTTP"]
    https-443-tcp = [443, 443, "tcp", "HTTPS"]
    rdp-tcp       = [3389, 3389, "tcp", "Remote Desktop"]
    mysql-tcp     = [3306, 3306, "tcp", "MySQL/Aurora"]
    postgres-tcp  = [5432, 5432, "tcp", "PostgreSQL"]
    redis-tcp     = [6379, 6379, "tcp", "Redis"]
    mongodb-tcp   = [27017, 27017, "tcp", "MongoDB"]
    kafka-tcp     = [9092, 9092, "tcp", "Kafka"]
    nfs-tcp       = [2049, 2049, "tcp", "NFS/EFS"]
    dns-udp       = [53, 53, "udp", "DNS"]
    ntp-udp       = [123, 123, "udp", "NTP"]
`)
	services := []string{"app", "metrics", "grpc", "admin", "health", "cache", "queue", "search"}
	for i := 0; i < 96; i++ {
		port := 8000 + i*7
		fmt.Fprintf(&b, "    %s-%d-tcp = [%d, %d, \"tcp\", \"%s listener %d\"]\n",
			services[i%len(services)], port, port, port, strings.ToUpper(services[i%len(services)][:1])+services[i%len(services)][1:], i)
	}
	b.WriteString("  }\n}\n")
	return b.String()
}

const networkMain = `locals {
  public_subnets  = [for i, az in var.azs : cidrsubnet(var.vpc_cidr, 4, i)]
  private_subnets = [for i, az in var.azs : cidrsubnet(var.vpc_cidr, 4, i + 8)]
  tags            = merge(var.tags, { module = "network" })
}

resource "aws_vpc" "this" {
  cidr_block           = var.vpc_cidr
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = merge(local.tags, { Name = var.name })
}

resource "aws_subnet" "public" {
  count = length(var.azs)

  vpc_id                  = aws_vpc.this.id
  cidr_block              = local.public_subnets[count.index]
  availability_zone       = var.azs[count.index]
  map_public_ip_on_launch = true

  tags = merge(local.tags, {
    Name = "${var.name}-public-${var.azs[count.index]}"
    tier = "public"
  })
}

resource "aws_subnet" "private" {
  count = length(var.azs)

  vpc_id            = aws_vpc.this.id
  cidr_block        = local.private_subnets[count.index]
  availability_zone = var.azs[count.index]

  tags = merge(local.tags, {
    Name = "${var.name}-private-${var.azs[count.index]}"
    tier = "private"
  })
}
`

const networkSecurityGroup = `resource "aws_security_group" "this" {
  name        = "${var.name}-app"
  description = "Application traffic for ${var.name}"
  vpc_id      = aws_vpc.this.id

  tags = local.tags
}

resource "aws_vpc_security_group_ingress_rule" "this" {
  for_each = toset(var.ingress_rules)

  security_group_id = aws_security_group.this.id
  description       = var.rules[each.value][3]
  from_port         = var.rules[each.value][0]
  to_port           = var.rules[each.value][1]
  ip_protocol       = var.rules[each.value][2]
  cidr_ipv4         = var.ingress_cidr_blocks[0]
}

resource "aws_vpc_security_group_egress_rule" "all" {
  security_group_id = aws_security_group.this.id
  description       = "All outbound traffic"
  ip_protocol       = "-1"
  cidr_ipv4         = "0.0.0.0/0"
}
`

const networkFlowLogs = `resource "aws_cloudwatch_log_group" "flow" {
  count = var.create_flow_logs ? 1 : 0

  name              = "/vpc/${var.name}/flow-logs"
  retention_in_days = 90

  tags = local.tags
}

resource "aws_flow_log" "this" {
  count = var.create_flow_logs ? 1 : 0

  vpc_id          = aws_vpc.this.id
  traffic_type    = "ALL"
  log_destination = aws_cloudwatch_log_group.flow[0].arn
}
`

const networkOutputs = `output "vpc_id" {
  description = "ID of the VPC."
  value       = aws_vpc.this.id
}

output "public_subnet_ids" {
  value = aws_subnet.public[*].id
}

output "private_subnet_ids" {
  value = aws_subnet.private[*].id
}

output "security_group_id" {
  value = aws_security_group.this.id
}
`

// ---------------------------------------------------------------------------------------------------
// modules/data: one S3 bucket with its provider v4+ split settings.

const dataVariables = `variable "bucket" {
  description = "Name of the bucket."
  type        = string
}

variable "versioning" {
  description = "Keep every version of every object."
  type        = bool
  default     = true
}

variable "kms_key_arn" {
  description = "KMS key for default encryption; SSE-S3 when null."
  type        = string
  default     = null
}

variable "logging" {
  description = "Server access logging target."
  type = object({
    target_bucket = string
    target_prefix = optional(string, "s3-access/")
  })
  default = null
}

variable "lifecycle_rules" {
  description = "Expiration rules."
  type = list(object({
    id              = string
    enabled         = optional(bool, true)
    expiration_days = optional(number, 365)
    noncurrent_days = optional(number, 30)
  }))
  default = []
}

variable "block_public_access" {
  type    = bool
  default = true
}

variable "force_ssl" {
  description = "Deny requests that do not use TLS."
  type        = bool
  default     = true
}

variable "readers" {
  description = "Principals (role ARNs) allowed to read the bucket."
  type        = list(string)
  default     = []
}

variable "tags" {
  type    = map(string)
  default = {}
}
`

const dataMain = `resource "aws_s3_bucket" "this" {
  bucket        = var.bucket
  force_destroy = false

  tags = merge(var.tags, { Name = var.bucket })
}

resource "aws_s3_bucket_ownership_controls" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_versioning" "this" {
  bucket = aws_s3_bucket.this.id

  versioning_configuration {
    status = var.versioning ? "Enabled" : "Suspended"
  }
}
`

const dataEncryption = `resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = var.kms_key_arn == null ? "AES256" : "aws:kms"
      kms_master_key_id = var.kms_key_arn
    }
    bucket_key_enabled = var.kms_key_arn != null
  }
}
`

const dataPublicAccess = `resource "aws_s3_bucket_public_access_block" "this" {
  bucket = aws_s3_bucket.this.id

  block_public_acls       = var.block_public_access
  block_public_policy     = var.block_public_access
  ignore_public_acls      = var.block_public_access
  restrict_public_buckets = var.block_public_access
}
`

const dataLogging = `resource "aws_s3_bucket_logging" "this" {
  count = var.logging == null ? 0 : 1

  bucket        = aws_s3_bucket.this.id
  target_bucket = var.logging.target_bucket
  target_prefix = "${var.logging.target_prefix}${var.bucket}/"
}
`

const dataPolicy = `data "aws_iam_policy_document" "this" {
  dynamic "statement" {
    for_each = var.force_ssl ? [1] : []

    content {
      sid       = "DenyInsecureTransport"
      effect    = "Deny"
      actions   = ["s3:*"]
      resources = [aws_s3_bucket.this.arn, "${aws_s3_bucket.this.arn}/*"]

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
  }

  dynamic "statement" {
    for_each = length(var.readers) > 0 ? [1] : []

    content {
      sid       = "AllowReaders"
      actions   = ["s3:GetObject", "s3:ListBucket"]
      resources = [aws_s3_bucket.this.arn, "${aws_s3_bucket.this.arn}/*"]

      principals {
        type        = "AWS"
        identifiers = var.readers
      }
    }
  }
}

resource "aws_s3_bucket_policy" "this" {
  bucket = aws_s3_bucket.this.id
  policy = data.aws_iam_policy_document.this.json

  depends_on = [aws_s3_bucket_public_access_block.this]
}
`

const dataLifecycle = `resource "aws_s3_bucket_lifecycle_configuration" "this" {
  count = length(var.lifecycle_rules) > 0 ? 1 : 0

  bucket = aws_s3_bucket.this.id

  dynamic "rule" {
    for_each = var.lifecycle_rules

    content {
      id     = rule.value.id
      status = rule.value.enabled ? "Enabled" : "Disabled"

      filter {}

      expiration {
        days = rule.value.expiration_days
      }

      noncurrent_version_expiration {
        noncurrent_days = rule.value.noncurrent_days
      }
    }
  }
}
`

const dataOutputs = `output "id" {
  value = aws_s3_bucket.this.id
}

output "arn" {
  value = aws_s3_bucket.this.arn
}

output "bucket" {
  value = aws_s3_bucket.this.bucket
}
`

// ---------------------------------------------------------------------------------------------------
// modules/iam: a role trusted by services or roles, with inline, customer-managed and AWS-managed
// policies.

const iamVariables = `variable "name" {
  description = "Name of the role."
  type        = string
}

variable "trusted_services" {
  description = "AWS services that may assume the role."
  type        = list(string)
  default     = []
}

variable "trusted_role_arns" {
  description = "Roles that may assume the role."
  type        = list(string)
  default     = []
}

variable "inline_statements" {
  description = "Statements of the role's inline policy."
  type = list(object({
    sid       = string
    effect    = optional(string, "Allow")
    actions   = list(string)
    resources = list(string)
  }))
  default = []
}

variable "managed_policy_arns" {
  description = "AWS-managed or customer-managed policies attached to the role."
  type        = list(string)
  default     = []
}

variable "custom_policy_actions" {
  description = "Actions of an optional customer-managed policy created with the role."
  type        = list(string)
  default     = []
}

variable "custom_policy_resources" {
  type    = list(string)
  default = ["*"]
}

variable "max_session_duration" {
  type    = number
  default = 3600
}

variable "tags" {
  type    = map(string)
  default = {}
}
`

const iamMain = `locals {
  assume_statements = concat(
    [for s in var.trusted_services : {
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = s }
    }],
    [for a in var.trusted_role_arns : {
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = a }
    }],
  )
}

resource "aws_iam_role" "this" {
  name                 = var.name
  max_session_duration = var.max_session_duration

  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = local.assume_statements
  })

  tags = var.tags
}
`

const iamPolicies = `resource "aws_iam_role_policy" "inline" {
  count = length(var.inline_statements) > 0 ? 1 : 0

  name = "${var.name}-inline"
  role = aws_iam_role.this.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [for s in var.inline_statements : {
      Sid      = s.sid
      Effect   = s.effect
      Action   = s.actions
      Resource = s.resources
    }]
  })
}

data "aws_iam_policy_document" "custom" {
  count = length(var.custom_policy_actions) > 0 ? 1 : 0

  statement {
    sid       = "Custom"
    actions   = var.custom_policy_actions
    resources = var.custom_policy_resources
  }
}

resource "aws_iam_policy" "custom" {
  count = length(var.custom_policy_actions) > 0 ? 1 : 0

  name   = "${var.name}-custom"
  path   = "/service/"
  policy = data.aws_iam_policy_document.custom[0].json

  tags = var.tags
}

resource "aws_iam_role_policy_attachment" "custom" {
  count = length(var.custom_policy_actions) > 0 ? 1 : 0

  role       = aws_iam_role.this.name
  policy_arn = aws_iam_policy.custom[0].arn
}

resource "aws_iam_role_policy_attachment" "managed" {
  for_each = toset(var.managed_policy_arns)

  role       = aws_iam_role.this.name
  policy_arn = each.value
}
`

const iamOutputs = `output "arn" {
  value = aws_iam_role.this.arn
}

output "name" {
  value = aws_iam_role.this.name
}
`

// ---------------------------------------------------------------------------------------------------
// modules/backup: a vault (with its own key unless one is given, optional lock), a daily plan with an
// optional cross-region copy, a selection, and the backup service role (through modules/iam).

const backupVariables = `variable "name" {
  type = string
}

variable "kms_key_arn" {
  description = "Key of the vault; a dedicated key is created when null."
  type        = string
  default     = null
}

variable "schedule" {
  type    = string
  default = "cron(0 3 * * ? *)"
}

variable "retention_days" {
  type    = number
  default = 35
}

variable "cold_storage_after" {
  type    = number
  default = null
}

variable "copy_to_vault_arn" {
  description = "Vault in another region that receives a copy of every recovery point."
  type        = string
  default     = null
}

variable "enable_lock" {
  type    = bool
  default = false
}

variable "selection_resources" {
  type    = list(string)
  default = []
}

variable "selection_tags" {
  type    = map(string)
  default = {}
}

variable "tags" {
  type    = map(string)
  default = {}
}
`

const backupVault = `resource "aws_kms_key" "vault" {
  count = var.kms_key_arn == null ? 1 : 0

  description             = "Backup vault key for ${var.name}"
  enable_key_rotation     = true
  deletion_window_in_days = 30

  tags = var.tags
}

locals {
  vault_key = var.kms_key_arn == null ? aws_kms_key.vault[0].arn : var.kms_key_arn
}

resource "aws_backup_vault" "this" {
  name        = "${var.name}-vault"
  kms_key_arn = local.vault_key

  tags = var.tags
}

resource "aws_backup_vault_lock_configuration" "this" {
  count = var.enable_lock ? 1 : 0

  backup_vault_name   = aws_backup_vault.this.name
  min_retention_days  = 7
  max_retention_days  = 365
  changeable_for_days = 3
}
`

const backupPlan = `resource "aws_backup_plan" "this" {
  name = "${var.name}-plan"

  rule {
    rule_name         = "daily"
    target_vault_name = aws_backup_vault.this.name
    schedule          = var.schedule
    start_window      = 60
    completion_window = 180

    lifecycle {
      cold_storage_after = var.cold_storage_after
      delete_after       = var.retention_days
    }

    dynamic "copy_action" {
      for_each = var.copy_to_vault_arn == null ? [] : [var.copy_to_vault_arn]

      content {
        destination_vault_arn = copy_action.value

        lifecycle {
          delete_after = var.retention_days
        }
      }
    }
  }

  tags = var.tags
}
`

const backupSelection = `module "role" {
  source = "../iam"

  name             = "${var.name}-backup"
  trusted_services = ["backup.amazonaws.com"]
  managed_policy_arns = [
    "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
    "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
  ]

  tags = var.tags
}

resource "aws_backup_selection" "this" {
  name         = "${var.name}-selection"
  plan_id      = aws_backup_plan.this.id
  iam_role_arn = module.role.arn
  resources    = var.selection_resources

  dynamic "selection_tag" {
    for_each = var.selection_tags

    content {
      type  = "STRINGEQUALS"
      key   = selection_tag.key
      value = selection_tag.value
    }
  }
}
`

const backupOutputs = `output "vault_arn" {
  value = aws_backup_vault.this.arn
}

output "vault_name" {
  value = aws_backup_vault.this.name
}

output "plan_id" {
  value = aws_backup_plan.this.id
}
`

// ---------------------------------------------------------------------------------------------------
// modules/compute: instances with IMDS and root volume settings, data volumes.

const computeVariables = `variable "name" {
  type = string
}

variable "instance_count" {
  type    = number
  default = 1
}

variable "instance_type" {
  type    = string
  default = "t3.medium"
}

variable "ami" {
  type    = string
  default = "ami-0c1a7f89451184c8b"
}

variable "subnet_ids" {
  type = list(string)
}

variable "security_group_ids" {
  type    = list(string)
  default = []
}

variable "http_tokens" {
  description = "IMDSv2: required or optional."
  type        = string
  default     = "required"
}

variable "root_encrypted" {
  type    = bool
  default = true
}

variable "data_volume_size" {
  description = "Size in GiB of a data volume attached to each instance; none when 0."
  type        = number
  default     = 0
}

variable "kms_key_arn" {
  type    = string
  default = null
}

variable "tags" {
  type    = map(string)
  default = {}
}
`

const computeMain = `resource "aws_instance" "this" {
  count = var.instance_count

  ami                    = var.ami
  instance_type          = var.instance_type
  subnet_id              = element(var.subnet_ids, count.index)
  vpc_security_group_ids = var.security_group_ids

  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = var.http_tokens
    http_put_response_hop_limit = 1
  }

  root_block_device {
    encrypted   = var.root_encrypted
    kms_key_id  = var.kms_key_arn
    volume_size = 20
    volume_type = "gp3"
  }

  tags = merge(var.tags, { Name = "${var.name}-${count.index}" })
}
`

const computeVolumes = `resource "aws_ebs_volume" "data" {
  count = var.data_volume_size > 0 ? var.instance_count : 0

  availability_zone = aws_instance.this[count.index].availability_zone
  size              = var.data_volume_size
  type              = "gp3"
  encrypted         = var.root_encrypted
  kms_key_id        = var.kms_key_arn

  tags = merge(var.tags, { Name = "${var.name}-data-${count.index}" })
}

resource "aws_volume_attachment" "data" {
  count = var.data_volume_size > 0 ? var.instance_count : 0

  device_name = "/dev/sdf"
  volume_id   = aws_ebs_volume.data[count.index].id
  instance_id = aws_instance.this[count.index].id
}
`

const computeOutputs = `output "instance_ids" {
  value = aws_instance.this[*].id
}
`
