// Package engine evaluates vigil's OPA/Rego policies over an inventory and owns the findings: rules and
// their metadata, results (pass/fail/unknown/waived), fingerprints, summaries and framework catalogs.
// Scanners produce the inventory it reads; reports render the Report it returns.
package engine
