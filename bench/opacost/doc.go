// Package opacost measures what OPA's evaluator charges for the shapes of Rego that vigil's rules are
// made of: walking the resources of a type, a negated attribute test, and a failure's result object,
// message and evidence. Its benchmarks give the floor under the policy evaluation's time (bench/README.md,
// "Fourth pass"): they use OPA alone, with the engine's evaluation options, not vigil's rules.
package opacost
