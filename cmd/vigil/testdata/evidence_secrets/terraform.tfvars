db_password          = "Pl4nted-DB-Passw0rd-sensitive"
api_token            = "planted-api-token-93jd"
deploy_access_key    = "AKIAPLANTEDKEY12345X"
ci_secret_access_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYPLANTEDKEY"
