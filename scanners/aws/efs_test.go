package aws

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/scanners/aws/awstest"
)

// EFS speaks REST-JSON, which kumo does not emulate: every answer here is in AWS's wire format.

// efsPath matches a GET of exactly path.
func efsPath(path string) awstest.Matcher {
	return func(r *http.Request, op awstest.Op, _ []byte) bool {
		return op.Service == "elasticfilesystem" && r.Method == http.MethodGet && r.URL.Path == path
	}
}

// efsReply answers matching requests with status, an error type header when code is set, and body.
func efsReply(srv *awstest.Server, m awstest.Matcher, status int, code, body string) {
	srv.Handle(m, func(w http.ResponseWriter, _ *http.Request, _ []byte) {
		w.Header().Set("Content-Type", "application/json")
		if code != "" {
			w.Header().Set("X-Amzn-ErrorType", code+":http://internal.amazon.com/coral/com.amazon.coral.service/")
		}
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	})
}

func efsFileSystemJSON(id, name, encrypted, kms string) string {
	s := `{"OwnerId":"123456789012","CreationToken":"tf-` + id + `","FileSystemId":"` + id + `",` +
		`"FileSystemArn":"arn:aws:elasticfilesystem:eu-west-1:123456789012:file-system/` + id + `",` +
		`"CreationTime":1767225600.0,"LifeCycleState":"available","NumberOfMountTargets":2,` +
		`"SizeInBytes":{"Value":6144,"ValueInIA":0,"ValueInStandard":6144},"PerformanceMode":"generalPurpose",` +
		`"ThroughputMode":"bursting","Encrypted":` + encrypted
	if kms != "" {
		s += `,"KmsKeyId":"` + kms + `"`
	}
	if name != "" {
		s += `,"Name":"` + name + `","Tags":[{"Key":"Name","Value":"` + name + `"},{"Key":"app","Value":"cms"}]`
	} else {
		s += `,"Tags":[]`
	}
	return s + `}`
}

func TestEFSFileSystemsAndBackupPolicies(t *testing.T) {
	srv := awstest.New(t)
	sess := storeSession(srv, "eu-west-1")
	const key = "arn:aws:kms:eu-west-1:123456789012:key/k-efs"
	// Two pages, following Marker / NextMarker.
	srv.Handle(efsPath("/2015-02-01/file-systems"), func(w http.ResponseWriter, r *http.Request, _ []byte) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Query().Get("Marker") {
		case "":
			_, _ = io.WriteString(w, `{"FileSystems":[`+efsFileSystemJSON("fs-0a1", "shared", "true", key)+`,`+
				efsFileSystemJSON("fs-0b2", "", "false", "")+`],"NextMarker":"m2"}`)
		case "m2":
			_, _ = io.WriteString(w, `{"Marker":"m2","FileSystems":[`+efsFileSystemJSON("fs-0c3", "scratch", "true", key)+`,`+
				efsFileSystemJSON("fs-0d4", "", "true", key)+`]}`)
		default:
			w.WriteHeader(http.StatusBadRequest)
		}
	})
	efsReply(srv, efsPath("/2015-02-01/file-systems/fs-0a1/backup-policy"), http.StatusOK, "",
		`{"BackupPolicy":{"Status":"ENABLED"}}`)
	efsReply(srv, efsPath("/2015-02-01/file-systems/fs-0b2/backup-policy"), http.StatusNotFound, "PolicyNotFound",
		`{"ErrorCode":"PolicyNotFound","Message":"File system 'fs-0b2' does not have a backup policy."}`)
	efsReply(srv, efsPath("/2015-02-01/file-systems/fs-0c3/backup-policy"), http.StatusForbidden, "AccessDeniedException",
		`{"message":"User: arn:aws:iam::123456789012:user/audit is not authorized to perform: elasticfilesystem:DescribeBackupPolicy"}`)
	// fs-0d4: throttled twice, then answered.
	efsReply(srv, efsPath("/2015-02-01/file-systems/fs-0d4/backup-policy"), http.StatusOK, "",
		`{"BackupPolicy":{"Status":"DISABLING"}}`)
	efsReply(srv, storeFirstCalls(efsPath("/2015-02-01/file-systems/fs-0d4/backup-policy"), 2), http.StatusTooManyRequests,
		"ThrottlingException", `{"ErrorCode":"ThrottlingException","Message":"Rate exceeded"}`)

	sink := storeCollect(sess, collectEFS)
	fss := storeByID(t, sink, inventory.TypeEFSFileSystem)
	require.Len(t, fss, 4)
	arn := func(id string) string { return "arn:aws:elasticfilesystem:eu-west-1:123456789012:file-system/" + id }

	shared := fss[arn("fs-0a1")]
	assert.Equal(t, "shared", shared.Name)
	assert.Equal(t, "elasticfilesystem:DescribeFileSystems", shared.Source.API)
	assert.Equal(t, map[string]string{"Name": "shared", "app": "cms"}, shared.Tags)
	assert.Equal(t, map[string]any{"encrypted": true, "kms_key_id": key,
		"backup_policy": map[string]any{"status": "ENABLED"}}, shared.Attributes)
	assert.Empty(t, shared.Unknown)

	// No backup policy is a known answer: automatic backups are off.
	plain := fss[arn("fs-0b2")]
	assert.Equal(t, "fs-0b2", plain.Name)
	assert.Equal(t, map[string]any{"encrypted": false, "kms_key_id": nil,
		"backup_policy": map[string]any{"status": "DISABLED"}}, plain.Attributes)
	assert.Empty(t, plain.Unknown)

	denied := fss[arn("fs-0c3")]
	storeAssertUnknown(t, denied, "backup_policy.status")
	assert.Equal(t, true, denied.Attributes["encrypted"])

	assert.Equal(t, "DISABLING", fss[arn("fs-0d4")].Attributes["backup_policy"].(map[string]any)["status"])

	issues := sink.Issues(storeAccount, "eu-west-1")
	require.Len(t, issues, 1, "only the denied call is an issue: %v", issues)
	assert.Equal(t, inventory.Issue{Code: CodeAccessDenied, Message: issues[0].Message, Service: "efs",
		API: "DescribeBackupPolicy", Region: "eu-west-1"}, issues[0])
	assert.True(t, strings.Contains(issues[0].Message, "AccessDeniedException"), issues[0].Message)

	calls := srv.Calls()
	assert.Equal(t, 2+4+2, calls[awstest.Op{Service: "elasticfilesystem"}],
		"two list pages, one policy read per file system, two throttled retries")
}

func TestEFSListingDenied(t *testing.T) {
	srv := awstest.New(t)
	sess := storeSession(srv, "eu-west-1")
	efsReply(srv, efsPath("/2015-02-01/file-systems"), http.StatusForbidden, "AccessDeniedException",
		`{"message":"not authorized to perform: elasticfilesystem:DescribeFileSystems"}`)

	sink := storeCollect(sess, collectEFS)
	assert.Empty(t, storeByID(t, sink, inventory.TypeEFSFileSystem))
	is := storeIssue(t, sink, sess, "DescribeFileSystems")
	assert.Equal(t, CodeAccessDenied, is.Code)
	assert.Equal(t, "efs", is.Service)
	assert.Equal(t, "eu-west-1", is.Region)
}
