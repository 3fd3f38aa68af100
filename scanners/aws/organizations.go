package aws

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/smithy-go"

	"github.com/vigil-audit/vigil/inventory"
)

func init() {
	register(ServiceCollector{Service: "organizations", Global: true, Collect: collectOrganizations})
}

// notInOrganization is Organizations' answer for an account that belongs to no organization: a known
// fact, not a failure.
const notInOrganization = "AWSOrganizationsNotInUseException"

func isNotInOrganization(err error) bool {
	var apiErr smithy.APIError
	return errors.As(err, &apiErr) && apiErr.ErrorCode() == notInOrganization
}

// accountState is an account's lifecycle state: State, or the Status it replaces when only that is set.
func accountState(a orgtypes.Account) string {
	if a.State != "" {
		return string(a.State)
	}
	return string(a.Status)
}

// organizationAccounts lists the ACTIVE accounts of the caller's organization, sorted (for --org).
func organizationAccounts(ctx context.Context, cfg aws.Config) ([]string, error) {
	client := organizations.NewFromConfig(cfg)
	var ids []string
	p := organizations.NewListAccountsPaginator(client, &organizations.ListAccountsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			if isNotInOrganization(err) {
				return nil, fmt.Errorf("--org: the caller's account belongs to no organization: %w", err)
			}
			return nil, fmt.Errorf("--org: organizations ListAccounts: %w", err)
		}
		for _, a := range page.Accounts {
			if accountState(a) == string(orgtypes.AccountStateActive) {
				ids = append(ids, aws.ToString(a.Id))
			}
		}
	}
	sort.Strings(ids)
	return ids, nil
}

// collectOrganizations records the account's organization on aws.account and, in the management
// account, every member account as an aws.organizations.account.
func collectOrganizations(ctx context.Context, sess *Session, sink *Sink) {
	client := organizations.NewFromConfig(sess.Cfg)
	out, err := client.DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{})
	switch {
	case isNotInOrganization(err):
		sink.Account(sess, func(r *inventory.Resource) {
			r.Attributes["organization"] = map[string]any{
				"enabled": false, "id": nil, "management_account_id": nil, "management_account": false, "feature_set": nil,
			}
		})
		return
	case err != nil:
		sink.Fail(sess, "organizations", "DescribeOrganization", err)
		sink.Account(sess, func(r *inventory.Resource) { r.MarkUnknown("organization") })
		return
	}
	org := out.Organization
	if org == nil {
		org = &orgtypes.Organization{}
	}
	management := aws.ToString(org.MasterAccountId) == sess.Account
	sink.Account(sess, func(r *inventory.Resource) {
		r.Attributes["organization"] = map[string]any{
			"enabled":               true,
			"id":                    aws.ToString(org.Id),
			"management_account_id": aws.ToString(org.MasterAccountId),
			"management_account":    management,
			"feature_set":           string(org.FeatureSet),
		}
	})
	if management {
		collectOrganizationAccounts(ctx, sess, sink, client)
	}
}

// collectOrganizationAccounts reads the member accounts, with their tags (the management account only:
// a member cannot list its organization).
func collectOrganizationAccounts(ctx context.Context, sess *Session, sink *Sink, client *organizations.Client) {
	p := organizations.NewListAccountsPaginator(client, &organizations.ListAccountsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			sink.Fail(sess, "organizations", "ListAccounts", err)
			return
		}
		for _, a := range page.Accounts {
			sink.Add(organizationAccount(ctx, sess, sink, client, a))
		}
	}
}

func organizationAccount(ctx context.Context, sess *Session, sink *Sink, client *organizations.Client, a orgtypes.Account) inventory.Resource {
	id := aws.ToString(a.Id)
	arn := aws.ToString(a.Arn)
	if arn == "" {
		arn = "arn:" + sess.Partition + ":organizations::" + sess.Account + ":account/" + id
	}
	r := sink.NewResource(sess, arn, inventory.TypeOrganizationsAccount, aws.ToString(a.Name), "organizations:ListAccounts")
	r.Region = "" // organizations is global
	var joined any
	if a.JoinedTimestamp != nil {
		joined = a.JoinedTimestamp.UTC().Format(time.RFC3339)
	}
	r.Attributes["id"] = id
	r.Attributes["name"] = aws.ToString(a.Name)
	r.Attributes["email"] = aws.ToString(a.Email)
	r.Attributes["state"] = accountState(a)
	r.Attributes["joined_method"] = string(a.JoinedMethod)
	r.Attributes["joined_at"] = joined
	r.Attributes["management_account"] = id == sess.Account

	tags := organizations.NewListTagsForResourcePaginator(client, &organizations.ListTagsForResourceInput{ResourceId: aws.String(id)})
	for tags.HasMorePages() {
		page, err := tags.NextPage(ctx)
		if err != nil {
			sink.Fail(sess, "organizations", "ListTagsForResource", err)
			r.MarkUnknown("tags")
			r.Tags = map[string]string{}
			break
		}
		for _, t := range page.Tags {
			r.Tags[aws.ToString(t.Key)] = aws.ToString(t.Value)
		}
	}
	return r
}
