module "bucket" {
  source     = "../../modules/bucket"
  name       = "acme-dev-logs"
  versioning = false
}
