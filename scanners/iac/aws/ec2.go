package aws

import (
	"net"
	"sort"
	"strconv"
	"strings"

	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/scanners/iac"
)

// adaptEC2 maps security groups (joined with their rule resources), VPCs (joined with their flow logs),
// network ACLs (joined with their rule resources), EBS volumes and instances.
func adaptEC2(ix *index) []*res {
	out := adaptSecurityGroups(ix)
	out = append(out, adaptVPCs(ix)...)
	out = append(out, adaptNetworkACLs(ix)...)
	volumes, instances := newOwners(ix), newOwners(ix)
	for _, b := range ix.managed("aws_ebs_volume") {
		r := adaptVolume(ix, b)
		volumes.add(r, false)
		out = append(out, r)
	}
	for _, b := range ix.managed("aws_instance") {
		r := adaptInstance(ix, b)
		instances.add(r, false)
		out = append(out, r)
	}
	attachVolumes(ix, volumes, instances)
	return out
}

// attachVolumes joins aws_volume_attachment into attached_instances of the volume it names: the
// instances' ids (addresses when they are in the configuration). An attachment whose volume or instance
// cannot be told, or that may not exist (unknown count or for_each), makes the list unknown on every
// volume it may concern. A volume no attachment names is attached to no instance of the configuration.
func attachVolumes(ix *index, volumes, instances *owners) {
	attached := map[*res][]string{}
	unknownOn := map[*res]bool{}
	for _, c := range ix.managed("aws_volume_attachment") {
		rs, exact := volumes.resolve(c, "volume_id")
		inst, st := getString(c, "instance_id")
		for _, r := range rs {
			if !exact || st != known || uncertain(c) {
				unknownOn[r] = true
				continue
			}
			attached[r] = append(attached[r], instances.canonicalRef(inst))
			r.related = append(r.related, c.Address)
		}
	}
	for _, r := range volumes.list {
		if unknownOn[r] {
			r.f.setUnknown("attached_instances")
			continue
		}
		r.f.set("attached_instances", uniqueSorted(attached[r]))
		if attached[r] == nil {
			r.f.set("attached_instances", []string{})
		}
	}
}

// Security group rule directions, as canonical attributes.
const (
	ingress = "ingress"
	egress  = "egress"
)

// adaptSecurityGroups maps aws_security_group and aws_default_security_group with its inline rules and joins aws_security_group_rule,
// aws_vpc_security_group_ingress_rule and aws_vpc_security_group_egress_rule by security_group_id.
//
// A rule block that may apply to a group, but not for sure (its security_group_id or type is unknown, or
// names several groups; its count or for_each is unknown), does not hide the rules known to apply: ingress
// and egress keep them, possible_ingress/possible_egress list the uncertain ones with their own values, and
// the path one past the known rules (ingress.N) is unknown, so the list may hold more rules than it shows.
func adaptSecurityGroups(ix *index) []*res {
	own := newOwners(ix)
	for _, b := range ix.managed("aws_security_group") {
		r := newRes(b, inventory.TypeEC2SecurityGroup)
		r.nameFrom("name", "name")
		r.f.str("description", b, "description", "Managed by Terraform")
		r.f.str("vpc_id", b, "vpc_id", nil)
		r.f.set("is_default", false)
		own.add(r, false)
	}
	// aws_default_security_group adopts a VPC's default group and replaces its rules with the inline ones:
	// with none written, Terraform removes every rule.
	for _, b := range ix.managed("aws_default_security_group") {
		r := newRes(b, inventory.TypeEC2SecurityGroup)
		r.name = "default"
		r.f.set("name", "default")
		r.f.set("description", "default VPC security group")
		r.f.str("vpc_id", b, "vpc_id", nil)
		r.f.set("is_default", true)
		own.add(r, false)
	}
	possible := map[*res]map[string][]*iac.Block{}
	join := func(c *iac.Block, dirs ...string) {
		rs, exact := own.resolve(c, "security_group_id")
		for _, r := range rs {
			for _, dir := range dirs {
				if exact && len(dirs) == 1 && !uncertain(c) {
					r.attach(dir, c)
					continue
				}
				if possible[r] == nil {
					possible[r] = map[string][]*iac.Block{}
				}
				possible[r][dir] = append(possible[r][dir], c)
			}
		}
	}
	for _, c := range ix.managed("aws_security_group_rule") {
		switch dir, st := getString(c, "type"); {
		case st == unknown:
			join(c, ingress, egress)
		case dir == ingress || dir == egress:
			join(c, dir)
		}
	}
	for _, c := range ix.managed("aws_vpc_security_group_ingress_rule") {
		join(c, ingress)
	}
	for _, c := range ix.managed("aws_vpc_security_group_egress_rule") {
		join(c, egress)
	}

	for _, r := range own.list {
		for _, dir := range []string{ingress, egress} {
			// Inline rule blocks that may or may not exist (a dynamic block over an unknown value) can be
			// anything: the list is unknown, or, when rules are known to apply (rule resources, or static
			// inline blocks next to the dynamic one: a partly known list), those rules followed by an
			// unknown index that no possible_ list constrains.
			inlineUnknown := r.block.IsUnknown(dir)
			inlineMore := r.block.MayHoldMore(dir)
			if inlineUnknown && len(r.children[dir]) == 0 {
				r.f.setUnknown(dir)
				continue
			}
			var rules []*fields
			if !inlineUnknown {
				n, _ := count(r.block, dir)
				for i := 0; i < n; i++ {
					rules = append(rules, sgRule(r.block, dir+"."+strconv.Itoa(i)+".", r.block.Address))
				}
			}
			rules = append(rules, ruleBlocks(r.children[dir])...)
			r.f.list(dir, rules, false)
			maybe := possible[r][dir]
			// Inline blocks that may follow can be anything: a possible_ list would tell the rules that
			// only its rules may follow.
			if !inlineUnknown && !inlineMore && len(maybe) > 0 {
				r.f.list("possible_"+dir, ruleBlocks(maybe), false)
			}
			if inlineUnknown || inlineMore || len(maybe) > 0 {
				// Not setUnknown: that would store null over the known list.
				r.f.unknown = append(r.f.unknown, dir+"."+strconv.Itoa(len(rules)))
			}
		}
	}
	return own.list
}

// ruleBlocks maps standalone rule blocks (aws_security_group_rule, aws_vpc_security_group_*_rule).
func ruleBlocks(bs []*iac.Block) []*fields {
	rules := make([]*fields, 0, len(bs))
	for _, c := range bs {
		if c.Type == "aws_security_group_rule" {
			rules = append(rules, sgRule(c, "", c.Address))
		} else {
			rules = append(rules, vpcSGRule(c))
		}
	}
	return rules
}

// sgRule maps an inline rule (under prefix p) or an aws_security_group_rule.
func sgRule(b *iac.Block, p, source string) *fields {
	e := newFields()
	sgProtocolPorts(e, b, p+"protocol", p+"from_port", p+"to_port")
	knownPeers(e, "cidr_blocks", b, p+"cidr_blocks")
	knownPeers(e, "ipv6_cidr_blocks", b, p+"ipv6_cidr_blocks")
	e.strings("prefix_list_ids", b, p+"prefix_list_ids", true)
	if p == "" {
		single(e, "security_groups", b, "source_security_group_id")
	} else {
		e.strings("security_groups", b, p+"security_groups", true)
	}
	e.boolean("self", b, p+"self", false)
	e.str("description", b, p+"description", nil)
	e.set("source", source)
	return e
}

// knownPeers copies a rule's CIDR list, each block written as AWS stores it (canonicalCIDR). When some of
// its entries are unknown (`[var.office, "0.0.0.0/0"]`), the known ones are kept and the list is marked
// unknown: a rule known to be open to the internet fails whatever else it admits, while the unknown entries
// still make a rule that is not known to be open unknown.
func knownPeers(f *fields, dst string, b *iac.Block, src string) {
	if b.IsUnknown(src) || !unknownWithin(b, src) {
		v, st := getStrings(b, src, false)
		switch st {
		case known:
			f.set(dst, canonicalCIDRs(v))
		case unknown:
			f.setUnknown(dst)
		default:
			f.set(dst, []string{})
		}
		return
	}
	v, _ := lookup(b, src)
	list, _ := v.([]any)
	known := make([]string, 0, len(list))
	for i, e := range list {
		s, ok := e.(string)
		if ok && !b.IsUnknown(src+"."+strconv.Itoa(i)) {
			known = append(known, s)
		}
	}
	f.set(dst, canonicalCIDRs(known))
	// Not setUnknown: that would store null over the known entries.
	if !f.isUnknown(dst) {
		f.unknown = append(f.unknown, dst)
	}
}

// canonicalCIDRs writes each CIDR block the way AWS stores it, sorted. The AWS provider accepts any
// spelling of a network address ("0::/0", "0:0:0:0:0:0:0:0/0" are ::/0), and the rules compare the
// canonical one: the internet written otherwise is still the internet. Text that is not a network
// address is kept as it is.
func canonicalCIDRs(in []string) []string {
	out := make([]string, len(in))
	for i, c := range in {
		out[i] = c
		if ip, ipnet, err := net.ParseCIDR(c); err == nil && ip.Equal(ipnet.IP) {
			out[i] = ipnet.String()
		}
	}
	sort.Strings(out)
	return out
}

// singlePeer maps a one-CIDR peer (cidr_ipv4, cidr_ipv6) to a one-element list, canonical as above.
func singlePeer(e *fields, dst string, b *iac.Block, src string) {
	s, st := getString(b, src)
	switch st {
	case known:
		e.set(dst, canonicalCIDRs([]string{s}))
	case unknown:
		e.setUnknown(dst)
	default:
		e.set(dst, []string{})
	}
}

// vpcSGRule maps aws_vpc_security_group_ingress_rule / _egress_rule: one peer per rule.
func vpcSGRule(b *iac.Block) *fields {
	e := newFields()
	sgProtocolPorts(e, b, "ip_protocol", "from_port", "to_port")
	singlePeer(e, "cidr_blocks", b, "cidr_ipv4")
	singlePeer(e, "ipv6_cidr_blocks", b, "cidr_ipv6")
	single(e, "prefix_list_ids", b, "prefix_list_id")
	single(e, "security_groups", b, "referenced_security_group_id")
	e.set("self", false)
	e.str("description", b, "description", nil)
	e.set("source", b.Address)
	return e
}

// single copies one optional string as a list of zero or one element.
func single(e *fields, dst string, b *iac.Block, src string) {
	s, st := getString(b, src)
	switch st {
	case known:
		e.set(dst, []string{s})
	case unknown:
		e.setUnknown(dst)
	default:
		e.set(dst, []string{})
	}
}

// sgProtocolPorts normalises the protocol and sets the port range; "all" protocols cover every port.
// Ports mean nothing until the protocol is known, so an unknown protocol leaves them unknown too.
func sgProtocolPorts(e *fields, b *iac.Block, protoPath, fromPath, toPath string) {
	proto, st := getString(b, protoPath)
	if st != known {
		e.setUnknown("protocol")
		e.setUnknown("from_port")
		e.setUnknown("to_port")
		return
	}
	proto = normalizeProtocol(proto)
	e.set("protocol", proto)
	if proto == "-1" {
		e.set("from_port", int64(0))
		e.set("to_port", int64(65535))
		return
	}
	e.number("from_port", b, fromPath, nil)
	e.number("to_port", b, toPath, nil)
}

// normalizeProtocol maps protocol names and numbers to tcp, udp, icmp, icmpv6 or -1 (all); other
// protocols keep their number or lower-case name.
func normalizeProtocol(p string) string {
	switch p = strings.ToLower(strings.TrimSpace(p)); p {
	case "6", "tcp":
		return "tcp"
	case "17", "udp":
		return "udp"
	case "1", "icmp":
		return "icmp"
	case "58", "icmpv6":
		return "icmpv6"
	case "-1", "all":
		return "-1"
	}
	return p
}

// ebsDefaultEncryption tells whether the configuration turns on EBS encryption by default in the region of
// volume v (aws_ebs_encryption_by_default, enabled unless set false): known true, unknown, or absent. A
// setting that may or may not be in v's region (one of the two regions is unknown) makes it unknown.
func ebsDefaultEncryption(ix *index, v *iac.Block) state {
	res := absent
	for _, b := range ix.managed("aws_ebs_encryption_by_default") {
		same := sameRegion(b, v)
		if same == absent {
			continue
		}
		on, st := getBool(b, "enabled")
		switch {
		case st == unknown:
			res = unknown
		case st == absent || on:
			if same == known {
				return known
			}
			res = unknown
		}
	}
	return res
}

// volumeEncrypted sets dst from an encrypted argument: when it is left out, the volume is encrypted if the
// configuration enables EBS encryption by default; a volume from a snapshot inherits the snapshot's
// encryption, which the configuration does not require (null); otherwise it is def, unknown when def is nil
// (a launch template may set it), or null for requiredNotSet (a root volume follows its AMI's snapshot).
func volumeEncrypted(e *fields, ix *index, b *iac.Block, src, snapshot string, def any) {
	if present(b, src) {
		e.boolean("encrypted", b, src, nil)
		return
	}
	switch ebsDefaultEncryption(ix, b) {
	case known:
		e.set("encrypted", true)
		return
	case unknown:
		e.setUnknown("encrypted")
		return
	}
	if snapshot != "" && present(b, snapshot) {
		// Created from a snapshot, the volume takes the snapshot's encryption: not required (null).
		e.set("encrypted", nil)
		return
	}
	switch def {
	case nil:
		e.setUnknown("encrypted")
	case requiredNotSet:
		e.set("encrypted", nil)
	default:
		e.set("encrypted", def)
	}
}

// notRequired is the default of a setting the configuration leaves to AWS (an AMI's snapshot, an AMI's
// IMDS support) when it declares no account default either: null, which the rules read as "the
// configuration does not require it".
type notRequired struct{}

// requiredNotSet passes notRequired to volumeEncrypted.
var requiredNotSet any = notRequired{}

// imdsDefaultRequired tells whether the configuration declares, for instance b's region, an account
// default (aws_ec2_instance_metadata_defaults) that requires IMDSv2: known when it does, unknown when it
// may (its http_tokens or region cannot be told), absent otherwise.
func imdsDefaultRequired(ix *index, b *iac.Block) state {
	res := absent
	for _, d := range ix.managed("aws_ec2_instance_metadata_defaults") {
		same := sameRegion(d, b)
		if same == absent {
			continue
		}
		tokens, st := getString(d, "http_tokens")
		switch {
		case st == unknown:
			res = unknown
		case st == known && tokens == "required":
			if same == known {
				return known
			}
			res = unknown
		}
	}
	return res
}

func adaptVolume(ix *index, b *iac.Block) *res {
	r := newRes(b, inventory.TypeEC2Volume)
	if n, ok := b.Attrs["tags"].(map[string]any); ok {
		if s, ok := n["Name"].(string); ok {
			r.name = s
		}
	}
	volumeEncrypted(r.f, ix, b, "encrypted", "snapshot_id", false)
	r.f.str("kms_key_id", b, "kms_key_id", nil)
	r.f.number("size", b, "size", nil)
	r.f.str("type", b, "type", "gp2")
	r.f.str("availability_zone", b, "availability_zone", nil)
	return r
}

func adaptInstance(ix *index, b *iac.Block) *res {
	r := newRes(b, inventory.TypeEC2Instance)
	if n, ok := b.Attrs["tags"].(map[string]any); ok {
		if s, ok := n["Name"].(string); ok {
			r.name = s
		}
	}
	fromTemplate := present(b, "launch_template")
	r.f.str("instance_type", b, "instance_type", nil)
	r.f.str("ami", b, "ami", nil)

	// IMDS: with http_tokens left out, the account default the configuration declares
	// (aws_ec2_instance_metadata_defaults) applies, else the AMI's ImdsSupport decides: the configuration
	// does not require IMDSv2 (null). A launch template may set both.
	r.f.str("metadata_options.http_tokens", b, "metadata_options.0.http_tokens", nil)
	if !present(b, "metadata_options.0.http_tokens") {
		switch {
		case fromTemplate || b.IsUnknown("metadata_options"):
			r.f.setUnknown("metadata_options.http_tokens")
		default:
			switch st := imdsDefaultRequired(ix, b); st {
			case known:
				r.f.set("metadata_options.http_tokens", "required")
			case unknown:
				r.f.setUnknown("metadata_options.http_tokens")
			}
		}
	}
	if fromTemplate && !present(b, "metadata_options.0.http_endpoint") {
		r.f.setUnknown("metadata_options.http_endpoint")
	} else {
		r.f.str("metadata_options.http_endpoint", b, "metadata_options.0.http_endpoint", "enabled")
	}

	// The root volume is created from the AMI's snapshot: unless set (or encrypted by the account default
	// the configuration declares), its encryption is the snapshot's, which the configuration does not
	// require (null). A launch template may set it.
	root := newFields()
	var rootDefault any = requiredNotSet
	if fromTemplate {
		rootDefault = nil
	}
	volumeEncrypted(root, ix, b, "root_block_device.0.encrypted", "", rootDefault)
	if b.IsUnknown("root_block_device") {
		root.setUnknown("encrypted")
	}
	embed(r.f, "root_block_device", root)

	if b.IsUnknown("ebs_block_device") {
		r.f.setUnknown("ebs_block_devices")
	} else {
		n, _ := count(b, "ebs_block_device")
		devs := make([]*fields, 0, n)
		for i := 0; i < n; i++ {
			p := "ebs_block_device." + strconv.Itoa(i) + "."
			d := newFields()
			d.str("device_name", b, p+"device_name", nil)
			volumeEncrypted(d, ix, b, p+"encrypted", p+"snapshot_id", false)
			devs = append(devs, d)
		}
		r.f.list("ebs_block_devices", devs, false)
	}

	// Left out, a public address depends on the subnet's map_public_ip_on_launch.
	r.f.boolean("associate_public_ip_address", b, "associate_public_ip_address", nil)
	if !present(b, "associate_public_ip_address") {
		r.f.setUnknown("associate_public_ip_address")
	}
	r.f.str("iam_instance_profile", b, "iam_instance_profile", nil)
	if fromTemplate && !present(b, "iam_instance_profile") {
		r.f.setUnknown("iam_instance_profile") // the launch template may set it
	}
	return r
}

// embed stores sub's values and unknown paths under path.
func embed(f *fields, path string, sub *fields) {
	f.set(path, sub.vals)
	for _, u := range sub.unknown {
		if !f.isUnknown(path + "." + u) {
			f.unknown = append(f.unknown, path+"."+u)
		}
	}
}
