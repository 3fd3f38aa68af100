package main

// The deployment examples under deploy/ (Kubernetes manifests, a GitHub Actions workflow, the
// shard.sh that splits the account list) are documentation users copy: these tests keep them
// parseable, keep every vigil command and flag they use real, and check that the shards of an
// Indexed Job or a matrix cover every account exactly once.

import (
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/vigil-audit/vigil/config"
)

const deployDir = "../../deploy"

// k8sObject is the part of a Kubernetes object these tests read.
type k8sObject struct {
	APIVersion string `yaml:"apiVersion"`
	Kind       string `yaml:"kind"`
	Metadata   struct {
		Name      string `yaml:"name"`
		Namespace string `yaml:"namespace"`
	} `yaml:"metadata"`
	Data      map[string]string `yaml:"data"`
	Resources []string          `yaml:"resources"`
	Spec      struct {
		jobSpec  `yaml:",inline"`
		Replicas *int `yaml:"replicas"`
		Selector struct {
			MatchLabels map[string]string `yaml:"matchLabels"`
		} `yaml:"selector"`
		JobTemplate struct {
			Spec jobSpec `yaml:"spec"`
		} `yaml:"jobTemplate"`
	} `yaml:"spec"`
}

type jobSpec struct {
	CompletionMode string `yaml:"completionMode"`
	Completions    *int   `yaml:"completions"`
	Parallelism    *int   `yaml:"parallelism"`
	Template       struct {
		Metadata struct {
			Labels map[string]string `yaml:"labels"`
		} `yaml:"metadata"`
		Spec struct {
			ServiceAccountName string      `yaml:"serviceAccountName"`
			InitContainers     []container `yaml:"initContainers"`
			Containers         []container `yaml:"containers"`
			Volumes            []struct {
				Name      string `yaml:"name"`
				ConfigMap *struct {
					Name string `yaml:"name"`
				} `yaml:"configMap"`
			} `yaml:"volumes"`
		} `yaml:"spec"`
	} `yaml:"template"`
}

type container struct {
	Name    string   `yaml:"name"`
	Image   string   `yaml:"image"`
	Command []string `yaml:"command"`
	Args    []string `yaml:"args"`
	Env     []struct {
		Name  string `yaml:"name"`
		Value string `yaml:"value"`
	} `yaml:"env"`
}

func (c container) env(name string) (string, bool) {
	for _, e := range c.Env {
		if e.Name == name {
			return e.Value, true
		}
	}
	return "", false
}

// script is what the container runs: its command and args as one shell text.
func (c container) script() string {
	return strings.Join(append(slices.Clone(c.Command), c.Args...), "\n")
}

func (j jobSpec) containers() []container {
	return append(slices.Clone(j.Template.Spec.InitContainers), j.Template.Spec.Containers...)
}

// githubWorkflow is the part of a workflow these tests read.
type githubWorkflow struct {
	On   map[string]any    `yaml:"on"`
	Env  map[string]string `yaml:"env"`
	Jobs map[string]struct {
		RunsOn   string `yaml:"runs-on"`
		Needs    any    `yaml:"needs"`
		Strategy struct {
			Matrix map[string][]int `yaml:"matrix"`
		} `yaml:"strategy"`
		Steps []struct {
			Name string `yaml:"name"`
			Uses string `yaml:"uses"`
			Run  string `yaml:"run"`
		} `yaml:"steps"`
	} `yaml:"jobs"`
}

// decodeYAMLFile decodes every document of a YAML file; yaml.v3 refuses repeated keys.
func decodeYAMLFile[T any](t *testing.T, path string) []T {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var docs []T
	for {
		var doc T
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			break
		}
		require.NoError(t, err, "%s does not parse", path)
		docs = append(docs, doc)
	}
	require.NotEmpty(t, docs, "%s holds no YAML document", path)
	return docs
}

// kubernetesObjects reads every manifest of deploy/kubernetes, by file name.
func kubernetesObjects(t *testing.T) map[string]k8sObject {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(deployDir, "kubernetes", "*.yaml"))
	require.NoError(t, err)
	require.NotEmpty(t, paths)
	objects := map[string]k8sObject{}
	for _, path := range paths {
		docs := decodeYAMLFile[k8sObject](t, path)
		require.Len(t, docs, 1, "%s: one object per file", path)
		objects[filepath.Base(path)] = docs[0]
	}
	return objects
}

func TestDeployKubernetesManifests(t *testing.T) {
	objects := kubernetesObjects(t)
	want := map[string][2]string{ // file: apiVersion, kind
		"serviceaccount.yaml":   {"v1", "ServiceAccount"},
		"configmap.yaml":        {"v1", "ConfigMap"},
		"collect-job.yaml":      {"batch/v1", "Job"},
		"collect-cronjob.yaml":  {"batch/v1", "CronJob"},
		"scan-job.yaml":         {"batch/v1", "Job"},
		"kustomization.yaml":    {"kustomize.config.k8s.io/v1beta1", "Kustomization"},
		"serve-config.yaml":     {"v1", "ConfigMap"},
		"serve-deployment.yaml": {"apps/v1", "Deployment"},
		"serve-service.yaml":    {"v1", "Service"},
	}
	require.ElementsMatch(t, slices.Collect(mapKeys(want)), slices.Collect(mapKeys(objects)), "manifests under deploy/kubernetes")
	for file, obj := range objects {
		assert.Equal(t, want[file], [2]string{obj.APIVersion, obj.Kind}, file)
		if obj.Kind == "Kustomization" {
			for _, res := range obj.Resources {
				assert.Contains(t, objects, res, "%s lists %s", file, res)
			}
			continue
		}
		assert.NotEmpty(t, obj.Metadata.Name, "%s: metadata.name", file)
		// The namespace is the user's choice (kubectl -n, or kustomization.yaml).
		assert.Empty(t, obj.Metadata.Namespace, "%s: no namespace in the manifest", file)
	}

	sa, cm := objects["serviceaccount.yaml"], objects["configmap.yaml"]
	for _, file := range []string{"collect-job.yaml", "collect-cronjob.yaml", "scan-job.yaml"} {
		spec := jobOf(objects[file])
		assert.Equal(t, sa.Metadata.Name, spec.Template.Spec.ServiceAccountName, "%s runs as the ServiceAccount", file)
		for _, v := range spec.Template.Spec.Volumes {
			if v.ConfigMap != nil {
				assert.Equal(t, cm.Metadata.Name, v.ConfigMap.Name, "%s mounts the ConfigMap", file)
			}
		}
		for _, c := range spec.containers() {
			assert.NotEmpty(t, c.Image, "%s: container %s has an image", file, c.Name)
			assert.Contains(t, c.Image, ":", "%s: container %s pins its image tag", file, c.Name)
		}
	}
}

func mapKeys[K comparable, V any](m map[K]V) func(func(K) bool) {
	return func(yield func(K) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// jobOf is the Job spec of a Job, or the job template of a CronJob.
func jobOf(obj k8sObject) jobSpec {
	if obj.Kind == "CronJob" {
		return obj.Spec.JobTemplate.Spec
	}
	return obj.Spec.jobSpec
}

// The ConfigMap carries deploy/shard.sh to the pods: the two must not drift apart.
func TestDeployConfigMapCarriesShardScript(t *testing.T) {
	script, err := os.ReadFile(filepath.Join(deployDir, "shard.sh"))
	require.NoError(t, err)
	cm := kubernetesObjects(t)["configmap.yaml"]
	assert.Equal(t, string(script), cm.Data["shard.sh"], "configmap.yaml's shard.sh must be a copy of deploy/shard.sh")
	assert.NotEmpty(t, cm.Data["accounts.txt"])
}

// runShard runs deploy/shard.sh with sh, as the pods and the workflow do.
func runShard(t *testing.T, accountsFile string, shards, index int) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command("sh", filepath.Join(deployDir, "shard.sh"), accountsFile, strconv.Itoa(shards), strconv.Itoa(index))
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var exitErr *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exitErr):
		code = exitErr.ExitCode()
	default:
		require.NoError(t, err, "run shard.sh")
	}
	return out.String(), errOut.String(), code
}

// accountIDs reads an accounts.txt as shard.sh is documented to: one id a line, # comments, blank lines.
func accountIDs(text string) []string {
	var ids []string
	for line := range strings.Lines(text) {
		line, _, _ = strings.Cut(line, "#")
		if line = strings.TrimSpace(line); line != "" {
			ids = append(ids, line)
		}
	}
	return ids
}

// assertShardsCoverOnce runs every shard of shards and checks that each account is in exactly one.
func assertShardsCoverOnce(t *testing.T, accountsFile string, want []string, shards int) {
	t.Helper()
	seen := map[string]int{}
	for i := range shards {
		out, stderr, code := runShard(t, accountsFile, shards, i)
		require.Equal(t, 0, code, "shard %d of %d: %s", i, shards, stderr)
		list := strings.TrimSpace(out)
		require.NotEmpty(t, list, "shard %d of %d is empty", i, shards)
		for _, id := range strings.Split(list, ",") {
			_, dup := seen[id]
			assert.False(t, dup, "account %s is in shard %d and shard %d of %d", id, seen[id], i, shards)
			seen[id] = i
		}
	}
	assert.ElementsMatch(t, want, slices.Collect(mapKeys(seen)), "%d shards cover every account exactly once", shards)
}

func TestDeployIndexedJobsShardEveryAccountOnce(t *testing.T) {
	objects := kubernetesObjects(t)
	accounts := objects["configmap.yaml"].Data["accounts.txt"]
	want := accountIDs(accounts)
	require.NotEmpty(t, want)
	accountsFile := filepath.Join(t.TempDir(), "accounts.txt")
	require.NoError(t, os.WriteFile(accountsFile, []byte(accounts), 0o600))

	for _, file := range []string{"collect-job.yaml", "collect-cronjob.yaml"} {
		t.Run(file, func(t *testing.T) {
			spec := jobOf(objects[file])
			assert.Equal(t, "Indexed", spec.CompletionMode)
			require.NotNil(t, spec.Completions)
			require.NotNil(t, spec.Parallelism)
			assert.LessOrEqual(t, *spec.Parallelism, *spec.Completions)
			collect := containerRunning(t, spec, "vigil collect aws")
			assert.Contains(t, collect.script(), "$JOB_COMPLETION_INDEX", "the shard is the completion index")
			shards, ok := collect.env("SHARDS")
			require.True(t, ok, "the collect container sets SHARDS")
			n, err := strconv.Atoi(shards)
			require.NoError(t, err)
			require.Equal(t, *spec.Completions, n, "SHARDS must equal completions, or accounts are lost or collected twice")
			assertShardsCoverOnce(t, accountsFile, want, n)
		})
	}
	assert.Equal(t, containerRunning(t, jobOf(objects["collect-job.yaml"]), "vigil collect aws").script(),
		containerRunning(t, jobOf(objects["collect-cronjob.yaml"]), "vigil collect aws").script(),
		"the Job and the CronJob collect the same way")
	// Users change the shard count: every count up to one account per shard covers the list once.
	for n := 1; n <= len(want); n++ {
		assertShardsCoverOnce(t, accountsFile, want, n)
	}
}

func containerRunning(t *testing.T, spec jobSpec, command string) container {
	t.Helper()
	for _, c := range spec.containers() {
		if strings.Contains(c.script(), command) {
			return c
		}
	}
	require.Failf(t, "no container runs "+command, "%+v", spec)
	return container{}
}

func TestDeployShardScriptRejectsBadInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		path := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(path, []byte(text), 0o600))
		return path
	}
	good := write("good.txt", "111111111111\n222222222222\n")
	tests := []struct {
		name          string
		file          string
		shards, index int
		wantStderr    string
	}{
		{"malformed id", write("short.txt", "111111111111\n# ok\n12345\n"), 1, 0, "short.txt:3: not a 12-digit AWS account id: 12345"},
		{"repeated id", write("dup.txt", "111111111111\n\n111111111111\n"), 1, 0, "dup.txt:3: account 111111111111 repeats line 1"},
		{"injection attempt", write("inject.txt", "111111111111,$(id)\n"), 1, 0, "inject.txt:1: not a 12-digit"},
		{"index past the shards", good, 2, 2, "INDEX 2 is not a shard of 2"},
		{"zero shards", good, 0, 0, "is not a shard of 0"},
		{"empty shard would collect the caller's account", good, 3, 2, "shard 2 of 3 is empty"},
		{"no file", filepath.Join(dir, "missing.txt"), 1, 0, "cannot read"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, stderr, code := runShard(t, tt.file, tt.shards, tt.index)
			assert.Equal(t, 2, code)
			assert.Empty(t, out)
			assert.Contains(t, stderr, tt.wantStderr)
		})
	}
}

func TestDeployGitHubActionsMatrix(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join(deployDir, "github-actions", "*.yml"))
	require.NoError(t, err)
	require.NotEmpty(t, paths)
	for _, path := range paths {
		wf := decodeYAMLFile[githubWorkflow](t, path)[0]
		assert.NotEmpty(t, wf.On, "%s: triggers", path)
		require.NotEmpty(t, wf.Jobs, "%s: jobs", path)
		for name, job := range wf.Jobs {
			assert.NotEmpty(t, job.RunsOn, "%s: job %s runs-on", path, name)
			for _, step := range job.Steps {
				assert.True(t, (step.Uses == "") != (step.Run == ""), "%s: job %s: a step has uses or run", path, name)
			}
		}
		collect := wf.Jobs["collect"]
		shards, err := strconv.Atoi(wf.Env["SHARDS"])
		require.NoError(t, err, "%s: env.SHARDS", path)
		want := make([]int, shards)
		for i := range want {
			want[i] = i
		}
		assert.Equal(t, want, collect.Strategy.Matrix["shard"], "%s: the matrix runs shards 0 to SHARDS-1", path)
	}
}

// vigilScripts gathers every shell script of deploy/ that runs vigil, by where it is.
func vigilScripts(t *testing.T) map[string]string {
	t.Helper()
	scripts := map[string]string{}
	for file, obj := range kubernetesObjects(t) {
		for _, c := range jobOf(obj).containers() {
			scripts[file+": "+c.Name] = c.script()
		}
	}
	paths, err := filepath.Glob(filepath.Join(deployDir, "github-actions", "*.yml"))
	require.NoError(t, err)
	for _, path := range paths {
		for name, job := range decodeYAMLFile[githubWorkflow](t, path)[0].Jobs {
			for i, step := range job.Steps {
				scripts[filepath.Base(path)+": "+name+" step "+strconv.Itoa(i)] = step.Run
			}
		}
	}
	for where, script := range scripts {
		if !vigilCall.MatchString(script) {
			delete(scripts, where)
		}
	}
	return scripts
}

var (
	vigilCall  = regexp.MustCompile(`(?:^|[\s;&|(])vigil((?:\s+[a-z]+)+)`)
	flagToken  = regexp.MustCompile(`(?:^|\s)--([a-z][a-z0-9-]*)`)
	argsAppend = `set -- "$@"`
)

// Every vigil command and flag the examples use exists in the command tree: a renamed flag fails here,
// not in a user's cluster.
func TestDeployVigilFlagsExist(t *testing.T) {
	scripts := vigilScripts(t)
	require.GreaterOrEqual(t, len(scripts), 4, "the examples run vigil collect, scan, report and evidence")
	used := map[string]bool{}
	for where, script := range scripts {
		script = strings.ReplaceAll(script, "\\\n", " ")
		var argsUsers []*cobra.Command // commands given "$@", which `set -- "$@" --flag` lines build
		var appended []string
		for line := range strings.Lines(script) {
			if strings.Contains(line, argsAppend) {
				for _, m := range flagToken.FindAllStringSubmatch(line, -1) {
					appended = append(appended, m[1])
				}
				continue
			}
			m := vigilCall.FindStringSubmatchIndex(line)
			if m == nil {
				continue
			}
			root := newRootCmd()
			cmd, _, err := root.Find(strings.Fields(line[m[2]:m[3]]))
			require.NoError(t, err, "%s: %s", where, line)
			require.NotEqual(t, root, cmd, "%s: %s names no vigil command", where, line)
			used[cmd.CommandPath()] = true
			for _, f := range flagToken.FindAllStringSubmatch(line[m[1]:], -1) {
				assert.NotNil(t, cmd.Flag(f[1]), "%s: %s has no flag --%s", where, cmd.CommandPath(), f[1])
			}
			if strings.Contains(line, `"$@"`) {
				argsUsers = append(argsUsers, cmd)
			}
		}
		if len(appended) > 0 {
			require.NotEmpty(t, argsUsers, "%s builds vigil arguments that no vigil command takes", where)
		}
		for _, cmd := range argsUsers {
			for _, name := range appended {
				assert.NotNil(t, cmd.Flag(name), "%s: %s has no flag --%s", where, cmd.CommandPath(), name)
			}
		}
	}
	for _, want := range []string{"vigil collect aws", "vigil scan", "vigil report", "vigil evidence"} {
		assert.True(t, used[want], "the examples run %s", want)
	}
}

// FuzzDeployShardScript feeds shard.sh arbitrary account files: either every shard is refused, or the
// shards split exactly the well-formed ids of the file, each once.
func FuzzDeployShardScript(f *testing.F) {
	f.Add([]byte("111111111111\n222222222222\n333333333333\n"), uint8(2))
	f.Add([]byte("# prod\n111111111111 # main\n\r\n222222222222\r\n"), uint8(1))
	f.Add([]byte("111111111111\n111111111111\n"), uint8(1))
	f.Add([]byte("11111111111x\n"), uint8(3))
	f.Add([]byte(""), uint8(1))
	f.Fuzz(func(t *testing.T, text []byte, shardsByte uint8) {
		shards := int(shardsByte%4) + 1
		file := filepath.Join(t.TempDir(), "accounts.txt")
		require.NoError(t, os.WriteFile(file, text, 0o600))
		var ids []string
		failed := 0
		for i := range shards {
			out, stderr, code := runShard(t, file, shards, i)
			if code != 0 {
				assert.Equal(t, 2, code)
				assert.Contains(t, stderr, "shard.sh: ")
				failed++
				continue
			}
			ids = append(ids, strings.Split(strings.TrimSpace(out), ",")...)
		}
		if failed > 0 {
			return // a malformed file fails every shard; a short list fails only the empty ones
		}
		// What the file lists, read as shard.sh documents it: # starts a comment, blanks are ignored.
		listed := 0
		for line := range strings.Lines(string(text)) {
			line, _, _ = strings.Cut(line, "#")
			if strings.Trim(strings.NewReplacer(" ", "", "\t", "", "\r", "").Replace(line), "\n") != "" {
				listed++
			}
		}
		assert.Len(t, ids, listed, "the shards hold every listed account")
		seen := map[string]bool{}
		for _, id := range ids {
			assert.Regexp(t, `^[0-9]{12}$`, id)
			assert.False(t, seen[id], "account %s in two shards", id)
			seen[id] = true
		}
	})
}

// TestDeployServe checks the vigil serve manifests: two replicas (the shared-store claim is what keeps
// scans single), arguments that vigil serve accepts, a token when bound beyond loopback, no password in
// the database URL, a vigil.hcl that vigil's own parser accepts, and a Service that selects the pods.
func TestDeployServe(t *testing.T) {
	objects := kubernetesObjects(t)
	dep, cm := objects["serve-deployment.yaml"], objects["serve-config.yaml"]
	require.NotNil(t, dep.Spec.Replicas)
	assert.GreaterOrEqual(t, *dep.Spec.Replicas, 2)
	for k, v := range dep.Spec.Selector.MatchLabels {
		assert.Equal(t, v, dep.Spec.Template.Metadata.Labels[k], "the selector matches the pods' label %s", k)
	}
	assert.Equal(t, objects["serviceaccount.yaml"].Metadata.Name, dep.Spec.Template.Spec.ServiceAccountName)
	require.Len(t, dep.Spec.Template.Spec.Containers, 1)
	c := dep.Spec.Template.Spec.Containers[0]
	assert.Contains(t, c.Image, ":", "the image tag is pinned")

	root := newRootCmd()
	serve, rest, err := root.Find(c.Args)
	require.NoError(t, err)
	require.Equal(t, "vigil serve", serve.CommandPath())
	require.NoError(t, serve.ParseFlags(rest))
	for _, name := range []string{"config", "listen", "db"} {
		require.True(t, serve.Flags().Changed(name), "--%s is given", name)
	}
	listen, _ := serve.Flags().GetString("listen")
	db, _ := serve.Flags().GetString("db")
	cfgPath, _ := serve.Flags().GetString("config")
	assert.True(t, isPostgres(db), "replicas share a PostgreSQL: %s", db)
	assert.Equal(t, db, redactDSN(db), "no password in the database URL: it comes from PGPASSWORD")
	env := map[string]bool{}
	for _, e := range c.Env {
		env[e.Name] = true
	}
	assert.True(t, env["PGPASSWORD"])

	// The mounted vigil.hcl, loaded by vigil's parser; its token and webhook variables are set.
	dir := t.TempDir()
	require.Contains(t, cm.Data, filepath.Base(cfgPath))
	local := filepath.Join(dir, filepath.Base(cfgPath))
	require.NoError(t, os.WriteFile(local, []byte(cm.Data[filepath.Base(cfgPath)]), 0o600))
	cfg, err := config.Load(local)
	require.NoError(t, err)
	assert.NotEmpty(t, cfg.Serve.Targets)
	assert.NotEmpty(t, cfg.Serve.Schedules)
	if !isLoopback(listen) {
		assert.True(t, env[firstNonEmpty(cfg.Serve.TokenEnv, defaultTokenEnv)], "bound to %s, vigil serve needs its token variable", listen)
	}
	for _, w := range cfg.Serve.Webhooks {
		if w.URLEnv != "" {
			assert.True(t, env[w.URLEnv], "webhook %s reads %s", w.Name, w.URLEnv)
		}
	}
	mounted := false
	for _, v := range dep.Spec.Template.Spec.Volumes {
		if v.ConfigMap != nil && v.ConfigMap.Name == cm.Metadata.Name {
			mounted = true
		}
	}
	assert.True(t, mounted, "the pods mount %s", cm.Metadata.Name)

	type service struct {
		Spec struct {
			Selector map[string]string `yaml:"selector"`
		} `yaml:"spec"`
	}
	svc := decodeYAMLFile[service](t, filepath.Join(deployDir, "kubernetes", "serve-service.yaml"))
	require.Len(t, svc, 1)
	assert.Equal(t, dep.Spec.Selector.MatchLabels, svc[0].Spec.Selector, "the Service selects the serve pods")
}
