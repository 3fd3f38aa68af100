locals {
  name_prefix   = "${var.app}-${var.env}"
  bucket_prefix = "${var.org}-${local.name_prefix}"

  trail_name = "${local.name_prefix}-trail"
  trail_arn  = "arn:aws:cloudtrail:${var.region}:${var.account_id}:trail/${local.name_prefix}-trail"

  # The GitHub OIDC identity provider is created once per account by the bootstrap stack.
  github_oidc_provider_arn = "arn:aws:iam::${var.account_id}:oidc-provider/token.actions.githubusercontent.com"

  common_tags = merge(var.extra_tags, {
    app = var.app
    env = var.env
  })
}
