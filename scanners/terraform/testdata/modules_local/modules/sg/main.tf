variable "name" {
  type = string
}
variable "ports" {
  type = list(number)
}
resource "aws_security_group" "this" {
  name = var.name
  dynamic "ingress" {
    for_each = var.ports
    content {
      from_port = ingress.value
    }
  }
}
output "name" {
  value = aws_security_group.this.name
}
output "id" {
  value = aws_security_group.this.id
}
