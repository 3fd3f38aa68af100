dr_tier "gold" {
  rpo = "15m"
}
