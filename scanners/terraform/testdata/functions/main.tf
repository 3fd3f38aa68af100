locals {
  doc = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "s3:*", Resource = "*" }]
  })
}
resource "aws_iam_policy" "p" {
  name   = "p"
  policy = local.doc
}
resource "aws_ssm_parameter" "f" {
  name = "f"
  tags = {
    lookup   = lookup({ a = "1" }, "b", "dflt")
    subnet   = cidrsubnet("10.0.0.0/16", 8, 2)
    subnet6  = cidrsubnet("fd00::/56", 8, 1)
    host     = cidrhost("10.0.1.0/24", 5)
    coalesce = coalesce("", "x")
    len      = length("héllo")
    one      = one(["only"])
    sum      = sum([1, 2, 3])
    starts   = startswith("abc", "ab")
    replaced = replace("a-b-c", "/-/", "_")
    try      = try(local.nope, "fallback")
    file     = trimspace(file("${path.module}/data.txt"))
    tmpl     = templatefile("${path.module}/t.tpl", { name = "bob" })
    b64      = base64encode("hi")
    sha      = sha256("x")
    tonum    = tonumber("5")
    ws       = terraform.workspace
    merged   = jsonencode(merge({ a = 1 }, { b = 2 }))
    flat     = join(",", flatten([["a"], ["b", "c"]]))
  }
  value       = timestamp()
  description = nosuchfunc("x")
  type        = element(["a", "b"], 3)
}
