// Package policies holds vigil's built-in rules (Rego, one rule per file under aws/<service>/, with its
// *_test.rego beside it), the shared Rego helpers (lib/) and the framework catalogs (catalogs/*.json) as
// data embedded in the binary. The engine package loads and evaluates them.
package policies

import "embed"

// FS holds every .rego file and catalog.
//
//go:embed aws lib catalogs
var FS embed.FS
