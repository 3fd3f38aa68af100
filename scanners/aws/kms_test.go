package aws

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	kmstypes "github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/scanners/aws/awstest"
)

// govJSONAnswer answers a JSON-protocol action (KMS, CloudTrail, Config) with fn's result, given the
// decoded request.
func govJSONAnswer(srv *awstest.Server, service, action string, fn func(req map[string]any) string) {
	srv.Handle(awstest.Action(service, action), func(w http.ResponseWriter, _ *http.Request, body []byte) {
		var req map[string]any
		_ = json.Unmarshal(body, &req)
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		_, _ = w.Write([]byte(fn(req)))
	})
}

// govJSONError answers a JSON-protocol request with an error when match says so; other requests go on.
func govJSONError(srv *awstest.Server, service, action string, match func(req map[string]any) bool, status int, code string) {
	srv.Handle(func(r *http.Request, op awstest.Op, body []byte) bool {
		if op.Service != service || op.Action != action {
			return false
		}
		var req map[string]any
		_ = json.Unmarshal(body, &req)
		return match(req)
	}, func(w http.ResponseWriter, _ *http.Request, _ []byte) {
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(`{"__type":"` + code + `","message":"` + code + `"}`))
	})
}

func TestKMSCollectsCustomerManagedKeys(t *testing.T) {
	srv := awstest.New(t)
	sess := govSession(t, srv, "us-east-1")
	ctx := context.Background()
	api := kms.NewFromConfig(sess.Cfg)
	create := func(in *kms.CreateKeyInput) string {
		out, err := api.CreateKey(ctx, in)
		require.NoError(t, err)
		id := aws.ToString(out.KeyMetadata.KeyId)
		// kumo's state is process-wide: leave keys pending deletion, which collectors skip.
		t.Cleanup(func() {
			_, _ = api.ScheduleKeyDeletion(ctx, &kms.ScheduleKeyDeletionInput{KeyId: aws.String(id), PendingWindowInDays: aws.Int32(7)})
		})
		return id
	}
	sym := create(&kms.CreateKeyInput{Description: aws.String("app data"),
		Tags: []kmstypes.Tag{{TagKey: aws.String("app"), TagValue: aws.String("payments")}}})
	sign := create(&kms.CreateKeyInput{KeySpec: kmstypes.KeySpecRsa2048, KeyUsage: kmstypes.KeyUsageTypeSignVerify})
	gone := create(&kms.CreateKeyInput{})
	_, err := api.ScheduleKeyDeletion(ctx, &kms.ScheduleKeyDeletionInput{KeyId: aws.String(gone), PendingWindowInDays: aws.Int32(7)})
	require.NoError(t, err)
	// kumo cannot enable rotation: answer GetKeyRotationStatus for the symmetric key.
	var (
		mu            sync.Mutex
		rotationAsked []string
	)
	srv.Handle(awstest.Action("kms", "GetKeyRotationStatus"), func(w http.ResponseWriter, _ *http.Request, body []byte) {
		var req struct{ KeyId string }
		_ = json.Unmarshal(body, &req)
		mu.Lock()
		rotationAsked = append(rotationAsked, req.KeyId)
		mu.Unlock()
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		_, _ = w.Write([]byte(`{"KeyRotationEnabled":true,"KeyId":"` + req.KeyId + `","RotationPeriodInDays":365}`))
	})

	sink := govSink()
	collectKMS(ctx, sess, sink)
	assert.Empty(t, sink.Issues(govAccount, "us-east-1"))
	byName := map[string]inventory.Resource{}
	for _, r := range schemaValid(t, sink.Resources()) {
		if r.Type == inventory.TypeKMSKey {
			byName[r.Name] = r
		}
	}

	k := byName[sym]
	assert.Equal(t, "us-east-1", k.Region)
	assert.Contains(t, k.ID, ":key/"+sym)
	assert.Equal(t, "app data", k.Attributes["description"])
	assert.Equal(t, "SYMMETRIC_DEFAULT", k.Attributes["key_spec"])
	assert.Equal(t, "ENCRYPT_DECRYPT", k.Attributes["key_usage"])
	assert.Equal(t, "AWS_KMS", k.Attributes["origin"])
	assert.Equal(t, true, k.Attributes["rotation_enabled"])
	assert.Equal(t, false, k.Attributes["multi_region"])
	pol, ok := k.Attributes["policy"].(map[string]any)
	require.True(t, ok, "the key policy in effect (kumo's default policy)")
	assert.Equal(t, []string{"kms:*"}, pol["Statement"].([]any)[0].(map[string]any)["Action"])
	assert.Equal(t, map[string]string{"app": "payments"}, k.Tags)
	assert.Equal(t, []string{"deletion_window_in_days"}, k.Unknown)
	assert.NotContains(t, k.Attributes, "deletion_window_in_days")
	assert.Equal(t, "Enabled", k.Attributes["key_state"])
	assert.Equal(t, false, k.Attributes["pending_deletion"])
	assert.Nil(t, k.Attributes["deletion_date"])

	s := byName[sign]
	assert.Equal(t, "RSA_2048", s.Attributes["key_spec"])
	assert.Equal(t, "SIGN_VERIFY", s.Attributes["key_usage"])
	assert.Equal(t, false, s.Attributes["rotation_enabled"], "cannot rotate: off, scoped out by key_spec")
	mu.Lock()
	defer mu.Unlock()
	assert.NotContains(t, rotationAsked, sign, "rotation status is not asked for keys that cannot rotate")

	g, ok := byName[gone]
	require.True(t, ok, "keys pending deletion are collected")
	assert.Equal(t, "PendingDeletion", g.Attributes["key_state"])
	assert.Equal(t, true, g.Attributes["pending_deletion"])
	date, err := time.Parse(time.RFC3339, g.Attributes["deletion_date"].(string))
	require.NoError(t, err)
	assert.WithinDuration(t, time.Now().Add(7*24*time.Hour), date, 24*time.Hour, "the 7-day window scheduled above")
	assert.Equal(t, []string{"rotation_enabled"}, g.Unknown)
	// AWS documents PendingDeletionWindowInDays for PendingReplicaDeletion only; kumo gives it here too.
	assert.Equal(t, int64(7), g.Attributes["deletion_window_in_days"])
	assert.NotContains(t, rotationAsked, gone, "rotation status is not asked for keys pending deletion")

	// KMS.3 fails the key pending deletion and passes the other; KMS.1 does not judge it; KMS.2 passes
	// kumo's default key policy (the account's root only).
	got := datasvcStatuses(t, []inventory.Resource{k, g}, "KMS")
	assert.Equal(t, map[string]string{
		sym + " KMS.1": "pass", sym + " KMS.2": "pass", sym + " KMS.3": "pass",
		gone + " KMS.1": "not_applicable", gone + " KMS.2": "pass", gone + " KMS.3": "fail",
	}, got)
}

func TestKMSPaginationManagedKeysAndFailures(t *testing.T) {
	srv := awstest.New(t)
	sess := govSession(t, srv, "eu-west-1")
	arn := func(id string) string { return "arn:aws:kms:eu-west-1:123456789012:key/" + id }
	govJSONAnswer(srv, "kms", "ListKeys", func(req map[string]any) string {
		if req["Marker"] == nil {
			return `{"Keys":[{"KeyId":"k-aws","KeyArn":"` + arn("k-aws") + `"},{"KeyId":"k-denied","KeyArn":"` + arn("k-denied") + `"}],"NextMarker":"m2","Truncated":true}`
		}
		return `{"Keys":[{"KeyId":"k-cust","KeyArn":"` + arn("k-cust") + `"},{"KeyId":"k-ext","KeyArn":"` + arn("k-ext") + `"}],"Truncated":false}`
	})
	govJSONAnswer(srv, "kms", "DescribeKey", func(req map[string]any) string {
		id := req["KeyId"].(string)
		md := map[string]any{"KeyId": id, "Arn": arn(id), "KeyState": "Enabled", "KeyManager": "CUSTOMER", "KeySpec": "SYMMETRIC_DEFAULT",
			"KeyUsage": "ENCRYPT_DECRYPT", "Origin": "AWS_KMS", "MultiRegion": true, "Description": "", "CreationDate": 1.7e9, "Enabled": true}
		switch id {
		case "k-aws":
			md["KeyManager"] = "AWS"
		case "k-ext":
			md["Origin"] = "EXTERNAL"
			md["MultiRegion"] = false
		}
		b, _ := json.Marshal(map[string]any{"KeyMetadata": md})
		return string(b)
	})
	govJSONError(srv, "kms", "DescribeKey", func(req map[string]any) bool { return req["KeyId"] == "k-denied" }, http.StatusBadRequest, "AccessDeniedException")
	govJSONError(srv, "kms", "GetKeyRotationStatus", func(map[string]any) bool { return true }, http.StatusBadRequest, "ThrottlingException")
	govJSONAnswer(srv, "kms", "GetKeyPolicy", func(req map[string]any) string {
		if req["KeyId"] != "k-ext" {
			return `{"Policy":"{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::123456789012:root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}}","PolicyName":"default"}`
		}
		return `{"Policy":"{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"kms:Decrypt\",\"Resource\":\"*\"}]}","PolicyName":"default"}`
	})
	// Later handlers take precedence: this one answers k-cust only.
	govJSONError(srv, "kms", "GetKeyPolicy", func(req map[string]any) bool { return req["KeyId"] == "k-cust" }, http.StatusBadRequest, "AccessDeniedException")
	govJSONAnswer(srv, "kms", "ListResourceTags", func(map[string]any) string { return `{"Tags":[],"Truncated":false}` })

	sink := govSink()
	collectKMS(context.Background(), sess, sink)
	got := govByID(t, sink)

	assert.NotContains(t, got, arn("k-aws"), "AWS managed keys are left out")
	denied := got[arn("k-denied")]
	assert.ElementsMatch(t, append([]string{"deletion_window_in_days"}, kmsKeyAttributes...), denied.Unknown, "kept, everything unknown")
	cust := got[arn("k-cust")]
	assert.Equal(t, true, cust.Attributes["multi_region"])
	assert.ElementsMatch(t, []string{"deletion_window_in_days", "rotation_enabled", "policy"}, cust.Unknown)
	ext := got[arn("k-ext")]
	assert.Equal(t, "EXTERNAL", ext.Attributes["origin"])
	assert.Equal(t, false, ext.Attributes["rotation_enabled"], "imported key material cannot rotate automatically")
	assert.Equal(t, []string{"kms:Decrypt"}, ext.Attributes["policy"].(map[string]any)["Statement"].([]any)[0].(map[string]any)["Action"])
	// KMS.2 fails the key open to anyone; the key whose policy was denied is unknown.
	assert.Equal(t, map[string]string{"k-ext KMS.2": "fail", "k-cust KMS.2": "unknown"},
		filterStatuses(datasvcStatuses(t, []inventory.Resource{cust, ext}, "KMS"), "KMS.2"))

	is := govIssue(t, sink, govAccount, "eu-west-1", "GetKeyRotationStatus")
	assert.Equal(t, CodeThrottling, is.Code)
	assert.Equal(t, "kms", is.Service)
	assert.Equal(t, CodeAccessDenied, govIssue(t, sink, govAccount, "eu-west-1", "DescribeKey").Code)
	assert.Equal(t, 3, srv.Calls()[awstest.Op{Service: "kms", Action: "GetKeyRotationStatus"}], "one key, three attempts")
	assert.Equal(t, 2, srv.Calls()[awstest.Op{Service: "kms", Action: "ListKeys"}])
}

// filterStatuses keeps the "name RULE" entries of one rule.
func filterStatuses(all map[string]string, rule string) map[string]string {
	out := map[string]string{}
	for k, v := range all {
		if strings.HasSuffix(k, " "+rule) {
			out[k] = v
		}
	}
	return out
}
