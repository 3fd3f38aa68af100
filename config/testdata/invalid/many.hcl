# Several problems: all are reported, in file order.
fail_on = "urgent"

waiver "a" {
  rule = "S3.1"
}

frameworks = ["pci-dss"]
