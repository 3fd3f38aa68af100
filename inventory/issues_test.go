package inventory_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/inventory"
)

func issuesIn(file string, n int) []inventory.Issue {
	out := make([]inventory.Issue, n)
	for i := range out {
		out[i] = inventory.Issue{Code: "parse", Message: fmt.Sprintf("error %d", i), File: file, Line: i + 1}
	}
	return out
}

func TestCapIssuesPerFile(t *testing.T) {
	errs := append(issuesIn("a.tf", 25), issuesIn("b.tf", 3)...)
	errs = append(errs, inventory.Issue{Code: "AccessDenied", Message: "denied", API: "GetBucketPolicy"})
	sources := []inventory.Source{{Kind: inventory.SourceTerraform, Path: ".", Errors: errs}}

	inventory.CapIssues(sources)
	got := sources[0].Errors
	require.Len(t, got, inventory.MaxIssuesPerFile+1+3+1)
	assert.Equal(t, issuesIn("a.tf", inventory.MaxIssuesPerFile), got[:inventory.MaxIssuesPerFile])
	marker := got[inventory.MaxIssuesPerFile]
	assert.Equal(t, inventory.Issue{Code: inventory.CodeOmitted, File: "a.tf", Omitted: 5, Message: "and 5 more in a.tf"}, marker)
	assert.Equal(t, "and 5 more in a.tf", marker.String())
	assert.Equal(t, "b.tf", got[inventory.MaxIssuesPerFile+1].File, "the marker sits after its file's last listed issue")
	assert.Equal(t, 29, sources[0].ErrorCount())
	assert.False(t, sources[0].Complete())

	again := []inventory.Source{{Errors: append([]inventory.Issue(nil), got...)}}
	inventory.CapIssues(again)
	assert.Equal(t, got, again[0].Errors, "capping is idempotent")
}

func TestCapIssuesOverall(t *testing.T) {
	var sources []inventory.Source
	for i := range 3 {
		var errs []inventory.Issue
		for f := range 30 {
			errs = append(errs, issuesIn(fmt.Sprintf("s%d/f%d.tf", i, f), 15)...)
		}
		sources = append(sources, inventory.Source{Kind: inventory.SourceTerraform, Path: fmt.Sprint(i), Errors: errs})
	}
	inventory.CapIssues(sources)

	listed, total := 0, 0
	for _, s := range sources {
		total += s.ErrorCount()
		assert.False(t, s.Complete())
		for _, is := range s.Errors {
			if is.Code != inventory.CodeOmitted {
				listed++
			}
		}
	}
	assert.Equal(t, inventory.MaxIssues, listed)
	assert.Equal(t, 3*30*15, total, "nothing is lost from the count")
	last := sources[2].Errors[len(sources[2].Errors)-1]
	assert.Equal(t, inventory.CodeOmitted, last.Code)
	assert.Empty(t, last.File)
	assert.Equal(t, fmt.Sprintf("and %d more (at most %d are listed per scan)", last.Omitted, inventory.MaxIssues), last.String())
}

// TestCapWarningsAndGaps: warnings and gaps are capped like errors (a file calling file() outside the
// scan 100,000 times must not print 100,000 lines), each list with its own budget, and counted whole.
func TestCapWarningsAndGaps(t *testing.T) {
	sources := []inventory.Source{{Kind: inventory.SourceTerraform, Path: ".",
		Errors: issuesIn("e.tf", 2), Warnings: issuesIn("w.tf", 30), Gaps: issuesIn("g.tf", 25)}}
	inventory.CapIssues(sources)
	s := sources[0]
	assert.Len(t, s.Errors, 2)
	require.Len(t, s.Warnings, inventory.MaxIssuesPerFile+1)
	assert.Equal(t, "and 10 more in w.tf", s.Warnings[inventory.MaxIssuesPerFile].String())
	assert.Equal(t, 30, s.WarningCount())
	require.Len(t, s.Gaps, inventory.MaxIssuesPerFile+1)
	assert.Equal(t, "and 5 more in g.tf", s.Gaps[inventory.MaxIssuesPerFile].String())
}
