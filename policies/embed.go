// Package policies holds vigil's built-in rules (Rego, one rule per file under aws/<service>/, with its
// *_test.rego beside it), the shared Rego helpers (lib/), the framework catalogs (catalogs/*.json) and
// vigil's notes on how its rules cover a framework's controls (coverage/*.json) as data embedded in the
// binary. The engine package loads and evaluates them.
package policies

import "embed"

// FS holds every .rego file, catalog and coverage note.
//
//go:embed aws lib catalogs coverage
var FS embed.FS
