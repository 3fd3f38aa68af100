fail_on   = "high"
exclude   = ["sandbox/**"]
variables = { encrypt_scratch = false }

waiver "scratch-volume" {
  rule        = "EC2.5"
  resources   = ["aws_ebs_volume.scratch"]
  reason      = "Scratch space for batch jobs; holds no data beyond one run."
  owner       = "data-platform"
  approved_by = "ciso@example.com"
  ticket      = "SEC-101"
  expires     = "2099-12-31"
}

waiver "old-exception" {
  rule        = "EC2.5"
  resources   = ["aws_ebs_volume.legacy"]
  reason      = "Migration finished long ago."
  owner       = "data-platform"
  approved_by = "ciso@example.com"
  expires     = "2020-01-31"
}
