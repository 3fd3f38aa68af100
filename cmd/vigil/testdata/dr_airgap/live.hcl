# The live air-gapped scenario of TestDRAirGappedLive (cmd/vigil/dr_airgap_test.go).
dr_tier "vaulted" {
  air_gapped_copy     = "2d"
  min_retention       = "30d"
  restore_test_within = "60d"
}
