waivers "x" {
  rule = "S3.1"
}
