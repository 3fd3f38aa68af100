package aws

import (
	"regexp"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws/arn"

	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/scanners/iac"
)

// namedOwner registers r under its address and, when known, the name in attribute src, which it also
// stores as the canonical name attribute.
func namedOwner(own *owners, r *res, src string) {
	name, st := r.nameFrom("name", src)
	if st == known {
		own.add(r, false, name)
		return
	}
	own.add(r, true)
}

// settlePolicy fills the canonical policy attribute from a joined policy resource, else the resource's
// own argument src, else null (the service's default policy).
func settlePolicy(ix *index, r *res, family, src string) {
	r.settle(family,
		func(f *fields, c *iac.Block) { f.policy(family, ix, c, "policy") },
		func(f *fields) bool {
			if !present(r.block, src) {
				return false
			}
			f.policy(family, ix, r.block, src)
			return true
		},
		func(f *fields) { f.set(family, nil) })
}

// adaptSNS maps aws_sns_topic and joins aws_sns_topic_policy by arn (a reference, or the topic's ARN).
func adaptSNS(ix *index) []*res {
	own := newOwners(ix)
	own.arnTail = true // a topic ARN ends with the topic name
	for _, b := range ix.managed("aws_sns_topic") {
		r := newRes(b, inventory.TypeSNSTopic)
		namedOwner(own, r, "name")
		r.f.str("kms_master_key_id", b, "kms_master_key_id", nil)
	}
	own.connect(ix.managed("aws_sns_topic_policy"), "arn", "policy")
	for _, r := range own.list {
		settlePolicy(ix, r, "policy", "policy")
	}
	return own.list
}

// adaptSQS maps aws_sqs_queue and joins aws_sqs_queue_policy by queue_url (a reference to the queue).
func adaptSQS(ix *index) []*res {
	own := newOwners(ix)
	for _, b := range ix.managed("aws_sqs_queue") {
		r := newRes(b, inventory.TypeSQSQueue)
		namedOwner(own, r, "name")
		r.f.str("kms_master_key_id", b, "kms_master_key_id", nil)
		// SSE-SQS is the default for new queues, and the provider turns it off when a KMS key is set.
		if present(b, "sqs_managed_sse_enabled") {
			r.f.boolean("sqs_managed_sse_enabled", b, "sqs_managed_sse_enabled", nil)
		} else {
			switch key, st := getString(b, "kms_master_key_id"); {
			case st == unknown:
				r.f.setUnknown("sqs_managed_sse_enabled")
			default:
				r.f.set("sqs_managed_sse_enabled", st != known || key == "")
			}
		}
	}
	own.connect(connectByName(own, ix.managed("aws_sqs_queue_policy"), "queue_url", "policy", queueNameOfURL), "queue_url", "policy")
	for _, r := range own.list {
		settlePolicy(ix, r, "policy", "policy")
	}
	return own.list
}

// adaptSecretsManager maps aws_secretsmanager_secret and joins aws_secretsmanager_secret_rotation (by
// secret_id) and aws_secretsmanager_secret_policy (by secret_arn). When the secret was last read is known
// only to AWS.
func adaptSecretsManager(ix *index) []*res {
	own := newOwners(ix)
	for _, b := range ix.managed("aws_secretsmanager_secret") {
		r := newRes(b, inventory.TypeSecretsManagerSecret)
		namedOwner(own, r, "name")
		r.f.str("kms_key_id", b, "kms_key_id", nil)
		r.f.setUnknown("days_since_last_accessed")
		r.f.setUnknown("days_since_created")
	}
	own.connect(connectByName(own, ix.managed("aws_secretsmanager_secret_rotation"), "secret_id", "rotation", secretNameOfARN), "secret_id", "rotation")
	own.connect(connectByName(own, ix.managed("aws_secretsmanager_secret_policy"), "secret_arn", "policy", secretNameOfARN), "secret_arn", "policy")
	for _, r := range own.list {
		r.settle("rotation",
			func(f *fields, c *iac.Block) {
				f.set("rotation.enabled", true)
				f.positive("rotation.automatically_after_days", c, "rotation_rules.0.automatically_after_days", nil)
				f.str("rotation.schedule_expression", c, "rotation_rules.0.schedule_expression", nil)
			}, nil,
			func(f *fields) {
				f.set("rotation.enabled", false)
				f.set("rotation.automatically_after_days", nil)
				f.set("rotation.schedule_expression", nil)
			})
		settlePolicy(ix, r, "policy", "policy")
	}
	return own.list
}

// connectByName joins the children whose attr is a literal that nameOf turns into a resource name (a queue
// URL, a secret ARN) to the resource of that name, as connect does for references, and returns the other
// children for connect.
func connectByName(own *owners, children []*iac.Block, attr, family string, nameOf func(string) (string, bool)) []*iac.Block {
	var rest []*iac.Block
	for _, c := range children {
		v, st := getString(c, attr)
		name, ok := "", false
		if st == known {
			name, ok = nameOf(v)
		}
		if !ok {
			rest = append(rest, c)
			continue
		}
		rs := own.keys[name]
		if len(rs) == 1 {
			rs[0].attach(family, c)
			continue
		}
		if len(rs) == 0 {
			rs = own.keyUnknown // a resource whose name is not known may be the one
		}
		for _, r := range rs {
			r.taint(family)
		}
	}
	return rest
}

// queueNameOfURL reads the queue name of an SQS queue URL (https://sqs.<region>.amazonaws.com/<account>/<name>).
func queueNameOfURL(s string) (string, bool) {
	if !strings.HasPrefix(s, "https://") || strings.Count(s, "/") != 4 {
		return "", false
	}
	return s[strings.LastIndexByte(s, '/')+1:], true
}

// secretSuffix is the random suffix Secrets Manager appends to a secret's name in its ARN.
var secretSuffix = regexp.MustCompile(`-[A-Za-z0-9]{6}$`)

// secretNameOfARN reads the secret name of a secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>-AbCdEf).
func secretNameOfARN(s string) (string, bool) {
	a, err := arn.Parse(s)
	if err != nil || a.Service != "secretsmanager" || !strings.HasPrefix(a.Resource, "secret:") {
		return "", false
	}
	return secretSuffix.ReplaceAllString(strings.TrimPrefix(a.Resource, "secret:"), ""), true
}
