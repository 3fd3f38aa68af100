# DR objectives: the helpers of the DR.* rules (policies/aws/dr). The posture is computed in Go
# (package dr: tiers, protections, worst-case schedule gaps) and handed to the rules as input.dr =
# {"resources": {id: {tier, system, assignment, reason, objectives: {name: {status, objective,
# achieved, protection, evidence, reason, ...}}}}}; input.dr is absent when vigil.hcl declares no
# dr_tier. A rule judges one objective: fail is a deny, unknown is unknown, and a resource whose tier
# does not declare the objective (or that is in no tier) is not applicable, with the reason.
package vigil.lib

# dr_declared is true when the engine was given a DR posture (vigil.hcl declares DR objectives).
dr_declared if is_object(input.dr)

# dr_protectable_types are the canonical types that get a DR posture (dr.ProtectableTypes; a Go test
# keeps the two in sync).
dr_protectable_types := [
	"aws.dynamodb.table", "aws.ec2.instance", "aws.ec2.volume", "aws.efs.file_system",
	"aws.rds.cluster", "aws.rds.instance", "aws.s3.bucket",
]

# dr_resources returns every protectable resource. (An array, not a set: a set would hash every
# resource document.)
dr_resources := [r | some t in dr_protectable_types; some r in resources(t)]

# _dr_evidence is what a DR result shows: the tier and system and the objective as computed.
_dr_evidence(p, o) := {"tier": p.tier, "system": object.get(p, "system", null), "objective": o}

# _dr_why is the posture's reason in parentheses, or nothing when it gives none.
_dr_why(o) := sprintf(" (%s)", [o.reason]) if {
	is_string(o.reason)
	o.reason != ""
} else := ""

# dr_deny returns a deny result per protectable resource whose objective name fails.
dr_deny(name) := {result |
	some r in dr_resources
	p := input.dr.resources[r.id]
	o := p.objectives[name]
	o.status == "fail"
	result := {
		"resource": r.id,
		"message": sprintf("%q (tier %s) misses its %s objective %s: achieved %s%s",
			[label(r), p.tier, name, o.objective, o.achieved, _dr_why(o)]),
		"evidence": _dr_evidence(p, o),
	}
}

# dr_unknown returns an unknown result per protectable resource whose objective name cannot be
# proven, whose tier is unknown (a tag vigil could not read), or that the posture does not list.
dr_unknown(name) := {result |
	dr_declared
	some r in dr_resources
	p := input.dr.resources[r.id]
	o := p.objectives[name]
	o.status == "unknown"
	result := {
		"resource": r.id,
		"message": sprintf("%s objective %s of %q (tier %s) is not proven: %s",
			[name, o.objective, label(r), p.tier, object.get(o, "reason", "unknown")]),
		"missing": [object.get(o, "reason", "unknown")],
	}
} | {result |
	dr_declared
	some r in dr_resources
	p := input.dr.resources[r.id]
	p.assignment != "assigned"
	p.assignment != "no objective declared"
	result := {
		"resource": r.id,
		"message": sprintf("DR tier of %q is %s: %s", [label(r), p.assignment, object.get(p, "reason", "")]),
		"missing": ["dr tier"],
	}
} | {result |
	dr_declared
	some r in dr_resources
	not input.dr.resources[r.id]
	result := {
		"resource": r.id,
		"message": sprintf("%q has no DR posture", [label(r)]),
		"missing": ["dr posture"],
	}
}

# dr_undeclared_message is why every protectable resource is not applicable when a DR rule is evaluated
# without a posture (the engine does not run them then: engine.DRRulePackage).
dr_undeclared_message := "no DR objective declared (vigil.hcl has no dr_tier)"

# dr_not_applicable returns, when DR objectives are declared, a not_applicable result per protectable
# resource for which the objective name is not declared: a resource in no tier, or a tier that does not
# set name.
dr_not_applicable(name) := {result |
	dr_declared
	some r in dr_resources
	p := input.dr.resources[r.id]
	p.assignment == "no objective declared"
	result := {"resource": r.id, "message": sprintf("%q is in no DR tier: no DR objective declared", [label(r)])}
} | {result |
	dr_declared
	some r in dr_resources
	p := input.dr.resources[r.id]
	p.assignment == "assigned"
	not p.objectives[name]
	result := {"resource": r.id, "message": sprintf("tier %s of %q declares no %s objective", [p.tier, label(r), name])}
}
