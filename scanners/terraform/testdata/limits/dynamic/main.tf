resource "aws_security_group" "g" {
  name = "g"
  dynamic "ingress" {
    for_each = range(1000)
    content {
      dynamic "a" {
        for_each = range(1000)
        content {
          dynamic "b" {
            for_each = range(1000)
            content {
              x = b.value
            }
          }
        }
      }
    }
  }
}
