waiver "no-framework" {
  control = "8.13"
  reason  = "r"
  expires = "2027-01-01"
}

waiver "unknown-framework" {
  control = "iso27001:8.13"
  reason  = "r"
  expires = "2027-01-01"
}
