# terraform init has not run: the registry module is not installed.
module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "~> 5.0"
}

resource "aws_s3_bucket" "b" {
  bucket = "b"
}
