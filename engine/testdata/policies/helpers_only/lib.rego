package test.helpers

# A helper with no rule: loading this folder alone adds nothing to a run.
public(b) if b.acl == "public-read"
