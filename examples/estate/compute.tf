# Compute: Lambda functions, ECR repositories, EKS clusters and ECS task definitions (LAMBDA.*,
# ECR.*, EKS.*, ECS.*).
# Each deliberately misconfigured resource names, on its header line, the rules it fails
# ("expect:") and those that cannot be judged ("unknown:"); cmd/vigil/estate_compute_test.go checks
# that exactly those results come out, from this file and from its plan (testdata/estate_compute_plan.json).

resource "aws_lambda_function" "orders" {
  function_name                  = "orders-api"
  role                           = "arn:aws:iam::111122223333:role/orders-api"
  handler                        = "app.handler"
  runtime                        = "python3.13"
  filename                       = "orders.zip"
  kms_key_arn                    = "arn:aws:kms:eu-west-1:111122223333:key/0b1c2d3e-orders"
  code_signing_config_arn        = "arn:aws:lambda:eu-west-1:111122223333:code-signing-config:csc-0a1b2c3d4e5f60718"
  reserved_concurrent_executions = 20

  environment {
    variables = {
      STAGE                  = "prod"
      DB_PASSWORD_SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:orders-db"
    }
  }
  tracing_config {
    mode = "Active"
  }
  dead_letter_config {
    target_arn = "arn:aws:sqs:eu-west-1:111122223333:orders-dlq"
  }
  vpc_config {
    subnet_ids         = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
    security_group_ids = ["sg-0c1d2e3f"]
  }
}

resource "aws_lambda_permission" "orders_uploads" {
  statement_id  = "uploads"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.orders.function_name
  principal     = "s3.amazonaws.com"
  source_arn    = "arn:aws:s3:::orders-uploads"
}

resource "aws_lambda_function_url" "orders" {
  function_name      = aws_lambda_function.orders.function_name
  authorization_type = "AWS_IAM"
}

resource "aws_lambda_function" "legacy" { # expect: LAMBDA.1, LAMBDA.2, LAMBDA.3, LAMBDA.4, LAMBDA.5, LAMBDA.6, LAMBDA.7, LAMBDA.8, LAMBDA.9, LAMBDA.10
  function_name = "legacy-webhook"
  role          = "arn:aws:iam::111122223333:role/legacy-webhook"
  handler       = "index.handler"
  runtime       = "nodejs16.x"
  filename      = "legacy.zip"

  environment {
    variables = {
      STAGE          = "prod"
      STRIPE_API_KEY = "sk_live_do_not_copy_me"
    }
  }
}

resource "aws_lambda_permission" "legacy_public" {
  statement_id  = "anyone"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.legacy.function_name
  principal     = "*"
}

resource "aws_lambda_function_url" "legacy" {
  function_name      = aws_lambda_function.legacy.function_name
  authorization_type = "NONE"
}

# A container image brings its own runtime (LAMBDA.2 and LAMBDA.8 not applicable) and has no
# environment variables (LAMBDA.3 not applicable).
resource "aws_lambda_function" "thumbnails" { # expect: LAMBDA.5, LAMBDA.6, LAMBDA.7, LAMBDA.9
  function_name = "thumbnails"
  role          = "arn:aws:iam::111122223333:role/thumbnails"
  package_type  = "Image"
  image_uri     = "111122223333.dkr.ecr.eu-west-1.amazonaws.com/thumbnails:1.4.2"
}

# java17 is in neither of vigil's runtime lists: LAMBDA.2 cannot judge it.
resource "aws_lambda_function" "reports" { # expect: LAMBDA.5, LAMBDA.6, LAMBDA.7, LAMBDA.8, LAMBDA.9 unknown: LAMBDA.2
  function_name = "reports"
  role          = "arn:aws:iam::111122223333:role/reports"
  handler       = "reports.Handler::handleRequest"
  runtime       = "java17"
  filename      = "reports.jar"
}

resource "aws_ecr_repository" "orders" {
  name                 = "orders"
  image_tag_mutability = "IMMUTABLE"

  image_scanning_configuration {
    scan_on_push = true
  }
  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = "arn:aws:kms:eu-west-1:111122223333:key/0b1c2d3e-ecr"
  }
}

resource "aws_ecr_repository_policy" "orders" {
  repository = aws_ecr_repository.orders.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "OrgPull"
      Effect    = "Allow"
      Principal = "*"
      Action    = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
      Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-a1b2c3d4e5" } }
    }]
  })
}

resource "aws_ecr_lifecycle_policy" "orders" {
  repository = aws_ecr_repository.orders.name
  policy = jsonencode({
    rules = [{
      rulePriority = 1
      description  = "expire untagged images"
      selection    = { tagStatus = "untagged", countType = "sinceImagePushed", countUnit = "days", countNumber = 7 }
      action       = { type = "expire" }
    }]
  })
}

resource "aws_ecr_repository" "sandbox" { # expect: ECR.1, ECR.2, ECR.3, ECR.4, ECR.5
  name = "sandbox"
}

resource "aws_ecr_repository_policy" "sandbox" {
  repository = aws_ecr_repository.sandbox.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "Anyone"
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = ["ecr:BatchGetImage", "ecr:PutImage"]
    }]
  })
}

resource "aws_eks_cluster" "platform" {
  name                      = "platform"
  role_arn                  = "arn:aws:iam::111122223333:role/eks-platform"
  version                   = "1.35"
  enabled_cluster_log_types = ["api", "audit", "authenticator", "controllerManager", "scheduler"]

  vpc_config {
    subnet_ids              = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
    endpoint_private_access = true
    endpoint_public_access  = false
  }
  encryption_config {
    resources = ["secrets"]
    provider {
      key_arn = "arn:aws:kms:eu-west-1:111122223333:key/0b1c2d3e-eks"
    }
  }
}

resource "aws_eks_cluster" "legacy" { # expect: EKS.1, EKS.2, EKS.3, EKS.4, EKS.5, EKS.6, EKS.7
  name     = "legacy"
  role_arn = "arn:aws:iam::111122223333:role/eks-legacy"
  version  = "1.29"

  vpc_config {
    subnet_ids = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
  }
}

# No version: AWS picks one at creation, so EKS.5 and EKS.7 cannot judge it. The public endpoint
# admits only the office network (EKS.1 passes) but is still public (EKS.6).
resource "aws_eks_cluster" "batch" { # expect: EKS.4, EKS.6 unknown: EKS.5, EKS.7
  name                      = "batch"
  role_arn                  = "arn:aws:iam::111122223333:role/eks-batch"
  enabled_cluster_log_types = ["audit"]

  vpc_config {
    subnet_ids              = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
    endpoint_private_access = true
    public_access_cidrs     = ["203.0.113.0/24"]
  }
  encryption_config {
    resources = ["secrets"]
    provider {
      key_arn = "arn:aws:kms:eu-west-1:111122223333:key/0b1c2d3e-eks"
    }
  }
}

resource "aws_ecs_task_definition" "web" {
  family                   = "web"
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  cpu                      = "256"
  memory                   = "512"
  container_definitions = jsonencode([{
    name                   = "web"
    image                  = "111122223333.dkr.ecr.eu-west-1.amazonaws.com/orders:1.4.2"
    user                   = "1000:1000"
    readonlyRootFilesystem = true
    environment            = [{ name = "STAGE", value = "prod" }]
    secrets                = [{ name = "DB_PASSWORD", valueFrom = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:orders-db" }]
    logConfiguration = {
      logDriver = "awslogs"
      options   = { awslogs-group = "/ecs/web", awslogs-region = "eu-west-1", awslogs-stream-prefix = "web" }
    }
    linuxParameters = { capabilities = { add = ["NET_BIND_SERVICE"] } }
  }])
}

resource "aws_ecs_task_definition" "agent" { # expect: ECS.1, ECS.2, ECS.3, ECS.4, ECS.5, ECS.6, ECS.7, ECS.8, ECS.9, ECS.10, ECS.11
  family       = "monitoring-agent"
  network_mode = "host"
  pid_mode     = "host"
  ipc_mode     = "host"

  volume {
    name      = "docker"
    host_path = "/var/run/docker.sock"
  }

  container_definitions = jsonencode([{
    name        = "agent"
    image       = "111122223333.dkr.ecr.eu-west-1.amazonaws.com/agent:latest"
    privileged  = true
    environment = [{ name = "API_TOKEN", value = "tok_do_not_copy_me" }]
    linuxParameters = { capabilities = { add = ["SYS_PTRACE"] } }
  }])
}
