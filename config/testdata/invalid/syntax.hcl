# an unterminated string
fail_on = "high
frameworks = ["iso27001-2022"]
