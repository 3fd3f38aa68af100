package aws

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"

	"github.com/vigil-audit/vigil/inventory"
	"github.com/vigil-audit/vigil/scanners/iac"
)

// adaptECS maps aws_ecs_task_definition, reading its container definitions.
func adaptECS(ix *index) []*res {
	var out []*res
	for _, b := range ix.managed("aws_ecs_task_definition") {
		r := newRes(b, inventory.TypeECSTaskDef)
		r.nameFrom("family", "family")
		r.f.str("network_mode", b, "network_mode", "bridge")
		r.f.str("pid_mode", b, "pid_mode", nil)
		r.f.str("ipc_mode", b, "ipc_mode", nil)
		ecsHostVolumes(r.f, b)
		s, st := getString(b, "container_definitions")
		switch {
		case st == known && !unknownWithin(b, "container_definitions"):
			if cs, err := parseContainerDefinitions([]byte(s)); err == nil {
				r.f.set("containers", cs)
			} else {
				r.f.setUnknown("containers")
			}
		case st == absent:
			r.f.set("containers", []any{})
		default:
			r.f.setUnknown("containers")
		}
		out = append(out, r)
	}
	return out
}

// Bounds on a container definitions document: AWS accepts at most 10 containers per task definition
// (a quota that can be raised), and a task definition of at most 64 KiB.
const (
	maxContainerDefinitions     = 100
	maxContainerDefinitionBytes = 1 << 20
)

// containerDefinition holds the fields of an ECS container definition vigil reads. Environment values
// are not decoded: only names are kept, so a secret never reaches the inventory.
type containerDefinition struct {
	Name                   *string `json:"name"`
	Image                  *string `json:"image"`
	Privileged             *bool   `json:"privileged"`
	User                   *string `json:"user"`
	ReadonlyRootFilesystem *bool   `json:"readonlyRootFilesystem"`
	Environment            []struct {
		Name *string `json:"name"`
	} `json:"environment"`
	Secrets []struct {
		Name *string `json:"name"`
	} `json:"secrets"`
	LogConfiguration *struct {
		LogDriver *string `json:"logDriver"`
	} `json:"logConfiguration"`
	LinuxParameters *struct {
		Capabilities *struct {
			Add []string `json:"add"`
		} `json:"capabilities"`
	} `json:"linuxParameters"`
}

// parseContainerDefinitions decodes a container definitions document (the JSON array ECS takes) into
// the canonical containers list.
func parseContainerDefinitions(doc []byte) ([]any, error) {
	if len(doc) > maxContainerDefinitionBytes {
		return nil, fmt.Errorf("container definitions of %d bytes: more than %d", len(doc), maxContainerDefinitionBytes)
	}
	var defs []containerDefinition
	d := json.NewDecoder(bytes.NewReader(doc))
	if err := d.Decode(&defs); err != nil {
		return nil, fmt.Errorf("parse container definitions: %w", err)
	}
	if d.More() {
		return nil, errors.New("parse container definitions: trailing data")
	}
	if len(defs) > maxContainerDefinitions {
		return nil, fmt.Errorf("%d container definitions: more than %d", len(defs), maxContainerDefinitions)
	}
	out := make([]any, 0, len(defs))
	for _, c := range defs {
		var driver *string
		if c.LogConfiguration != nil {
			driver = c.LogConfiguration.LogDriver
		}
		caps := []string{}
		if c.LinuxParameters != nil && c.LinuxParameters.Capabilities != nil {
			caps = append(caps, c.LinuxParameters.Capabilities.Add...)
			sort.Strings(caps)
		}
		out = append(out, map[string]any{
			"name":                     optString(c.Name),
			"image":                    optString(c.Image),
			"privileged":               c.Privileged != nil && *c.Privileged,
			"user":                     optString(c.User),
			"readonly_root_filesystem": c.ReadonlyRootFilesystem != nil && *c.ReadonlyRootFilesystem,
			"environment_names":        variableNames(c.Environment),
			"secret_names":             variableNames(c.Secrets),
			"log_driver":               optString(driver),
			"capabilities_add":         caps,
		})
	}
	return out, nil
}

func optString(s *string) any {
	if s == nil || *s == "" {
		return nil
	}
	return *s
}

func variableNames(vars []struct {
	Name *string `json:"name"`
}) []string {
	names := make([]string, 0, len(vars))
	for _, v := range vars {
		if v.Name != nil {
			names = append(names, *v.Name)
		}
	}
	sort.Strings(names)
	return names
}

// ecsHostVolumes reads the host paths of the task's volume blocks (bind mounts of the host instance).
func ecsHostVolumes(f *fields, b *iac.Block) {
	const dst = "host_volume_paths"
	n, st := count(b, "volume")
	switch st {
	case unknown:
		f.setUnknown(dst)
		return
	case absent:
		f.set(dst, []string{})
		return
	}
	paths := []string{}
	for i := 0; i < n; i++ {
		p, st := getString(b, "volume."+strconv.Itoa(i)+".host_path")
		switch {
		case st == unknown || b.IsUnknown("volume."+strconv.Itoa(i)):
			f.setUnknown(dst)
			return
		case st == known && p != "":
			paths = append(paths, p)
		}
	}
	sort.Strings(paths)
	f.set(dst, paths)
}
