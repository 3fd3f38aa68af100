package aws

import (
	"context"
	"sort"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dlm"
	dlmtypes "github.com/aws/aws-sdk-go-v2/service/dlm/types"

	"github.com/vigil-audit/vigil/inventory"
)

const dlmService = "dlm"

func init() {
	register(ServiceCollector{Service: dlmService, Collect: collectDLM})
}

// collectDLM reads every Data Lifecycle Manager policy of the session's region: the list gives ids,
// state and type; GetLifecyclePolicy gives the targets and schedules that DR facts need.
func collectDLM(ctx context.Context, sess *Session, sink *Sink) {
	c := dlm.NewFromConfig(sess.Cfg)
	// GetLifecyclePolicies is not paginated: it returns every policy of the region.
	out, err := c.GetLifecyclePolicies(ctx, &dlm.GetLifecyclePoliciesInput{})
	if err != nil {
		sink.Fail(sess, dlmService, "GetLifecyclePolicies", err)
		return
	}
	forEach(perResourceCalls, out.Policies, func(_ int, s dlmtypes.LifecyclePolicySummary) {
		sink.Add(dlmPolicy(ctx, c, sess, sink, s))
	})
}

func dlmPolicy(ctx context.Context, c *dlm.Client, sess *Session, sink *Sink, s dlmtypes.LifecyclePolicySummary) inventory.Resource {
	id := aws.ToString(s.PolicyId)
	name := aws.ToString(s.Description)
	if name == "" {
		name = id
	}
	r := sink.NewResource(sess, sess.ARN("dlm", sess.Region, "policy/"+id), inventory.TypeDLMPolicy, name,
		"dlm:GetLifecyclePolicies")
	for k, v := range s.Tags {
		r.Tags[k] = v
	}
	storeAttr(&r, "policy_id", id)
	storeAttr(&r, "description", nullString(s.Description))
	storeEnum(&r, "state", string(s.State))
	storeEnum(&r, "policy_type", string(s.PolicyType))
	storeAttr(&r, "default_policy", nil)

	got, err := c.GetLifecyclePolicy(ctx, &dlm.GetLifecyclePolicyInput{PolicyId: s.PolicyId})
	if err != nil || got.Policy == nil {
		if err != nil {
			sink.Fail(sess, dlmService, "GetLifecyclePolicy", err)
		}
		for _, path := range []string{"execution_role_arn", "resource_types", "resource_locations", "target_tags", "parameters", "schedules"} {
			storeUnknown(&r, path)
		}
		if aws.ToBool(s.DefaultPolicy) {
			storeUnknown(&r, "default_policy") // which kind of default policy is in the details
		}
		return r
	}
	p := got.Policy
	for k, v := range p.Tags {
		r.Tags[k] = v
	}
	storeEnum(&r, "state", string(p.State))
	storeAttr(&r, "execution_role_arn", nullString(p.ExecutionRoleArn))
	d := p.PolicyDetails
	if d == nil {
		d = &dlmtypes.PolicyDetails{}
	}
	if d.PolicyType != "" {
		storeAttr(&r, "policy_type", string(d.PolicyType))
	}
	if aws.ToBool(p.DefaultPolicy) {
		storeEnum(&r, "default_policy", string(d.ResourceType))
	}
	types := make([]string, 0, len(d.ResourceTypes))
	for _, t := range d.ResourceTypes {
		types = append(types, string(t))
	}
	storeAttr(&r, "resource_types", types)
	locations := []string{string(dlmtypes.ResourceLocationValuesCloud)} // the API's default
	if len(d.ResourceLocations) > 0 {
		locations = locations[:0]
		for _, l := range d.ResourceLocations {
			locations = append(locations, string(l))
		}
	}
	storeAttr(&r, "resource_locations", locations)
	tags := map[string]any{}
	for _, t := range d.TargetTags {
		tags[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	storeAttr(&r, "target_tags", tags)
	if pm := d.Parameters; pm != nil {
		excluded := map[string]any{}
		for _, t := range pm.ExcludeDataVolumeTags {
			excluded[aws.ToString(t.Key)] = aws.ToString(t.Value)
		}
		storeAttr(&r, "parameters", map[string]any{"exclude_boot_volume": aws.ToBool(pm.ExcludeBootVolume),
			"exclude_data_volume_tags": excluded})
	} else {
		storeAttr(&r, "parameters", nil)
	}
	schedules := make([]any, 0, len(d.Schedules))
	for _, sc := range d.Schedules {
		schedules = append(schedules, dlmSchedule(sc))
	}
	storeAttr(&r, "schedules", schedules)
	return r
}

// storeEnum stores an enum value, unknown when AWS returned none.
func storeEnum(r *inventory.Resource, path, v string) {
	if v == "" {
		storeUnknown(r, path)
		return
	}
	storeAttr(r, path, v)
}

func dlmSchedule(sc dlmtypes.Schedule) map[string]any {
	out := map[string]any{"name": nullString(sc.Name), "create_rule": nil, "retain_rule": nil}
	if cr := sc.CreateRule; cr != nil {
		times := append([]string{}, cr.Times...)
		m := map[string]any{"interval": nullInt32(cr.Interval), "interval_unit": nullEnum(string(cr.IntervalUnit)),
			"times": times, "cron_expression": nullString(cr.CronExpression),
			"location": string(dlmtypes.LocationValuesCloud)}
		if cr.Location != "" {
			m["location"] = string(cr.Location)
		}
		out["create_rule"] = m
	}
	if rr := sc.RetainRule; rr != nil {
		out["retain_rule"] = map[string]any{"count": nullInt32(rr.Count), "interval": nullInt32(rr.Interval),
			"interval_unit": nullEnum(string(rr.IntervalUnit))}
	}
	copies := make([]any, 0, len(sc.CrossRegionCopyRules))
	for _, cp := range sc.CrossRegionCopyRules {
		target := aws.ToString(cp.Target)
		if target == "" {
			target = aws.ToString(cp.TargetRegion) // deprecated, still returned for old policies
		}
		m := map[string]any{"target": nullEnum(target), "encrypted": nil, "cmk_arn": nullString(cp.CmkArn), "retain_rule": nil}
		if cp.Encrypted != nil {
			m["encrypted"] = *cp.Encrypted
		}
		if rr := cp.RetainRule; rr != nil {
			m["retain_rule"] = map[string]any{"count": nil, "interval": nullInt32(rr.Interval),
				"interval_unit": nullEnum(string(rr.IntervalUnit))}
		}
		copies = append(copies, m)
	}
	sort.SliceStable(copies, func(i, j int) bool {
		a, _ := copies[i].(map[string]any)["target"].(string)
		b, _ := copies[j].(map[string]any)["target"].(string)
		return a < b
	})
	out["cross_region_copy_rules"] = copies
	shares := make([]any, 0, len(sc.ShareRules))
	for _, sh := range sc.ShareRules {
		accounts := append([]string{}, sh.TargetAccounts...)
		sort.Strings(accounts)
		shares = append(shares, map[string]any{"target_accounts": accounts,
			"unshare_interval": nullInt32(sh.UnshareInterval), "unshare_interval_unit": nullEnum(string(sh.UnshareIntervalUnit))})
	}
	out["share_rules"] = shares
	return out
}

func nullInt32(v *int32) any {
	if v == nil {
		return nil
	}
	return int64(*v)
}

func nullEnum(s string) any {
	if s == "" {
		return nil
	}
	return s
}
