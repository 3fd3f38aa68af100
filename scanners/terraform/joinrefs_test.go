package terraform

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestJoinThroughUnknownNames: a block naming its parent by a name that is not known holds the parent's
// reference, so the adapters join it; a value built from the name stays unknown.
func TestJoinThroughUnknownNames(t *testing.T) {
	bs := blocks(load(t, "joinrefs", Options{}))
	tests := []struct {
		block, attr string
		want        any // nil: unknown
	}{
		{"aws_iam_user_policy.userpolicy", "user", "aws_iam_user.user.name"},
		{"aws_iam_role_policy_attachment.through_local", "role", "aws_iam_role.named_by_prefix.name"},
		{"aws_iam_group_membership.list", "group", "aws_iam_group.g.name"},
		{"aws_iam_group_membership.list", "users", []any{"aws_iam_user.user.name"}},
		{"module.user.aws_iam_user_policy.in_module", "user", "aws_iam_user.user.name"},
		{"aws_iam_user_policy.interpolated", "user", nil},
		{"aws_iam_user_policy.function", "user", nil},
		{"aws_iam_user_policy.known", "user", "alice"},
	}
	for _, tt := range tests {
		t.Run(tt.block+"."+tt.attr, func(t *testing.T) {
			b, ok := bs[tt.block]
			require.True(t, ok, "block %s", tt.block)
			assert.Equal(t, tt.want, b.Attrs[tt.attr])
			if tt.want == nil {
				assert.Contains(t, b.Unknown, tt.attr)
			} else {
				assert.NotContains(t, b.Unknown, tt.attr)
			}
		})
	}
	// The parents' own names stay unknown: only references to them are joined.
	assert.Contains(t, bs["aws_iam_user.user"].Unknown, "name")
	assert.Nil(t, bs["aws_iam_user.user"].Attrs["name"])
}
