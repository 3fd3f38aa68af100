package aws

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/vigil-audit/vigil/scanners/aws/awstest"
)

// benchEstate is the account BenchmarkCollect reads: 5,000 resources of the kinds a real account has
// many of, each with the per-resource calls its collector makes. IAM users, roles and KMS keys stay
// at 100: kumo lists no more than that (it returns no pagination marker).
var benchEstate = []struct {
	kind  string
	count int
	make  func(ctx context.Context, cfg aws.Config, i int) error
}{
	{"aws.ec2.security_group", 2000, func(ctx context.Context, cfg aws.Config, i int) error {
		_, err := ec2.NewFromConfig(cfg).CreateSecurityGroup(ctx, &ec2.CreateSecurityGroupInput{
			GroupName: aws.String(fmt.Sprintf("bench-sg-%04d", i)), Description: aws.String("bench")})
		return err
	}},
	{"aws.ec2.instance", 1700, func(ctx context.Context, cfg aws.Config, _ int) error {
		_, err := ec2.NewFromConfig(cfg).RunInstances(ctx, &ec2.RunInstancesInput{ImageId: aws.String("ami-12345678"),
			InstanceType: "t3.micro", MinCount: aws.Int32(1), MaxCount: aws.Int32(1)})
		return err
	}},
	{"aws.iam.user", 100, func(ctx context.Context, cfg aws.Config, i int) error {
		_, err := iam.NewFromConfig(cfg).CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String(fmt.Sprintf("bench-user-%04d", i))})
		return err
	}},
	{"aws.iam.role", 100, func(ctx context.Context, cfg aws.Config, i int) error {
		_, err := iam.NewFromConfig(cfg).CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String(fmt.Sprintf("bench-role-%04d", i)),
			AssumeRolePolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}`)})
		return err
	}},
	{"aws.dynamodb.table", 600, func(ctx context.Context, cfg aws.Config, i int) error {
		_, err := dynamodb.NewFromConfig(cfg).CreateTable(ctx, &dynamodb.CreateTableInput{TableName: aws.String(fmt.Sprintf("bench-table-%04d", i)),
			BillingMode:          ddbtypes.BillingModePayPerRequest,
			AttributeDefinitions: []ddbtypes.AttributeDefinition{{AttributeName: aws.String("pk"), AttributeType: ddbtypes.ScalarAttributeTypeS}},
			KeySchema:            []ddbtypes.KeySchemaElement{{AttributeName: aws.String("pk"), KeyType: ddbtypes.KeyTypeHash}}})
		return err
	}},
	{"aws.s3.bucket", 400, func(ctx context.Context, cfg aws.Config, i int) error {
		_, err := s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true }).CreateBucket(ctx,
			&s3.CreateBucketInput{Bucket: aws.String(fmt.Sprintf("bench-bucket-%04d", i))})
		return err
	}},
	{"aws.kms.key", 100, func(ctx context.Context, cfg aws.Config, i int) error {
		_, err := kms.NewFromConfig(cfg).CreateKey(ctx, &kms.CreateKeyInput{Description: aws.String(fmt.Sprintf("bench key %d", i))})
		return err
	}},
}

// benchSeed creates the estate once per test binary: kumo keeps its state in package-level storage,
// shared by every emulator the binary starts (go test -count N reuses it).
var benchSeed struct {
	once sync.Once
	err  error
}

// seedBench creates the estate through the emulator (once), 16 requests at a time.
func seedBench(b *testing.B, srv *awstest.Server) {
	b.Helper()
	benchSeed.once.Do(func() { benchSeed.err = createBenchEstate(srv) })
	if benchSeed.err != nil {
		b.Fatal(benchSeed.err)
	}
	colAnswerGaps(srv)
}

func createBenchEstate(srv *awstest.Server) error {
	ctx := context.Background()
	cfg := srv.Config("eu-west-1")
	type job struct {
		make func(ctx context.Context, cfg aws.Config, i int) error
		kind string
		i    int
	}
	jobs := make(chan job)
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
	)
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				if err := j.make(ctx, cfg, j.i); err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = fmt.Errorf("create %s #%d: %w", j.kind, j.i, err)
					}
					mu.Unlock()
				}
			}
		}()
	}
	for _, e := range benchEstate {
		for i := range e.count {
			jobs <- job{make: e.make, kind: e.kind, i: i}
		}
	}
	close(jobs)
	wg.Wait()
	return firstErr
}

// BenchmarkCollect measures a whole collection of one account and region of about 5,000 resources
// with 50 ms added to every call (a realistic round trip to AWS), at the default concurrency.
// It reports the wall time (ns/op), the API operations made and the resources collected.
//
//	go test ./scanners/aws/ -run '^$' -bench BenchmarkCollect -benchtime 1x
func BenchmarkCollect(b *testing.B) {
	srv := awstest.New(b)
	seedBench(b, srv)
	srv.SetDelay(50 * time.Millisecond)
	cfg := srv.Config("eu-west-1")
	opts := Options{BaseConfig: &cfg, Regions: []string{"eu-west-1"}, CallTimeout: 30 * time.Second}

	var calls, resources, failed int
	var last Summary
	for b.Loop() {
		inv, sum, err := Collect(context.Background(), opts)
		if err != nil {
			b.Fatal(err)
		}
		last = sum
		calls, resources = sum.TotalCalls(), len(inv.Resources)
		failed = 0
		for _, f := range sum.Failed {
			failed += f.Count
		}
	}
	b.ReportMetric(float64(calls), "calls/op")
	b.ReportMetric(float64(resources), "resources/op")
	b.ReportMetric(float64(failed), "failed/op")
	var out strings.Builder
	_ = last.Write(&out)
	b.Log("\n" + out.String())
}
