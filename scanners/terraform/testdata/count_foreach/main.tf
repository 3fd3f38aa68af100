variable "names" {
  default = ["web", "db"]
}
resource "aws_db_instance" "replica" {
  count      = 2
  identifier = "replica-${count.index}"
}
resource "aws_security_group" "this" {
  for_each = toset(var.names)
  name     = each.key
}
resource "aws_s3_bucket" "m" {
  for_each = { a = "alpha", b = "beta" }
  bucket   = each.value
}
resource "aws_s3_bucket" "none" {
  count  = 0
  bucket = "none"
}
resource "aws_s3_bucket" "list" {
  for_each = ["x", "y"]
  bucket   = each.value
}
output "first" {
  value = aws_db_instance.replica[0].identifier
}
resource "aws_ssm_parameter" "p" {
  name  = "p"
  value = join(",", [for k, v in aws_s3_bucket.m : v.bucket])
  type  = aws_db_instance.replica[1].id
}
