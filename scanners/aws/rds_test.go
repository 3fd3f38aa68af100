package aws

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/scanners/aws/awstest"
)

// The RDS query protocol's wire format.
const rdsNamespace = "http://rds.amazonaws.com/doc/2014-10-31/"

func rdsBody(action, result string) string {
	return `<` + action + `Response xmlns="` + rdsNamespace + `"><` + action + `Result>` + result + `</` + action +
		`Result><ResponseMetadata><RequestId>5e3b8c1f-0d2a-4b8e-9f6c-EXAMPLE</RequestId></ResponseMetadata></` + action + `Response>`
}

// rdsPaged answers action with pages, following Marker as ec2Paged follows NextToken;
// the pages are keyed by the signing region of the request ("" for any other region).
func rdsPaged(srv *awstest.Server, action string, pagesByRegion map[string][]string) {
	srv.Handle(awstest.Action("rds", action), func(w http.ResponseWriter, r *http.Request, body []byte) {
		form, _ := url.ParseQuery(string(body))
		pages, ok := pagesByRegion[storeSigningRegion(r)]
		if !ok {
			pages = pagesByRegion[""]
		}
		i := 0
		if m := form.Get("Marker"); m != "" {
			i, _ = strconv.Atoi(strings.TrimPrefix(m, "page-"))
		}
		result := pages[i]
		if i+1 < len(pages) {
			result += "<Marker>page-" + strconv.Itoa(i+1) + "</Marker>"
		}
		w.Header().Set("Content-Type", "text/xml")
		_, _ = io.WriteString(w, rdsBody(action, result))
	})
}

// rdsFault makes matching RDS requests fail with a query-protocol error.
func rdsFault(srv *awstest.Server, m awstest.Matcher, status int, code string) {
	srv.Respond(m, status, "text/xml", `<ErrorResponse xmlns="`+rdsNamespace+`"><Error><Type>Sender</Type><Code>`+code+
		`</Code><Message>not authorized or rate exceeded</Message></Error><RequestId>r1</RequestId></ErrorResponse>`)
}

// storeSigningRegion reads the region of a request's SigV4 credential scope.
func storeSigningRegion(r *http.Request) string {
	auth := r.Header.Get("Authorization")
	i := strings.Index(auth, "Credential=")
	if i < 0 {
		return ""
	}
	parts := strings.Split(strings.SplitN(auth[i+len("Credential="):], ",", 2)[0], "/")
	if len(parts) < 3 {
		return ""
	}
	return parts[2]
}

func TestRDSFromKumo(t *testing.T) {
	srv := awstest.New(t)
	sess := storeSession(srv, "eu-west-1")
	ctx := context.Background()
	c := rds.NewFromConfig(sess.Cfg)
	dbID, clusterID := storeUnique("orders"), storeUnique("ledger")
	db, err := c.CreateDBInstance(ctx, &rds.CreateDBInstanceInput{DBInstanceIdentifier: aws.String(dbID),
		DBInstanceClass: aws.String("db.t3.micro"), Engine: aws.String("postgres"), StorageEncrypted: aws.Bool(true),
		MultiAZ: aws.Bool(true), BackupRetentionPeriod: aws.Int32(7), DeletionProtection: aws.Bool(true),
		MasterUsername: aws.String("app"), MasterUserPassword: aws.String("secret-secret")})
	require.NoError(t, err)
	_, err = c.CreateDBCluster(ctx, &rds.CreateDBClusterInput{DBClusterIdentifier: aws.String(clusterID),
		Engine: aws.String("aurora-postgresql"), StorageEncrypted: aws.Bool(true), DeletionProtection: aws.Bool(false)})
	require.NoError(t, err)
	dbARN := aws.ToString(db.DBInstance.DBInstanceArn)
	// kumo has no automated backups; kumo's instances carry no DbiResourceId, so the backup is matched by ARN.
	rdsPaged(srv, "DescribeDBInstanceAutomatedBackups", map[string][]string{"": {`<DBInstanceAutomatedBackups>
<DBInstanceAutomatedBackup><DBInstanceArn>` + dbARN + `</DBInstanceArn><DBInstanceIdentifier>` + dbID + `</DBInstanceIdentifier>
<DBInstanceAutomatedBackupsArn>arn:aws:rds:eu-west-1:123456789012:auto-backup:ab-orders</DBInstanceAutomatedBackupsArn>
<Region>eu-west-1</Region><Status>active</Status><BackupRetentionPeriod>7</BackupRetentionPeriod><Encrypted>true</Encrypted>
<RestoreWindow><EarliestTime>2026-02-22T00:00:00Z</EarliestTime><LatestTime>2026-03-01T11:55:00Z</LatestTime></RestoreWindow>
</DBInstanceAutomatedBackup></DBInstanceAutomatedBackups>`}})

	sink := storeCollect(sess, collectRDS)
	assert.Empty(t, sink.Issues(storeAccount, "eu-west-1"))

	insts := storeByID(t, sink, inventory.TypeRDSInstance)
	require.Contains(t, insts, dbARN)
	r := insts[dbARN]
	assert.Equal(t, dbID, r.Name)
	assert.Equal(t, "rds:DescribeDBInstances", r.Source.API)
	assert.Equal(t, map[string]any{
		"identifier": dbID, "engine": "postgres", "instance_class": "db.t3.micro",
		"storage_encrypted": true, "kms_key_id": nil, "backup_retention_period": int64(7), "multi_az": true,
		"deletion_protection": true, "publicly_accessible": false, "replicate_source_db": nil,
		"cluster_identifier": nil, "latest_restorable_time": nil, "iam_database_authentication_enabled": nil,
		"auto_minor_version_upgrade": nil, // kumo does not answer AutoMinorVersionUpgrade: unknown
		"automated_backups": []any{map[string]any{
			"arn": "arn:aws:rds:eu-west-1:123456789012:auto-backup:ab-orders", "status": "active",
			"restore_window":          map[string]any{"earliest": "2026-02-22T00:00:00Z", "latest": "2026-03-01T11:55:00Z"},
			"backup_retention_period": int64(7), "region": "eu-west-1",
		}},
	}, r.Attributes)
	// kumo leaves AutoMinorVersionUpgrade and IAMDatabaseAuthenticationEnabled out of its answer: what the API
	// does not say is unknown.
	assert.Equal(t, []string{"auto_minor_version_upgrade", "iam_database_authentication_enabled"}, r.Unknown)

	var cl inventory.Resource
	for _, r := range storeByID(t, sink, inventory.TypeRDSCluster) {
		if r.Name == clusterID {
			cl = r
		}
	}
	require.NotEmpty(t, cl.ID, "cluster %s collected", clusterID)
	assert.Equal(t, clusterID, cl.Attributes["identifier"])
	assert.Equal(t, "aurora-postgresql", cl.Attributes["engine"])
	assert.Equal(t, "provisioned", cl.Attributes["engine_mode"])
	assert.Equal(t, true, cl.Attributes["storage_encrypted"])
	assert.Equal(t, false, cl.Attributes["deletion_protection"])
	// kumo leaves BackupRetentionPeriod out of its answer: what the API does not say is unknown.
	storeAssertUnknown(t, cl, "backup_retention_period")
}

const rdsOrdersPage = `<DBInstances>
<DBInstance><DBInstanceIdentifier>orders</DBInstanceIdentifier><DBInstanceClass>db.r6g.large</DBInstanceClass><Engine>postgres</Engine>
 <DBInstanceStatus>available</DBInstanceStatus><DBInstanceArn>arn:aws:rds:eu-west-1:123456789012:db:orders</DBInstanceArn>
 <DbiResourceId>db-ORDERS</DbiResourceId><StorageEncrypted>true</StorageEncrypted><KmsKeyId>arn:aws:kms:eu-west-1:123456789012:key/k-rds</KmsKeyId>
 <BackupRetentionPeriod>14</BackupRetentionPeriod><MultiAZ>true</MultiAZ><IAMDatabaseAuthenticationEnabled>false</IAMDatabaseAuthenticationEnabled><DeletionProtection>true</DeletionProtection><PubliclyAccessible>false</PubliclyAccessible>
 <AutoMinorVersionUpgrade>true</AutoMinorVersionUpgrade>
 <LatestRestorableTime>2026-03-01T11:55:00Z</LatestRestorableTime>
 <ReadReplicaDBInstanceIdentifiers><ReadReplicaDBInstanceIdentifier>orders-replica</ReadReplicaDBInstanceIdentifier></ReadReplicaDBInstanceIdentifiers>
 <DBInstanceAutomatedBackupsReplications><DBInstanceAutomatedBackupsReplication><DBInstanceAutomatedBackupsArn>arn:aws:rds:us-west-2:123456789012:auto-backup:ab-orders-dr</DBInstanceAutomatedBackupsArn></DBInstanceAutomatedBackupsReplication></DBInstanceAutomatedBackupsReplications>
 <TagList><Tag><Key>app</Key><Value>shop</Value></Tag><Tag><Key>dr-tier</Key><Value>critical</Value></Tag></TagList>
</DBInstance>
<DBInstance><DBInstanceIdentifier>orders-replica</DBInstanceIdentifier><DBInstanceClass>db.r6g.large</DBInstanceClass><Engine>postgres</Engine>
 <DBInstanceArn>arn:aws:rds:eu-west-1:123456789012:db:orders-replica</DBInstanceArn><DbiResourceId>db-REPLICA</DbiResourceId>
 <StorageEncrypted>true</StorageEncrypted><KmsKeyId>arn:aws:kms:eu-west-1:123456789012:key/k-rds</KmsKeyId><BackupRetentionPeriod>0</BackupRetentionPeriod>
 <MultiAZ>false</MultiAZ><IAMDatabaseAuthenticationEnabled>false</IAMDatabaseAuthenticationEnabled><DeletionProtection>false</DeletionProtection><PubliclyAccessible>true</PubliclyAccessible><AutoMinorVersionUpgrade>false</AutoMinorVersionUpgrade>
 <ReadReplicaSourceDBInstanceIdentifier>orders</ReadReplicaSourceDBInstanceIdentifier>
</DBInstance>
</DBInstances>`

const rdsAuroraMemberPage = `<DBInstances>
<DBInstance><DBInstanceIdentifier>ledger-1</DBInstanceIdentifier><DBInstanceClass>db.r6g.large</DBInstanceClass><Engine>aurora-postgresql</Engine>
 <DBInstanceArn>arn:aws:rds:eu-west-1:123456789012:db:ledger-1</DBInstanceArn><DbiResourceId>db-LEDGER1</DbiResourceId><DBClusterIdentifier>ledger</DBClusterIdentifier>
 <StorageEncrypted>true</StorageEncrypted><BackupRetentionPeriod>7</BackupRetentionPeriod><MultiAZ>false</MultiAZ>
 <IAMDatabaseAuthenticationEnabled>false</IAMDatabaseAuthenticationEnabled><DeletionProtection>false</DeletionProtection><PubliclyAccessible>false</PubliclyAccessible><AutoMinorVersionUpgrade>true</AutoMinorVersionUpgrade>
</DBInstance>
</DBInstances>`

func TestRDSWireFormatPaginationAndReplicatedBackups(t *testing.T) {
	srv := awstest.New(t)
	sess := storeSession(srv, "eu-west-1")
	rdsPaged(srv, "DescribeDBInstances", map[string][]string{"": {rdsOrdersPage, rdsAuroraMemberPage}})
	rdsPaged(srv, "DescribeDBInstanceAutomatedBackups", map[string][]string{
		"eu-west-1": {`<DBInstanceAutomatedBackups>
<DBInstanceAutomatedBackup><DBInstanceArn>arn:aws:rds:eu-west-1:123456789012:db:orders</DBInstanceArn><DbiResourceId>db-ORDERS</DbiResourceId>
 <DBInstanceAutomatedBackupsArn>arn:aws:rds:eu-west-1:123456789012:auto-backup:ab-orders</DBInstanceAutomatedBackupsArn><Region>eu-west-1</Region>
 <Status>active</Status><BackupRetentionPeriod>14</BackupRetentionPeriod>
 <RestoreWindow><EarliestTime>2026-02-15T00:05:00Z</EarliestTime><LatestTime>2026-03-01T11:55:00Z</LatestTime></RestoreWindow>
</DBInstanceAutomatedBackup></DBInstanceAutomatedBackups>`, `<DBInstanceAutomatedBackups>
<DBInstanceAutomatedBackup><DBInstanceArn>arn:aws:rds:eu-west-1:123456789012:db:orders</DBInstanceArn><DbiResourceId>db-OLDORDERS</DbiResourceId>
 <DBInstanceAutomatedBackupsArn>arn:aws:rds:eu-west-1:123456789012:auto-backup:ab-old</DBInstanceAutomatedBackupsArn><Region>eu-west-1</Region>
 <Status>retained</Status><BackupRetentionPeriod>7</BackupRetentionPeriod>
</DBInstanceAutomatedBackup></DBInstanceAutomatedBackups>`},
		"us-west-2": {`<DBInstanceAutomatedBackups>
<DBInstanceAutomatedBackup><DBInstanceArn>arn:aws:rds:eu-west-1:123456789012:db:orders</DBInstanceArn><DbiResourceId>db-ORDERS</DbiResourceId>
 <DBInstanceAutomatedBackupsArn>arn:aws:rds:us-west-2:123456789012:auto-backup:ab-orders-dr</DBInstanceAutomatedBackupsArn><Region>eu-west-1</Region>
 <Status>replicating</Status><BackupRetentionPeriod>7</BackupRetentionPeriod>
 <RestoreWindow><EarliestTime>2026-02-22T00:00:00Z</EarliestTime><LatestTime>2026-03-01T11:40:00Z</LatestTime></RestoreWindow>
</DBInstanceAutomatedBackup></DBInstanceAutomatedBackups>`},
	})
	rdsPaged(srv, "DescribeDBClusters", map[string][]string{"": {`<DBClusters>
<DBCluster><DBClusterIdentifier>ledger</DBClusterIdentifier><DBClusterArn>arn:aws:rds:eu-west-1:123456789012:cluster:ledger</DBClusterArn>
 <Engine>aurora-postgresql</Engine><EngineMode>provisioned</EngineMode><StorageEncrypted>true</StorageEncrypted>
 <KmsKeyId>arn:aws:kms:eu-west-1:123456789012:key/k-rds</KmsKeyId><BackupRetentionPeriod>7</BackupRetentionPeriod>
 <DeletionProtection>true</DeletionProtection><IAMDatabaseAuthenticationEnabled>false</IAMDatabaseAuthenticationEnabled><MultiAZ>true</MultiAZ><LatestRestorableTime>2026-03-01T11:58:00Z</LatestRestorableTime>
 <TagList><Tag><Key>app</Key><Value>ledger</Value></Tag></TagList>
</DBCluster></DBClusters>`, `<DBClusters>
<DBCluster><DBClusterIdentifier>reports</DBClusterIdentifier><DBClusterArn>arn:aws:rds:eu-west-1:123456789012:cluster:reports</DBClusterArn>
 <Engine>aurora-mysql</Engine><EngineMode>serverless</EngineMode><StorageEncrypted>false</StorageEncrypted>
 <BackupRetentionPeriod>1</BackupRetentionPeriod><DeletionProtection>false</DeletionProtection><IAMDatabaseAuthenticationEnabled>false</IAMDatabaseAuthenticationEnabled><MultiAZ>false</MultiAZ>
</DBCluster></DBClusters>`}})

	sink := storeCollect(sess, collectRDS)
	assert.Empty(t, sink.Issues(storeAccount, "eu-west-1"))
	calls := srv.Calls()
	assert.Equal(t, 2, calls[awstest.Op{Service: "rds", Action: "DescribeDBInstances"}])
	assert.Equal(t, 2, calls[awstest.Op{Service: "rds", Action: "DescribeDBClusters"}])
	// Two pages in the region, one call in the replica's region.
	assert.Equal(t, 3, calls[awstest.Op{Service: "rds", Action: "DescribeDBInstanceAutomatedBackups"}])

	insts := storeByID(t, sink, inventory.TypeRDSInstance)
	require.Len(t, insts, 3)
	orders := insts["arn:aws:rds:eu-west-1:123456789012:db:orders"]
	assert.Equal(t, map[string]string{"app": "shop", "dr-tier": "critical"}, orders.Tags)
	assert.Equal(t, map[string]any{
		"identifier": "orders", "engine": "postgres", "instance_class": "db.r6g.large",
		"storage_encrypted": true, "kms_key_id": "arn:aws:kms:eu-west-1:123456789012:key/k-rds",
		"backup_retention_period": int64(14), "multi_az": true, "deletion_protection": true,
		"publicly_accessible": false, "replicate_source_db": nil, "cluster_identifier": nil,
		"latest_restorable_time": "2026-03-01T11:55:00Z", "auto_minor_version_upgrade": true,
		"iam_database_authentication_enabled": false,
		// The retained backup of a deleted instance of the same name is not this instance's.
		"automated_backups": []any{
			map[string]any{"arn": "arn:aws:rds:eu-west-1:123456789012:auto-backup:ab-orders", "status": "active",
				"restore_window":          map[string]any{"earliest": "2026-02-15T00:05:00Z", "latest": "2026-03-01T11:55:00Z"},
				"backup_retention_period": int64(14), "region": "eu-west-1"},
			map[string]any{"arn": "arn:aws:rds:us-west-2:123456789012:auto-backup:ab-orders-dr", "status": "replicating",
				"restore_window":          map[string]any{"earliest": "2026-02-22T00:00:00Z", "latest": "2026-03-01T11:40:00Z"},
				"backup_retention_period": int64(7), "region": "us-west-2"},
		},
	}, orders.Attributes)

	replica := insts["arn:aws:rds:eu-west-1:123456789012:db:orders-replica"]
	assert.Equal(t, "orders", replica.Attributes["replicate_source_db"])
	assert.Equal(t, int64(0), replica.Attributes["backup_retention_period"])
	assert.Equal(t, true, replica.Attributes["publicly_accessible"])
	assert.Equal(t, false, replica.Attributes["auto_minor_version_upgrade"])
	assert.Equal(t, []any{}, replica.Attributes["automated_backups"])

	member := insts["arn:aws:rds:eu-west-1:123456789012:db:ledger-1"]
	assert.Equal(t, "ledger", member.Attributes["cluster_identifier"])

	clusters := storeByID(t, sink, inventory.TypeRDSCluster)
	require.Len(t, clusters, 2)
	assert.Equal(t, map[string]any{"identifier": "ledger", "engine": "aurora-postgresql", "engine_mode": "provisioned",
		"storage_encrypted": true, "kms_key_id": "arn:aws:kms:eu-west-1:123456789012:key/k-rds",
		"backup_retention_period": int64(7), "deletion_protection": true, "multi_az": true,
		"iam_database_authentication_enabled": false, "latest_restorable_time": "2026-03-01T11:58:00Z"}, clusters["arn:aws:rds:eu-west-1:123456789012:cluster:ledger"].Attributes)
	assert.Equal(t, map[string]string{"app": "ledger"}, clusters["arn:aws:rds:eu-west-1:123456789012:cluster:ledger"].Tags)
	reports := clusters["arn:aws:rds:eu-west-1:123456789012:cluster:reports"]
	assert.Equal(t, "serverless", reports.Attributes["engine_mode"])
	assert.Equal(t, false, reports.Attributes["storage_encrypted"])
	assert.Nil(t, reports.Attributes["latest_restorable_time"])
}

func TestRDSAccessDeniedAndThrottling(t *testing.T) {
	srv := awstest.New(t)
	sess := storeSession(srv, "eu-west-1")
	// DescribeDBInstances is throttled twice, then answered; the replica region denies its backups;
	// the cluster listing is denied.
	rdsPaged(srv, "DescribeDBInstances", map[string][]string{"": {rdsOrdersPage}})
	rdsFault(srv, storeFirstCalls(awstest.Action("rds", "DescribeDBInstances"), 2), http.StatusBadRequest, "Throttling")
	rdsPaged(srv, "DescribeDBInstanceAutomatedBackups", map[string][]string{"eu-west-1": {`<DBInstanceAutomatedBackups/>`}})
	srv.Handle(func(r *http.Request, op awstest.Op, _ []byte) bool {
		return op == awstest.Op{Service: "rds", Action: "DescribeDBInstanceAutomatedBackups"} && storeSigningRegion(r) == "us-west-2"
	}, func(w http.ResponseWriter, _ *http.Request, _ []byte) {
		w.Header().Set("Content-Type", "text/xml")
		w.WriteHeader(http.StatusForbidden)
		_, _ = io.WriteString(w, `<ErrorResponse xmlns="`+rdsNamespace+`"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>denied</Message></Error><RequestId>r2</RequestId></ErrorResponse>`)
	})
	srv.DenyQuery(awstest.Action("rds", "DescribeDBClusters"), "AccessDenied")

	sink := storeCollect(sess, collectRDS)
	assert.Equal(t, 3, srv.Calls()[awstest.Op{Service: "rds", Action: "DescribeDBInstances"}])
	storeNoIssue(t, sink, sess, "DescribeDBInstances")

	is := storeIssue(t, sink, sess, "DescribeDBClusters")
	assert.Equal(t, CodeAccessDenied, is.Code)
	assert.Equal(t, "rds", is.Service)
	assert.Equal(t, "eu-west-1", is.Region)
	assert.Empty(t, storeByID(t, sink, inventory.TypeRDSCluster))

	// The replicated backup could not be read: the instance's backup list is incomplete, so unknown.
	assert.Equal(t, CodeAccessDenied, storeIssue(t, sink, sess, "DescribeDBInstanceAutomatedBackups").Code)
	insts := storeByID(t, sink, inventory.TypeRDSInstance)
	orders := insts["arn:aws:rds:eu-west-1:123456789012:db:orders"]
	storeAssertUnknown(t, orders, "automated_backups")
	assert.Equal(t, true, orders.Attributes["storage_encrypted"])
	assert.Equal(t, []any{}, insts["arn:aws:rds:eu-west-1:123456789012:db:orders-replica"].Attributes["automated_backups"])
}

func TestRDSAutomatedBackupsDenied(t *testing.T) {
	srv := awstest.New(t)
	sess := storeSession(srv, "eu-west-1")
	rdsPaged(srv, "DescribeDBInstances", map[string][]string{"": {rdsAuroraMemberPage}})
	srv.DenyQuery(awstest.Action("rds", "DescribeDBInstanceAutomatedBackups"), "AccessDenied")

	sink := storeCollect(sess, collectRDS)
	is := storeIssue(t, sink, sess, "DescribeDBInstanceAutomatedBackups")
	assert.Equal(t, CodeAccessDenied, is.Code)
	m := storeByID(t, sink, inventory.TypeRDSInstance)["arn:aws:rds:eu-west-1:123456789012:db:ledger-1"]
	storeAssertUnknown(t, m, "automated_backups")
	assert.Equal(t, []string{"automated_backups"}, m.Unknown)
}
