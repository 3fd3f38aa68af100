# terraform init has not run: no .terraform/modules/modules.json.
module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "~> 5.0"
}

# A local module that does not exist is an error, whatever the options.
module "missing" {
  source = "./missing"
}

resource "aws_s3_bucket" "b" {
  bucket = module.vpc.vpc_id
}
