module "a" {
  source = "./modules/a"
}
module "b" {
  source = "./modules/b"
}
