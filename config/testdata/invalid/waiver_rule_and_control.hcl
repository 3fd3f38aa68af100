waiver "both" {
  rule    = "S3.1"
  control = "iso27001-2022:8.13"
  reason  = "r"
  expires = "2027-01-01"
}
