variable "names" {
  type = set(string)
}
variable "n" {
  type = number
}
resource "aws_security_group" "this" {
  for_each    = var.names
  name        = each.key
  description = "static"
}
resource "aws_instance" "web" {
  count         = var.n
  instance_type = "t3.micro"
}
resource "aws_instance" "other" {
  count         = length(aws_instance.web)
  instance_type = "t3.micro"
}
