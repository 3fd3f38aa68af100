# Hand-computed DLM scenario (cmd/vigil/dr_dlm_test.go): EBS snapshots from Data Lifecycle Manager
# policies as the only protection of a volume, an instance and a volume attached to it.

provider "aws" {
  region = "eu-west-1"
}

# Tuesdays and Fridays at 22:30 UTC: a 96-hour gap from Friday to Tuesday. The last 6 are kept, and a copy
# of each in eu-west-2 for 8 weeks.
resource "aws_dlm_lifecycle_policy" "weekly" {
  description        = "files volumes twice a week"
  execution_role_arn = "arn:aws:iam::111111111111:role/dlm"

  policy_details {
    resource_types = ["VOLUME"]
    target_tags = {
      backup = "weekly"
    }

    schedule {
      name = "tue-fri"
      create_rule {
        cron_expression = "cron(30 22 ? * TUE,FRI *)"
      }
      retain_rule {
        count = 6
      }
      cross_region_copy_rule {
        target    = "eu-west-2"
        encrypted = true
        retain_rule {
          interval      = 8
          interval_unit = "WEEKS"
        }
      }
    }
  }
}

# Every 12 hours from 07:15 UTC, the last 10 kept, for instances (and so every volume attached to them).
resource "aws_dlm_lifecycle_policy" "twice_daily" {
  description        = "files instances every 12 hours"
  execution_role_arn = "arn:aws:iam::111111111111:role/dlm"

  policy_details {
    resource_types = ["INSTANCE"]
    target_tags = {
      backup = "12h"
    }

    schedule {
      name = "12h"
      create_rule {
        interval      = 12
        interval_unit = "HOURS"
        times         = ["07:15"]
      }
      retain_rule {
        count = 10
      }
    }
  }
}

# Disabled: it takes no snapshot of what it targets.
resource "aws_dlm_lifecycle_policy" "paused" {
  description        = "paused"
  execution_role_arn = "arn:aws:iam::111111111111:role/dlm"
  state              = "DISABLED"

  policy_details {
    resource_types = ["VOLUME"]
    target_tags = {
      backup = "paused"
    }

    schedule {
      name = "hourly"
      create_rule {
        interval = 1
      }
      retain_rule {
        count = 24
      }
    }
  }
}

resource "aws_ebs_volume" "shared" {
  availability_zone = "eu-west-1a"
  size              = 100
  tags = {
    app    = "files"
    backup = "weekly"
  }
}

resource "aws_instance" "app" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"
  tags = {
    app    = "files"
    backup = "12h"
  }
}

resource "aws_ebs_volume" "app_data" {
  availability_zone = "eu-west-1a"
  size              = 50
  tags = {
    app = "files"
  }
}

resource "aws_volume_attachment" "app_data" {
  device_name = "/dev/sdf"
  volume_id   = aws_ebs_volume.app_data.id
  instance_id = aws_instance.app.id
}

resource "aws_ebs_volume" "paused" {
  availability_zone = "eu-west-1a"
  size              = 10
  tags = {
    app    = "files"
    backup = "paused"
  }
}
