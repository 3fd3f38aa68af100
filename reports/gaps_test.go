package reports

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/vigil-audit/vigil/inventory"
)

// A gap (a module not evaluated, as vigil.hcl accepts) leaves the report complete, but every format says
// what was not evaluated, so that an absence of findings there never reads as a pass.
func TestGapsAreReportedInEveryFormat(t *testing.T) {
	r := fixtureReport()
	r.Complete = true
	gap := inventory.Issue{Code: "module", File: "infra/main.tf", Line: 2, Column: 1,
		Message: `module module.vpc (source "terraform-aws-modules/vpc/aws") not evaluated: its resources are not checked`}
	r.Sources = []inventory.Source{{Kind: inventory.SourceTerraform, Path: "infra", Files: 3, Gaps: []inventory.Issue{gap}}}

	tests := []struct {
		format string
		want   []string
	}{
		{"table", []string{"!! GAPS: 1 part " + gapWarning, "~ infra/main.tf:2:1: module module.vpc"}},
		{"markdown", []string{"> [!WARNING]", "**Gaps: 1 part " + gapWarning + ".**", "not evaluated: its resources are not checked"}},
		{"github", []string{"::warning file=infra/main.tf,line=2,col=1,title=vigil%3A not evaluated in terraform::" +
			"Not evaluated (accepted gap), nothing in it was checked: " + gap.String()}},
		{"sarif", []string{`"level": "warning"`, `"text": "Not evaluated (accepted gap), nothing in it was checked: infra/main.tf:2:1: module module.vpc`}},
		{"junit", []string{`<skipped message="not evaluated, as the configuration accepts (terraform infra (3 files)); nothing in it was checked" type="module">`}},
		{"json", []string{`"gaps": [`, `"message": "module module.vpc (source \"terraform-aws-modules/vpc/aws\") not evaluated`}},
	}
	for _, tt := range tests {
		t.Run(tt.format, func(t *testing.T) {
			out := string(render(t, tt.format, Options{}, r))
			for _, w := range tt.want {
				assert.True(t, strings.Contains(out, w), "%s output lacks %q", tt.format, w)
			}
			assert.False(t, strings.Contains(out, "INCOMPLETE"), "a gap does not make the report incomplete")
		})
	}
}
