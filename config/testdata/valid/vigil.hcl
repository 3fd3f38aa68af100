# vigil.hcl for the payments estate: the settings CI uses, and the findings we accepted.
frameworks = ["iso27001-2022", "nist-800-53-r5"]
fail_on    = "high"
policies   = ["./policies"]
exclude    = ["modules/legacy/**", "./sandbox/*.tf"]
var_files  = ["env/prod.tfvars"]
variables = {
  env      = "prod"
  replicas = 2
  ratio    = 0.25
  enabled  = true
  zones    = ["eu-west-1a", "eu-west-1b"]
  tags     = { team = "core", "cost-center" = "42" }
  template = "literal $${not_interpolated}"
  nothing  = null
}

waiver "legacy-exports" {
  rule        = "S3.1"
  resources   = ["aws_s3_bucket.exports", "module.*.aws_s3_bucket.tmp*"]
  reason      = "Exports are regenerated nightly; versioning adds cost with no recovery value."
  owner       = "data-platform"
  approved_by = "ciso@example.com"
  ticket      = "SEC-1234"
  expires     = "2027-03-31"
}

waiver "dr-sandbox" {
  control = "iso27001-2022:8.13"
  reason  = <<-EOT
    Sandbox data is synthetic
    and rebuilt from seed.
  EOT
  expires = "2026-12-31"
}

# CI gates without terraform init: registry modules are reported as not evaluated.
uninstalled_modules = "gap"
