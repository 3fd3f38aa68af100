module "net" {
  source = "./modules/net"
  name   = "alpha"
  ports  = [22]
}
module "net2" {
  source = "./modules/net"
  name   = "beta"
  ports  = [80, 443]
}
module "many" {
  source   = "./modules/net"
  for_each = { x = [1], y = [2] }
  name     = each.key
  ports    = each.value
}
resource "aws_s3_bucket" "uses_output" {
  bucket = module.net.sg_name
  tags = {
    sg   = module.net2.sg_id
    x    = module.many["x"].sg_name
    miss = module.net.not_declared
  }
}
