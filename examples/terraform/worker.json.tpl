[
  {
    "name": "worker",
    "image": "${image}",
    "memory": ${memory},
    "essential": false
  }
]
