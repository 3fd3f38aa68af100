package aws

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/accessanalyzer"
	aatypes "github.com/aws/aws-sdk-go-v2/service/accessanalyzer/types"

	"github.com/vigil-audit/vigil/inventory"
)

func init() {
	register(ServiceCollector{Service: accessAnalyzerService, Collect: collectAccessAnalyzer})
}

const accessAnalyzerService = "access-analyzer"

// collectAccessAnalyzer records on aws.account whether IAM Access Analyzer watches the region for external
// access: regions.<region>.access_analyzer_active is true when an analyzer of type ACCOUNT or ORGANIZATION
// (the external access analyzers; the *_UNUSED_ACCESS ones do not look for external access) is ACTIVE.
func collectAccessAnalyzer(ctx context.Context, sess *Session, sink *Sink) {
	api := accessanalyzer.NewFromConfig(sess.Cfg)
	path := "regions." + sess.Region + ".access_analyzer_active"
	active := false
	p := accessanalyzer.NewListAnalyzersPaginator(api, &accessanalyzer.ListAnalyzersInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			sink.Fail(sess, accessAnalyzerService, "ListAnalyzers", err)
			sink.Account(sess, func(r *inventory.Resource) { setAttrPath(r, path, nil); r.MarkUnknown(path) })
			return
		}
		for _, a := range page.Analyzers {
			external := a.Type == aatypes.TypeAccount || a.Type == aatypes.TypeOrganization
			active = active || (external && a.Status == aatypes.AnalyzerStatusActive)
		}
	}
	sink.Account(sess, func(r *inventory.Resource) { setAttrPath(r, path, active) })
}
