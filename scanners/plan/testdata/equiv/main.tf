# The root module the hand-written plan.json was planned from (AWS provider v5, every resource created).
# The equivalence test scans both and expects the same inventory.
terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

variable "region" {
  type    = string
  default = "eu-west-1"
}

provider "aws" {
  region = var.region
  default_tags {
    tags = {
      owner = "platform"
    }
  }
}

resource "aws_kms_key" "data" {
  description         = "data at rest"
  enable_key_rotation = true
}

# Provider v5 split S3 settings, joined to the bucket by references to its id.
resource "aws_s3_bucket" "data" {
  bucket = "acme-data"
  tags = {
    app = "payments"
  }
}

resource "aws_s3_bucket_versioning" "data" {
  bucket = aws_s3_bucket.data.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "data" {
  bucket = aws_s3_bucket.data.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.data.arn
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_public_access_block" "data" {
  bucket                  = aws_s3_bucket.data.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket" "logs" {
  bucket_prefix = "acme-logs-"
}

resource "aws_s3_bucket_logging" "data" {
  bucket        = aws_s3_bucket.data.id
  target_bucket = aws_s3_bucket.logs.id
  target_prefix = "data/"
}

# count instances joined by x[count.index].
resource "aws_s3_bucket" "replica" {
  count  = 2
  bucket = "acme-replica-${count.index}"
}

resource "aws_s3_bucket_versioning" "replica" {
  count  = 2
  bucket = aws_s3_bucket.replica[count.index].id
  versioning_configuration {
    status = "Suspended"
  }
}

# for_each over a resource: each.value is the bucket instance with the same key.
resource "aws_s3_bucket" "team" {
  for_each = toset(["blue", "red"])
  bucket   = "acme-team-${each.key}"
}

resource "aws_s3_bucket_public_access_block" "team" {
  for_each                = aws_s3_bucket.team
  bucket                  = each.value.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = false
}

module "archive" {
  source      = "./modules/archive"
  count       = 2
  name        = "acme-archive-${count.index}"
  kms_key_arn = aws_kms_key.data.arn
}

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

module "sg" {
  source = "./modules/sg"
  for_each = {
    web = 443
    api = 8443
  }
  name   = each.key
  port   = each.value
  vpc_id = aws_vpc.main.id
}

resource "aws_instance" "web" {
  ami                    = "ami-0abcdef1234567890"
  instance_type          = "t3.micro"
  vpc_security_group_ids = [module.sg["web"].security_group_id]
  metadata_options {
    http_tokens = "required"
  }
}

resource "aws_db_instance" "main" {
  identifier                  = "payments"
  engine                      = "postgres"
  instance_class              = "db.t3.medium"
  allocated_storage           = 20
  storage_encrypted           = true
  kms_key_id                  = aws_kms_key.data.arn
  username                    = "app"
  manage_master_user_password = true
  deletion_protection         = true
  skip_final_snapshot         = true
}

resource "aws_iam_role" "backup" {
  name = "backup"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "backup.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy_attachment" "backup" {
  role       = aws_iam_role.backup.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup"
}

resource "aws_backup_vault" "main" {
  name        = "main"
  kms_key_arn = aws_kms_key.data.arn
}

resource "aws_backup_vault_policy" "main" {
  backup_vault_name = aws_backup_vault.main.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "DenyManualDeletion"
      Effect    = "Deny"
      Principal = "*"
      Action    = ["backup:DeleteRecoveryPoint", "backup:UpdateRecoveryPointLifecycle", "backup:PutBackupVaultAccessPolicy"]
      Resource  = "*"
    }]
  })
}

resource "aws_backup_plan" "main" {
  name = "daily"
  rule {
    rule_name         = "daily"
    target_vault_name = aws_backup_vault.main.name
    schedule          = "cron(0 3 * * ? *)"
    lifecycle {
      delete_after = 35
    }
  }
}

resource "aws_backup_selection" "main" {
  name         = "critical"
  plan_id      = aws_backup_plan.main.id
  iam_role_arn = aws_iam_role.backup.arn
  resources    = [aws_db_instance.main.arn, aws_s3_bucket.data.arn]
}

# A DLM snapshot policy: times and resource_locations left out are computed by the provider (unknown in
# the plan), the adapters apply DLM's defaults to both.
resource "aws_dlm_lifecycle_policy" "volumes" {
  description        = "volumes every 12 hours"
  execution_role_arn = aws_iam_role.backup.arn

  policy_details {
    resource_types = ["VOLUME"]
    target_tags = {
      backup = "12h"
    }

    schedule {
      name = "12h"
      create_rule {
        interval = 12
      }
      retain_rule {
        count = 14
      }
      cross_region_copy_rule {
        target    = "eu-west-2"
        encrypted = true
        retain_rule {
          interval      = 30
          interval_unit = "DAYS"
        }
      }
    }
  }
}
