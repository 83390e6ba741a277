# A Fargate service and its task definition, as a Terraform module writes them.
# `ecslint examples/terraform` reads every `.tf` file of the directory as one module.

locals {
  app_port = 8080
}

resource "aws_ecs_task_definition" "api" {
  family                   = "api"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 256
  memory                   = 1024
  execution_role_arn       = aws_iam_role.execution.arn

  container_definitions = jsonencode([
    {
      name      = "api"
      image     = var.image
      essential = true
      portMappings = [
        { containerPort = local.app_port, hostPort = 80 }
      ]
      environment = [
        { name = "DB_PASSWORD", value = "hunter2" }
      ]
    }
  ])
}

resource "aws_ecs_task_definition" "worker" {
  family                = "worker"
  task_role_arn         = aws_iam_role.worker.arn
  container_definitions = templatefile("${path.module}/worker.json.tpl", { image = var.image, memory = 512 })
}

resource "aws_ecs_service" "api" {
  name            = "api"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.api.arn
  desired_count   = 2
  launch_type     = "FARGATE"

  network_configuration {
    subnets = var.subnets
  }

  load_balancer {
    target_group_arn = aws_lb_target_group.api.arn
    container_name   = "app"
    container_port   = 8080
  }
}
