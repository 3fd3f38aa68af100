package aws

import (
	"context"
	"sort"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eks"
	ekstypes "github.com/aws/aws-sdk-go-v2/service/eks/types"

	"github.com/vigil-audit/vigil/inventory"
)

func init() {
	register(ServiceCollector{Service: eksService, Collect: collectEKS})
}

const eksService = "eks"

// eksClusterAttributes are unknown when DescribeCluster fails: the cluster is kept, so rules report it
// unknown rather than miss it.
var eksClusterAttributes = []string{"version", "endpoint", "secrets_encryption", "logging"}

// collectEKS reads the region's EKS clusters.
func collectEKS(ctx context.Context, sess *Session, sink *Sink) {
	c := eks.NewFromConfig(sess.Cfg)
	var names []string
	p := eks.NewListClustersPaginator(c, &eks.ListClustersInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			sink.Fail(sess, eksService, "ListClusters", err)
			break
		}
		names = append(names, page.Clusters...)
	}
	forEach(perResourceCalls, names, func(_ int, name string) {
		sink.Add(eksCluster(ctx, c, sess, sink, name))
	})
}

func eksCluster(ctx context.Context, c *eks.Client, sess *Session, sink *Sink, name string) inventory.Resource {
	out, err := c.DescribeCluster(ctx, &eks.DescribeClusterInput{Name: aws.String(name)})
	if err != nil || out.Cluster == nil {
		r := sink.NewResource(sess, sess.ARN("eks", sess.Region, "cluster/"+name), inventory.TypeEKSCluster, name, "eks:ListClusters")
		storeAttr(&r, "name", name)
		if err != nil {
			sink.Fail(sess, eksService, "DescribeCluster", err)
		}
		for _, a := range eksClusterAttributes {
			storeUnknown(&r, a)
		}
		return r
	}
	cl := out.Cluster
	arn := aws.ToString(cl.Arn)
	if arn == "" {
		arn = sess.ARN("eks", sess.Region, "cluster/"+name)
	}
	r := sink.NewResource(sess, arn, inventory.TypeEKSCluster, name, "eks:DescribeCluster")
	for k, v := range cl.Tags {
		r.Tags[k] = v
	}
	storeAttr(&r, "name", name)
	storeAttr(&r, "version", nullString(cl.Version))
	if v := cl.ResourcesVpcConfig; v == nil {
		storeUnknown(&r, "endpoint")
	} else {
		storeAttr(&r, "endpoint.public_access", v.EndpointPublicAccess)
		storeAttr(&r, "endpoint.private_access", v.EndpointPrivateAccess)
		cidrs := append([]string{}, v.PublicAccessCidrs...)
		sort.Strings(cidrs)
		storeAttr(&r, "endpoint.public_access_cidrs", cidrs)
	}
	storeAttr(&r, "secrets_encryption.kms_key_arn", eksSecretsKey(cl.EncryptionConfig))
	types := []string{}
	if cl.Logging != nil {
		for _, s := range cl.Logging.ClusterLogging {
			if aws.ToBool(s.Enabled) {
				for _, t := range s.Types {
					types = append(types, string(t))
				}
			}
		}
	}
	sort.Strings(types)
	storeAttr(&r, "logging.enabled_types", types)
	return r
}

// eksSecretsKey is the KMS key of the encryption configuration that covers Kubernetes secrets, or nil.
func eksSecretsKey(cfgs []ekstypes.EncryptionConfig) any {
	for _, e := range cfgs {
		for _, res := range e.Resources {
			if res == "secrets" && e.Provider != nil {
				return nullString(e.Provider.KeyArn)
			}
		}
	}
	return nil
}
