variable "a" {
  default = "default-a"
}
variable "b" {
  type    = string
  default = "default-b"
}
variable "c" {
  type    = number
  default = 1
}
variable "d" {
  type = list(string)
}
variable "e" {
  type    = bool
  default = false
}
variable "f" {
  type = object({
    name = string
    size = optional(number, 10)
  })
  default = { name = "x" }
}
variable "missing" {
  type = string
}

resource "aws_s3_bucket" "b" {
  bucket = "${var.a}-${var.b}"
  tags = {
    c       = var.c
    d       = join(",", var.d)
    e       = var.e
    size    = var.f.size
    missing = var.missing
  }
}
