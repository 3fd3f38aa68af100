# A recovery point copied to a logically air-gapped vault at most two days ago.
dr_tier "vaulted" {
  air_gapped_copy = "2d"
}
