package aws

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/smithy-go"

	"github.com/vigil-audit/vigil/inventory"
)

func init() {
	register(ServiceCollector{Service: iamService, Global: true, Collect: collectIAM})
}

const (
	iamService = "iam"
	// iamWorkers bounds the per-entity calls in flight for each listing (users, groups, roles and
	// policies are read at the same time): IAM's request rate is account-wide and low.
	iamWorkers = 4
)

// iamCollector reads IAM once per account: the account's root and password settings, the credential
// report, and every user, group, role and customer-managed policy with their policies.
type iamCollector struct {
	sess *Session
	sink *Sink
	api  *iam.Client
}

// iamEntity is a user, group, role or customer-managed policy under construction.
type iamEntity struct {
	res  inventory.Resource
	name string
	// attached lists the managed policies attached to a user, group or role; attachedKnown is false
	// when that list could not be read.
	attached      []string
	attachedKnown bool
	// attachmentCount is what ListPolicies says about a customer-managed policy.
	attachmentCount int
}

// iamEntities is one listing (users, groups, roles or policies); complete is false when a page of
// the listing failed, so entities may be missing.
type iamEntities struct {
	list     []*iamEntity
	complete bool
}

func collectIAM(ctx context.Context, sess *Session, sink *Sink) {
	c := &iamCollector{sess: sess, sink: sink, api: iam.NewFromConfig(sess.Cfg)}
	var (
		wg                             sync.WaitGroup
		summary                        map[string]int32
		summaryOK                      bool
		pwd                            map[string]any
		pwdOK                          bool
		report                         *credentialReport
		supportRoles                   []string
		supportOK                      bool
		certs                          []inventory.Resource
		users, groups, roles, policies iamEntities
	)
	run := func(fn func()) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fn()
		}()
	}
	run(func() { summary, summaryOK = c.accountSummary(ctx) })
	run(func() { pwd, pwdOK = c.passwordPolicy(ctx) })
	run(func() { report = c.credentialReport(ctx) })
	run(func() { supportRoles, supportOK = c.supportRoles(ctx) })
	run(func() { certs = c.serverCertificates(ctx) })
	run(func() { users = c.users(ctx) })
	run(func() { groups = c.groups(ctx) })
	run(func() { roles = c.roles(ctx) })
	run(func() { policies = c.policies(ctx) })
	wg.Wait()

	c.applyCredentialReport(users.list, report)
	c.policyAttachments(ctx, policies.list, []iamEntities{users, groups, roles})
	c.account(summary, summaryOK, pwd, pwdOK, report)
	c.sink.Account(c.sess, func(r *inventory.Resource) {
		if supportOK {
			r.Attributes["support_roles"] = supportRoles
		} else {
			r.MarkUnknown("support_roles")
		}
	})
	for _, r := range certs {
		c.sink.Add(r)
	}
	for _, l := range []iamEntities{users, groups, roles, policies} {
		for _, e := range l.list {
			c.sink.Add(e.res)
		}
	}
}

// iamPager is an IAM paginator yielding pages of type O.
type iamPager[O any] interface {
	HasMorePages() bool
	NextPage(context.Context, ...func(*iam.Options)) (O, error)
}

// iamAll reads every page of a listing and returns the items of all pages.
func iamAll[O, T any](ctx context.Context, p iamPager[O], items func(O) []T) ([]T, error) {
	var all []T
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		all = append(all, items(page)...)
	}
	return all, nil
}

// fail records a failed IAM call.
func (c *iamCollector) fail(api string, err error) { c.sink.Fail(c.sess, iamService, api, err) }

// newEntity starts an IAM resource. IAM is global: the resource has no region.
func (c *iamCollector) newEntity(arn, typ, name, path, api string) *iamEntity {
	r := c.sink.NewResource(c.sess, arn, typ, name, api)
	r.Region = ""
	r.Attributes["name"] = name
	r.Attributes["path"] = path
	return &iamEntity{res: r, name: name}
}

// accountSummary reads the account's entity usage (root MFA and root access keys among it).
func (c *iamCollector) accountSummary(ctx context.Context) (map[string]int32, bool) {
	out, err := c.api.GetAccountSummary(ctx, &iam.GetAccountSummaryInput{})
	if err != nil {
		c.fail("GetAccountSummary", err)
		return nil, false
	}
	return out.SummaryMap, true
}

// passwordPolicy reads the account password policy: nil when none is set (NoSuchEntity).
func (c *iamCollector) passwordPolicy(ctx context.Context) (map[string]any, bool) {
	out, err := c.api.GetAccountPasswordPolicy(ctx, &iam.GetAccountPasswordPolicyInput{})
	var nse *iamtypes.NoSuchEntityException
	switch {
	case errors.As(err, &nse):
		return nil, true
	case err != nil:
		c.fail("GetAccountPasswordPolicy", err)
		return nil, false
	}
	p := out.PasswordPolicy
	if p == nil {
		return nil, true
	}
	return map[string]any{
		"minimum_password_length":        optInt(p.MinimumPasswordLength),
		"require_symbols":                p.RequireSymbols,
		"require_numbers":                p.RequireNumbers,
		"require_uppercase_characters":   p.RequireUppercaseCharacters,
		"require_lowercase_characters":   p.RequireLowercaseCharacters,
		"max_password_age":               optInt(p.MaxPasswordAge),
		"password_reuse_prevention":      optInt(p.PasswordReusePrevention),
		"allow_users_to_change_password": p.AllowUsersToChangePassword,
		"hard_expiry":                    aws.ToBool(p.HardExpiry),
	}, true
}

// account records the account-wide IAM facts on aws.account. Root MFA and root access keys come from
// the account summary, or from the credential report's root row when the summary could not be read.
func (c *iamCollector) account(summary map[string]int32, summaryOK bool, pwd map[string]any, pwdOK bool, report *credentialReport) {
	c.sink.Account(c.sess, func(r *inventory.Resource) {
		var root *credentialRow
		if report != nil {
			root = report.root
		}
		switch {
		case summaryOK:
			r.Attributes["root_mfa_enabled"] = summary["AccountMFAEnabled"] == 1
			r.Attributes["root_access_keys_present"] = summary["AccountAccessKeysPresent"] == 1
		case root != nil:
			r.Attributes["root_mfa_enabled"] = root.mfaActive
			r.Attributes["root_access_keys_present"] = len(root.keys) > 0
		default:
			r.MarkUnknown("root_mfa_enabled")
			r.MarkUnknown("root_access_keys_present")
		}
		switch {
		case !pwdOK:
			r.MarkUnknown("password_policy")
		case pwd == nil:
			r.Attributes["password_policy"] = nil // no policy: an untyped null, not a nil map
		default:
			r.Attributes["password_policy"] = pwd
		}
	})
}

// users lists the users and reads each one's policies, MFA devices and tags.
func (c *iamCollector) users(ctx context.Context) iamEntities {
	var out iamEntities
	out.complete = true
	p := iam.NewListUsersPaginator(c.api, &iam.ListUsersInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			c.fail("ListUsers", err)
			out.complete = false
			break
		}
		for _, u := range page.Users {
			e := c.newEntity(aws.ToString(u.Arn), inventory.TypeIAMUser, aws.ToString(u.UserName), aws.ToString(u.Path), "ListUsers")
			out.list = append(out.list, e)
		}
	}
	forEach(iamWorkers, out.list, func(_ int, e *iamEntity) {
		name := aws.String(e.name)
		c.inlinePolicies(ctx, &e.res, "ListUserPolicies", "GetUserPolicy",
			func(ctx context.Context) ([]string, error) {
				return iamAll(ctx, iam.NewListUserPoliciesPaginator(c.api, &iam.ListUserPoliciesInput{UserName: name}),
					func(o *iam.ListUserPoliciesOutput) []string { return o.PolicyNames })
			},
			func(ctx context.Context, policy string) (string, error) {
				out, err := c.api.GetUserPolicy(ctx, &iam.GetUserPolicyInput{UserName: name, PolicyName: aws.String(policy)})
				if err != nil {
					return "", err
				}
				return aws.ToString(out.PolicyDocument), nil
			})
		c.attachedPolicies(ctx, e, "ListAttachedUserPolicies", func(ctx context.Context) ([]iamtypes.AttachedPolicy, error) {
			return iamAll(ctx, iam.NewListAttachedUserPoliciesPaginator(c.api, &iam.ListAttachedUserPoliciesInput{UserName: name}),
				func(o *iam.ListAttachedUserPoliciesOutput) []iamtypes.AttachedPolicy { return o.AttachedPolicies })
		})
		c.mfaDevices(ctx, e)
		c.tags(ctx, &e.res, "ListUserTags", func(ctx context.Context) ([]iamtypes.Tag, error) {
			return iamAll(ctx, iam.NewListUserTagsPaginator(c.api, &iam.ListUserTagsInput{UserName: name}),
				func(o *iam.ListUserTagsOutput) []iamtypes.Tag { return o.Tags })
		})
	})
	return out
}

// mfaDevices sets mfa_enabled: the user has at least one MFA device (virtual, hardware or passkey).
func (c *iamCollector) mfaDevices(ctx context.Context, e *iamEntity) {
	devices, err := iamAll(ctx, iam.NewListMFADevicesPaginator(c.api, &iam.ListMFADevicesInput{UserName: aws.String(e.name)}),
		func(o *iam.ListMFADevicesOutput) []iamtypes.MFADevice { return o.MFADevices })
	if err != nil {
		c.fail("ListMFADevices", err)
		e.res.MarkUnknown("mfa_enabled")
		return
	}
	e.res.Attributes["mfa_enabled"] = len(devices) > 0
}

// groups lists the groups and reads each one's members and policies.
func (c *iamCollector) groups(ctx context.Context) iamEntities {
	var out iamEntities
	out.complete = true
	p := iam.NewListGroupsPaginator(c.api, &iam.ListGroupsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			c.fail("ListGroups", err)
			out.complete = false
			break
		}
		for _, g := range page.Groups {
			e := c.newEntity(aws.ToString(g.Arn), inventory.TypeIAMGroup, aws.ToString(g.GroupName), aws.ToString(g.Path), "ListGroups")
			out.list = append(out.list, e)
		}
	}
	forEach(iamWorkers, out.list, func(_ int, e *iamEntity) {
		name := aws.String(e.name)
		c.groupMembers(ctx, e)
		c.inlinePolicies(ctx, &e.res, "ListGroupPolicies", "GetGroupPolicy",
			func(ctx context.Context) ([]string, error) {
				return iamAll(ctx, iam.NewListGroupPoliciesPaginator(c.api, &iam.ListGroupPoliciesInput{GroupName: name}),
					func(o *iam.ListGroupPoliciesOutput) []string { return o.PolicyNames })
			},
			func(ctx context.Context, policy string) (string, error) {
				out, err := c.api.GetGroupPolicy(ctx, &iam.GetGroupPolicyInput{GroupName: name, PolicyName: aws.String(policy)})
				if err != nil {
					return "", err
				}
				return aws.ToString(out.PolicyDocument), nil
			})
		c.attachedPolicies(ctx, e, "ListAttachedGroupPolicies", func(ctx context.Context) ([]iamtypes.AttachedPolicy, error) {
			return iamAll(ctx, iam.NewListAttachedGroupPoliciesPaginator(c.api, &iam.ListAttachedGroupPoliciesInput{GroupName: name}),
				func(o *iam.ListAttachedGroupPoliciesOutput) []iamtypes.AttachedPolicy { return o.AttachedPolicies })
		})
	})
	return out
}

// groupMembers sets members: the ARNs of the group's users, sorted.
func (c *iamCollector) groupMembers(ctx context.Context, e *iamEntity) {
	users, err := iamAll(ctx, iam.NewGetGroupPaginator(c.api, &iam.GetGroupInput{GroupName: aws.String(e.name)}),
		func(o *iam.GetGroupOutput) []iamtypes.User { return o.Users })
	if err != nil {
		c.fail("GetGroup", err)
		e.res.MarkUnknown("members")
		return
	}
	members := make([]string, 0, len(users))
	for _, u := range users {
		members = append(members, aws.ToString(u.Arn))
	}
	e.res.Attributes["members"] = sortedUnique(members)
}

// roles lists the roles with their trust policies, and reads each one's policies and tags.
func (c *iamCollector) roles(ctx context.Context) iamEntities {
	var out iamEntities
	out.complete = true
	p := iam.NewListRolesPaginator(c.api, &iam.ListRolesInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			c.fail("ListRoles", err)
			out.complete = false
			break
		}
		for _, role := range page.Roles {
			e := c.newEntity(aws.ToString(role.Arn), inventory.TypeIAMRole, aws.ToString(role.RoleName), aws.ToString(role.Path), "ListRoles")
			c.setDocument(&e.res, "assume_role_policy", aws.ToString(role.AssumeRolePolicyDocument), "ListRoles",
				"trust policy of role "+e.name)
			duration := int64(3600) // AWS's default, one hour
			if role.MaxSessionDuration != nil {
				duration = int64(*role.MaxSessionDuration)
			}
			e.res.Attributes["max_session_duration"] = duration
			out.list = append(out.list, e)
		}
	}
	forEach(iamWorkers, out.list, func(_ int, e *iamEntity) {
		name := aws.String(e.name)
		c.inlinePolicies(ctx, &e.res, "ListRolePolicies", "GetRolePolicy",
			func(ctx context.Context) ([]string, error) {
				return iamAll(ctx, iam.NewListRolePoliciesPaginator(c.api, &iam.ListRolePoliciesInput{RoleName: name}),
					func(o *iam.ListRolePoliciesOutput) []string { return o.PolicyNames })
			},
			func(ctx context.Context, policy string) (string, error) {
				out, err := c.api.GetRolePolicy(ctx, &iam.GetRolePolicyInput{RoleName: name, PolicyName: aws.String(policy)})
				if err != nil {
					return "", err
				}
				return aws.ToString(out.PolicyDocument), nil
			})
		c.attachedPolicies(ctx, e, "ListAttachedRolePolicies", func(ctx context.Context) ([]iamtypes.AttachedPolicy, error) {
			return iamAll(ctx, iam.NewListAttachedRolePoliciesPaginator(c.api, &iam.ListAttachedRolePoliciesInput{RoleName: name}),
				func(o *iam.ListAttachedRolePoliciesOutput) []iamtypes.AttachedPolicy { return o.AttachedPolicies })
		})
		c.tags(ctx, &e.res, "ListRoleTags", func(ctx context.Context) ([]iamtypes.Tag, error) {
			return iamAll(ctx, iam.NewListRoleTagsPaginator(c.api, &iam.ListRoleTagsInput{RoleName: name}),
				func(o *iam.ListRoleTagsOutput) []iamtypes.Tag { return o.Tags })
		})
	})
	return out
}

// policies lists the customer-managed policies and reads each one's default version and tags.
func (c *iamCollector) policies(ctx context.Context) iamEntities {
	var out iamEntities
	out.complete = true
	versions := map[*iamEntity]string{}
	p := iam.NewListPoliciesPaginator(c.api, &iam.ListPoliciesInput{Scope: iamtypes.PolicyScopeTypeLocal})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			c.fail("ListPolicies", err)
			out.complete = false
			break
		}
		for _, pol := range page.Policies {
			e := c.newEntity(aws.ToString(pol.Arn), inventory.TypeIAMPolicy, aws.ToString(pol.PolicyName), aws.ToString(pol.Path), "ListPolicies")
			e.attachmentCount = int(aws.ToInt32(pol.AttachmentCount))
			versions[e] = aws.ToString(pol.DefaultVersionId)
			out.list = append(out.list, e)
		}
	}
	forEach(iamWorkers, out.list, func(_ int, e *iamEntity) {
		arn := aws.String(e.res.ID)
		v, err := c.api.GetPolicyVersion(ctx, &iam.GetPolicyVersionInput{PolicyArn: arn, VersionId: aws.String(versions[e])})
		if err != nil {
			c.fail("GetPolicyVersion", err)
			e.res.MarkUnknown("document")
		} else {
			var doc string
			if v.PolicyVersion != nil {
				doc = aws.ToString(v.PolicyVersion.Document)
			}
			c.setDocument(&e.res, "document", doc, "GetPolicyVersion", "policy "+e.name)
		}
		c.tags(ctx, &e.res, "ListPolicyTags", func(ctx context.Context) ([]iamtypes.Tag, error) {
			return iamAll(ctx, iam.NewListPolicyTagsPaginator(c.api, &iam.ListPolicyTagsInput{PolicyArn: arn}),
				func(o *iam.ListPolicyTagsOutput) []iamtypes.Tag { return o.Tags })
		})
	})
	return out
}

// setDocument parses a URL-encoded policy document into attribute path; a document that cannot be
// parsed is unknown and recorded as a failed read of api.
func (c *iamCollector) setDocument(r *inventory.Resource, path, raw, api, what string) {
	doc, err := parsePolicyDocument(raw)
	if err != nil {
		c.fail(api, fmt.Errorf("%s: %w", what, err))
		r.MarkUnknown(path)
		return
	}
	r.Attributes[path] = doc
}

// inlinePolicies sets inline_policies: [{name, document}] in the canonical order. A policy whose
// document cannot be read keeps its name and has its document unknown.
func (c *iamCollector) inlinePolicies(ctx context.Context, r *inventory.Resource, listAPI, getAPI string,
	list func(context.Context) ([]string, error), get func(context.Context, string) (string, error)) {
	names, err := list(ctx)
	if err != nil {
		c.fail(listAPI, err)
		r.MarkUnknown("inline_policies")
		return
	}
	elems := make([]canonicalElem, 0, len(names))
	for _, n := range names {
		el := canonicalElem{vals: map[string]any{"name": n}}
		raw, err := get(ctx, n)
		if err != nil {
			c.fail(getAPI, err)
			el.unknown = append(el.unknown, "document")
		} else if doc, err := parsePolicyDocument(raw); err != nil {
			c.fail(getAPI, fmt.Errorf("inline policy %s of %s: %w", n, r.Name, err))
			el.unknown = append(el.unknown, "document")
		} else {
			el.vals["document"] = doc
		}
		elems = append(elems, el)
	}
	setCanonicalList(r, "inline_policies", elems)
}

// attachedPolicies sets managed_policy_arns, sorted.
func (c *iamCollector) attachedPolicies(ctx context.Context, e *iamEntity, api string, list func(context.Context) ([]iamtypes.AttachedPolicy, error)) {
	attached, err := list(ctx)
	if err != nil {
		c.fail(api, err)
		e.res.MarkUnknown("managed_policy_arns")
		return
	}
	arns := make([]string, 0, len(attached))
	for _, a := range attached {
		arns = append(arns, aws.ToString(a.PolicyArn))
	}
	e.attached = sortedUnique(arns)
	e.attachedKnown = true
	e.res.Attributes["managed_policy_arns"] = e.attached
}

// tags reads the tags of a user, role or policy (ListUsers, ListRoles and ListPolicies leave them out).
func (c *iamCollector) tags(ctx context.Context, r *inventory.Resource, api string, list func(context.Context) ([]iamtypes.Tag, error)) {
	tags, err := list(ctx)
	if err != nil {
		c.fail(api, err)
		r.MarkUnknown("tags")
		return
	}
	for _, t := range tags {
		r.Tags[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
}

// policyAttachments sets each customer-managed policy's attachments: the ARNs of the users, groups and
// roles it is attached to. They come from the principals' attachment lists when those are complete and
// agree with the policy's AttachmentCount, else from ListEntitiesForPolicy.
func (c *iamCollector) policyAttachments(ctx context.Context, policies []*iamEntity, principals []iamEntities) {
	byPolicy := map[string][]string{}
	complete := true
	byName := map[string]string{} // "user/alice" → ARN
	for _, l := range principals {
		complete = complete && l.complete
		for _, e := range l.list {
			byName[strings.TrimPrefix(e.res.Type, "aws.iam.")+"/"+e.name] = e.res.ID
			if !e.attachedKnown {
				complete = false
				continue
			}
			for _, arn := range e.attached {
				byPolicy[arn] = append(byPolicy[arn], e.res.ID)
			}
		}
	}
	forEach(iamWorkers, policies, func(_ int, p *iamEntity) {
		if found := byPolicy[p.res.ID]; complete && len(found) == p.attachmentCount {
			p.res.Attributes["attachments"] = sortedUnique(found)
			return
		}
		entities, err := c.entitiesForPolicy(ctx, p.res.ID, byName)
		if err != nil {
			c.fail("ListEntitiesForPolicy", err)
			p.res.MarkUnknown("attachments")
			return
		}
		p.res.Attributes["attachments"] = sortedUnique(entities)
	})
}

// errUnlistedPrincipal: ListEntitiesForPolicy named a principal that the listings did not return, so its
// ARN (which includes its path) cannot be told.
var errUnlistedPrincipal = errors.New("attached to a principal missing from the IAM listings")

// entitiesForPolicy lists the ARNs of the principals a policy is attached to.
func (c *iamCollector) entitiesForPolicy(ctx context.Context, arn string, byName map[string]string) ([]string, error) {
	var out []string
	lookup := func(kind, name string) error {
		a, ok := byName[kind+"/"+name]
		if !ok {
			return fmt.Errorf("policy %s: %s %s: %w", arn, kind, name, errUnlistedPrincipal)
		}
		out = append(out, a)
		return nil
	}
	p := iam.NewListEntitiesForPolicyPaginator(c.api, &iam.ListEntitiesForPolicyInput{PolicyArn: aws.String(arn)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("list entities for policy %s: %w", arn, err)
		}
		for _, u := range page.PolicyUsers {
			if err := lookup("user", aws.ToString(u.UserName)); err != nil {
				return nil, err
			}
		}
		for _, g := range page.PolicyGroups {
			if err := lookup("group", aws.ToString(g.GroupName)); err != nil {
				return nil, err
			}
		}
		for _, r := range page.PolicyRoles {
			if err := lookup("role", aws.ToString(r.RoleName)); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// serverCertificates lists the server certificates stored in IAM, with whether each has expired when it
// was collected. A failed listing is recorded; the certificates it would have shown are missing.
func (c *iamCollector) serverCertificates(ctx context.Context) []inventory.Resource {
	list, err := iamAll(ctx, iam.NewListServerCertificatesPaginator(c.api, &iam.ListServerCertificatesInput{}),
		func(o *iam.ListServerCertificatesOutput) []iamtypes.ServerCertificateMetadata {
			return o.ServerCertificateMetadataList
		})
	if err != nil {
		c.fail("ListServerCertificates", err)
		return nil
	}
	now := c.sink.now().UTC()
	out := make([]inventory.Resource, 0, len(list))
	for _, m := range list {
		name := aws.ToString(m.ServerCertificateName)
		r := c.newEntity(aws.ToString(m.Arn), inventory.TypeIAMServerCert, name, aws.ToString(m.Path), "ListServerCertificates").res
		if m.Expiration == nil {
			r.Attributes["expiration"] = nil
			r.MarkUnknown("expired")
		} else {
			r.Attributes["expiration"] = m.Expiration.UTC().Format(time.RFC3339)
			r.Attributes["expired"] = !m.Expiration.After(now)
		}
		out = append(out, r)
	}
	return out
}

// supportAccessPolicy is the AWS managed policy that lets a principal open and manage AWS Support cases.
const supportAccessPolicy = "policy/AWSSupportAccess"

// supportRoles lists the names of the roles the AWSSupportAccess policy is attached to, sorted.
func (c *iamCollector) supportRoles(ctx context.Context) ([]string, bool) {
	arn := "arn:" + c.sess.Partition + ":iam::aws:" + supportAccessPolicy
	var names []string
	p := iam.NewListEntitiesForPolicyPaginator(c.api, &iam.ListEntitiesForPolicyInput{
		PolicyArn: aws.String(arn), EntityFilter: iamtypes.EntityTypeRole})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			c.fail("ListEntitiesForPolicy", err)
			return nil, false
		}
		for _, r := range page.PolicyRoles {
			names = append(names, aws.ToString(r.RoleName))
		}
	}
	return sortedUnique(names), true
}

// optInt converts an optional AWS integer to an int64, or nil when absent.
func optInt(v *int32) any {
	if v == nil {
		return nil
	}
	return int64(*v)
}

// sortedUnique returns the strings sorted without duplicates, never nil (so JSON shows []).
func sortedUnique(s []string) []string {
	out := append([]string{}, s...)
	sort.Strings(out)
	n := 0
	for i, v := range out {
		if i == 0 || v != out[n-1] {
			out[n] = v
			n++
		}
	}
	return out[:n]
}

// apiErrorCode returns the AWS error code of err, or "".
func apiErrorCode(err error) string {
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) {
		return apiErr.ErrorCode()
	}
	return ""
}

// credentialReportPoll and credentialReportTimeout bound the wait for IAM to generate the credential
// report (it takes seconds for most accounts, and AWS reuses a report for four hours).
var (
	credentialReportPoll    = 2 * time.Second
	credentialReportTimeout = 2 * time.Minute
)

// credentialReport is the parsed IAM credential report: the root user's row and each user's, by ARN.
type credentialReport struct {
	root  *credentialRow
	users map[string]*credentialRow
	// at is when IAM generated the report: the ages of credentials are counted up to it.
	at time.Time
}

// credentialRow is one row of the credential report.
type credentialRow struct {
	passwordEnabled bool
	mfaActive       bool
	keys            []any // canonical access_keys elements
	// passwordSince is when the password was last used or, never used, last set (else the user's
	// creation): the start of its idle time. nil when unknown.
	passwordSince any
}

// credentialReport generates the credential report (waiting a bounded time for IAM to finish it) and
// reads it. It returns nil when the report cannot be had; the failed calls are recorded.
func (c *iamCollector) credentialReport(ctx context.Context) *credentialReport {
	c.generateCredentialReport(ctx)
	out, err := c.api.GetCredentialReport(ctx, &iam.GetCredentialReportInput{})
	if err != nil {
		c.fail("GetCredentialReport", err)
		return nil
	}
	rep, err := parseCredentialReport(out.Content)
	if err != nil {
		c.fail("GetCredentialReport", err)
		return nil
	}
	rep.at = c.sink.now().UTC()
	if out.GeneratedTime != nil {
		rep.at = out.GeneratedTime.UTC()
	}
	return rep
}

// generateCredentialReport asks IAM for a fresh report and polls until it is complete or the wait is
// over. A failure is recorded, and a report generated earlier (IAM keeps one for four hours) may still
// be read.
func (c *iamCollector) generateCredentialReport(ctx context.Context) {
	deadline := time.Now().Add(credentialReportTimeout)
	for {
		out, err := c.api.GenerateCredentialReport(ctx, &iam.GenerateCredentialReportInput{})
		if err != nil {
			c.fail("GenerateCredentialReport", err)
			return
		}
		if out.State == iamtypes.ReportStateTypeComplete || !time.Now().Add(credentialReportPoll).Before(deadline) {
			return
		}
		t := time.NewTimer(credentialReportPoll)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
	}
}

// credentialRootUser is the user column of the root user's row.
const credentialRootUser = "<root_account>"

// parseCredentialReport reads the report's CSV by column name.
func parseCredentialReport(content []byte) (*credentialReport, error) {
	rows, err := csv.NewReader(bytes.NewReader(content)).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("parse credential report: %w", err)
	}
	if len(rows) == 0 {
		return nil, errors.New("parse credential report: empty report")
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	for _, h := range []string{"user", "arn", "password_enabled", "mfa_active"} {
		if _, ok := col[h]; !ok {
			return nil, fmt.Errorf("parse credential report: no %q column", h)
		}
	}
	cell := func(row []string, name string) string {
		if i, ok := col[name]; ok && i < len(row) {
			return row[i]
		}
		return ""
	}
	rep := &credentialReport{users: map[string]*credentialRow{}}
	for _, row := range rows[1:] {
		cr := &credentialRow{
			passwordEnabled: cell(row, "password_enabled") == "true",
			mfaActive:       cell(row, "mfa_active") == "true",
			keys:            []any{},
			passwordSince:   firstTime(cell(row, "password_last_used"), cell(row, "password_last_changed"), cell(row, "user_creation_time")),
		}
		for _, n := range []string{"1", "2"} {
			p := "access_key_" + n + "_"
			created := reportTime(cell(row, p+"last_rotated"))
			if created == nil {
				continue // no key in this slot
			}
			status := "Inactive"
			if cell(row, p+"active") == "true" {
				status = "Active"
			}
			cr.keys = append(cr.keys, map[string]any{
				"id": nil, "status": status, "created": created, "last_used": reportTime(cell(row, p+"last_used_date")),
			})
		}
		if cell(row, "user") == credentialRootUser {
			rep.root = cr
			continue
		}
		rep.users[cell(row, "arn")] = cr
	}
	return rep, nil
}

// firstTime is the first of the report timestamps that is one (reportTime), or nil.
func firstTime(cells ...string) any {
	for _, c := range cells {
		if t := reportTime(c); t != nil {
			return t
		}
	}
	return nil
}

// daysBetween counts the whole days from an RFC 3339 time (a reportTime) to at; nil for nil, and 0 for a
// time after at.
func daysBetween(from any, at time.Time) any {
	s, ok := from.(string)
	if !ok {
		return nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return nil
	}
	if d := at.Sub(t); d > 0 {
		return int64(d / (24 * time.Hour))
	}
	return int64(0)
}

// withAges returns access_keys elements with age_days (since created) and days_unused (since last use,
// or since created for a key never used), counted up to at.
func withAges(keys []any, at time.Time) []any {
	out := make([]any, len(keys))
	for i, k := range keys {
		m := map[string]any{}
		for f, v := range k.(map[string]any) {
			m[f] = v
		}
		m["age_days"] = daysBetween(m["created"], at)
		since := m["last_used"]
		if since == nil {
			since = m["created"]
		}
		m["days_unused"] = daysBetween(since, at)
		out[i] = m
	}
	return out
}

// reportTime normalises a credential report timestamp to RFC 3339 UTC; "N/A", "no_information" and
// "not_supported" are nil.
func reportTime(s string) any {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return nil
	}
	return t.UTC().Format(time.RFC3339)
}

// applyCredentialReport sets console_access and access_keys of every user from the report, and
// mfa_enabled where ListMFADevices could not be read.
func (c *iamCollector) applyCredentialReport(users []*iamEntity, rep *credentialReport) {
	for _, e := range users {
		r := &e.res
		row := (*credentialRow)(nil)
		if rep != nil {
			row = rep.users[r.ID]
		}
		if row == nil {
			// No report, or a user created after it was generated.
			r.MarkUnknown("console_access")
			r.MarkUnknown("access_keys")
			r.MarkUnknown("password_days_unused")
			continue
		}
		r.Attributes["console_access"] = row.passwordEnabled
		r.Attributes["access_keys"] = withAges(row.keys, rep.at)
		r.Attributes["password_days_unused"] = nil
		if d := daysBetween(row.passwordSince, rep.at); row.passwordEnabled && d != nil {
			r.Attributes["password_days_unused"] = d
		} else if row.passwordEnabled {
			r.MarkUnknown("password_days_unused")
		}
		if r.IsUnknown("mfa_enabled") {
			r.Attributes["mfa_enabled"] = row.mfaActive
			r.Unknown = removePath(r.Unknown, "mfa_enabled")
		}
	}
}

// removePath drops one unknown path.
func removePath(paths []string, path string) []string {
	out := paths[:0]
	for _, p := range paths {
		if p != path {
			out = append(out, p)
		}
	}
	return out
}

// parsePolicyDocument decodes an IAM policy document as the IAM API returns it (URL-encoded, RFC 3986)
// or as other services do (plain JSON), and normalises it like the Terraform adapters: Statement is a
// list, and Action, NotAction, Resource and NotResource are lists of strings.
func parsePolicyDocument(raw string) (map[string]any, error) {
	s := strings.TrimSpace(raw)
	if !strings.HasPrefix(s, "{") {
		dec, err := url.PathUnescape(s)
		if err != nil {
			return nil, fmt.Errorf("url-decode policy document: %w", err)
		}
		s = strings.TrimSpace(dec)
	}
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	var doc any
	if err := d.Decode(&doc); err != nil {
		return nil, fmt.Errorf("parse policy document: %w", err)
	}
	if d.More() {
		return nil, errors.New("parse policy document: trailing data")
	}
	return inventory.NormalizePolicyDocument(doc)
}

// canonicalElem is one element of a list attribute with the unknown paths inside it.
type canonicalElem struct {
	vals    map[string]any
	unknown []string
}

// canonicalSort orders the elements of a list attribute whose order carries no meaning (Terraform
// sets: inline policies, lifecycle rules and transitions) the way the Terraform adapters do — by the
// JSON form of each element's values and unknown paths — so live and Terraform inventories agree.
func canonicalSort(elems []canonicalElem) []canonicalElem {
	keys := make(map[int]string, len(elems))
	for i, e := range elems {
		u := append([]string{}, e.unknown...)
		sort.Strings(u)
		b, _ := json.Marshal(struct {
			V map[string]any
			U []string
		}{e.vals, u})
		keys[i] = string(b)
	}
	idx := make([]int, len(elems))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return keys[idx[a]] < keys[idx[b]] })
	out := make([]canonicalElem, len(elems))
	for pos, i := range idx {
		out[pos] = elems[i]
	}
	return out
}

// canonicalValues returns the elements' values in canonical order.
func canonicalValues(elems []canonicalElem) []any {
	out := make([]any, 0, len(elems))
	for _, e := range canonicalSort(elems) {
		out = append(out, e.vals)
	}
	return out
}

// setCanonicalList stores a list attribute in canonical order; the unknown paths inside elements are
// recorded as path.<index>.<sub-path>.
func setCanonicalList(r *inventory.Resource, path string, elems []canonicalElem) {
	sorted := canonicalSort(elems)
	out := make([]any, len(sorted))
	for i, e := range sorted {
		out[i] = e.vals
		for _, u := range e.unknown {
			r.MarkUnknown(path + "." + strconv.Itoa(i) + "." + u)
		}
	}
	r.Attributes[path] = out
}
