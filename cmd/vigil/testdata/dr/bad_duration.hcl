dr_tier "gold" {
  rpo = "15 minutes"
}
