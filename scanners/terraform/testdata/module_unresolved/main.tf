module "vpc" {
  source = "terraform-aws-modules/vpc/aws"
}
resource "aws_s3_bucket" "b" {
  bucket = module.vpc.vpc_id
}
