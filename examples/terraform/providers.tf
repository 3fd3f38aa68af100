provider "aws" {
  region = var.region

  default_tags {
    tags = {
      owner      = "platform"
      managed-by = "terraform"
    }
  }
}

# Disaster-recovery region: replicated S3 data and cross-region backup copies.
provider "aws" {
  alias  = "dr"
  region = var.dr_region

  default_tags {
    tags = {
      owner      = "platform"
      managed-by = "terraform"
    }
  }
}
