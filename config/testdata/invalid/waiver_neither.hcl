waiver "neither" {
  resources = ["aws_s3_bucket.a"]
  reason    = "r"
  expires   = "2027-01-01"
}
