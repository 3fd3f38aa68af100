frameworks = ["iso27001-2022"]
fail_onn   = "high"
