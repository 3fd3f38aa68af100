variable "region" {
  default = "eu-west-1"
}
provider "aws" {
  region = var.region
  default_tags {
    tags = {
      owner = "platform"
      env   = "prod"
    }
  }
}
provider "aws" {
  alias  = "dr"
  region = "eu-central-1"
}
provider "aws" {
  alias  = "unk"
  region = var.no_value
}
variable "no_value" {
  type = string
}
resource "aws_s3_bucket" "main" {
  bucket = "main"
}
resource "aws_s3_bucket" "replica" {
  provider = aws.dr
  bucket   = "replica"
}
resource "aws_s3_bucket" "unk" {
  provider = aws.unk
  bucket   = "unk"
}
module "child" {
  source = "./modules/child"
}
module "child_dr" {
  source = "./modules/child"
  providers = {
    aws = aws.dr
  }
}
