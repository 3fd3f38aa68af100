package aws

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/efs"
	efstypes "github.com/aws/aws-sdk-go-v2/service/efs/types"

	"github.com/vigil-audit/vigil/inventory"
)

func init() {
	register(ServiceCollector{Service: "efs", Collect: collectEFS})
}

// collectEFS reads every EFS file system of the session's region with its automatic backup policy.
func collectEFS(ctx context.Context, sess *Session, sink *Sink) {
	c := efs.NewFromConfig(sess.Cfg)
	var fss []efstypes.FileSystemDescription
	p := efs.NewDescribeFileSystemsPaginator(c, &efs.DescribeFileSystemsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			sink.Fail(sess, "efs", "DescribeFileSystems", err)
			break
		}
		fss = append(fss, page.FileSystems...)
	}
	forEach(perResourceCalls, fss, func(_ int, fs efstypes.FileSystemDescription) {
		sink.Add(efsFileSystem(ctx, c, sess, sink, fs))
	})
}

func efsFileSystem(ctx context.Context, c *efs.Client, sess *Session, sink *Sink,
	fs efstypes.FileSystemDescription) inventory.Resource {
	id := aws.ToString(fs.FileSystemId)
	arn := aws.ToString(fs.FileSystemArn)
	if arn == "" {
		arn = sess.ARN("elasticfilesystem", sess.Region, "file-system/"+id)
	}
	// The API's Name is the Name tag, which the Terraform adapter also uses as the resource name.
	name := aws.ToString(fs.Name)
	if name == "" {
		name = id
	}
	r := sink.NewResource(sess, arn, inventory.TypeEFSFileSystem, name, "elasticfilesystem:DescribeFileSystems")
	for _, t := range fs.Tags {
		r.Tags[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	if fs.Encrypted == nil {
		storeUnknown(&r, "encrypted")
	} else {
		storeAttr(&r, "encrypted", *fs.Encrypted)
	}
	storeAttr(&r, "kms_key_id", nullString(fs.KmsKeyId))

	out, err := c.DescribeBackupPolicy(ctx, &efs.DescribeBackupPolicyInput{FileSystemId: fs.FileSystemId})
	var none *efstypes.PolicyNotFound
	switch {
	case errors.As(err, &none):
		// No backup policy: automatic backups are off, a known value.
		storeAttr(&r, "backup_policy.status", string(efstypes.StatusDisabled))
	case err != nil:
		sink.Fail(sess, "efs", "DescribeBackupPolicy", err)
		storeUnknown(&r, "backup_policy.status")
	case out.BackupPolicy == nil || out.BackupPolicy.Status == "":
		storeUnknown(&r, "backup_policy.status")
	default:
		storeAttr(&r, "backup_policy.status", string(out.BackupPolicy.Status))
	}
	return r
}
