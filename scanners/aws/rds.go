package aws

import (
	"context"
	"sort"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/arn"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	rdstypes "github.com/aws/aws-sdk-go-v2/service/rds/types"

	"github.com/vigil-audit/vigil/inventory"
)

func init() {
	register(ServiceCollector{Service: "rds", Collect: collectRDS})
}

// collectRDS reads the DB instances (with their automated backups) and DB clusters of the session's
// region. DescribeDBInstances and DescribeDBClusters also list Neptune and DocumentDB databases, which
// RDS manages: they are mapped too, and their engine tells them apart.
func collectRDS(ctx context.Context, sess *Session, sink *Sink) {
	c := rds.NewFromConfig(sess.Cfg)
	rdsInstances(ctx, c, sess, sink)
	rdsClusters(ctx, c, sess, sink)
}

func rdsInstances(ctx context.Context, c *rds.Client, sess *Session, sink *Sink) {
	var dbs []rdstypes.DBInstance
	p := rds.NewDescribeDBInstancesPaginator(c, &rds.DescribeDBInstancesInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			sink.Fail(sess, "rds", "DescribeDBInstances", err)
			break
		}
		dbs = append(dbs, page.DBInstances...)
	}
	if len(dbs) == 0 {
		return
	}
	backups, backupsOK := rdsAutomatedBackups(ctx, c, sess, sink)

	for _, db := range dbs {
		id := aws.ToString(db.DBInstanceIdentifier)
		arn := aws.ToString(db.DBInstanceArn)
		if arn == "" {
			arn = sess.ARN("rds", sess.Region, "db:"+id)
		}
		r := sink.NewResource(sess, arn, inventory.TypeRDSInstance, id, "rds:DescribeDBInstances")
		r.Tags = rdsTags(db.TagList)
		storeAttr(&r, "identifier", id)
		storeAttr(&r, "engine", aws.ToString(db.Engine))
		storeAttr(&r, "instance_class", aws.ToString(db.DBInstanceClass))
		rdsBool(&r, "storage_encrypted", db.StorageEncrypted)
		storeAttr(&r, "kms_key_id", nullString(db.KmsKeyId))
		if db.BackupRetentionPeriod == nil {
			storeUnknown(&r, "backup_retention_period")
		} else {
			storeAttr(&r, "backup_retention_period", int64(*db.BackupRetentionPeriod))
		}
		rdsBool(&r, "multi_az", db.MultiAZ)
		rdsBool(&r, "deletion_protection", db.DeletionProtection)
		rdsBool(&r, "publicly_accessible", db.PubliclyAccessible)
		rdsBool(&r, "auto_minor_version_upgrade", db.AutoMinorVersionUpgrade)
		rdsBool(&r, "iam_database_authentication_enabled", db.IAMDatabaseAuthenticationEnabled)
		storeAttr(&r, "replicate_source_db", nullString(db.ReadReplicaSourceDBInstanceIdentifier))
		storeAttr(&r, "cluster_identifier", nullString(db.DBClusterIdentifier))
		storeAttr(&r, "latest_restorable_time", nullTime(db.LatestRestorableTime))

		if !backupsOK {
			storeUnknown(&r, "automated_backups")
			sink.Add(r)
			continue
		}
		var own []map[string]any
		for _, b := range backups {
			if rdsBackupOf(b, db) {
				own = append(own, rdsBackup(b, sess.Region))
			}
		}
		// Backups replicated to other regions are listed in their destination region.
		complete := true
		for _, rep := range db.DBInstanceAutomatedBackupsReplications {
			repARN := aws.ToString(rep.DBInstanceAutomatedBackupsArn)
			region := rdsARNRegion(repARN)
			if repARN == "" || region == "" || region == sess.Region {
				continue
			}
			rc := rds.NewFromConfig(sess.Cfg, func(o *rds.Options) { o.Region = region })
			out, err := rc.DescribeDBInstanceAutomatedBackups(ctx, &rds.DescribeDBInstanceAutomatedBackupsInput{
				DBInstanceAutomatedBackupsArn: aws.String(repARN)})
			if err != nil {
				sink.Fail(sess, "rds", "DescribeDBInstanceAutomatedBackups", err)
				complete = false
				continue
			}
			for _, b := range out.DBInstanceAutomatedBackups {
				own = append(own, rdsBackup(b, region))
			}
		}
		if !complete {
			storeUnknown(&r, "automated_backups")
			sink.Add(r)
			continue
		}
		sort.SliceStable(own, func(a, b int) bool {
			return own[a]["region"].(string)+" "+own[a]["arn"].(string) < own[b]["region"].(string)+" "+own[b]["arn"].(string)
		})
		list := make([]any, len(own))
		for i, b := range own {
			list[i] = b
		}
		storeAttr(&r, "automated_backups", list)
		sink.Add(r)
	}
}

// rdsAutomatedBackups lists the region's automated backups (of live instances, retained ones of deleted
// instances, and replicas from other regions). ok is false when the listing failed.
func rdsAutomatedBackups(ctx context.Context, c *rds.Client, sess *Session, sink *Sink) (
	backups []rdstypes.DBInstanceAutomatedBackup, ok bool) {
	p := rds.NewDescribeDBInstanceAutomatedBackupsPaginator(c, &rds.DescribeDBInstanceAutomatedBackupsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			sink.Fail(sess, "rds", "DescribeDBInstanceAutomatedBackups", err)
			return nil, false
		}
		backups = append(backups, page.DBInstanceAutomatedBackups...)
	}
	return backups, true
}

// rdsBackupOf tells whether an automated backup belongs to db: by its resource id, which survives a
// rename and tells a new instance from a deleted one of the same name; by ARN when either lacks it.
func rdsBackupOf(b rdstypes.DBInstanceAutomatedBackup, db rdstypes.DBInstance) bool {
	if rid := aws.ToString(db.DbiResourceId); rid != "" && aws.ToString(b.DbiResourceId) != "" {
		return rid == aws.ToString(b.DbiResourceId)
	}
	return aws.ToString(b.DBInstanceArn) != "" && aws.ToString(b.DBInstanceArn) == aws.ToString(db.DBInstanceArn)
}

// rdsBackup is the canonical form of an automated backup; region is where it is stored.
func rdsBackup(b rdstypes.DBInstanceAutomatedBackup, region string) map[string]any {
	if r := rdsARNRegion(aws.ToString(b.DBInstanceAutomatedBackupsArn)); r != "" {
		region = r
	}
	window := map[string]any{"earliest": nil, "latest": nil}
	if b.RestoreWindow != nil {
		window["earliest"] = nullTime(b.RestoreWindow.EarliestTime)
		window["latest"] = nullTime(b.RestoreWindow.LatestTime)
	}
	return map[string]any{
		"arn":                     aws.ToString(b.DBInstanceAutomatedBackupsArn),
		"status":                  aws.ToString(b.Status),
		"restore_window":          window,
		"backup_retention_period": nullInt(b.BackupRetentionPeriod),
		"region":                  region,
	}
}

func rdsClusters(ctx context.Context, c *rds.Client, sess *Session, sink *Sink) {
	p := rds.NewDescribeDBClustersPaginator(c, &rds.DescribeDBClustersInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			sink.Fail(sess, "rds", "DescribeDBClusters", err)
			return
		}
		for _, cl := range page.DBClusters {
			id := aws.ToString(cl.DBClusterIdentifier)
			arn := aws.ToString(cl.DBClusterArn)
			if arn == "" {
				arn = sess.ARN("rds", sess.Region, "cluster:"+id)
			}
			r := sink.NewResource(sess, arn, inventory.TypeRDSCluster, id, "rds:DescribeDBClusters")
			r.Tags = rdsTags(cl.TagList)
			storeAttr(&r, "identifier", id)
			storeAttr(&r, "engine", aws.ToString(cl.Engine))
			// EngineMode is documented as provisioned or serverless; provisioned is what its absence means.
			mode := aws.ToString(cl.EngineMode)
			if mode == "" {
				mode = "provisioned"
			}
			storeAttr(&r, "engine_mode", mode)
			rdsBool(&r, "storage_encrypted", cl.StorageEncrypted)
			storeAttr(&r, "kms_key_id", nullString(cl.KmsKeyId))
			if cl.BackupRetentionPeriod == nil {
				storeUnknown(&r, "backup_retention_period")
			} else {
				storeAttr(&r, "backup_retention_period", int64(*cl.BackupRetentionPeriod))
			}
			rdsBool(&r, "deletion_protection", cl.DeletionProtection)
			rdsBool(&r, "multi_az", cl.MultiAZ)
			rdsBool(&r, "iam_database_authentication_enabled", cl.IAMDatabaseAuthenticationEnabled)
			storeAttr(&r, "latest_restorable_time", nullTime(cl.LatestRestorableTime))
			sink.Add(r)
		}
	}
}

// rdsBool stores a boolean the API reports; one it leaves out is unknown.
func rdsBool(r *inventory.Resource, path string, v *bool) {
	if v == nil {
		storeUnknown(r, path)
		return
	}
	storeAttr(r, path, *v)
}

func rdsTags(tags []rdstypes.Tag) map[string]string {
	out := make(map[string]string, len(tags))
	for _, t := range tags {
		out[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	return out
}

// rdsARNRegion returns the region field of an ARN ("" when s is not one).
func rdsARNRegion(s string) string {
	a, err := arn.Parse(s)
	if err != nil {
		return ""
	}
	return a.Region
}
