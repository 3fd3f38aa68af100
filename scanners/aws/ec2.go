package aws

import (
	"context"
	"encoding/json"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/vigil-audit/vigil/inventory"
)

func init() {
	register(ServiceCollector{Service: "ec2", Collect: collectEC2})
}

// perResourceCalls bounds the concurrent per-resource calls of one collector (snapshot attributes,
// DynamoDB table descriptions, EFS backup policies) so that a large account does not trip throttling.
const perResourceCalls = 8

// collectEC2 reads the account's EBS defaults, security groups, volumes, snapshots, instances, VPCs and
// network ACLs in the session's region. Instances need the volumes' encryption, so they are read after
// the volumes; the other listings run concurrently.
func collectEC2(ctx context.Context, sess *Session, sink *Sink) {
	c := ec2.NewFromConfig(sess.Cfg)
	var wg sync.WaitGroup
	for _, fn := range []func(){
		func() { ec2EBSDefaults(ctx, c, sess, sink) },
		func() { ec2SecurityGroups(ctx, c, sess, sink) },
		func() { ec2Snapshots(ctx, c, sess, sink) },
		func() { ec2VPCs(ctx, c, sess, sink) },
		func() { ec2NetworkACLs(ctx, c, sess, sink) },
		func() { ec2Instances(ctx, c, sess, sink, ec2Volumes(ctx, c, sess, sink)) },
	} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fn()
		}()
	}
	wg.Wait()
}

// ec2EBSDefaults records the region's EBS encryption-by-default setting and default key on aws.account,
// under regions.<region>.
func ec2EBSDefaults(ctx context.Context, c *ec2.Client, sess *Session, sink *Sink) {
	prefix := "regions." + sess.Region + "."
	enc, encErr := c.GetEbsEncryptionByDefault(ctx, &ec2.GetEbsEncryptionByDefaultInput{})
	if encErr != nil {
		sink.Fail(sess, "ec2", "GetEbsEncryptionByDefault", encErr)
	}
	key, keyErr := c.GetEbsDefaultKmsKeyId(ctx, &ec2.GetEbsDefaultKmsKeyIdInput{})
	if keyErr != nil {
		sink.Fail(sess, "ec2", "GetEbsDefaultKmsKeyId", keyErr)
	}
	sink.Account(sess, func(r *inventory.Resource) {
		if encErr != nil || enc.EbsEncryptionByDefault == nil {
			storeUnknown(r, prefix+"ebs_encryption_by_default")
		} else {
			storeAttr(r, prefix+"ebs_encryption_by_default", *enc.EbsEncryptionByDefault)
		}
		if keyErr != nil {
			storeUnknown(r, prefix+"ebs_default_kms_key_id")
		} else {
			storeAttr(r, prefix+"ebs_default_kms_key_id", nullString(key.KmsKeyId))
		}
	})
}

// ec2SecurityGroups maps every security group with its rules normalised as the Terraform adapter does.
func ec2SecurityGroups(ctx context.Context, c *ec2.Client, sess *Session, sink *Sink) {
	p := ec2.NewDescribeSecurityGroupsPaginator(c, &ec2.DescribeSecurityGroupsInput{MaxResults: aws.Int32(1000)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			sink.Fail(sess, "ec2", "DescribeSecurityGroups", err)
			return
		}
		for _, g := range page.SecurityGroups {
			id := aws.ToString(g.GroupId)
			arn := aws.ToString(g.SecurityGroupArn)
			if arn == "" {
				arn = sess.ARN("ec2", sess.Region, "security-group/"+id)
			}
			r := sink.NewResource(sess, arn, inventory.TypeEC2SecurityGroup, aws.ToString(g.GroupName),
				"ec2:DescribeSecurityGroups")
			r.Tags = ec2Tags(g.Tags)
			storeAttr(&r, "name", aws.ToString(g.GroupName))
			storeAttr(&r, "description", aws.ToString(g.Description))
			storeAttr(&r, "vpc_id", nullString(g.VpcId))
			// Every VPC has one group named "default", which cannot be deleted; no other may take the name.
			storeAttr(&r, "is_default", aws.ToString(g.GroupName) == "default")
			storeAttr(&r, "ingress", ec2Rules(g.IpPermissions, sess.Account, id, arn))
			storeAttr(&r, "egress", ec2Rules(g.IpPermissionsEgress, sess.Account, id, arn))
			sink.Add(r)
		}
	}
}

// ec2Rules turns the IP permissions of group groupID into canonical rules. AWS groups peers by protocol
// and port range and keeps a description per peer; Terraform writes one description per rule, so a
// permission becomes one rule per distinct description. A peer that is the group itself is "self", a
// group of another account is written "account/sg-id" as the provider does. source is the group's ARN.
func ec2Rules(perms []ec2types.IpPermission, account, groupID, source string) []any {
	var rules []map[string]any
	for _, p := range perms {
		proto := ec2Protocol(aws.ToString(p.IpProtocol))
		// Protocols without ports (-1 covers them all; others, such as 50, report none) read as the
		// provider's state holds them.
		from, to := int64(aws.ToInt32(p.FromPort)), int64(aws.ToInt32(p.ToPort))
		if proto == "-1" {
			from, to = 0, 65535
		}
		byDesc := map[string]map[string]any{}
		var order []string
		rule := func(desc *string) map[string]any {
			d := aws.ToString(desc)
			if r, ok := byDesc[d]; ok {
				return r
			}
			r := map[string]any{
				"protocol": proto, "from_port": from, "to_port": to,
				"cidr_blocks": []string{}, "ipv6_cidr_blocks": []string{}, "prefix_list_ids": []string{},
				"security_groups": []string{}, "self": false, "description": nullString(desc), "source": source,
			}
			byDesc[d] = r
			order = append(order, d)
			return r
		}
		add := func(r map[string]any, key, v string) { r[key] = append(r[key].([]string), v) }
		for _, x := range p.IpRanges {
			add(rule(x.Description), "cidr_blocks", aws.ToString(x.CidrIp))
		}
		for _, x := range p.Ipv6Ranges {
			add(rule(x.Description), "ipv6_cidr_blocks", aws.ToString(x.CidrIpv6))
		}
		for _, x := range p.PrefixListIds {
			add(rule(x.Description), "prefix_list_ids", aws.ToString(x.PrefixListId))
		}
		for _, x := range p.UserIdGroupPairs {
			r := rule(x.Description)
			gid, owner := aws.ToString(x.GroupId), aws.ToString(x.UserId)
			switch {
			case gid == groupID && (owner == "" || owner == account):
				r["self"] = true
			case owner != "" && owner != account:
				add(r, "security_groups", owner+"/"+gid)
			default:
				add(r, "security_groups", gid)
			}
		}
		for _, d := range order {
			r := byDesc[d]
			for _, k := range []string{"cidr_blocks", "ipv6_cidr_blocks", "prefix_list_ids", "security_groups"} {
				sort.Strings(r[k].([]string))
			}
			rules = append(rules, r)
		}
	}
	// Rules are a set: sort them by their JSON form, as the Terraform adapter does.
	keys := make([]string, len(rules))
	for i, r := range rules {
		b, _ := json.Marshal(r)
		keys[i] = string(b)
	}
	idx := make([]int, len(rules))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return keys[idx[a]] < keys[idx[b]] })
	out := make([]any, len(rules))
	for i, j := range idx {
		out[i] = rules[j]
	}
	return out
}

// ec2Protocol normalises a protocol to tcp, udp, icmp, icmpv6 or -1 (all); other protocols keep their
// number or lower-case name. The Terraform adapter applies the same mapping.
func ec2Protocol(p string) string {
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

// ec2VolumeSet is what instances need from DescribeVolumes: the encryption of each volume read.
// A volume missing from it (the listing failed, or the volume appeared since) has unknown encryption.
type ec2VolumeSet map[string]*bool

// ec2Volumes maps every EBS volume and returns their encryption by volume id.
func ec2Volumes(ctx context.Context, c *ec2.Client, sess *Session, sink *Sink) ec2VolumeSet {
	vols := ec2VolumeSet{}
	p := ec2.NewDescribeVolumesPaginator(c, &ec2.DescribeVolumesInput{MaxResults: aws.Int32(500)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			sink.Fail(sess, "ec2", "DescribeVolumes", err)
			return vols
		}
		for _, v := range page.Volumes {
			id := aws.ToString(v.VolumeId)
			arn := aws.ToString(v.VolumeArn)
			if arn == "" {
				arn = sess.ARN("ec2", sess.Region, "volume/"+id)
			}
			r := sink.NewResource(sess, arn, inventory.TypeEC2Volume, ec2Name(v.Tags, id), "ec2:DescribeVolumes")
			r.Tags = ec2Tags(v.Tags)
			vols[id] = v.Encrypted
			if v.Encrypted == nil {
				storeUnknown(&r, "encrypted")
			} else {
				storeAttr(&r, "encrypted", *v.Encrypted)
			}
			storeAttr(&r, "kms_key_id", nullString(v.KmsKeyId))
			storeAttr(&r, "size", nullInt(v.Size))
			storeAttr(&r, "type", string(v.VolumeType))
			storeAttr(&r, "availability_zone", nullString(v.AvailabilityZone))
			attached := []string{}
			for _, a := range v.Attachments {
				if id := aws.ToString(a.InstanceId); id != "" {
					attached = append(attached, sess.ARN("ec2", sess.Region, "instance/"+id))
				}
			}
			sort.Strings(attached)
			storeAttr(&r, "attached_instances", slices.Compact(attached))
			sink.Add(r)
		}
	}
	return vols
}

// ec2Snapshots maps the EBS snapshots the account owns, with who may create volumes from them.
func ec2Snapshots(ctx context.Context, c *ec2.Client, sess *Session, sink *Sink) {
	var snaps []ec2types.Snapshot
	p := ec2.NewDescribeSnapshotsPaginator(c, &ec2.DescribeSnapshotsInput{
		OwnerIds: []string{"self"}, MaxResults: aws.Int32(1000)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			sink.Fail(sess, "ec2", "DescribeSnapshots", err)
			break
		}
		snaps = append(snaps, page.Snapshots...)
	}
	forEach(perResourceCalls, snaps, func(_ int, s ec2types.Snapshot) {
		id := aws.ToString(s.SnapshotId)
		// Snapshot ARNs carry no account: arn:aws:ec2:<region>::snapshot/<id> (as AWS Backup reports them).
		arn := "arn:" + sess.Partition + ":ec2:" + sess.Region + "::snapshot/" + id
		r := sink.NewResource(sess, arn, inventory.TypeEC2Snapshot, ec2Name(s.Tags, id), "ec2:DescribeSnapshots")
		r.Tags = ec2Tags(s.Tags)
		if s.Encrypted == nil {
			storeUnknown(&r, "encrypted")
		} else {
			storeAttr(&r, "encrypted", *s.Encrypted)
		}
		storeAttr(&r, "kms_key_id", nullString(s.KmsKeyId))
		storeAttr(&r, "volume_id", nullString(s.VolumeId))
		storeAttr(&r, "start_time", nullTime(s.StartTime))

		attr, err := c.DescribeSnapshotAttribute(ctx, &ec2.DescribeSnapshotAttributeInput{
			SnapshotId: s.SnapshotId, Attribute: ec2types.SnapshotAttributeNameCreateVolumePermission})
		if err != nil {
			sink.Fail(sess, "ec2", "DescribeSnapshotAttribute", err)
			storeUnknown(&r, "public")
			storeUnknown(&r, "shared_with")
		} else {
			public, shared := false, []string{}
			for _, perm := range attr.CreateVolumePermissions {
				if perm.Group == ec2types.PermissionGroupAll {
					public = true
				}
				if perm.UserId != nil {
					shared = append(shared, *perm.UserId)
				}
			}
			sort.Strings(shared)
			storeAttr(&r, "public", public)
			storeAttr(&r, "shared_with", shared)
		}
		sink.Add(r)
	})
}

// ec2Instances maps every instance that is not terminated. Block device encryption comes from the
// volumes read by ec2Volumes.
func ec2Instances(ctx context.Context, c *ec2.Client, sess *Session, sink *Sink, vols ec2VolumeSet) {
	p := ec2.NewDescribeInstancesPaginator(c, &ec2.DescribeInstancesInput{MaxResults: aws.Int32(1000)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			sink.Fail(sess, "ec2", "DescribeInstances", err)
			return
		}
		for _, res := range page.Reservations {
			for _, in := range res.Instances {
				if in.State != nil && in.State.Name == ec2types.InstanceStateNameTerminated {
					continue
				}
				sink.Add(ec2Instance(sess, sink, in, vols))
			}
		}
	}
}

func ec2Instance(sess *Session, sink *Sink, in ec2types.Instance, vols ec2VolumeSet) inventory.Resource {
	id := aws.ToString(in.InstanceId)
	r := sink.NewResource(sess, sess.ARN("ec2", sess.Region, "instance/"+id), inventory.TypeEC2Instance,
		ec2Name(in.Tags, id), "ec2:DescribeInstances")
	r.Tags = ec2Tags(in.Tags)
	storeAttr(&r, "instance_type", string(in.InstanceType))
	storeAttr(&r, "ami", nullString(in.ImageId))

	// The live settings are known values, whatever the AMI's default was at launch.
	tokens, endpoint := "", ""
	if in.MetadataOptions != nil {
		tokens, endpoint = string(in.MetadataOptions.HttpTokens), string(in.MetadataOptions.HttpEndpoint)
	}
	for path, v := range map[string]string{"metadata_options.http_tokens": tokens, "metadata_options.http_endpoint": endpoint} {
		if v == "" {
			storeUnknown(&r, path)
		} else {
			storeAttr(&r, path, v)
		}
	}

	// encryptionOf stores the encryption of an attached volume at path, unknown when it was not read.
	encryptionOf := func(m map[string]any, path, volumeID string) {
		if enc := vols[volumeID]; enc != nil {
			m["encrypted"] = *enc
			return
		}
		m["encrypted"] = nil
		r.MarkUnknown(path)
	}
	root := map[string]any{}
	rootName := aws.ToString(in.RootDeviceName)
	var devices []ec2types.InstanceBlockDeviceMapping
	rootFound := false
	for _, d := range in.BlockDeviceMappings {
		if d.Ebs == nil {
			continue
		}
		if aws.ToString(d.DeviceName) == rootName && !rootFound {
			rootFound = true
			encryptionOf(root, "root_block_device.encrypted", aws.ToString(d.Ebs.VolumeId))
			continue
		}
		devices = append(devices, d)
	}
	if !rootFound {
		// An instance-store root (or a mapping AWS did not report) is not an EBS volume vigil can read.
		root["encrypted"] = nil
		r.MarkUnknown("root_block_device.encrypted")
	}
	storeAttr(&r, "root_block_device", root)

	sort.SliceStable(devices, func(a, b int) bool {
		return aws.ToString(devices[a].DeviceName) < aws.ToString(devices[b].DeviceName)
	})
	list := make([]any, len(devices))
	for i, d := range devices {
		m := map[string]any{"device_name": aws.ToString(d.DeviceName)}
		encryptionOf(m, "ebs_block_devices."+strconv.Itoa(i)+".encrypted", aws.ToString(d.Ebs.VolumeId))
		list[i] = m
	}
	storeAttr(&r, "ebs_block_devices", list)

	storeAttr(&r, "associate_public_ip_address", aws.ToString(in.PublicIpAddress) != "")
	if in.IamInstanceProfile != nil {
		storeAttr(&r, "iam_instance_profile", nullString(in.IamInstanceProfile.Arn))
	} else {
		storeAttr(&r, "iam_instance_profile", nil)
	}
	return r
}

// ec2VPCs maps every VPC with the flow logs attached to it.
func ec2VPCs(ctx context.Context, c *ec2.Client, sess *Session, sink *Sink) {
	var vpcs []ec2types.Vpc
	p := ec2.NewDescribeVpcsPaginator(c, &ec2.DescribeVpcsInput{MaxResults: aws.Int32(1000)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			sink.Fail(sess, "ec2", "DescribeVpcs", err)
			break
		}
		vpcs = append(vpcs, page.Vpcs...)
	}
	if len(vpcs) == 0 {
		return
	}

	logs := map[string][]map[string]any{}
	logsOK := true
	fp := ec2.NewDescribeFlowLogsPaginator(c, &ec2.DescribeFlowLogsInput{MaxResults: aws.Int32(1000)})
	for fp.HasMorePages() {
		page, err := fp.NextPage(ctx)
		if err != nil {
			sink.Fail(sess, "ec2", "DescribeFlowLogs", err)
			logsOK = false
			break
		}
		for _, f := range page.FlowLogs {
			res := aws.ToString(f.ResourceId)
			logs[res] = append(logs[res], map[string]any{
				"id":               aws.ToString(f.FlowLogId),
				"traffic_type":     string(f.TrafficType),
				"destination_type": string(f.LogDestinationType),
				"status":           aws.ToString(f.FlowLogStatus),
			})
		}
	}

	for _, v := range vpcs {
		id := aws.ToString(v.VpcId)
		r := sink.NewResource(sess, sess.ARN("ec2", sess.Region, "vpc/"+id), inventory.TypeEC2VPC,
			ec2Name(v.Tags, id), "ec2:DescribeVpcs")
		r.Tags = ec2Tags(v.Tags)
		storeAttr(&r, "cidr_block", nullString(v.CidrBlock))
		storeAttr(&r, "is_default", aws.ToBool(v.IsDefault))
		if !logsOK {
			storeUnknown(&r, "flow_logs")
			storeUnknown(&r, "flow_logs_enabled")
			sink.Add(r)
			continue
		}
		own := logs[id]
		sort.SliceStable(own, func(a, b int) bool { return own[a]["id"].(string) < own[b]["id"].(string) })
		list := make([]any, len(own))
		active := false
		for i, f := range own {
			list[i] = f
			active = active || f["status"] == "ACTIVE"
		}
		storeAttr(&r, "flow_logs", list)
		storeAttr(&r, "flow_logs_enabled", active)
		sink.Add(r)
	}
}

// ec2Tags converts EC2 tags; ec2Name is the Name tag, or the id when there is none.
func ec2Tags(tags []ec2types.Tag) map[string]string {
	out := make(map[string]string, len(tags))
	for _, t := range tags {
		out[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	return out
}

func ec2Name(tags []ec2types.Tag, id string) string {
	for _, t := range tags {
		if aws.ToString(t.Key) == "Name" && aws.ToString(t.Value) != "" {
			return aws.ToString(t.Value)
		}
	}
	return id
}

// The helpers below build canonical attribute values for the EC2, RDS, DynamoDB and EFS collectors.

// storeAttr stores v at a dotted attribute path of r, creating the parent objects.
func storeAttr(r *inventory.Resource, path string, v any) {
	segs := strings.Split(path, ".")
	m := r.Attributes
	for _, s := range segs[:len(segs)-1] {
		next, ok := m[s].(map[string]any)
		if !ok {
			next = map[string]any{}
			m[s] = next
		}
		m = next
	}
	m[segs[len(segs)-1]] = v
}

// storeUnknown records path as unknown with a null value: a value that could not be read never takes
// a default.
func storeUnknown(r *inventory.Resource, path string) {
	storeAttr(r, path, nil)
	r.MarkUnknown(path)
}

// nullString is the canonical form of an optional string: null when absent or empty.
func nullString(s *string) any {
	if s == nil || *s == "" {
		return nil
	}
	return *s
}

// nullInt is the canonical form of an optional number.
func nullInt(n *int32) any {
	if n == nil {
		return nil
	}
	return int64(*n)
}

// nullTime is the canonical form of a timestamp: RFC 3339 in UTC, null when absent.
func nullTime(t *time.Time) any {
	if t == nil || t.IsZero() {
		return nil
	}
	return t.UTC().Format(time.RFC3339)
}
