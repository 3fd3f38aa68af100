// Package awstest runs an AWS emulator for the collector's tests: kumo (an in-process emulator) behind
// a front handler of our own that answers the operations kumo lacks in AWS's wire format, and injects
// faults (AccessDenied, throttling, slow responses) into any operation. Everything listens on 127.0.0.1.
package awstest

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/sivchari/kumo"
)

// Op identifies an operation in a request: the signing service (from the Authorization header's
// credential scope) and the action (query-protocol Action, or the X-Amz-Target of JSON protocols).
// REST protocols (S3, EFS, Backup) have no action name: match them with a Matcher on method and path.
type Op struct {
	Service string // signing name: "iam", "ec2", "s3", "backup", "elasticfilesystem", ...
	Action  string // "GetAccountPasswordPolicy", "DescribeVolumes", or "" for REST operations
}

// Matcher decides whether a handler answers a request. body is the request body (already read).
type Matcher func(r *http.Request, op Op, body []byte) bool

// Action matches a query or JSON protocol operation by service and action name.
func Action(service, action string) Matcher {
	return func(_ *http.Request, op Op, _ []byte) bool { return op.Service == service && op.Action == action }
}

// REST matches a REST operation by service, method and a path prefix (and, optionally, a query key
// that must be present, e.g. "policyStatus" for S3's GetBucketPolicyStatus).
func REST(service, method, pathPrefix, queryKey string) Matcher {
	return func(r *http.Request, op Op, _ []byte) bool {
		if op.Service != service || r.Method != method || !strings.HasPrefix(r.URL.Path, pathPrefix) {
			return false
		}
		if queryKey == "" {
			return true
		}
		_, ok := r.URL.Query()[queryKey]
		return ok
	}
}

type route struct {
	match   Matcher
	handler func(w http.ResponseWriter, r *http.Request, body []byte)
}

// Server is the emulator endpoint tests point the SDK at.
type Server struct {
	URL   string
	kumo  *kumo.Server
	front *httptest.Server
	proxy *httputil.ReverseProxy

	mu     sync.Mutex
	routes []route
	calls  map[Op]int
	delay  time.Duration
}

// New starts kumo and the front handler; both stop when the test ends.
//
// kumo keeps its resources in package-level storage: every Server of a test binary shares them, across
// tests and across -count runs. Use names no other test uses, do not assume an empty account, and
// delete what a test creates (t.Cleanup), or answer through the front handler instead.
func New(t testing.TB) *Server {
	t.Helper()
	k := kumo.NewServer()
	target, err := url.Parse(k.URL)
	if err != nil {
		t.Fatalf("parse kumo URL: %v", err)
	}
	s := &Server{kumo: k, proxy: httputil.NewSingleHostReverseProxy(target), calls: map[Op]int{}}
	s.front = httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = s.front.URL
	t.Cleanup(func() {
		s.front.Close()
		k.Close()
	})
	return s
}

// Handle answers matching requests with fn instead of kumo. Later handlers take precedence.
func (s *Server) Handle(m Matcher, fn func(w http.ResponseWriter, r *http.Request, body []byte)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.routes = append([]route{{match: m, handler: fn}}, s.routes...)
}

// Respond answers matching requests with a fixed status, content type and body.
func (s *Server) Respond(m Matcher, status int, contentType, body string) {
	s.Handle(m, func(w http.ResponseWriter, _ *http.Request, _ []byte) {
		w.Header().Set("Content-Type", contentType)
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	})
}

// DenyQuery makes a query-protocol operation (IAM, EC2, RDS, STS, ...) fail with AccessDenied.
func (s *Server) DenyQuery(m Matcher, code string) {
	s.Respond(m, http.StatusForbidden, "text/xml",
		`<ErrorResponse><Error><Type>Sender</Type><Code>`+code+`</Code><Message>User is not authorized to perform this operation</Message></Error><RequestId>r1</RequestId></ErrorResponse>`)
}

// DenyJSON makes a JSON-protocol operation (DynamoDB, KMS, CloudTrail, Config, Organizations) fail.
func (s *Server) DenyJSON(m Matcher, code string, status int) {
	s.Respond(m, status, "application/x-amz-json-1.1",
		`{"__type":"`+code+`","message":"User is not authorized to perform this operation"}`)
}

// DenyREST makes a REST-XML operation (S3) fail with the given S3-style error code.
func (s *Server) DenyREST(m Matcher, code string, status int) {
	s.Respond(m, status, "application/xml",
		`<?xml version="1.0" encoding="UTF-8"?><Error><Code>`+code+`</Code><Message>denied</Message><RequestId>r1</RequestId></Error>`)
}

// SetDelay adds latency to every request, to measure collection under realistic round trips.
func (s *Server) SetDelay(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.delay = d
}

// Calls returns how many requests each operation received.
func (s *Server) Calls() map[Op]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[Op]int, len(s.calls))
	for k, v := range s.calls {
		out[k] = v
	}
	return out
}

// Config returns an SDK config for region that talks to the emulator with static credentials.
func (s *Server) Config(region string) aws.Config {
	return aws.Config{
		Region:       region,
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDTEST", "secret", ""),
		BaseEndpoint: aws.String(s.URL),
		HTTPClient:   http.DefaultClient,
	}
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	_ = r.Body.Close()
	op := identify(r, body)
	s.mu.Lock()
	s.calls[op]++
	delay := s.delay
	routes := s.routes
	s.mu.Unlock()
	if delay > 0 {
		select {
		case <-time.After(delay):
		case <-r.Context().Done():
			return
		}
	}
	for _, rt := range routes {
		if rt.match(r, op, body) {
			rt.handler(w, r, body)
			return
		}
	}
	r.Body = io.NopCloser(strings.NewReader(string(body)))
	r.ContentLength = int64(len(body))
	s.proxy.ServeHTTP(w, r)
}

// identify reads the signing service and the action of a request.
func identify(r *http.Request, body []byte) Op {
	var op Op
	if auth := r.Header.Get("Authorization"); auth != "" {
		// Credential=AKID/20260101/eu-west-1/iam/aws4_request
		if i := strings.Index(auth, "Credential="); i >= 0 {
			parts := strings.Split(strings.SplitN(auth[i+len("Credential="):], ",", 2)[0], "/")
			if len(parts) >= 4 {
				op.Service = parts[3]
			}
		}
	}
	if target := r.Header.Get("X-Amz-Target"); target != "" {
		if i := strings.LastIndexByte(target, '.'); i >= 0 {
			op.Action = target[i+1:]
		}
		return op
	}
	if a := r.URL.Query().Get("Action"); a != "" {
		op.Action = a
		return op
	}
	if strings.Contains(r.Header.Get("Content-Type"), "x-www-form-urlencoded") {
		if v, err := url.ParseQuery(string(body)); err == nil {
			op.Action = v.Get("Action")
		}
	}
	return op
}
