package scanners

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A --var-file is named relative to the working directory, like the scanned folder: a problem in it is
// reported at that name, not at the folder joined to it (testdata/varfile/testdata/varfile/v/type.tfvars).
func TestVarFileIssueNamesTheFileAsGiven(t *testing.T) {
	abs, err := filepath.Abs("testdata/varfile/v/type.tfvars")
	require.NoError(t, err)
	for _, varFile := range []string{"testdata/varfile/v/type.tfvars", abs} {
		t.Run(varFile, func(t *testing.T) {
			inv, err := ScanTerraform(context.Background(), "testdata/varfile", TerraformOptions{VarFiles: []string{varFile}})
			require.NoError(t, err)
			require.Len(t, inv.Sources, 1)
			var got []string
			for _, is := range inv.Sources[0].Errors {
				got = append(got, is.String())
			}
			assert.Equal(t, []string{`testdata/varfile/v/type.tfvars:1:5: invalid value for variable "n": a number is required`}, got)
		})
	}
}
