output "path" { value = "/" }
resource "aws_ssm_parameter" "m" {
  name  = module.x.y
  type  = "String"
  value = "v"
}
