package dr

import (
	"fmt"
	"sort"
	"strings"

	"github.com/vigil-audit/vigil/inventory"
)

// Documented figures of native protections (docs/dr.md cites each source).
const (
	// dynamoDBGranularityMinutes: "LatestRestorableDateTime is typically 5 minutes before the current time".
	dynamoDBGranularityMinutes = 5
	// efsAutomaticBackupMinutes and efsAutomaticRetentionDays: the default EFS backup plan takes "daily
	// backups with a 35-day retention period".
	efsAutomaticBackupMinutes = 24 * 60
	efsAutomaticRetentionDays = 35
)

// native returns the service's own protections of res, sorted by kind.
func (ix *index) native(res *inventory.Resource) []NativeProtection {
	var out []NativeProtection
	add := func(n *NativeProtection) {
		if n == nil {
			return
		}
		n.Source = res.ID
		if n.Destinations == nil {
			n.Destinations = []Destination{}
		}
		n.Unknown = sortedUnique(n.Unknown)
		out = append(out, *n)
	}
	switch res.Type {
	case inventory.TypeRDSInstance, inventory.TypeRDSCluster:
		add(rdsAutomatedBackups(res))
	case inventory.TypeDynamoDBTable:
		add(dynamoDBPITR(res))
	case inventory.TypeS3Bucket:
		add(ix.s3Replication(res))
	case inventory.TypeEFSFileSystem:
		add(efsAutomaticBackups(res))
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Kind < out[j].Kind })
	if out == nil {
		out = []NativeProtection{}
	}
	return out
}

// rdsAutomatedBackups: a backup retention period above 0 turns on automated backups, which restore to
// any second of the retention up to the latest restorable time (about 5 minutes ago).
func rdsAutomatedBackups(res *inventory.Resource) *NativeProtection {
	days, st := integer(res, "backup_retention_period")
	switch {
	case st == present && days <= 0:
		return nil
	case st != present:
		return &NativeProtection{Kind: NativeRDSAutomatedBackups, State: StateUnknown,
			Unknown: []string{"whether RDS automated backups are on: " + describe(res, "backup_retention_period", st)}}
	}
	n := &NativeProtection{Kind: NativeRDSAutomatedBackups, State: StateProtected, PointInTime: true,
		GranularityMinutes: ptr(rdsGranularityMinutes), RetentionDays: ptr(days)}
	// Live: automated backups replicated to another region (cross-region automated backups).
	backups, bSt := list(res, "automated_backups")
	switch bSt {
	case present:
		regions := map[string]bool{}
		for i := range backups {
			region, rSt := str(res, fmt.Sprintf("automated_backups.%d.region", i))
			switch {
			case rSt != present:
				n.Unknown = append(n.Unknown, "destinations: "+describe(res, fmt.Sprintf("automated_backups.%d.region", i), rSt))
			case region != res.Region && !regions[region]:
				regions[region] = true
				arn, _ := str(res, fmt.Sprintf("automated_backups.%d.arn", i))
				n.Destinations = append(n.Destinations, Destination{Resource: arn, Region: region, Account: res.Account,
					CrossRegion: differ(res.Region, region, false), CrossAccount: ptr(false), Unknown: []string{}})
			}
		}
		sort.Slice(n.Destinations, func(i, j int) bool { return n.Destinations[i].Region < n.Destinations[j].Region })
	case absent:
	default:
		n.Unknown = append(n.Unknown, "destinations: "+describe(res, "automated_backups", bSt))
	}
	return n
}

// dynamoDBPITR: point-in-time recovery to any second up to about 5 minutes ago. Its recovery period
// (1 to 35 days) is not in the inventory, so the retention is unknown.
func dynamoDBPITR(res *inventory.Resource) *NativeProtection {
	on, st := boolean(res, "point_in_time_recovery.enabled")
	switch {
	case st == present && !on:
		return nil
	case st != present:
		return &NativeProtection{Kind: NativeDynamoDBPITR, State: StateUnknown,
			Unknown: []string{"whether DynamoDB point-in-time recovery is on: " + describe(res, "point_in_time_recovery.enabled", st)}}
	}
	return &NativeProtection{Kind: NativeDynamoDBPITR, State: StateProtected, PointInTime: true,
		GranularityMinutes: ptr(dynamoDBGranularityMinutes),
		Unknown:            []string{"retention_days: the PITR recovery period (1 to 35 days) is not in the inventory"}}
}

// s3Replication: replication to other buckets. It is not a backup (it replays what is written, with
// no restore point), and without Replication Time Control AWS documents no bound on its lag.
func (ix *index) s3Replication(res *inventory.Resource) *NativeProtection {
	on, st := boolean(res, "replication.enabled")
	switch {
	case st == present && !on:
		return nil
	case st != present:
		return &NativeProtection{Kind: NativeS3Replication, State: StateUnknown,
			Unknown: []string{"whether S3 replication is on: " + describe(res, "replication.enabled", st)}}
	}
	n := &NativeProtection{Kind: NativeS3Replication, State: StateProtected,
		Unknown: []string{"granularity_minutes: S3 documents a bound on replication lag only with Replication Time Control, which the inventory does not record"}}
	dests, dSt := list(res, "replication.destinations")
	if dSt != present {
		n.Unknown = append(n.Unknown, "destinations: "+describe(res, "replication.destinations", dSt))
		return n
	}
	for i, d := range dests {
		ref, ok := d.(string)
		if !ok || res.IsUnknown(fmt.Sprintf("replication.destinations.%d", i)) {
			n.Unknown = append(n.Unknown, fmt.Sprintf("destinations: replication.destinations.%d of %s is unknown", i, res.ID))
			continue
		}
		n.Destinations = append(n.Destinations, ix.bucketDestination(ref, res))
	}
	sort.Slice(n.Destinations, func(i, j int) bool { return n.Destinations[i].Resource < n.Destinations[j].Resource })
	return n
}

// bucketDestination places a replication destination: an inventory bucket (by id, ARN or name), whose
// region and account are known; a bucket ARN alone tells neither.
func (ix *index) bucketDestination(ref string, src *inventory.Resource) Destination {
	d := Destination{Resource: ref, Unknown: []string{}}
	b := ix.byID[ref]
	if b == nil || b.Type != inventory.TypeS3Bucket {
		b = nil
		name := strings.TrimPrefix(strings.TrimPrefix(strings.TrimPrefix(ref, "arn:aws:s3:::"), "arn:aws-cn:s3:::"), "arn:aws-us-gov:s3:::")
		// Several buckets of that name (several accounts' inventories): cannot tell.
		if named := ix.bucketsByName[name]; len(named) == 1 {
			b = named[0]
		}
	}
	if b != nil {
		d.Resource, d.Region, d.Account = b.ID, b.Region, b.Account
	}
	d.CrossRegion = differ(src.Region, d.Region, false)
	d.CrossAccount = differ(src.Account, d.Account, true)
	if b == nil {
		// An S3 ARN holds neither region nor account: unknown unless the bucket is in the inventory.
		d.CrossAccount = nil
		d.Unknown = append(d.Unknown, fmt.Sprintf("region, account: bucket %q is not in the inventory", ref))
	}
	return d
}

// efsAutomaticBackups: a file system whose backup policy is ENABLED is in the default EFS backup plan
// (daily, kept 35 days). That plan's backup window is AWS's and not in the inventory.
func efsAutomaticBackups(res *inventory.Resource) *NativeProtection {
	status, st := str(res, "backup_policy.status")
	switch {
	case st == present && status == "DISABLED":
		return nil
	case st != present || status != "ENABLED":
		why := describe(res, "backup_policy.status", st)
		if st == present {
			why = fmt.Sprintf("backup_policy.status of %s is %s", res.ID, status)
		}
		return &NativeProtection{Kind: NativeEFSAutomaticBackups, State: StateUnknown,
			Unknown: []string{"whether EFS automatic backups are on: " + why}}
	}
	return &NativeProtection{Kind: NativeEFSAutomaticBackups, State: StateProtected,
		GranularityMinutes: ptr(efsAutomaticBackupMinutes), RetentionDays: ptr(efsAutomaticRetentionDays),
		Unknown: []string{"granularity_minutes: the default EFS backup plan's start window is not in the inventory (daily backups; the window adds to the gap)"}}
}
