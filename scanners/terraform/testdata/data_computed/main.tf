# A data source vigil does not model: every attribute the configuration does not set is computed, so a
# read of it is unknown, however the instance is selected (terraform-aws-vpc modules/vpc-endpoints).
variable "endpoints" {
  default = {
    s3  = { service = "s3" }
    ecr = { service = "ecr.api", service_endpoint = "com.amazonaws.vpce.ecr" }
  }
}

data "aws_vpc_endpoint_service" "this" {
  for_each = var.endpoints
  service  = each.value.service
}

resource "aws_vpc_endpoint" "this" {
  for_each     = var.endpoints
  vpc_id       = "vpc-1"
  service_name = try(each.value.service_endpoint, data.aws_vpc_endpoint_service.this[each.key].service_name)
}

data "aws_vpc_endpoint_service" "counted" {
  count   = 2
  service = "s3"
}

resource "aws_ssm_parameter" "p" {
  name  = "p"
  type  = "String"
  value = "x"
  tags = {
    # Selected by a splat, and by a for expression.
    splat   = join(",", data.aws_vpc_endpoint_service.counted[*].owner)
    for     = join(",", [for s in data.aws_vpc_endpoint_service.this : s.owner])
    can     = can(data.aws_vpc_endpoint_service.this["s3"].private_dns_name)
    service = data.aws_vpc_endpoint_service.this["s3"].service
  }
}
