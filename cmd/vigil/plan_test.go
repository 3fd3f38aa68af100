package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestScanPlan(t *testing.T) {
	const equiv = "../../scanners/plan/testdata/equiv"
	code, stdout, stderr := runVigil(t, "scan", equiv, "--plan", equiv+"/plan.json")
	assert.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, `aws_s3_bucket.team["blue"]`)
	assert.Contains(t, stdout, "scanners/plan/testdata/equiv/main.tf:90", "file:line from the root the plan came from")

	code, _, stderr = runVigil(t, "scan", "--plan", "../../scanners/plan/testdata/unsupported_version.json")
	assert.Equal(t, exitUntrusted, code)
	assert.Contains(t, stderr, `unsupported plan format_version "2.0"`)

	code, _, stderr = runVigil(t, "scan", "testdata/clean", "--changed-only")
	assert.Equal(t, exitUntrusted, code)
	assert.Contains(t, stderr, "--changed-only needs --plan")

	code, _, stderr = runVigil(t, "scan", "a", "b", "--plan", equiv+"/plan.json")
	assert.Equal(t, exitUntrusted, code)
	assert.Contains(t, stderr, "--plan takes at most one PATH")
}
