waiver "forever" {
  rule   = "S3.1"
  reason = "We will never fix this."
}
