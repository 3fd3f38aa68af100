b = "auto-x-b"
