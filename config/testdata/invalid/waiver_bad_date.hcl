waiver "month-13" {
  rule    = "S3.1"
  reason  = "r"
  expires = "2027-13-01"
}

waiver "vague" {
  rule    = "S3.1"
  reason  = "r"
  expires = "next week"
}

waiver "us-format" {
  rule    = "S3.1"
  reason  = "r"
  expires = "03/31/2027"
}
