package aws

import (
	"errors"

	"github.com/vigil-audit/vigil/internal/logfilter"
	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/scanners/iac"
)

// adaptLogs maps aws_cloudwatch_log_group and joins aws_cloudwatch_log_metric_filter by log_group_name
// (the group's name, or a reference to it). Each filter's pattern is classified into the CIS monitoring
// event classes it recognises (internal/logfilter).
func adaptLogs(ix *index) []*res {
	own := newOwners(ix)
	for _, b := range ix.managed("aws_cloudwatch_log_group") {
		r := newRes(b, inventory.TypeLogsLogGroup)
		name, st := r.nameFrom("name", "name")
		own.add(r, st != known, name)
		// 0 (or absent) keeps events forever: null.
		r.f.positive("retention_in_days", b, "retention_in_days", nil)
		r.f.str("kms_key_id", b, "kms_key_id", nil)
	}
	own.connect(ix.managed("aws_cloudwatch_log_metric_filter"), "log_group_name", "metric_filters")
	for _, r := range own.list {
		children := r.children["metric_filters"]
		if r.tainted["metric_filters"] || anyUncertain(children) {
			r.f.setUnknown("metric_filters")
			continue
		}
		elems := make([]*fields, 0, len(children))
		for _, c := range children {
			elems = append(elems, metricFilter(c))
		}
		r.f.list("metric_filters", elems, false)
	}
	return own.list
}

// metricFilter maps one metric filter block.
func metricFilter(c *iac.Block) *fields {
	e := newFields()
	e.str("name", c, "name", nil)
	e.str("metric_name", c, "metric_transformation.0.name", nil)
	e.str("metric_namespace", c, "metric_transformation.0.namespace", nil)
	pattern, st := getString(c, "pattern")
	switch st {
	case unknown:
		e.setUnknown("pattern")
		e.setUnknown("event_classes")
		e.setUnknown("pattern_error")
	default:
		e.set("pattern", pattern)
		classes, err := logfilter.Classify(pattern)
		setPatternFacts(e.set, classes, err)
	}
	return e
}

// setPatternFacts records what a pattern recognises. A pattern vigil does not evaluate (a term pattern, a
// regular expression) or cannot parse recognises nothing and says why in pattern_error.
func setPatternFacts(set func(string, any), classes []string, err error) {
	if err != nil {
		set("event_classes", []string{})
		msg := err.Error()
		if errors.Is(err, logfilter.ErrUnsupported) {
			msg = "not evaluated: " + msg
		}
		set("pattern_error", msg)
		return
	}
	set("event_classes", classes)
	set("pattern_error", nil)
}
