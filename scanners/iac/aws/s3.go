package aws

import (
	"strconv"
	"strings"

	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/scanners/iac"
)

// s3Family is one bucket setting that provider v4+ splits into its own resource type and provider v3
// declared inline on aws_s3_bucket.
type s3Family struct {
	path  string // canonical attribute
	child string // Terraform type of the split resource
	// fromChild maps a joined child block; fromInline maps the bucket's own inline form and reports
	// whether the bucket declares it; defaults fills what AWS applies when neither exists.
	fromChild  func(f *fields, ix *index, c *iac.Block)
	fromInline func(f *fields, ix *index, b *iac.Block) bool
	defaults   func(f *fields)
}

var s3Families = []s3Family{
	{"versioning", "aws_s3_bucket_versioning", s3VersioningChild, s3VersioningInline, s3VersioningDefault},
	{"encryption", "aws_s3_bucket_server_side_encryption_configuration", s3EncryptionChild, s3EncryptionInline, s3EncryptionDefault},
	{"public_access_block", "aws_s3_bucket_public_access_block", s3PublicAccessChild, nil, s3PublicAccessDefault},
	{"logging", "aws_s3_bucket_logging", s3LoggingChild, s3LoggingInline, s3LoggingDefault},
	{"policy", "aws_s3_bucket_policy", s3PolicyChild, s3PolicyInline, s3PolicyDefault},
	{"replication", "aws_s3_bucket_replication_configuration", s3ReplicationChild, s3ReplicationInline, s3ReplicationDefault},
	{"object_lock", "aws_s3_bucket_object_lock_configuration", s3ObjectLockChild, s3ObjectLockInline, s3ObjectLockDefault},
	{"lifecycle", "aws_s3_bucket_lifecycle_configuration", s3LifecycleChild, s3LifecycleInline, s3LifecycleDefault},
	{"acl", "aws_s3_bucket_acl", s3ACLChild, s3ACLInline, s3ACLDefault},
}

// s3IDIsBucket lists the split bucket settings whose id is the bucket's name, so that a reference to
// their id names the bucket (the S3 bucket module chains its public access block and ownership
// controls through aws_s3_bucket_policy.this[0].id). ownerSuffixed marks those whose id becomes
// "bucket,owner" when expected_bucket_owner is set.
var s3IDIsBucket = map[string]bool{
	"aws_s3_bucket_policy":                               false,
	"aws_s3_bucket_public_access_block":                  false,
	"aws_s3_bucket_ownership_controls":                   false,
	"aws_s3_bucket_replication_configuration":            false,
	"aws_s3_bucket_notification":                         false,
	"aws_s3_bucket_versioning":                           true,
	"aws_s3_bucket_server_side_encryption_configuration": true,
	"aws_s3_bucket_logging":                              true,
	"aws_s3_bucket_lifecycle_configuration":              true,
	"aws_s3_bucket_object_lock_configuration":            true,
	"aws_s3_bucket_accelerate_configuration":             true,
	"aws_s3_bucket_request_payment_configuration":        true,
	"aws_s3_bucket_website_configuration":                true,
	"aws_s3_bucket_cors_configuration":                   true,
}

// adaptS3 maps aws_s3_bucket and joins its split settings (by the child's bucket argument: the bucket's
// address, which references to .id evaluate to, or its name; or the id of another split setting whose
// id is the bucket's name).
func adaptS3(ix *index) []*res {
	own := newOwners(ix)
	for typ, ownerSuffixed := range s3IDIsBucket {
		for _, b := range ix.managed(typ) {
			if !ownerSuffixed || !present(b, "expected_bucket_owner") {
				own.alias(b, "bucket")
			}
		}
	}
	// Any other bucket setting referred to by id (an aws_s3_bucket_acl's id is "bucket,acl") names a
	// bucket vigil cannot tell.
	own.opaque = func(b *iac.Block) bool { return strings.HasPrefix(b.Type, "aws_s3_bucket_") }
	for _, b := range ix.managed("aws_s3_bucket") {
		r := newRes(b, inventory.TypeS3Bucket)
		var keys []string
		name, st := r.nameFrom("bucket", "bucket")
		if st == known {
			keys = []string{name, "arn:aws:s3:::" + name}
		}
		own.add(r, st == unknown, keys...)
	}
	for _, fam := range s3Families {
		own.connect(ix.managed(fam.child), "bucket", fam.path)
	}
	for _, r := range own.list {
		for _, fam := range s3Families {
			fam := fam
			var inline func(*fields) bool
			if fam.fromInline != nil {
				inline = func(f *fields) bool { return fam.fromInline(f, ix, r.block) }
			}
			r.settle(fam.path, func(f *fields, c *iac.Block) { fam.fromChild(f, ix, c) }, inline, fam.defaults)
		}
		s3BucketObjectLock(r)
	}
	return own.list
}

func enabledStatus(s string) any { return s == "Enabled" }

func s3VersioningChild(f *fields, _ *index, c *iac.Block) {
	f.strFunc("versioning.enabled", c, "versioning_configuration.0.status", false, enabledStatus)
	f.strFunc("versioning.mfa_delete", c, "versioning_configuration.0.mfa_delete", false, enabledStatus)
	f.set("versioning.configured", true)
}

func s3VersioningInline(f *fields, _ *index, b *iac.Block) bool {
	if !present(b, "versioning") {
		return false
	}
	f.boolean("versioning.enabled", b, "versioning.0.enabled", false)
	f.boolean("versioning.mfa_delete", b, "versioning.0.mfa_delete", false)
	f.set("versioning.configured", true)
	return true
}

func s3VersioningDefault(f *fields) {
	f.set("versioning", map[string]any{"enabled": false, "mfa_delete": false, "configured": false})
}

// s3Encryption maps a server-side encryption configuration whose rule list is under prefix p. Every
// bucket is encrypted since 2023-01, whatever the configuration says, so enabled is always true.
func s3Encryption(f *fields, b *iac.Block, p string) {
	d := p + "rule.0.apply_server_side_encryption_by_default.0."
	f.set("encryption.enabled", true)
	f.str("encryption.algorithm", b, d+"sse_algorithm", "AES256")
	f.str("encryption.kms_key_id", b, d+"kms_master_key_id", nil)
	f.boolean("encryption.bucket_key_enabled", b, p+"rule.0.bucket_key_enabled", false)
	f.set("encryption.configured", true)
}

func s3EncryptionChild(f *fields, _ *index, c *iac.Block) { s3Encryption(f, c, "") }

func s3EncryptionInline(f *fields, _ *index, b *iac.Block) bool {
	if !present(b, "server_side_encryption_configuration") {
		return false
	}
	s3Encryption(f, b, "server_side_encryption_configuration.0.")
	return true
}

func s3EncryptionDefault(f *fields) {
	f.set("encryption", map[string]any{"enabled": true, "algorithm": "AES256", "kms_key_id": nil,
		"bucket_key_enabled": false, "configured": false})
}

var publicAccessSettings = []string{"block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"}

// s3PublicAccessChild maps aws_s3_bucket_public_access_block, whose arguments default to false.
func s3PublicAccessChild(f *fields, _ *index, c *iac.Block) {
	for _, s := range publicAccessSettings {
		f.boolean("public_access_block."+s, c, s, false)
	}
	f.set("public_access_block.configured", true)
}

// s3PublicAccessDefault: new buckets block all public access since 2023-04.
func s3PublicAccessDefault(f *fields) {
	for _, s := range publicAccessSettings {
		f.set("public_access_block."+s, true)
	}
	f.set("public_access_block.configured", false)
}

func s3Logging(f *fields, b *iac.Block, p string) {
	f.set("logging.enabled", true)
	f.str("logging.target_bucket", b, p+"target_bucket", nil)
	f.str("logging.target_prefix", b, p+"target_prefix", nil)
}

func s3LoggingChild(f *fields, _ *index, c *iac.Block) { s3Logging(f, c, "") }

func s3LoggingInline(f *fields, _ *index, b *iac.Block) bool {
	if !present(b, "logging") {
		return false
	}
	s3Logging(f, b, "logging.0.")
	return true
}

func s3LoggingDefault(f *fields) {
	f.set("logging", map[string]any{"enabled": false, "target_bucket": nil, "target_prefix": nil})
}

func s3PolicyChild(f *fields, ix *index, c *iac.Block) { f.policy("policy", ix, c, "policy") }

func s3PolicyInline(f *fields, ix *index, b *iac.Block) bool {
	if !present(b, "policy") {
		return false
	}
	f.policy("policy", ix, b, "policy")
	return true
}

func s3PolicyDefault(f *fields) { f.set("policy", nil) }

// s3Replication maps replication rules (v4 "rule", v3 "rules"): enabled when a rule is Enabled, and the
// destinations of the enabled rules. A rule whose status is unknown leaves both unknown unless another
// rule is known to be enabled.
func s3Replication(f *fields, b *iac.Block, rules string) {
	n, st := count(b, rules)
	if st == unknown {
		f.setUnknown("replication")
		return
	}
	enabled, statusUnknown, destUnknown := false, false, false
	var dests []string
	for i := 0; i < n; i++ {
		p := rules + "." + strconv.Itoa(i) + "."
		s, st := getString(b, p+"status")
		switch {
		case st == unknown:
			statusUnknown = true
			continue
		case s != "Enabled":
			continue
		}
		enabled = true
		d, st := getString(b, p+"destination.0.bucket")
		switch st {
		case known:
			dests = append(dests, d)
		case unknown:
			destUnknown = true
		}
	}
	switch {
	case enabled:
		f.set("replication.enabled", true)
	case statusUnknown:
		f.setUnknown("replication.enabled")
	default:
		f.set("replication.enabled", false)
	}
	if statusUnknown || destUnknown {
		f.setUnknown("replication.destinations")
	} else {
		f.set("replication.destinations", nonNil(uniqueSorted(dests)))
	}
}

func s3ReplicationChild(f *fields, _ *index, c *iac.Block) { s3Replication(f, c, "rule") }

func s3ReplicationInline(f *fields, _ *index, b *iac.Block) bool {
	if !present(b, "replication_configuration") {
		return false
	}
	if b.IsUnknown("replication_configuration.0") {
		f.setUnknown("replication")
		return true
	}
	s3Replication(f, b, "replication_configuration.0.rules")
	return true
}

func s3ReplicationDefault(f *fields) {
	f.set("replication", map[string]any{"enabled": false, "destinations": []string{}})
}

// s3ObjectLock maps an object lock configuration under prefix p; object_lock_enabled defaults to Enabled
// on the v4 resource and is required inline.
func s3ObjectLock(f *fields, b *iac.Block, p string) {
	f.strFunc("object_lock.enabled", b, p+"object_lock_enabled", true, enabledStatus)
	d := p + "rule.0.default_retention.0."
	f.str("object_lock.mode", b, d+"mode", nil)
	f.positive("object_lock.days", b, d+"days", nil)
	f.positive("object_lock.years", b, d+"years", nil)
}

func s3ObjectLockChild(f *fields, _ *index, c *iac.Block) { s3ObjectLock(f, c, "") }

func s3ObjectLockInline(f *fields, _ *index, b *iac.Block) bool {
	if !present(b, "object_lock_configuration") {
		return false
	}
	s3ObjectLock(f, b, "object_lock_configuration.0.")
	return true
}

func s3ObjectLockDefault(f *fields) {
	f.set("object_lock", map[string]any{"enabled": false, "mode": nil, "days": nil, "years": nil})
}

// s3BucketObjectLock applies the v4 bucket argument object_lock_enabled, which enables object lock
// without a default retention.
func s3BucketObjectLock(r *res) {
	if r.f.isUnknown("object_lock.enabled") {
		return
	}
	on, st := getBool(r.block, "object_lock_enabled")
	switch {
	case st == known && on:
		r.f.set("object_lock.enabled", true)
	case st == unknown:
		if v, _ := r.f.get("object_lock.enabled"); v != true {
			r.f.setUnknown("object_lock.enabled")
		}
	}
}

// s3Lifecycle maps lifecycle rules; enabledKey is "status" (v4, "Enabled") or "enabled" (v3, bool) and
// noncurrentKey the noncurrent expiration's days argument.
func s3Lifecycle(f *fields, b *iac.Block, rules string, v4 bool) {
	n, st := count(b, rules)
	if st == unknown {
		f.setUnknown("lifecycle.rules")
		return
	}
	elems := make([]*fields, 0, n)
	for i := 0; i < n; i++ {
		p := rules + "." + strconv.Itoa(i) + "."
		e := newFields()
		e.str("id", b, p+"id", nil)
		if v4 {
			e.strFunc("enabled", b, p+"status", false, enabledStatus)
			e.positive("noncurrent_expiration_days", b, p+"noncurrent_version_expiration.0.noncurrent_days", nil)
		} else {
			e.boolean("enabled", b, p+"enabled", false)
			e.positive("noncurrent_expiration_days", b, p+"noncurrent_version_expiration.0.days", nil)
		}
		e.positive("expiration_days", b, p+"expiration.0.days", nil)
		tn, st := count(b, p+"transition")
		if st == unknown {
			e.setUnknown("transitions")
		} else {
			ts := make([]*fields, 0, tn)
			for j := 0; j < tn; j++ {
				tp := p + "transition." + strconv.Itoa(j) + "."
				t := newFields()
				t.number("days", b, tp+"days", nil)
				t.str("storage_class", b, tp+"storage_class", nil)
				ts = append(ts, t)
			}
			e.list("transitions", ts, false)
		}
		elems = append(elems, e)
	}
	f.list("lifecycle.rules", elems, false)
}

func s3LifecycleChild(f *fields, _ *index, c *iac.Block) { s3Lifecycle(f, c, "rule", true) }

func s3LifecycleInline(f *fields, _ *index, b *iac.Block) bool {
	if !present(b, "lifecycle_rule") {
		return false
	}
	s3Lifecycle(f, b, "lifecycle_rule", false)
	return true
}

func s3LifecycleDefault(f *fields) { f.set("lifecycle", map[string]any{"rules": []any{}}) }

// s3ACLChild maps aws_s3_bucket_acl: a canned acl, or an access_control_policy whose grants are reduced
// to the canned ACL they amount to.
func s3ACLChild(f *fields, _ *index, c *iac.Block) {
	if setString(c, "acl") {
		f.str("acl", c, "acl", nil)
		return
	}
	if !present(c, "access_control_policy") {
		f.set("acl", nil)
		return
	}
	if c.IsUnknown("access_control_policy.0") {
		f.setUnknown("acl")
		return
	}
	grantsACL(f, c, "access_control_policy.0.grant", func(p string) (string, string) {
		return p + "grantee.0.uri", p + "permission"
	})
}

func s3ACLInline(f *fields, _ *index, b *iac.Block) bool {
	switch {
	case setString(b, "acl"):
		f.str("acl", b, "acl", nil)
	case present(b, "grant"):
		grantsACL(f, b, "grant", func(p string) (string, string) { return p + "uri", p + "permissions" })
	default:
		return false
	}
	return true
}

func s3ACLDefault(f *fields) { f.set("acl", nil) }

const (
	allUsers           = "http://acs.amazonaws.com/groups/global/AllUsers"
	authenticatedUsers = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"
)

// grantsACL reduces explicit grants to the public canned ACL they amount to (public-read-write,
// public-read, authenticated-read), or null when they grant nothing to everyone. A grant whose grantee or
// permission is unknown makes the ACL unknown.
func grantsACL(f *fields, b *iac.Block, grants string, paths func(prefix string) (uri, perms string)) {
	n, st := count(b, grants)
	if st == unknown {
		f.setUnknown("acl")
		return
	}
	read, write, auth := false, false, false
	for i := 0; i < n; i++ {
		uriPath, permPath := paths(grants + "." + strconv.Itoa(i) + ".")
		uri, st := getString(b, uriPath)
		if st == unknown {
			f.setUnknown("acl")
			return
		}
		if uri != allUsers && uri != authenticatedUsers {
			continue
		}
		perms, st := getStrings(b, permPath, false)
		if st == unknown {
			f.setUnknown("acl")
			return
		}
		for _, p := range perms {
			p = strings.ToUpper(p)
			switch {
			case uri == authenticatedUsers:
				auth = true
			case p == "READ" || p == "FULL_CONTROL":
				read = true
				write = write || p == "FULL_CONTROL"
			case p == "WRITE":
				write = true
			}
		}
	}
	switch {
	case write:
		f.set("acl", "public-read-write")
	case read:
		f.set("acl", "public-read")
	case auth:
		f.set("acl", "authenticated-read")
	default:
		f.set("acl", nil)
	}
}

// setString reports whether a string argument is set: unknown, or known and not empty.
func setString(b *iac.Block, path string) bool {
	s, st := getString(b, path)
	return st == unknown || (st == known && s != "")
}

// nonNil turns a nil list into an empty one, so the JSON form is [] rather than null.
func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
