package aws

import (
	"context"
	"errors"
	"net"
	"strings"

	"github.com/aws/smithy-go"
)

// Error classes recorded in the inventory for failed calls. Rules report the affected attributes as
// unknown with this reason; none of them is ever a pass.
const (
	CodeAccessDenied  = "AccessDenied"
	CodeThrottling    = "Throttling"
	CodeOptInRequired = "OptInRequired"
	CodeNotFound      = "NotFound"
	CodeTimeout       = "Timeout"
	CodeCanceled      = "Canceled"
	CodeUnknownError  = "Error"
)

// Classify maps an SDK error to one of the codes above, or to the service's own error code when it
// is none of them (so "NoSuchBucketPolicy" stays readable).
func Classify(err error) string {
	if err == nil {
		return ""
	}
	if errors.Is(err, context.Canceled) {
		return CodeCanceled
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return CodeTimeout
	}
	var netErr net.Error
	if errors.As(err, &netErr) && netErr.Timeout() {
		return CodeTimeout
	}
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) {
		return CodeUnknownError
	}
	code := apiErr.ErrorCode()
	switch {
	case code == "AccessDenied" || code == "AccessDeniedException" || code == "UnauthorizedOperation" ||
		code == "AuthorizationError" || code == "Forbidden" || strings.HasSuffix(code, "AccessDenied"):
		return CodeAccessDenied
	case code == "Throttling" || code == "ThrottlingException" || code == "ThrottledException" ||
		code == "RequestLimitExceeded" || code == "TooManyRequestsException" || code == "SlowDown" ||
		code == "RequestThrottled" || code == "RequestThrottledException" || code == "ProvisionedThroughputExceededException":
		return CodeThrottling
	case code == "OptInRequired" || code == "SubscriptionRequiredException":
		return CodeOptInRequired
	case strings.HasPrefix(code, "NoSuch") || strings.HasSuffix(code, "NotFound") ||
		strings.HasSuffix(code, "NotFoundException") || code == "ResourceNotFoundException":
		return CodeNotFound
	}
	return code
}
