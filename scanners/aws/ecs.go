package aws

import (
	"context"
	"sort"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"

	"github.com/vigil-audit/vigil/inventory"
)

func init() {
	register(ServiceCollector{Service: ecsService, Collect: collectECS})
}

const ecsService = "ecs"

// collectECS reads the latest active revision of each active task definition family of the region.
// Environment variable values are dropped as they are read: only names reach the inventory.
func collectECS(ctx context.Context, sess *Session, sink *Sink) {
	c := ecs.NewFromConfig(sess.Cfg)
	var families []string
	p := ecs.NewListTaskDefinitionFamiliesPaginator(c, &ecs.ListTaskDefinitionFamiliesInput{Status: ecstypes.TaskDefinitionFamilyStatusActive})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			sink.Fail(sess, ecsService, "ListTaskDefinitionFamilies", err)
			break
		}
		families = append(families, page.Families...)
	}
	forEach(perResourceCalls, families, func(_ int, family string) {
		sink.Add(ecsTaskDefinition(ctx, c, sess, sink, family))
	})
}

func ecsTaskDefinition(ctx context.Context, c *ecs.Client, sess *Session, sink *Sink, family string) inventory.Resource {
	out, err := c.DescribeTaskDefinition(ctx, &ecs.DescribeTaskDefinitionInput{TaskDefinition: aws.String(family)})
	if err != nil || out.TaskDefinition == nil {
		r := sink.NewResource(sess, sess.ARN("ecs", sess.Region, "task-definition/"+family), inventory.TypeECSTaskDef, family,
			"ecs:ListTaskDefinitionFamilies")
		storeAttr(&r, "family", family)
		if err != nil {
			sink.Fail(sess, ecsService, "DescribeTaskDefinition", err)
		}
		for _, a := range []string{"network_mode", "pid_mode", "ipc_mode", "host_volume_paths", "containers"} {
			storeUnknown(&r, a)
		}
		return r
	}
	td := out.TaskDefinition
	arn := aws.ToString(td.TaskDefinitionArn)
	if arn == "" {
		arn = sess.ARN("ecs", sess.Region, "task-definition/"+family)
	}
	r := sink.NewResource(sess, arn, inventory.TypeECSTaskDef, family, "ecs:DescribeTaskDefinition")
	storeAttr(&r, "family", family)
	mode := string(td.NetworkMode)
	if mode == "" {
		mode = string(ecstypes.NetworkModeBridge)
	}
	storeAttr(&r, "network_mode", mode)
	if td.PidMode == "" {
		storeAttr(&r, "pid_mode", nil)
	} else {
		storeAttr(&r, "pid_mode", string(td.PidMode))
	}
	if td.IpcMode == "" {
		storeAttr(&r, "ipc_mode", nil)
	} else {
		storeAttr(&r, "ipc_mode", string(td.IpcMode))
	}
	hostPaths := []string{}
	for _, v := range td.Volumes {
		if v.Host != nil && aws.ToString(v.Host.SourcePath) != "" {
			hostPaths = append(hostPaths, aws.ToString(v.Host.SourcePath))
		}
	}
	sort.Strings(hostPaths)
	storeAttr(&r, "host_volume_paths", hostPaths)
	containers := make([]any, 0, len(td.ContainerDefinitions))
	for _, cd := range td.ContainerDefinitions {
		env := make([]string, 0, len(cd.Environment))
		for _, kv := range cd.Environment {
			if kv.Name != nil {
				env = append(env, *kv.Name) // never the value
			}
		}
		sort.Strings(env)
		secrets := make([]string, 0, len(cd.Secrets))
		for _, s := range cd.Secrets {
			if s.Name != nil {
				secrets = append(secrets, *s.Name)
			}
		}
		sort.Strings(secrets)
		var driver any
		if cd.LogConfiguration != nil && cd.LogConfiguration.LogDriver != "" {
			driver = string(cd.LogConfiguration.LogDriver)
		}
		caps := []string{}
		if cd.LinuxParameters != nil && cd.LinuxParameters.Capabilities != nil {
			caps = append(caps, cd.LinuxParameters.Capabilities.Add...)
			sort.Strings(caps)
		}
		containers = append(containers, map[string]any{
			"name":                     nullString(cd.Name),
			"image":                    nullString(cd.Image),
			"privileged":               aws.ToBool(cd.Privileged),
			"user":                     nullString(cd.User),
			"readonly_root_filesystem": aws.ToBool(cd.ReadonlyRootFilesystem),
			"environment_names":        env,
			"secret_names":             secrets,
			"log_driver":               driver,
			"capabilities_add":         caps,
		})
	}
	storeAttr(&r, "containers", containers)
	return r
}
