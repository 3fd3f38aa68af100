fail_on    = high
frameworks = [var.framework]
policies   = [abspath("policies")]
exclude    = ["${path.module}/x"]
