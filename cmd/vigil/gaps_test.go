package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/vigil-audit/vigil/inventory"
)

// A gap names a file of the scanned tree: a line break or escape in its name must not make a line of
// its own in a CI log (a "::" workflow command) or reach the terminal.
func TestWarnGapsPrintable(t *testing.T) {
	var b bytes.Buffer
	warnGaps(&b, []inventory.Source{{Kind: inventory.SourceTerraform, Gaps: []inventory.Issue{
		{File: "x\n::error::owned\x1b[2J.tf", Line: 3, Message: "module m not evaluated"},
	}}})
	out := b.String()
	if strings.Count(out, "\n") != 1 || strings.Contains(out, "\x1b") {
		t.Fatalf("warnGaps wrote %q, want one printable line", out)
	}
}
