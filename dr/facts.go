package dr

import (
	"sort"

	"github.com/vigil-audit/vigil/inventory"
)

// States of a protection: it is known to protect the resource, or whether it does cannot be told.
const (
	StateProtected = "protected"
	StateUnknown   = "unknown"
)

// ProtectableTypes are the inventory types whose data a DR objective is about: those AWS Backup can back
// up that the inventory models. Aurora members and read replicas are listed too; their facts say how
// they relate to the resource that holds their data.
var ProtectableTypes = []string{
	inventory.TypeDynamoDBTable, inventory.TypeEC2Instance, inventory.TypeEC2Volume, inventory.TypeEFSFileSystem,
	inventory.TypeRDSCluster, inventory.TypeRDSInstance, inventory.TypeS3Bucket,
}

// Protectable reports whether resources of type t get protection facts.
func Protectable(t string) bool {
	for _, p := range ProtectableTypes {
		if p == t {
			return true
		}
	}
	return false
}

// Facts is what protects one resource, as far as the inventory tells. It is data for DR rules: every
// list is present (empty rather than null) and sorted, so its JSON is stable.
type Facts struct {
	Resource string `json:"resource"`
	Type     string `json:"type"`
	Region   string `json:"region"`
	Account  string `json:"account"`
	// Cluster is, for an Aurora cluster member, the cluster whose backups hold its data: Plans and
	// Native are the cluster's (AWS Backup and RDS back Aurora up per cluster).
	Cluster string `json:"cluster,omitempty"`
	// ReplicaOf is, for an RDS read replica, the database it replicates. A replica is not counted as a
	// protection of its source: it replays deletions and corruption within seconds.
	ReplicaOf string `json:"replica_of,omitempty"`
	// Plans are the AWS Backup plans whose selections cover the resource (State protected) or may
	// cover it (State unknown), sorted by plan id.
	Plans []PlanCoverage `json:"plans"`
	// Native are the protections of the service itself (RDS automated backups, DynamoDB PITR, S3
	// replication, EFS automatic backups), sorted by kind.
	Native []NativeProtection `json:"native"`
	// DLM are the Data Lifecycle Manager snapshot schedules that target the resource (EBS volumes and
	// EC2 instances), sorted by label.
	DLM []DLMProtection `json:"dlm"`
	// Unknown gives the reasons why the protections are not fully known (a selection that may cover
	// the resource, a covering plan that is not in the inventory or whose rules are unknown, a native
	// setting that is unknown), sorted. Empty: Plans and Native are all there is, and what is unknown
	// about them is in their own unknown lists. A rule may pass on the known protections alone, and must
	// not fail when this is not empty.
	Unknown []string `json:"unknown"`
}

// PlanCoverage is one backup plan that covers (or may cover) the resource.
type PlanCoverage struct {
	// Plan is the plan's inventory id, or the plan_id a selection names when no plan has it.
	Plan string `json:"plan"`
	Name string `json:"name"`
	// State is StateProtected when a selection is known to cover the resource, StateUnknown when one may.
	State string `json:"state"`
	// Selections are the ids of the selections known to cover the resource (State protected), or of
	// those that may (State unknown), sorted.
	Selections []string `json:"selections"`
	// Rules are the plan's rules; null when they are unknown (see Unknown).
	Rules []RuleFacts `json:"rules"`
	// Unknown gives the reasons for State unknown, and what is unknown about the plan itself (not in
	// the inventory, rules unknown); what is unknown about a rule is in the rule's list.
	Unknown []string `json:"unknown"`
}

// RuleFacts is one rule of a covering plan: when it backs up, how long it keeps, where it copies.
type RuleFacts struct {
	Name string `json:"name"`
	// Schedule is the rule's cron expression as written (cron(...)); ScheduleTimezone its IANA zone.
	Schedule         *string `json:"schedule"`
	ScheduleTimezone *string `json:"schedule_timezone"`
	// StartWindowMinutes is how long after the scheduled time a backup may start.
	StartWindowMinutes      *int  `json:"start_window_minutes"`
	CompletionWindowMinutes *int  `json:"completion_window_minutes"`
	ContinuousBackup        *bool `json:"continuous_backup"`
	// PointInTime is true when the rule takes continuous backups of a resource type that supports them
	// (RDS, Aurora, S3): the resource can be restored to any second of the retention (at most 35 days).
	// A continuous rule over another type takes snapshots on its schedule instead.
	PointInTime bool `json:"point_in_time"`
	// GranularityMinutes is, for PointInTime, how far behind the present the latest restorable time
	// documentedly lags (5 for RDS and Aurora); null when AWS documents no figure.
	GranularityMinutes *int `json:"granularity_minutes"`
	// DeleteAfterDays is the retention of the recovery points; null: kept forever (or unknown, see Unknown).
	DeleteAfterDays *int       `json:"delete_after_days"`
	TargetVault     VaultFacts `json:"target_vault"`
	// Copies are the rule's copy actions, in the plan's order.
	Copies []CopyFacts `json:"copies"`
	// Unknown lists the fields above whose value is unknown (field names as in JSON).
	Unknown []string `json:"unknown"`
}

// CopyFacts is one copy action of a rule.
type CopyFacts struct {
	DestinationVault VaultFacts `json:"destination_vault"`
	// DeleteAfterDays is the copies' retention; null: kept forever (or unknown, see Unknown).
	DeleteAfterDays *int `json:"delete_after_days"`
	// CrossRegion and CrossAccount compare the destination vault with the source vault (the rule's
	// target vault, in the plan's region and account); null when either side is unknown.
	CrossRegion  *bool    `json:"cross_region"`
	CrossAccount *bool    `json:"cross_account"`
	Unknown      []string `json:"unknown"`
}

// VaultFacts is a backup vault as a rule or copy names it, with what the inventory tells about it.
type VaultFacts struct {
	// Ref is the vault as the plan names it: an inventory id, a vault ARN or a vault name.
	Ref string `json:"ref"`
	// ID is the vault's inventory id; "" when no vault of the inventory is the one named.
	ID      string `json:"id"`
	Name    string `json:"name"`
	Region  string `json:"region"`
	Account string `json:"account"`
	// Type is the vault's type as AWS Backup names it: VaultTypeStandard, VaultTypeAirGapped (or another
	// type AWS adds); "" when the vault is not in the inventory or its type is unknown.
	Type string `json:"type"`
	// Lock is the vault's lock; null when the vault is not in the inventory or whether it is locked is
	// unknown.
	Lock *VaultLock `json:"lock"`
	// Unknown lists the fields above that are unknown (region, account, lock) with the reason.
	Unknown []string `json:"unknown"`
}

// Vault types (the inventory's aws.backup.vault vault_type).
const (
	VaultTypeStandard = "BACKUP_VAULT"
	// VaultTypeAirGapped is a logically air-gapped vault: AWS Backup keeps its recovery points in a
	// service-owned account, locked in compliance mode (docs/dr.md, "Air-gapped copies").
	VaultTypeAirGapped = "LOGICALLY_AIR_GAPPED_BACKUP_VAULT"
)

// AirGapped reports whether the vault is known to be a logically air-gapped vault.
func (v VaultFacts) AirGapped() bool { return v.Type == VaultTypeAirGapped }

// VaultLock is an AWS Backup Vault Lock configuration.
type VaultLock struct {
	Enabled bool `json:"enabled"`
	// Mode is "governance" or "compliance"; null when not locked or unknown.
	Mode             *string `json:"mode"`
	MinRetentionDays *int    `json:"min_retention_days"`
	MaxRetentionDays *int    `json:"max_retention_days"`
}

// Kinds of native protection.
const (
	NativeRDSAutomatedBackups = "rds_automated_backups"
	NativeDynamoDBPITR        = "dynamodb_pitr"
	NativeS3Replication       = "s3_replication"
	NativeEFSAutomaticBackups = "efs_automatic_backups"
)

// NativeProtection is a protection the service gives by itself, outside AWS Backup plans.
type NativeProtection struct {
	Kind string `json:"kind"`
	// Source is the resource whose setting gives it: the resource itself, or an Aurora member's cluster.
	Source string `json:"source"`
	// State is StateProtected when the setting is known to be on, StateUnknown when it may be.
	State string `json:"state"`
	// PointInTime: restorable to any second within the retention.
	PointInTime bool `json:"point_in_time"`
	// GranularityMinutes is the documented bound on the data lost (the latest restorable time's lag for
	// PITR, 1440 for a daily backup); null when AWS documents none (S3 replication without RTC).
	GranularityMinutes *int `json:"granularity_minutes"`
	// RetentionDays is how far back one can restore; null when unknown (see Unknown) or not a backup.
	RetentionDays *int `json:"retention_days"`
	// Destinations are where the data is also kept (S3 replication destinations, RDS automated backups
	// replicated to another region), sorted by resource.
	Destinations []Destination `json:"destinations"`
	Unknown      []string      `json:"unknown"`
}

// Destination is another place that holds a copy of the resource's data.
type Destination struct {
	// Resource is the destination's inventory id or ARN ("" for an RDS backup replica, which has only a region).
	Resource     string   `json:"resource"`
	Region       string   `json:"region"`
	Account      string   `json:"account"`
	CrossRegion  *bool    `json:"cross_region"`
	CrossAccount *bool    `json:"cross_account"`
	Unknown      []string `json:"unknown"`
}

// ComputeFacts returns the protection facts of every protectable resource of inv, keyed by resource id.
// It is deterministic: the same inventory gives the same facts, every list sorted. The facts of resources
// covered by the same plan share its rule facts: treat the result as read-only. Selections are read
// once, so the cost is one match per resource and selection entry (BenchmarkComputeFacts).
func ComputeFacts(inv *inventory.Inventory) map[string]Facts {
	ix := newIndex(inv)
	out := map[string]Facts{}
	for _, r := range ix.protectable {
		out[r.ID] = ix.facts(r)
	}
	return out
}

// SortedFacts returns ComputeFacts' values sorted by resource id.
func SortedFacts(inv *inventory.Inventory) []Facts {
	m := ComputeFacts(inv)
	out := make([]Facts, 0, len(m))
	for _, f := range m {
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Resource < out[j].Resource })
	return out
}
