package engine

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseCatalogRejects(t *testing.T) {
	for _, tc := range []struct{ name, raw, want string }{
		{"bare list", `[{"id":"1","title":"t"}]`, "cannot unmarshal array"},
		{"other framework", `{"framework":"x","controls":[{"id":"1","title":"t"}]}`, `framework is "x", want "fw"`},
		{"no controls", `{"framework":"fw","controls":[]}`, "no controls"},
		{"unknown field", `{"framework":"fw","controls":[{"id":"1","title":"t","level":1}]}`, `unknown field "level"`},
		{"no title", `{"framework":"fw","controls":[{"id":"1"}]}`, "control 1 has no id or no title"},
		{"twice", `{"framework":"fw","controls":[{"id":"1","title":"t"},{"id":"1","title":"u"}]}`, "control 1 is listed twice"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseCatalog("fw", []byte(tc.raw))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

func TestLoadCatalogsKeepsProfiles(t *testing.T) {
	cats, err := LoadCatalogs()
	require.NoError(t, err)
	require.Len(t, cats, len(Frameworks))
	for fw, c := range cats {
		assert.NotEmpty(t, c.Source, "%s names no source", fw)
	}
	cis := cats[FrameworkCISAWS6]
	assert.Equal(t, []string{"Level 1", "Level 2"}, cis.Profiles())
	ctl, ok := cis.Lookup("3.1.1")
	require.True(t, ok)
	assert.Equal(t, Control{ID: "3.1.1", Title: "Ensure S3 Bucket Policy is set to deny HTTP requests", Group: "3 Storage",
		Profile: "Level 2", Assessment: "Automated"}, ctl)
	assert.Nil(t, cats[FrameworkISO27001].Profiles(), "ISO 27001 has no profiles")
}
