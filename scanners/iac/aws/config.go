package aws

import (
	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/scanners/iac"
)

// adaptConfig maps aws_config_configuration_recorder, joined with aws_config_configuration_recorder_status
// by name, and with the aws_config_delivery_channel of its region (channelOf).
func adaptConfig(ix *index) []*res {
	own := newOwners(ix)
	for _, b := range ix.managed("aws_config_configuration_recorder") {
		r := newRes(b, inventory.TypeConfigRecorder)
		var keys []string
		name, st := getString(b, "name")
		switch st {
		case known:
			r.name = name
			r.f.set("name", name)
			keys = []string{name}
		case absent:
			// The provider's default recorder name.
			r.name = "default"
			r.f.set("name", "default")
			keys = []string{"default"}
		default:
			r.f.setUnknown("name")
		}
		own.add(r, st == unknown, keys...)
		// Without a recording group, AWS Config records every supported type but no global ones.
		r.f.boolean("all_supported", b, "recording_group.0.all_supported", true)
		r.f.boolean("include_global_resource_types", b, "recording_group.0.include_global_resource_types", false)
		r.f.str("role_arn", b, "role_arn", nil)
		// The outcome of deliveries is known only once the recorder runs.
		r.f.setUnknown("last_status")
	}
	own.connect(ix.managed("aws_config_configuration_recorder_status"), "name", "status")
	for _, r := range own.list {
		// A recorder without a status resource is never started.
		r.settle("status", func(f *fields, c *iac.Block) { f.boolean("recording", c, "is_enabled", false) },
			nil, func(f *fields) { f.set("recording", false) })
		channelOf(r, ix.managed("aws_config_delivery_channel"))
	}
	return own.list
}

// channelOf sets the recorder's delivery channel. AWS Config allows one recorder and one delivery channel
// per region, and a channel names no recorder, so they pair by region (the provider configuration's, or
// the region argument): the one channel of the recorder's region; none when every channel of the
// configuration is known to be in another region; unknown when a channel's region, or the recorder's, is
// not known and a channel may be its, or when a channel may not exist (count or for_each unknown).
func channelOf(r *res, channels []*iac.Block) {
	region, regionUnknown := regionOf(r.block)
	var mine []*iac.Block
	maybe := false
	for _, c := range channels {
		cr, crUnknown := regionOf(c)
		switch {
		case region == "" || regionUnknown || cr == "" || crUnknown:
			maybe = true
		case cr == region:
			mine = append(mine, c)
		}
	}
	switch {
	case len(mine) == 1 && !maybe && !uncertain(mine[0]):
		c := mine[0]
		r.related = append(r.related, c.Address)
		r.f.str("delivery_channel.name", c, "name", "default")
		r.f.str("delivery_channel.s3_bucket_name", c, "s3_bucket_name", nil)
		r.f.str("delivery_channel.sns_topic_arn", c, "sns_topic_arn", nil)
	case len(mine) == 0 && !maybe:
		r.f.set("delivery_channel", nil)
	default:
		r.f.setUnknown("delivery_channel")
	}
}
