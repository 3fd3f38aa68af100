package aws

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	ecrtypes "github.com/aws/aws-sdk-go-v2/service/ecr/types"

	"github.com/vigil-audit/vigil/inventory"
)

func init() {
	register(ServiceCollector{Service: ecrService, Collect: collectECR})
}

const ecrService = "ecr"

// collectECR reads the region's private ECR repositories with their repository and lifecycle policies.
func collectECR(ctx context.Context, sess *Session, sink *Sink) {
	c := ecr.NewFromConfig(sess.Cfg)
	var repos []ecrtypes.Repository
	p := ecr.NewDescribeRepositoriesPaginator(c, &ecr.DescribeRepositoriesInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			sink.Fail(sess, ecrService, "DescribeRepositories", err)
			break
		}
		repos = append(repos, page.Repositories...)
	}
	forEach(perResourceCalls, repos, func(_ int, repo ecrtypes.Repository) {
		sink.Add(ecrRepository(ctx, c, sess, sink, repo))
	})
}

func ecrRepository(ctx context.Context, c *ecr.Client, sess *Session, sink *Sink, repo ecrtypes.Repository) inventory.Resource {
	name := aws.ToString(repo.RepositoryName)
	arn := aws.ToString(repo.RepositoryArn)
	if arn == "" {
		arn = sess.ARN("ecr", sess.Region, "repository/"+name)
	}
	r := sink.NewResource(sess, arn, inventory.TypeECRRepository, name, "ecr:DescribeRepositories")
	storeAttr(&r, "name", name)
	// A repository without a scanning configuration in the answer has the default: no scan on push.
	storeAttr(&r, "scan_on_push", repo.ImageScanningConfiguration != nil && repo.ImageScanningConfiguration.ScanOnPush)
	if repo.ImageTagMutability == "" {
		storeUnknown(&r, "image_tag_mutability")
	} else {
		storeAttr(&r, "image_tag_mutability", string(repo.ImageTagMutability))
	}
	if repo.EncryptionConfiguration == nil || repo.EncryptionConfiguration.EncryptionType == "" {
		// Repositories created before encryption settings existed report none: AES256.
		storeAttr(&r, "encryption.type", string(ecrtypes.EncryptionTypeAes256))
		storeAttr(&r, "encryption.kms_key", nil)
	} else {
		storeAttr(&r, "encryption.type", string(repo.EncryptionConfiguration.EncryptionType))
		storeAttr(&r, "encryption.kms_key", nullString(repo.EncryptionConfiguration.KmsKey))
	}

	pol, err := c.GetRepositoryPolicy(ctx, &ecr.GetRepositoryPolicyInput{RepositoryName: repo.RepositoryName, RegistryId: repo.RegistryId})
	var noPolicy *ecrtypes.RepositoryPolicyNotFoundException
	switch {
	case errors.As(err, &noPolicy):
		storeAttr(&r, "policy", nil)
	case err != nil:
		sink.Fail(sess, ecrService, "GetRepositoryPolicy", err)
		storeUnknown(&r, "policy")
	default:
		if doc, err := parsePolicyDocument(aws.ToString(pol.PolicyText)); err != nil {
			sink.Fail(sess, ecrService, "GetRepositoryPolicy", err)
			storeUnknown(&r, "policy")
		} else {
			storeAttr(&r, "policy", doc)
		}
	}

	_, err = c.GetLifecyclePolicy(ctx, &ecr.GetLifecyclePolicyInput{RepositoryName: repo.RepositoryName, RegistryId: repo.RegistryId})
	var noLifecycle *ecrtypes.LifecyclePolicyNotFoundException
	switch {
	case errors.As(err, &noLifecycle):
		storeAttr(&r, "lifecycle_policy.configured", false)
	case err != nil:
		sink.Fail(sess, ecrService, "GetLifecyclePolicy", err)
		storeUnknown(&r, "lifecycle_policy.configured")
	default:
		storeAttr(&r, "lifecycle_policy.configured", true)
	}
	return r
}
