variable "size" {
  type    = number
  default = 10
}

resource "aws_ebs_volume" "data" {
  availability_zone = "eu-west-1a"
  size              = var.size
  encrypted         = true
}
