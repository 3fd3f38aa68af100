provider "aws" {
  region = "eu-west-1"
}
provider "aws" {
  alias  = "cn"
  region = "cn-north-1"
}
provider "aws" {
  alias  = "unk"
  region = var.no_value
}
variable "no_value" {
  type = string
}

data "aws_region" "current" {}
data "aws_region" "named" {
  name = "us-west-2"
}
data "aws_partition" "current" {}
data "aws_partition" "cn" {
  provider = aws.cn
}
data "aws_partition" "unk" {
  provider = aws.unk
}
data "aws_region" "unk" {
  provider = aws.unk
}
data "aws_caller_identity" "current" {}

resource "aws_iam_role_policy_attachment" "ro" {
  role       = "r"
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/ReadOnlyAccess"
}

resource "aws_ssm_parameter" "p" {
  name = "p"
  tags = {
    region      = data.aws_region.current.name
    region_v6   = data.aws_region.current.region
    named       = data.aws_region.named.id
    cn          = data.aws_partition.cn.partition
    cn_dns      = data.aws_partition.cn.dns_suffix
    reverse_dns = data.aws_partition.current.reverse_dns_prefix
    unk_part    = data.aws_partition.unk.partition
    unk_region  = data.aws_region.unk.name
    account     = data.aws_caller_identity.current.account_id
    endpoint    = data.aws_region.current.endpoint
  }
}
