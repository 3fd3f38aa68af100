fail_on = "severe"
