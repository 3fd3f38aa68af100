waiver "no-reason" {
  rule    = "S3.1"
  expires = "2027-01-01"
}

waiver "blank-reason" {
  rule    = "S3.1"
  reason  = "   "
  expires = "2027-01-01"
}
