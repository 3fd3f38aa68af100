variable "size" {
  type = number
  validation {
    condition     = var.size >= 1
    error_message = "size must be at least 1."
  }
}

variable "name" {
  type = string
  validation {
    condition     = var.name != ""
    error_message = "name must not be empty."
  }
}

resource "aws_ssm_parameter" "p" {
  name  = var.name
  type  = "String"
  value = var.size
}
