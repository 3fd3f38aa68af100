package iac

import "slices"

// joinKeys are, per resource type, the attributes other than id and arn that split resources name their
// parent by (role = aws_iam_role.app.name). Both readers resolve a reference to one of them whose value
// is not known to the parent's address, as they do references to id and arn: the HCL reader through its
// evaluation, the plan reader through the configuration's references.
var joinKeys = map[string][]string{
	"aws_iam_role":  {"name"},
	"aws_iam_user":  {"name"},
	"aws_iam_group": {"name"},
	"aws_s3_bucket": {"bucket"},
}

// JoinKeys returns the join keys of resource type typ (none for most types).
func JoinKeys(typ string) []string { return joinKeys[typ] }

// IsJoinKey reports whether attr is a join key of resource type typ.
func IsJoinKey(typ, attr string) bool { return slices.Contains(joinKeys[typ], attr) }
