package aws

import (
	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/scanners/iac"
)

// adaptVPCs maps aws_vpc and aws_default_vpc, joined with the aws_flow_log blocks that name them by
// vpc_id. Flow logs on subnets or network interfaces (subnet_id, eni_id, ...) do not cover a VPC and are
// not joined. A flow log whose vpc_id is unknown, or that may not exist (unknown count or for_each),
// makes the flow logs of every VPC it may name unknown.
func adaptVPCs(ix *index) []*res {
	own := newOwners(ix)
	for _, typ := range []string{"aws_vpc", "aws_default_vpc"} {
		for _, b := range ix.managed(typ) {
			r := newRes(b, inventory.TypeEC2VPC)
			if n, ok := b.Attrs["tags"].(map[string]any); ok {
				if s, ok := n["Name"].(string); ok {
					r.name = s
				}
			}
			if typ == "aws_default_vpc" {
				// The default VPC's CIDR is AWS's (172.31.0.0/16), not the configuration's.
				r.f.setUnknown("cidr_block")
			} else {
				r.f.str("cidr_block", b, "cidr_block", nil)
				if !present(b, "cidr_block") {
					r.f.setUnknown("cidr_block") // from an IPAM pool
				}
			}
			r.f.set("is_default", typ == "aws_default_vpc")
			own.add(r, false)
		}
	}
	var logs []*iac.Block
	for _, b := range ix.managed("aws_flow_log") {
		if present(b, "vpc_id") {
			logs = append(logs, b)
		}
	}
	own.connect(logs, "vpc_id", "flow_logs")
	for _, r := range own.list {
		flowLogs(r)
	}
	return own.list
}

// flowLogs lists a VPC's joined flow logs in address order. Their id and status are AWS's: id null,
// status unknown. flow_logs_enabled is true with one flow log, unknown when the list is.
func flowLogs(r *res) {
	children := r.children["flow_logs"]
	if r.tainted["flow_logs"] || anyUncertain(children) {
		r.f.setUnknown("flow_logs")
		r.f.setUnknown("flow_logs_enabled")
		return
	}
	elems := make([]*fields, 0, len(children))
	for _, c := range children {
		e := newFields()
		e.set("id", nil)
		e.str("traffic_type", c, "traffic_type", nil)
		e.str("destination_type", c, "log_destination_type", "cloud-watch-logs")
		e.setUnknown("status")
		elems = append(elems, e)
	}
	r.f.list("flow_logs", elems, true)
	r.f.set("flow_logs_enabled", len(elems) > 0)
}
