// Package evidence builds, writes, reads and verifies the evidence pack: the signed, self-describing
// archive (a zip or a folder) an auditor receives from `vigil evidence`. A pack holds manifest.json (the
// vigil version, the rule-set and config digests, the start and end time, the digest of every input and
// the SHA-256 of every other file), the inventory snapshot, the results, the waivers in force, the DR
// posture, per-control evidence for each framework, a Statement of Applicability draft for ISO/IEC
// 27001:2022 and the reports, rendered through package reports. manifest.sig is a detached Ed25519
// signature over manifest.json's bytes, and a manifest may name the digest of the previous pack's
// manifest, so packs form a chain.
//
// The package sits under reports because a pack is one more presentation of an engine.Report: it imports
// the engine, the inventory, the DR posture and the report renderers, and nothing imports it but the CLI.
// Scanning and evaluating stay with cmd/vigil (the same setup as `vigil scan`); this package never reads
// the scanned tree except to hash the input files it is given.
//
// A pack given to Open is hostile input: names are checked (no absolute path, no "..", no duplicate, no
// symbolic link or special file), and the number of entries and every uncompressed size are capped while
// reading, never trusted from the zip headers. Secrets never enter a pack: Redact removes secret-like
// values from the inventory and the report before anything is rendered.
package evidence
