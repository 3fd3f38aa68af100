fail_on = "high"

waiver "typo" {
  rule        = "EC2.55"
  reason      = "typo in the rule id"
  expires     = "2099-01-01"
}
