package main

import (
	"fmt"
	"io"

	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/reports"
)

// warnGaps writes one warning per gap of the sources (a module that uninstalled_modules = "gap" lets the
// scan skip): the run goes on, but what the gap holds was not checked, and a person must see that
// whatever the report format. Its file name comes from the scanned tree: written printable, as source
// errors are.
func warnGaps(w io.Writer, sources []inventory.Source) {
	for _, s := range sources {
		for _, gap := range s.Gaps {
			fmt.Fprintln(w, `vigil: warning: not evaluated (uninstalled_modules = "gap"): `+reports.PrintableLine(gap.String()))
		}
	}
}
