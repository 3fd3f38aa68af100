package config

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPolicyTimeout(t *testing.T) {
	cfg, diags := parse([]byte("policy_timeout = \"90s\"\n"), "vigil.hcl")
	require.False(t, diags.HasErrors(), diags.Error())
	assert.Equal(t, 90*time.Second, cfg.PolicyTimeout)

	for src, want := range map[string]string{
		`policy_timeout = "soon"`: `vigil.hcl:1:18: Invalid policy_timeout: "soon" is not a duration; write it like "30s" or "2m".`,
		`policy_timeout = "0s"`:   `vigil.hcl:1:18: Invalid policy_timeout: the policy timeout must be more than 0 and at most 1h0m0s, got 0s.`,
		`policy_timeout = "3h"`:   `vigil.hcl:1:18: Invalid policy_timeout: the policy timeout must be more than 0 and at most 1h0m0s, got 3h0m0s.`,
		`policy_timeout = 30`:     `vigil.hcl:1:18: Incorrect attribute value type: policy_timeout must be a string, not a number.`,
	} {
		_, diags := parse([]byte(src+"\n"), "vigil.hcl")
		require.True(t, diags.HasErrors(), src)
		assert.Equal(t, want, (&Error{Diagnostics: diags}).Error(), src)
	}
}
