# CI gates without terraform init.
uninstalled_modules = "gap"
