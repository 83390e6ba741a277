variable "image" {
  type    = string
  default = "public.ecr.aws/nginx/nginx:1.27"
}

variable "subnets" {
  type = list(string)
}
