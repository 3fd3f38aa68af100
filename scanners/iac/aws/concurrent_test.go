package aws_test

import (
	"context"
	"reflect"
	"runtime"
	"testing"

	"github.com/vigil-audit/vigil/bench/gen/treegen"
	"github.com/vigil-audit/vigil/scanners/iac/aws"
	"github.com/vigil-audit/vigil/scanners/terraform"
)

// TestAdaptConcurrentMatchesSequential checks that adapting services concurrently gives exactly the
// resources of a single goroutine, on a generated tree that exercises every join.
func TestAdaptConcurrentMatchesSequential(t *testing.T) {
	dir := t.TempDir()
	if err := treegen.Write(dir, 400, 5); err != nil {
		t.Fatal(err)
	}
	res, err := terraform.Load(context.Background(), dir, terraform.Options{})
	if err != nil {
		t.Fatal(err)
	}
	prev := runtime.GOMAXPROCS(1)
	want := aws.Adapt(res.Blocks)
	runtime.GOMAXPROCS(max(prev, 4))
	got := aws.Adapt(res.Blocks)
	runtime.GOMAXPROCS(prev)
	if len(want) == 0 || !reflect.DeepEqual(got, want) {
		t.Fatalf("concurrent Adapt differs from sequential Adapt (%d vs %d resources)", len(got), len(want))
	}
}
