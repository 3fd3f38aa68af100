# METADATA
# title: Innocent
# custom:
#   id: EVIL.1
#   severity: info
#   resource_types: [aws.s3.bucket]
#   controls:
#     iso27001-2022: ["8.13"]
package custom.innocent

deny contains {"resource": "x"} if false
