# GitHub Actions OIDC trust, as the AWS blog posts and the popular modules write it. The audience of every
# GitHub token is sts.amazonaws.com: only a condition on the sub claim naming the organisation keeps
# other GitHub repositories out.

variable "github_repository" {
  type = string
}

locals {
  # The account id is known only after apply: the provider ARN is unknown.
  github_provider = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:oidc-provider/token.actions.githubusercontent.com"
}

data "aws_iam_policy_document" "github_aud_only" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [local.github_provider]
    }
    condition {
      test     = "StringEquals"
      variable = "token.actions.githubusercontent.com:aud"
      values   = ["sts.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "github_aud_only" {
  name               = "github-aud-only"
  assume_role_policy = data.aws_iam_policy_document.github_aud_only.json
}

data "aws_iam_policy_document" "github_repo" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [local.github_provider]
    }
    condition {
      test     = "StringEquals"
      variable = "token.actions.githubusercontent.com:aud"
      values   = ["sts.amazonaws.com"]
    }
    condition {
      test     = "StringLike"
      variable = "token.actions.githubusercontent.com:sub"
      values   = ["repo:acme/payments:*"]
    }
  }
}

resource "aws_iam_role" "github_repo" {
  name               = "github-repo"
  assume_role_policy = data.aws_iam_policy_document.github_repo.json
}

# The repository is a variable without a value: "repo:*" or "repo:acme/app" alike.
data "aws_iam_policy_document" "github_unknown_repo" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [local.github_provider]
    }
    condition {
      test     = "StringLike"
      variable = "token.actions.githubusercontent.com:sub"
      values   = ["repo:${var.github_repository}:*"]
    }
  }
}

resource "aws_iam_role" "github_unknown_repo" {
  name               = "github-unknown-repo"
  assume_role_policy = data.aws_iam_policy_document.github_unknown_repo.json
}
