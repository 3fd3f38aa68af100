variable "n" {
  type = number
}

resource "aws_s3_bucket" "b" {
  bucket = "b-${var.n}"
}
