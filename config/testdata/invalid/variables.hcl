variables = ["env=prod"]
