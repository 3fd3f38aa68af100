module "network" {
  source = "./modules/network"

  name         = local.name_prefix
  cidr_block   = var.vpc_cidr
  azs          = var.azs
  app_services = var.app_services
  tags         = local.common_tags

  flow_logs_bucket_arn = aws_s3_bucket.logs.arn
}

resource "aws_lb" "public" { # expect: ELBV2.3,ELBV2.6
  name               = "${local.name_prefix}-alb"
  load_balancer_type = "application"
  internal           = false
  security_groups    = [module.network.alb_security_group_id]
  subnets            = module.network.public_subnet_ids

  drop_invalid_header_fields = true
  enable_deletion_protection = true

  tags = local.common_tags
}

resource "aws_lb_target_group" "app" {
  for_each = var.app_services

  name        = "${local.name_prefix}-${each.key}"
  port        = each.value.port
  protocol    = "HTTP"
  target_type = "ip"
  vpc_id      = module.network.vpc_id

  health_check {
    path    = each.value.health_check_path
    matcher = "200"
  }

  tags = local.common_tags
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.public.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = var.certificate_arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.app["web"].arn
  }
}

resource "aws_lb_listener_rule" "api" {
  listener_arn = aws_lb_listener.https.arn
  priority     = 10

  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.app["api"].arn
  }

  condition {
    path_pattern {
      values = ["/api/*"]
    }
  }
}
