package main

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/vigil-audit/vigil/reports"
)

// TestSensitiveValuesRedactedInEveryFormat: a secret held by a sensitive variable and a sensitive module
// output, flowing into a bucket name, tags, policy documents, attributes and default_tags, appears in no
// report format; names that hold it are shown as "(sensitive)".
// The same holds for a plan, which carries sensitive values in clear beside sensitive_values.
func TestSensitiveValuesRedactedInEveryFormat(t *testing.T) {
	formats := reports.Formats()
	assert.NotEmpty(t, formats)
	sources := map[string][]string{
		"terraform": {"testdata/sensitive"},
		"plan":      {"--plan", "../../scanners/plan/testdata/sensitive.json"},
	}
	for source, args := range sources {
		for _, format := range formats {
			t.Run(source+" "+format, func(t *testing.T) {
				args := append([]string{"scan", "--format", format, "--verbose"}, args...)
				code, stdout, stderr := runVigil(t, args...)
				assert.Contains(t, []int{exitOK, exitGateFail}, code, stderr)
				assert.NotContains(t, stdout+stderr, "PLANTED-SECRET")
				assert.Contains(t, stdout, "(sensitive)")
			})
		}
	}
}
