frameworks = [
  "iso27001-2022",
  "iso27001",
]
