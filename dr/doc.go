// Package dr computes disaster-recovery objectives and what backups achieve.
//
// The objectives are declared in vigil.hcl (dr_tier, dr_system, dr_tier_tag), which package config
// decodes and checks on its own. This package joins them with an inventory: Assign puts every
// protectable resource in its tier and system (or lists it as having no objective), and reports the
// declarations that only the inventory can prove wrong (a system that matches nothing, a tag naming no
// tier, a resource claimed twice). Computing what the backups achieve, per resource, lives beside it.
// Everything here is deterministic: the same inputs give the same, sorted, output.
package dr
