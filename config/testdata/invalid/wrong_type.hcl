frameworks = "iso27001-2022"
fail_on    = 3
policies   = [1, "x"]

waiver "w" {
  rule    = "S3.1"
  reason  = ["not", "a", "string"]
  expires = "2027-01-01"
}
