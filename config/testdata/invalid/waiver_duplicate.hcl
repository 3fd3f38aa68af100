waiver "same" {
  rule    = "S3.1"
  reason  = "r"
  expires = "2027-01-01"
}

waiver "same" {
  rule    = "S3.2"
  reason  = "r"
  expires = "2027-01-01"
}
