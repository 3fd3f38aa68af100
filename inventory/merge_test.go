package inventory

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func shard(path string, at time.Time, errs []Issue, resources ...Resource) *Inventory {
	inv := New()
	inv.GeneratedAt = &at
	inv.Sources = []Source{{Kind: SourceAWS, Path: path, Errors: errs}}
	inv.Resources = resources
	inv.Normalize()
	return inv
}

func bucket(id string, versioning bool) Resource {
	return Resource{ID: id, Type: TypeS3Bucket, Name: id, Account: "111122223333", Region: "eu-west-1",
		Attributes: map[string]any{"versioning": map[string]any{"enabled": versioning}}}
}

func TestMerge(t *testing.T) {
	t1 := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	t2 := t1.Add(time.Hour)
	denied := []Issue{{Code: "AccessDenied", Message: "denied", Service: "s3", API: "ListBuckets", Region: "eu-west-1"}}
	tests := []struct {
		name      string
		parts     []Named
		wantIDs   []string
		wantPaths []string
		complete  bool
		wantErr   []string
	}{
		{
			name: "shards concatenated, resources sorted",
			parts: []Named{
				{"a.json", shard("111122223333/eu-west-1", t1, nil, bucket("arn:aws:s3:::b", true))},
				{"b.json", shard("444455556666/eu-west-1", t2, nil, bucket("arn:aws:s3:::a", false))},
			},
			wantIDs: []string{"arn:aws:s3:::a", "arn:aws:s3:::b"}, wantPaths: []string{"111122223333/eu-west-1", "444455556666/eu-west-1"},
			complete: true,
		},
		{
			name: "one incomplete shard makes the run incomplete",
			parts: []Named{
				{"a.json", shard("111122223333/eu-west-1", t1, nil, bucket("arn:aws:s3:::b", true))},
				{"b.json", shard("444455556666/eu-west-1", t2, denied)},
			},
			wantIDs: []string{"arn:aws:s3:::b"}, wantPaths: []string{"111122223333/eu-west-1", "444455556666/eu-west-1"},
		},
		{
			name: "the same file twice: every resource and source once",
			parts: []Named{
				{"a.json", shard("111122223333/eu-west-1", t1, nil, bucket("arn:aws:s3:::b", true))},
				{"copy.json", shard("111122223333/eu-west-1", t1, nil, bucket("arn:aws:s3:::b", true))},
			},
			wantIDs: []string{"arn:aws:s3:::b"}, wantPaths: []string{"111122223333/eu-west-1"}, complete: true,
		},
		{
			name: "one id with different contents names both files",
			parts: []Named{
				{"a.json", shard("111122223333/eu-west-1", t1, nil, bucket("arn:aws:s3:::b", true))},
				{"other/b.json", shard("111122223333/eu-west-1", t2, nil, bucket("arn:aws:s3:::b", false))},
			},
			wantErr: []string{`resource id "arn:aws:s3:::b" is in a.json and in other/b.json with different contents`},
		},
		{
			name: "one id with different types says so",
			parts: []Named{
				{"a.json", shard("x", t1, nil, bucket("id-1", true))},
				{"b.json", shard("y", t1, nil, Resource{ID: "id-1", Type: TypeKMSKey, Name: "k"})},
			},
			wantErr: []string{"a.json and in b.json", "type aws.s3.bucket and aws.kms.key"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Merge(tt.parts)
			if tt.wantErr != nil {
				require.Error(t, err)
				for _, w := range tt.wantErr {
					assert.Contains(t, err.Error(), w)
				}
				return
			}
			require.NoError(t, err)
			var ids, paths []string
			for _, r := range got.Resources {
				ids = append(ids, r.ID)
			}
			for _, s := range got.Sources {
				paths = append(paths, s.Path)
			}
			assert.Equal(t, tt.wantIDs, ids)
			assert.Equal(t, tt.wantPaths, paths)
			assert.Equal(t, tt.complete, got.Complete())
		})
	}
}

func TestMergeTakesTheLatestGenerationTime(t *testing.T) {
	t1 := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	t2 := t1.Add(3 * time.Hour)
	got, err := Merge([]Named{{"a", shard("a", t2, nil)}, {"b", shard("b", t1, nil)}})
	require.NoError(t, err)
	require.NotNil(t, got.GeneratedAt)
	assert.Equal(t, t2, *got.GeneratedAt)
}
