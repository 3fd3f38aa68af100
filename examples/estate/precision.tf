# Precision on real code (issue 11): shapes that real repositories use and that vigil now judges instead of
# leaving unknown. Markers: `# expect: ID` fails, `# expect-unknown: ID` is unknown; every other result of
# these resources passes. Scanned by cmd/vigil/estate_precision_test.go (Terraform and a plan of it).

terraform {
  required_providers {
    aws = { source = "hashicorp/aws" }
  }
}

provider "aws" {
  region = "eu-west-1"
}

# The DR region declares the account defaults: instances there need not set IMDSv2 or encryption.
provider "aws" {
  alias  = "dr"
  region = "eu-central-1"
}

variable "environment" {
  type = string
}

# terragoat's shape: the user's name comes from a variable, the policy names the user by that name.
resource "aws_iam_user" "ci" { # expect: IAM.1,IAM.2,IAM.3
  name = "${var.environment}-ci"
}

resource "aws_iam_user_policy" "ci" {
  name = "excess"
  user = aws_iam_user.ci.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }]
  })
}

# AWS managed policies attached by ARN, judged by the documents vigil ships.
resource "aws_iam_role" "app" { # expect: IAM.2
  name_prefix = "app-"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }]
  })
}

resource "aws_iam_role_policy_attachment" "app_s3" {
  role       = aws_iam_role.app.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonS3FullAccess"
}

resource "aws_iam_role_policy_attachment" "app_ssm" {
  role       = aws_iam_role.app.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"
}

resource "aws_iam_role" "ops" { # expect: IAM.1,IAM.2
  name = "${var.environment}-ops"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::111111111111:root" } }]
  })
  managed_policy_arns = ["arn:aws:iam::aws:policy/PowerUserAccess"]
}

resource "aws_iam_role" "lambda" {
  name = "${var.environment}-lambda"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }]
  })
}

resource "aws_iam_role_policy_attachment" "lambda_logs" {
  role       = aws_iam_role.lambda.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
}

# An AWS managed policy vigil has no copy of: what it grants stays unknown.
resource "aws_iam_role" "shell" { # expect-unknown: IAM.1,IAM.2
  name = "${var.environment}-shell"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::111111111111:root" } }]
  })
}

resource "aws_iam_role_policy_attachment" "shell" {
  role       = aws_iam_role.shell.name
  policy_arn = "arn:aws:iam::aws:policy/AWSCloudShellFullAccess"
}

# Left to the AMI: the configuration requires neither IMDSv2 nor encryption.
resource "aws_instance" "worker" { # expect: EC2.6,EC2.7,EC2.8
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"
}

resource "aws_ec2_instance_metadata_defaults" "dr" {
  provider    = aws.dr
  http_tokens = "required"
}

resource "aws_ebs_encryption_by_default" "dr" {
  provider = aws.dr
  enabled  = true
}

# Same instance in the DR region, where the account defaults are declared: both pass.
resource "aws_instance" "dr_worker" { # expect: EC2.8
  provider      = aws.dr
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"
}

resource "aws_dynamodb_table" "orders" { # expect: DDB.3,DDB.4
  name         = "${var.environment}-orders"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled = true
  }
}

resource "aws_dynamodb_table" "ledger" {
  name                        = "${var.environment}-ledger"
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "id"
  deletion_protection_enabled = true

  attribute {
    name = "id"
    type = "S"
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.ledger.arn
  }
}

resource "aws_kms_key" "ledger" {
  description         = "ledger table"
  enable_key_rotation = true
}
