#!/usr/bin/env python3
"""`.tf` files per second: a generated repository of many Terraform modules (each a task
definition with `jsonencode` containers, a heredoc one, a service, variables and locals),
read by ecslint and by checkov on the same files.

    cargo build --release && python3 benches/terraform.py [--modules 200] [--runs 3]

checkov is installed from PyPI into a throw-away venv the first time (it is never a test
dependency); `--no-checkov` measures ecslint alone. Prints the median of the runs and the
ratio. The machine is shared and noisy: compare ratios, not seconds.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.path.join(ROOT, "target", "release", "ecslint")
VENV = os.path.join(tempfile.gettempdir(), "ecslint-bench-checkov")

MAIN = """
locals {{
  port = {port}
  env  = [{{ name = "STAGE", value = var.stage }}]
}}

resource "aws_ecs_task_definition" "app" {{
  family                   = "app-{i}"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 256
  memory                   = 512
  task_role_arn            = aws_iam_role.task.arn
  execution_role_arn       = aws_iam_role.execution.arn
  container_definitions = jsonencode([
    {{
      name         = "app"
      image        = "${{var.repository}}:${{var.tag}}"
      essential    = true
      portMappings = [{{ containerPort = local.port }}]
      environment  = concat(local.env, [{{ name = "DB_PASSWORD", value = "secret-{i}" }}])
      logConfiguration = {{
        logDriver = "awslogs"
        options   = {{ awslogs-group = "/ecs/app-{i}", awslogs-region = "eu-west-1", awslogs-stream-prefix = "app" }}
      }}
    }}
  ])
}}

resource "aws_ecs_task_definition" "worker" {{
  family                = "worker-{i}"
  task_role_arn         = aws_iam_role.task.arn
  container_definitions = <<JSON
[{{"name": "worker", "image": "${{var.repository}}:${{var.tag}}", "memory": 256, "essential": true}}]
JSON
}}

resource "aws_ecs_service" "app" {{
  name            = "app-{i}"
  cluster         = var.cluster
  task_definition = aws_ecs_task_definition.app.arn
  desired_count   = 2
  launch_type     = "FARGATE"
  network_configuration {{
    subnets         = var.subnets
    security_groups = [aws_security_group.app.id]
  }}
  load_balancer {{
    target_group_arn = aws_lb_target_group.app.arn
    container_name   = "app"
    container_port   = local.port
  }}
}}
"""

VARIABLES = """
variable "stage" {{ default = "prod" }}
variable "repository" {{ default = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app-{i}" }}
variable "tag" {{ default = "1.{i}.0" }}
variable "cluster" {{}}
variable "subnets" {{ type = list(string) }}
"""


def generate(root, modules):
    for i in range(modules):
        d = os.path.join(root, f"module-{i:04d}")
        os.makedirs(d)
        with open(os.path.join(d, "main.tf"), "w") as f:
            f.write(MAIN.format(i=i, port=8000 + i % 1000))
        with open(os.path.join(d, "variables.tf"), "w") as f:
            f.write(VARIABLES.format(i=i))
    return modules * 2


def timed(args):
    start = time.perf_counter()
    subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def checkov():
    exe = os.path.join(VENV, "bin", "checkov")
    if not os.path.exists(exe):
        subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
        subprocess.run([os.path.join(VENV, "bin", "pip"), "install", "--quiet", "checkov"], check=True)
    return exe


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--modules", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-checkov", action="store_true")
    parser.add_argument("--checkov", help="a checkov executable to use instead of installing one")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as root:
        files = generate(root, args.modules)
        check = subprocess.run([BINARY, "--format", "json", root], capture_output=True, text=True)
        problems = check.stdout.count('"rule"')
        ours = statistics.median(timed([BINARY, "--format", "json", root]) for _ in range(args.runs))
        print(f"{files} .tf files in {args.modules} modules ({problems} problems found by ecslint)")
        print(f"ecslint  median {ours:8.3f} s  {files / ours:10.0f} files/s")
        if args.no_checkov:
            return
        exe = args.checkov or checkov()
        theirs = statistics.median(
            timed([exe, "-d", root, "--framework", "terraform", "--quiet", "--compact"]) for _ in range(args.runs)
        )
        print(f"checkov  median {theirs:8.3f} s  {files / theirs:10.0f} files/s")
        print(f"ratio    ecslint is {theirs / ours:.1f}x faster")


if __name__ == "__main__":
    main()
