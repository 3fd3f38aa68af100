package aws

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	cfgtypes "github.com/aws/aws-sdk-go-v2/service/configservice/types"

	"github.com/vigil-audit/vigil/inventory"
)

func init() {
	register(ServiceCollector{Service: configService, Collect: collectConfig})
}

const configService = "config"

// collectConfig reads the region's AWS Config configuration recorders, their status and the region's
// delivery channel, and records on
// aws.account whether a recorder is recording in the region (regions.<region>.config_recorder_on).
func collectConfig(ctx context.Context, sess *Session, sink *Sink) {
	api := configservice.NewFromConfig(sess.Cfg)
	onPath := "regions." + sess.Region + ".config_recorder_on"
	out, err := api.DescribeConfigurationRecorders(ctx, &configservice.DescribeConfigurationRecordersInput{})
	if err != nil {
		sink.Fail(sess, configService, "DescribeConfigurationRecorders", err)
		sink.Account(sess, func(r *inventory.Resource) { setAttrPath(r, onPath, nil); r.MarkUnknown(onPath) })
		return
	}
	statuses := map[string]cfgtypes.ConfigurationRecorderStatus{}
	statusKnown := true
	if len(out.ConfigurationRecorders) > 0 {
		st, err := api.DescribeConfigurationRecorderStatus(ctx, &configservice.DescribeConfigurationRecorderStatusInput{})
		if err != nil {
			sink.Fail(sess, configService, "DescribeConfigurationRecorderStatus", err)
			statusKnown = false
		} else {
			for _, s := range st.ConfigurationRecordersStatus {
				statuses[aws.ToString(s.Name)] = s
			}
		}
	}

	// A region has at most one delivery channel, shared by its recorders.
	var channel any
	channelKnown := true
	if len(out.ConfigurationRecorders) > 0 {
		ch, err := api.DescribeDeliveryChannels(ctx, &configservice.DescribeDeliveryChannelsInput{})
		if err != nil {
			sink.Fail(sess, configService, "DescribeDeliveryChannels", err)
			channelKnown = false
		} else if len(ch.DeliveryChannels) > 0 {
			c := ch.DeliveryChannels[0]
			channel = map[string]any{"name": aws.ToString(c.Name), "s3_bucket_name": optString(c.S3BucketName),
				"sns_topic_arn": optString(c.SnsTopicARN)}
		}
	}

	recording := false
	for _, rec := range out.ConfigurationRecorders {
		name := aws.ToString(rec.Name)
		arn := aws.ToString(rec.Arn)
		if arn == "" {
			arn = sess.ARN("config", sess.Region, "configuration-recorder/"+name)
		}
		r := sink.NewResource(sess, arn, inventory.TypeConfigRecorder, name, "DescribeConfigurationRecorders")
		r.Attributes["name"] = name
		g := rec.RecordingGroup
		// Without a recording group, AWS Config records every supported resource type.
		r.Attributes["all_supported"] = g == nil || g.AllSupported
		r.Attributes["include_global_resource_types"] = g != nil && g.IncludeGlobalResourceTypes
		r.Attributes["role_arn"] = optString(rec.RoleARN)
		if channelKnown {
			r.Attributes["delivery_channel"] = channel
		} else {
			r.MarkUnknown("delivery_channel")
		}
		st, ok := statuses[name]
		switch {
		case !statusKnown:
			r.MarkUnknown("recording")
			r.MarkUnknown("last_status")
		case !ok:
			// A recorder without a status has never been started.
			r.Attributes["recording"] = false
			r.Attributes["last_status"] = nil
		default:
			r.Attributes["recording"] = st.Recording
			r.Attributes["last_status"] = configLastStatus(st.LastStatus)
			recording = recording || st.Recording
		}
		sink.Add(r)
	}
	sink.Account(sess, func(r *inventory.Resource) {
		if recording || statusKnown {
			setAttrPath(r, onPath, recording)
			return
		}
		setAttrPath(r, onPath, nil)
		r.MarkUnknown(onPath)
	})
}

// configLastStatus is the recorder's last status in upper case (SUCCESS, FAILURE, PENDING), or nil.
func configLastStatus(s cfgtypes.RecorderStatus) any {
	if s == "" {
		return nil
	}
	return strings.ToUpper(string(s))
}

// setAttrPath stores v at a dotted attribute path, creating (or keeping) the parent objects, so
// collectors that share an object (aws.account's regions) each add their own keys.
func setAttrPath(r *inventory.Resource, path string, v any) {
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
