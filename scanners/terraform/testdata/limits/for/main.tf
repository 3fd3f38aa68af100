locals {
  cube = [for a in range(1000) : [for b in range(1000) : [for c in range(1000) : c]]]
  fine = [for a in range(100) : [for b in range(100) : a * b]]
}

resource "aws_s3_bucket" "b" {
  bucket = "b-${length(local.cube)}-${length(flatten(local.fine))}"
}
