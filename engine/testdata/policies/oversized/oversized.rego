# METADATA
# title: Test oversized results
# custom:
#   id: T.30
#   severity: low
#   resource_types: [aws.s3.bucket]
#   controls:
#     iso27001-2022: ["8.13"]
package test.oversized

# A 2 MiB message, a 1 MiB evidence string and a 1,000-element evidence list, on bucket "big".
repeat(s, n) := concat("", [s | some _ in numbers.range(1, n)])

huge := repeat(repeat("x", 1024), 2048)

deny contains {"resource": r.id, "message": huge, "evidence": {"blob": substring(huge, 0, 1048576), "ports": numbers.range(1, 1000)}} if {
	some r in input.by_type["aws.s3.bucket"]
	r.name == "big"
}

# 300 results on bucket "many", each with its own 100-byte message: joined, then capped as one.
deny contains {"resource": r.id, "message": sprintf("%03d %s", [i, repeat("y", 96)])} if {
	some r in input.by_type["aws.s3.bucket"]
	r.name == "many"
	some i in numbers.range(1, 300)
}

# Evidence over the total size once each part is capped: 100 keys of 4 KiB strings (400 KiB).
deny contains {"resource": r.id, "message": "wide", "evidence": {sprintf("k%03d", [i]): repeat("z", 4096) | some i in numbers.range(1, 100)}} if {
	some r in input.by_type["aws.s3.bucket"]
	r.name == "wide"
}
