module "m" {
  source = "./mod"
  count  = 10000
}
