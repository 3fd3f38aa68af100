uninstalled_modules = "skip"
