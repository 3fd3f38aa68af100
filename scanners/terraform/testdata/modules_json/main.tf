module "net" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.0.0"
  name    = "prod"
}
module "gone" {
  source = "git::https://example.com/gone.git"
}
