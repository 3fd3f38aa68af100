# Edge of the estate: load balancers, CloudFront and API Gateway. The "good" resources pass the edge rules
# (ELBV2.*, ELB.*, CLOUDFRONT.*, APIGW.*); the "legacy" ones fail them, each on purpose.

# --- Application Load Balancer, internet-facing, hardened ---------------------------------------------

resource "aws_lb" "web" {
  name                       = "web"
  load_balancer_type         = "application"
  internal                   = false
  enable_deletion_protection = true
  drop_invalid_header_fields = true
  desync_mitigation_mode     = "strictest"

  access_logs {
    bucket  = "estate-lb-logs"
    enabled = true
  }
}

resource "aws_lb_listener" "web_https" {
  load_balancer_arn = aws_lb.web.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = "arn:aws:acm:eu-west-1:111122223333:certificate/web"

  default_action {
    type             = "forward"
    target_group_arn = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/web/1"
  }
}

resource "aws_lb_listener" "web_http" {
  load_balancer_arn = aws_lb.web.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type = "redirect"
    redirect {
      port        = "443"
      protocol    = "HTTPS"
      status_code = "HTTP_301"
    }
  }
}

resource "aws_wafv2_web_acl_association" "web" {
  resource_arn = aws_lb.web.arn
  web_acl_arn  = "arn:aws:wafv2:eu-west-1:111122223333:regional/webacl/edge/1"
}

# --- Application Load Balancer, internet-facing, legacy -----------------------------------------------

resource "aws_lb" "legacy" {
  name                   = "legacy"
  desync_mitigation_mode = "monitor"
}

resource "aws_lb_listener" "legacy_https" {
  load_balancer_arn = aws_lb.legacy.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-2016-08"
  certificate_arn   = "arn:aws:acm:eu-west-1:111122223333:certificate/legacy"

  default_action {
    type             = "forward"
    target_group_arn = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/legacy/1"
  }
}

resource "aws_lb_listener" "legacy_http" {
  load_balancer_arn = aws_lb.legacy.arn
  port              = 80

  default_action {
    type             = "forward"
    target_group_arn = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/legacy/1"
  }
}

# --- Classic load balancers ---------------------------------------------------------------------------

resource "aws_elb" "good" {
  name                = "classic-good"
  availability_zones  = ["eu-west-1a", "eu-west-1b"]
  connection_draining = true

  listener {
    lb_port            = 443
    lb_protocol        = "https"
    instance_port      = 8443
    instance_protocol  = "https"
    ssl_certificate_id = "arn:aws:acm:eu-west-1:111122223333:certificate/classic"
  }

  access_logs {
    bucket = "estate-lb-logs"
  }
}

resource "aws_load_balancer_policy" "good_tls" {
  load_balancer_name = aws_elb.good.name
  policy_name        = "classic-good-tls"
  policy_type_name   = "SSLNegotiationPolicyType"

  policy_attribute {
    name  = "Reference-Security-Policy"
    value = "ELBSecurityPolicy-TLS-1-2-2017-01"
  }
}

resource "aws_load_balancer_listener_policy" "good_443" {
  load_balancer_name = aws_elb.good.name
  load_balancer_port = 443
  policy_names       = [aws_load_balancer_policy.good_tls.policy_name]
}

resource "aws_elb" "legacy" {
  name                      = "classic-legacy"
  availability_zones        = ["eu-west-1a"]
  cross_zone_load_balancing = false
  desync_mitigation_mode    = "monitor"

  listener {
    lb_port           = 80
    lb_protocol       = "http"
    instance_port     = 8080
    instance_protocol = "http"
  }

  listener {
    lb_port            = 443
    lb_protocol        = "https"
    instance_port      = 8080
    instance_protocol  = "http"
    ssl_certificate_id = "arn:aws:acm:eu-west-1:111122223333:certificate/classic"
  }
}

# --- CloudFront ---------------------------------------------------------------------------------------

resource "aws_cloudfront_origin_access_control" "site" {
  name                              = "site"
  origin_access_control_origin_type = "s3"
  signing_behavior                  = "always"
  signing_protocol                  = "sigv4"
}

resource "aws_cloudfront_distribution" "site" {
  comment             = "site"
  enabled             = true
  default_root_object = "index.html"
  web_acl_id          = "arn:aws:wafv2:us-east-1:111122223333:global/webacl/edge/2"

  origin {
    origin_id                = "site-bucket"
    domain_name              = "estate-site.s3.eu-west-1.amazonaws.com"
    origin_access_control_id = aws_cloudfront_origin_access_control.site.id
  }

  origin {
    origin_id   = "api"
    domain_name = "api.example.com"
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  default_cache_behavior {
    target_origin_id       = "site-bucket"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "658327ea-f89d-4fab-a63d-7e88639e58f6"
  }

  ordered_cache_behavior {
    path_pattern           = "/api/*"
    target_origin_id       = "api"
    viewer_protocol_policy = "https-only"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
  }

  logging_config {
    bucket = "estate-cf-logs.s3.amazonaws.com"
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    acm_certificate_arn      = "arn:aws:acm:us-east-1:111122223333:certificate/site"
    ssl_support_method       = "sni-only"
    minimum_protocol_version = "TLSv1.2_2021"
  }
}

resource "aws_cloudfront_distribution" "legacy" {
  comment = "legacy-site"
  enabled = true

  origin {
    origin_id   = "legacy-bucket"
    domain_name = "estate-legacy.s3.amazonaws.com"
  }

  origin {
    origin_id   = "legacy-assets"
    domain_name = "estate-legacy-assets.s3.amazonaws.com"
    s3_origin_config {
      origin_access_identity = "origin-access-identity/cloudfront/E2LEGACYOAI"
    }
  }

  origin {
    origin_id   = "legacy-app"
    domain_name = "legacy.example.com"
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "match-viewer"
      origin_ssl_protocols   = ["TLSv1", "TLSv1.2"]
    }
  }

  default_cache_behavior {
    target_origin_id       = "legacy-bucket"
    viewer_protocol_policy = "allow-all"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "658327ea-f89d-4fab-a63d-7e88639e58f6"
  }

  ordered_cache_behavior {
    path_pattern           = "/app/*"
    target_origin_id       = "legacy-app"
    viewer_protocol_policy = "allow-all"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    cloudfront_default_certificate = true
  }
}

# --- API Gateway REST API (v1) ------------------------------------------------------------------------

resource "aws_api_gateway_rest_api" "orders" {
  name = "orders"
  endpoint_configuration {
    types = ["REGIONAL"]
  }
}

resource "aws_api_gateway_resource" "orders" {
  rest_api_id = aws_api_gateway_rest_api.orders.id
  parent_id   = aws_api_gateway_rest_api.orders.root_resource_id
  path_part   = "orders"
}

resource "aws_api_gateway_method" "orders_get" {
  rest_api_id   = aws_api_gateway_rest_api.orders.id
  resource_id   = aws_api_gateway_resource.orders.id
  http_method   = "GET"
  authorization = "AWS_IAM"
}

resource "aws_api_gateway_method" "orders_options" {
  rest_api_id   = aws_api_gateway_rest_api.orders.id
  resource_id   = aws_api_gateway_resource.orders.id
  http_method   = "OPTIONS"
  authorization = "NONE"
}

resource "aws_api_gateway_stage" "orders_prod" {
  rest_api_id           = aws_api_gateway_rest_api.orders.id
  deployment_id         = "d1"
  stage_name            = "prod"
  xray_tracing_enabled  = true
  cache_cluster_enabled = true
  cache_cluster_size    = "0.5"
  client_certificate_id = "cert1"

  access_log_settings {
    destination_arn = "arn:aws:logs:eu-west-1:111122223333:log-group:api-access"
    format          = "$context.requestId"
  }
}

resource "aws_api_gateway_method_settings" "orders_prod" {
  rest_api_id = aws_api_gateway_rest_api.orders.id
  stage_name  = aws_api_gateway_stage.orders_prod.stage_name
  method_path = "*/*"

  settings {
    logging_level        = "ERROR"
    metrics_enabled      = true
    caching_enabled      = true
    cache_data_encrypted = true
  }
}

resource "aws_wafv2_web_acl_association" "orders_prod" {
  resource_arn = aws_api_gateway_stage.orders_prod.arn
  web_acl_arn  = "arn:aws:wafv2:eu-west-1:111122223333:regional/webacl/edge/1"
}

resource "aws_api_gateway_rest_api" "legacy" {
  name = "legacy-api"
}

resource "aws_api_gateway_method" "legacy_any" {
  rest_api_id   = aws_api_gateway_rest_api.legacy.id
  resource_id   = aws_api_gateway_rest_api.legacy.root_resource_id
  http_method   = "ANY"
  authorization = "NONE"
}

resource "aws_api_gateway_stage" "legacy_dev" {
  rest_api_id           = aws_api_gateway_rest_api.legacy.id
  deployment_id         = "d2"
  stage_name            = "dev"
  cache_cluster_enabled = true
  cache_cluster_size    = "0.5"
}

resource "aws_api_gateway_method_settings" "legacy_dev" {
  rest_api_id = aws_api_gateway_rest_api.legacy.id
  stage_name  = aws_api_gateway_stage.legacy_dev.stage_name
  method_path = "*/*"

  settings {
    logging_level      = "OFF"
    data_trace_enabled = true
    caching_enabled    = true
  }
}

resource "aws_api_gateway_domain_name" "orders" {
  domain_name              = "orders.example.com"
  regional_certificate_arn = "arn:aws:acm:eu-west-1:111122223333:certificate/orders"
  security_policy          = "TLS_1_2"
  endpoint_configuration {
    types = ["REGIONAL"]
  }
}

resource "aws_api_gateway_domain_name" "legacy" {
  domain_name     = "legacy-api.example.com"
  certificate_arn = "arn:aws:acm:us-east-1:111122223333:certificate/legacy"
  security_policy = "TLS_1_0"
}

# --- API Gateway HTTP and WebSocket APIs (v2) ---------------------------------------------------------

resource "aws_apigatewayv2_api" "events" {
  name          = "events"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_route" "events_post" {
  api_id             = aws_apigatewayv2_api.events.id
  route_key          = "POST /events"
  authorization_type = "JWT"
  authorizer_id      = "auth1"
}

resource "aws_apigatewayv2_stage" "events" {
  api_id = aws_apigatewayv2_api.events.id
  name   = "$default"

  access_log_settings {
    destination_arn = "arn:aws:logs:eu-west-1:111122223333:log-group:events-access"
    format          = "$context.requestId"
  }
}

resource "aws_apigatewayv2_api" "chat" {
  name                       = "chat"
  protocol_type              = "WEBSOCKET"
  route_selection_expression = "$request.body.action"
}

resource "aws_apigatewayv2_route" "chat_connect" {
  api_id    = aws_apigatewayv2_api.chat.id
  route_key = "$connect"
}

resource "aws_apigatewayv2_stage" "chat" {
  api_id = aws_apigatewayv2_api.chat.id
  name   = "prod"

  default_route_settings {
    data_trace_enabled = true
  }
}

resource "aws_apigatewayv2_domain_name" "events" {
  domain_name = "events.example.com"
  domain_name_configuration {
    certificate_arn = "arn:aws:acm:eu-west-1:111122223333:certificate/events"
    endpoint_type   = "REGIONAL"
    security_policy = "TLS_1_2"
  }
}
