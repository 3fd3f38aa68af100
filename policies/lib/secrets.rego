package vigil.lib

# secret_like_name is true for an environment variable name that suggests a secret kept in the clear
# (password, passwd, secret, token, API key, private key, access key, credential), unless it ends in
# _ARN, _NAME, _ID, _PATH, _PARAM, _PARAMETER, _URL or _REF: a pointer to a secret kept elsewhere.
# Rules read names only: the inventory never holds the values.
secret_like_name(name) if {
	is_string(name)
	regex.match(`(?i)(passw(or)?d|secret|token|api_?key|private_?key|access_?key|credential)`, name)
	not regex.match(`(?i)_(arn|name|id|path|param|parameter|url|ref)$`, name)
}
