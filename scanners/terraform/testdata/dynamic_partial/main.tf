# Static blocks next to a dynamic block of the same type whose for_each is unknown (a variable without
# value): the static blocks are known, the dynamic one may add more.
variable "rules" {
  type = list(object({ port = number, cidr = string }))
}

resource "aws_security_group" "open" {
  name = "open"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
  dynamic "ingress" {
    for_each = var.rules
    content {
      from_port   = ingress.value.port
      to_port     = ingress.value.port
      protocol    = "tcp"
      cidr_blocks = [ingress.value.cidr]
    }
  }
  dynamic "egress" {
    for_each = var.rules
    content {
      from_port   = egress.value.port
      to_port     = egress.value.port
      protocol    = "tcp"
      cidr_blocks = [egress.value.cidr]
    }
  }
  dynamic "egress" {
    for_each = [443]
    content {
      from_port   = egress.value
      to_port     = egress.value
      protocol    = "tcp"
      cidr_blocks = ["10.0.0.0/8"]
    }
  }
}

# Nested: a static rule whose transitions are partly known, next to rules that may follow.
resource "aws_s3_bucket_lifecycle_configuration" "lc" {
  bucket = "b"
  rule {
    id     = "static"
    status = "Enabled"
    transition {
      days          = 30
      storage_class = "GLACIER"
    }
    dynamic "transition" {
      for_each = var.rules
      content {
        days          = transition.value.port
        storage_class = "DEEP_ARCHIVE"
      }
    }
  }
  dynamic "rule" {
    for_each = var.rules
    content {
      id     = rule.value.cidr
      status = "Enabled"
    }
  }
}

# References see a partly known list as Terraform does: unknown.
resource "aws_s3_bucket" "ref" {
  bucket = "ref"
  tags = {
    n     = length(aws_security_group.open.ingress)
    first = aws_security_group.open.ingress[0].cidr_blocks[0]
  }
}

# A data source keeps no partly known list: a policy document with a statement more to come is unknown.
data "aws_iam_policy_document" "doc" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["*"]
  }
  dynamic "statement" {
    for_each = var.rules
    content {
      actions   = ["s3:PutObject"]
      resources = [statement.value.cidr]
    }
  }
}
