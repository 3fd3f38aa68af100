a = "tfvars-a"
b = "tfvars-b"
c = 2
