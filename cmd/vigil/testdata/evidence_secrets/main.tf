# Planted secrets for TestEvidencePackHoldsNoSecret and TestScanReportsHoldNoSecret: a sensitive variable,
# non-sensitive variables whose values (from terraform.tfvars) land under a key named like a secret or are
# secrets by their shape, and literal secrets in resource attributes, tags and a policy's conditions. None may appear in any file of an evidence pack. "visible-marker-7f3a"
# is no secret: it must appear, so the test shows the tags it checks reach the pack.
variable "db_password" {
  type      = string
  sensitive = true
}

variable "api_token" {
  type = string
}

variable "deploy_access_key" {
  type = string
}

variable "ci_secret_access_key" {
  type = string
}

variable "note" {
  type    = string
  default = "visible-marker-7f3a"
}

provider "aws" {
  region = "eu-west-1"
}

resource "aws_db_instance" "orders" {
  identifier        = "orders"
  engine            = "postgres"
  instance_class    = "db.t3.micro"
  username          = "orders_admin"
  password          = var.db_password
  storage_encrypted = true
  tags = {
    DbPassword = var.db_password
    note       = var.note
  }
}

resource "aws_db_instance" "legacy" {
  identifier     = "legacy"
  engine         = "mysql"
  instance_class = "db.t3.micro"
  password       = "Literal-Attr-Passw0rd-planted"
  tags = {
    MasterPassword = "Literal-Tag-Passw0rd-planted"
  }
}

resource "aws_s3_bucket" "data" {
  bucket = "evidence-secrets-data"
  tags = {
    ApiToken = var.api_token
    owner    = var.deploy_access_key
    ci       = var.ci_secret_access_key
    note     = var.note
  }
}

# A rule's evidence quotes the policy statement it judged, condition values included: an access key id,
# and a value under a key named like a token. Reports (TestScanReportsHoldNoSecret) must not show them.
resource "aws_iam_policy" "admin" {
  name = "admin"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "*"
      Resource = "*"
      Condition = {
        StringEquals = {
          "sts:ExternalId"             = "AKIAPLANTEDCOND0042X"
          "aws:PrincipalTag/api_token" = "planted-cond-token-61ab"
        }
      }
    }]
  })
}
