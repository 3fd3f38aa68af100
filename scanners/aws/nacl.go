package aws

import (
	"context"
	"net"
	"sort"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/vigil-audit/vigil/inventory"
)

// aclDefaultRuleNumber is the number of the catch-all deny entry every network ACL ends with ("*" in the
// console). It cannot be changed or removed, and Terraform does not declare it, so it is not listed.
const aclDefaultRuleNumber = 32767

// ec2NetworkACLs maps every network ACL of the region with its entries, in rule number order.
func ec2NetworkACLs(ctx context.Context, c *ec2.Client, sess *Session, sink *Sink) {
	p := ec2.NewDescribeNetworkAclsPaginator(c, &ec2.DescribeNetworkAclsInput{MaxResults: aws.Int32(1000)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			sink.Fail(sess, "ec2", "DescribeNetworkAcls", err)
			return
		}
		for _, acl := range page.NetworkAcls {
			id := aws.ToString(acl.NetworkAclId)
			r := sink.NewResource(sess, sess.ARN("ec2", sess.Region, "network-acl/"+id), inventory.TypeEC2NetworkACL,
				ec2Name(acl.Tags, id), "ec2:DescribeNetworkAcls")
			r.Tags = ec2Tags(acl.Tags)
			storeAttr(&r, "vpc_id", nullString(acl.VpcId))
			storeAttr(&r, "is_default", aws.ToBool(acl.IsDefault))
			in, out := ec2ACLEntries(acl.Entries)
			storeAttr(&r, "ingress", in)
			storeAttr(&r, "egress", out)
			sink.Add(r)
		}
	}
}

// ec2ACLEntries splits a network ACL's entries into ingress and egress, each sorted by rule number, in
// the shape the Terraform adapter gives them: protocol normalised, ports 0-65535 for all protocols and 0/0
// for protocols without ports, CIDR blocks as AWS stores them.
func ec2ACLEntries(entries []ec2types.NetworkAclEntry) (ingress, egress []any) {
	sorted := append([]ec2types.NetworkAclEntry(nil), entries...)
	sort.SliceStable(sorted, func(i, j int) bool { return aws.ToInt32(sorted[i].RuleNumber) < aws.ToInt32(sorted[j].RuleNumber) })
	ingress, egress = []any{}, []any{}
	for _, e := range sorted {
		if aws.ToInt32(e.RuleNumber) == aclDefaultRuleNumber {
			continue
		}
		proto := ec2Protocol(aws.ToString(e.Protocol))
		var from, to int64
		switch {
		case proto == "-1":
			from, to = 0, 65535
		case (proto == "tcp" || proto == "udp") && e.PortRange != nil:
			from, to = int64(aws.ToInt32(e.PortRange.From)), int64(aws.ToInt32(e.PortRange.To))
		}
		m := map[string]any{
			"rule_number": int64(aws.ToInt32(e.RuleNumber)), "action": string(e.RuleAction), "protocol": proto,
			"from_port": from, "to_port": to,
			"cidr_block": aclCIDR(e.CidrBlock), "ipv6_cidr_block": aclCIDR(e.Ipv6CidrBlock),
		}
		if aws.ToBool(e.Egress) {
			egress = append(egress, m)
		} else {
			ingress = append(ingress, m)
		}
	}
	return ingress, egress
}

// aclCIDR is a CIDR block as AWS stores it, or nil.
func aclCIDR(s *string) any {
	if s == nil || *s == "" {
		return nil
	}
	if ip, n, err := net.ParseCIDR(*s); err == nil && ip.Equal(n.IP) {
		return n.String()
	}
	return *s
}
