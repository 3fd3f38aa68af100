package terraform

import (
	"regexp"
	"strings"

	"github.com/zclconf/go-cty/cty"
)

// commercialRegion matches the names of regions in the aws partition (us-east-1, ap-southeast-4).
var commercialRegion = regexp.MustCompile(`^[a-z]{2}-[a-z]+-[0-9]+$`)

// partitionOf returns the partition of region, its DNS suffix ("" when not known here), and whether the
// region name is one vigil recognises. The other partitions are told apart by their prefix, as AWS names them.
func partitionOf(region string) (partition, dnsSuffix string, ok bool) {
	for _, p := range []struct{ prefix, partition, dns string }{
		{"cn-", "aws-cn", "amazonaws.com.cn"},
		{"us-gov-", "aws-us-gov", "amazonaws.com"},
		{"us-isob-", "aws-iso-b", ""},
		{"us-isof-", "aws-iso-f", ""},
		{"us-iso-", "aws-iso", ""},
		{"eu-isoe-", "aws-iso-e", ""},
		{"eusc-", "aws-eusc", ""},
	} {
		if strings.HasPrefix(region, p.prefix) {
			return p.partition, p.dns, true
		}
	}
	if commercialRegion.MatchString(region) {
		return "aws", "amazonaws.com", true
	}
	return "", "", false
}

// providerDataAttrs adds to cfg, the evaluated arguments of data source typ, the attributes Terraform
// knows at plan time from the provider configuration alone: data "aws_region" (with no region named, the
// provider's) and data "aws_partition" (the partition of the provider's region). Modules build ARNs and
// policy ARNs from them ("arn:${data.aws_partition.current.partition}:iam::aws:policy/..."); left unknown,
// every such value would be too. region is the provider's region, "" when not known; nothing is added then.
func providerDataAttrs(typ string, cfg map[string]cty.Value, region string) {
	if region == "" {
		return
	}
	set := func(name string, v string) {
		if cur, ok := cfg[name]; !ok || cur.IsNull() {
			cfg[name] = cty.StringVal(v)
		}
	}
	switch typ {
	case "aws_region":
		// An aws_region that names a region (name in provider v5, region in v6) describes that one.
		for _, arg := range []string{"name", "region"} {
			if v, ok := cfg[arg]; ok && !v.IsNull() {
				if !v.IsKnown() || v.Type() != cty.String || v.IsMarked() { // a sensitive region is not shown
					return
				}
				region = v.AsString()
			}
		}
		set("name", region)
		set("region", region)
		set("id", region)
	case "aws_partition":
		partition, dns, ok := partitionOf(region)
		if !ok {
			return
		}
		set("partition", partition)
		set("id", partition)
		if dns != "" {
			set("dns_suffix", dns)
			labels := strings.Split(dns, ".")
			for i, j := 0, len(labels)-1; i < j; i, j = i+1, j-1 {
				labels[i], labels[j] = labels[j], labels[i]
			}
			set("reverse_dns_prefix", strings.Join(labels, "."))
		}
	}
}
