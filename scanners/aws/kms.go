package aws

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	kmstypes "github.com/aws/aws-sdk-go-v2/service/kms/types"

	"github.com/vigil-audit/vigil/inventory"
)

func init() {
	register(ServiceCollector{Service: kmsService, Collect: collectKMS})
}

const (
	kmsService = "kms"
	kmsWorkers = 8
)

// kmsKeyAttributes are the attributes read per key: all unknown when DescribeKey fails (the key may
// then be customer managed or not; it is kept, so rules report it unknown rather than miss it).
var kmsKeyAttributes = []string{"description", "key_spec", "key_usage", "origin", "multi_region", "rotation_enabled", "policy", "tags",
	"key_state", "pending_deletion", "deletion_date"}

// collectKMS reads the region's customer managed keys, those pending deletion included (KMS.3 reports
// them); AWS managed keys are left out.
func collectKMS(ctx context.Context, sess *Session, sink *Sink) {
	api := kms.NewFromConfig(sess.Cfg)
	var keys []kmstypes.KeyListEntry
	p := kms.NewListKeysPaginator(api, &kms.ListKeysInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			sink.Fail(sess, kmsService, "ListKeys", err)
			break
		}
		keys = append(keys, page.Keys...)
	}
	forEach(kmsWorkers, keys, func(_ int, k kmstypes.KeyListEntry) {
		if r, ok := kmsKey(ctx, api, sess, sink, k); ok {
			sink.Add(r)
		}
	})
}

// kmsKey reads one key; ok is false for a key that is not collected.
func kmsKey(ctx context.Context, api *kms.Client, sess *Session, sink *Sink, k kmstypes.KeyListEntry) (inventory.Resource, bool) {
	id := aws.ToString(k.KeyId)
	arn := aws.ToString(k.KeyArn)
	if arn == "" {
		arn = sess.ARN("kms", sess.Region, "key/"+id)
	}
	r := sink.NewResource(sess, arn, inventory.TypeKMSKey, id, "DescribeKey")
	out, err := api.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: k.KeyId})
	if err != nil || out.KeyMetadata == nil {
		if err != nil {
			sink.Fail(sess, kmsService, "DescribeKey", err)
		}
		for _, a := range kmsKeyAttributes {
			r.MarkUnknown(a)
		}
		r.MarkUnknown("deletion_window_in_days")
		return r, true
	}
	md := out.KeyMetadata
	if md.KeyManager == kmstypes.KeyManagerTypeAws {
		return inventory.Resource{}, false
	}
	pending := md.KeyState == kmstypes.KeyStatePendingDeletion || md.KeyState == kmstypes.KeyStatePendingReplicaDeletion
	r.Attributes["key_state"] = string(md.KeyState)
	r.Attributes["pending_deletion"] = pending
	r.Attributes["deletion_date"] = nil
	if md.DeletionDate != nil {
		r.Attributes["deletion_date"] = md.DeletionDate.UTC().Format(time.RFC3339)
	}
	// KMS gives the waiting period only for a primary key waiting for its replicas' deletion
	// (PendingReplicaDeletion); otherwise it was chosen when the deletion was scheduled and is gone, or
	// there is no deletion at all.
	if md.PendingDeletionWindowInDays != nil {
		r.Attributes["deletion_window_in_days"] = int64(aws.ToInt32(md.PendingDeletionWindowInDays))
	} else {
		r.MarkUnknown("deletion_window_in_days")
	}
	spec := string(md.KeySpec)
	if spec == "" {
		spec = string(md.CustomerMasterKeySpec)
	}
	if spec == "" {
		spec = string(kmstypes.KeySpecSymmetricDefault)
	}
	usage := string(md.KeyUsage)
	if usage == "" {
		usage = string(kmstypes.KeyUsageTypeEncryptDecrypt)
	}
	origin := string(md.Origin)
	if origin == "" {
		origin = string(kmstypes.OriginTypeAwsKms)
	}
	r.Attributes["description"] = aws.ToString(md.Description)
	r.Attributes["key_spec"] = spec
	r.Attributes["key_usage"] = usage
	r.Attributes["origin"] = origin
	r.Attributes["multi_region"] = aws.ToBool(md.MultiRegion)

	// Automatic rotation exists only for symmetric encryption keys with key material from KMS; other
	// keys cannot have it, so it is off (rules scope them out by key_spec and key_usage).
	// A key pending deletion is not asked: KMS.1 does not judge it, and its state may refuse the call.
	if pending {
		r.MarkUnknown("rotation_enabled")
	} else if spec == string(kmstypes.KeySpecSymmetricDefault) && usage == string(kmstypes.KeyUsageTypeEncryptDecrypt) &&
		origin == string(kmstypes.OriginTypeAwsKms) {
		rot, err := api.GetKeyRotationStatus(ctx, &kms.GetKeyRotationStatusInput{KeyId: k.KeyId})
		if err != nil {
			sink.Fail(sess, kmsService, "GetKeyRotationStatus", err)
			r.MarkUnknown("rotation_enabled")
		} else {
			r.Attributes["rotation_enabled"] = rot.KeyRotationEnabled
		}
	} else {
		r.Attributes["rotation_enabled"] = false
	}

	pol, err := api.GetKeyPolicy(ctx, &kms.GetKeyPolicyInput{KeyId: k.KeyId, PolicyName: aws.String("default")})
	if err != nil {
		sink.Fail(sess, kmsService, "GetKeyPolicy", err)
		r.MarkUnknown("policy")
	} else if doc, err := parsePolicyDocument(aws.ToString(pol.Policy)); err != nil {
		sink.Fail(sess, kmsService, "GetKeyPolicy", err)
		r.MarkUnknown("policy")
	} else {
		r.Attributes["policy"] = doc
	}

	tp := kms.NewListResourceTagsPaginator(api, &kms.ListResourceTagsInput{KeyId: k.KeyId})
	for tp.HasMorePages() {
		page, err := tp.NextPage(ctx)
		if err != nil {
			sink.Fail(sess, kmsService, "ListResourceTags", err)
			r.Tags = map[string]string{}
			r.MarkUnknown("tags")
			break
		}
		for _, t := range page.Tags {
			r.Tags[aws.ToString(t.TagKey)] = aws.ToString(t.TagValue)
		}
	}
	return r, true
}
