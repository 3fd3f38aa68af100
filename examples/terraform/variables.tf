variable "org" {
  description = "Organisation short name, used as a prefix for globally unique names (S3 buckets)."
  type        = string
  default     = "acme"
}

variable "app" {
  description = "Application name."
  type        = string
  default     = "payments"
}

variable "env" {
  description = "Deployment environment."
  type        = string
  default     = "prod"

  validation {
    condition     = contains(["dev", "staging", "prod"], var.env)
    error_message = "env must be one of dev, staging, prod."
  }
}

variable "region" {
  description = "Primary AWS region."
  type        = string
  default     = "eu-west-1"
}

variable "dr_region" {
  description = "Disaster-recovery AWS region."
  type        = string
  default     = "eu-central-1"
}

variable "account_id" {
  description = "AWS account id of this environment (used in resource policies)."
  type        = string

  validation {
    condition     = can(regex("^[0-9]{12}$", var.account_id))
    error_message = "account_id must be a 12-digit AWS account id."
  }
}

variable "vpc_cidr" {
  description = "CIDR block of the application VPC."
  type        = string
  default     = "10.40.0.0/16"
}

variable "azs" {
  description = "Availability zones used for subnets, EFS mount targets and the Aurora cluster."
  type        = list(string)
  default     = ["eu-west-1a", "eu-west-1b"]
}

variable "app_services" {
  description = "Services behind the public load balancer, with their container port."
  type = map(object({
    port              = number
    health_check_path = string
  }))
  default = {
    web = { port = 3000, health_check_path = "/" }
    api = { port = 8080, health_check_path = "/healthz" }
  }
}

variable "github_repository" {
  description = "GitHub repository (owner/name) allowed to deploy through OIDC."
  type        = string
}

variable "certificate_arn" {
  description = "ACM certificate for the public HTTPS listener."
  type        = string
}

variable "extra_tags" {
  description = "Additional tags applied to every resource."
  type        = map(string)
  default     = {}
}

variable "db_password" {
  description = "Master password of the legacy reporting database (injected by CI from the secret store)."
  type        = string
  sensitive   = true
}
