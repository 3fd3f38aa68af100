package main

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/vigil-audit/vigil/reports"
)

// TestSensitiveValuesRedactedInEveryFormat: a secret held by a sensitive variable and a sensitive module
// output, flowing into a bucket name, tags, policy documents, attributes and default_tags, appears in no
// report format; names that hold it are shown as "(sensitive)".
func TestSensitiveValuesRedactedInEveryFormat(t *testing.T) {
	formats := reports.Formats()
	assert.NotEmpty(t, formats)
	for _, format := range formats {
		t.Run(format, func(t *testing.T) {
			code, stdout, stderr := runVigil(t, "scan", "testdata/sensitive", "--format", format, "--verbose")
			assert.Equal(t, exitOK, code, stderr)
			assert.NotContains(t, stdout+stderr, "PLANTED-SECRET")
			assert.Contains(t, stdout, "(sensitive)")
		})
	}
}
