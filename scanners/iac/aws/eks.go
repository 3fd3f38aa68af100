package aws

import (
	"strconv"

	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/scanners/iac"
)

// adaptEKS maps aws_eks_cluster.
func adaptEKS(ix *index) []*res {
	var out []*res
	for _, b := range ix.managed("aws_eks_cluster") {
		r := newRes(b, inventory.TypeEKSCluster)
		r.nameFrom("name", "name")
		// Without version, AWS picks its default version at creation: not known from the configuration.
		if v, st := getString(b, "version"); st == known && v != "" {
			r.f.set("version", v)
		} else {
			r.f.setUnknown("version")
		}
		r.f.boolean("endpoint.public_access", b, "vpc_config.0.endpoint_public_access", true)
		r.f.boolean("endpoint.private_access", b, "vpc_config.0.endpoint_private_access", false)
		if cidrs, st := getStrings(b, "vpc_config.0.public_access_cidrs", true); st == known && len(cidrs) > 0 {
			r.f.set("endpoint.public_access_cidrs", cidrs)
		} else if st == unknown {
			r.f.setUnknown("endpoint.public_access_cidrs")
		} else {
			r.f.set("endpoint.public_access_cidrs", []string{"0.0.0.0/0"})
		}
		eksSecretsKey(r.f, b)
		r.f.strings("logging.enabled_types", b, "enabled_cluster_log_types", true)
		out = append(out, r)
	}
	return out
}

// eksSecretsKey reads the key of the encryption_config block that covers Kubernetes secrets.
func eksSecretsKey(f *fields, b *iac.Block) {
	const dst = "secrets_encryption.kms_key_arn"
	l, st := getList(b, "encryption_config")
	switch st {
	case unknown:
		f.setUnknown(dst)
		return
	case absent:
		f.set(dst, nil)
		return
	}
	for i := range l {
		base := "encryption_config." + strconv.Itoa(i)
		res, st := getStrings(b, base+".resources", false)
		if st == unknown {
			f.setUnknown(dst)
			return
		}
		for _, x := range res {
			if x == "secrets" {
				f.str(dst, b, base+".provider.0.key_arn", nil)
				return
			}
		}
	}
	f.set(dst, nil)
}
