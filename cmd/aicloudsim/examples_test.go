package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestExamplesShip checks the files the README tells a new user to run:
// each is shipped in examples/ with the same text the README shows, the
// scenarios validate, the Kubernetes manifest is two batch/v1 Jobs (the
// Indexed Job and the merge) with what the Job controller needs, and the
// Slurm scripts are valid bash.
func TestExamplesShip(t *testing.T) {
	for file, prefix := range map[string]string{
		"zhenwu-700.yaml":                 "# zhenwu-700.yaml",
		"kubernetes/montecarlo-jobs.yaml": "apiVersion: batch/v1",
		"slurm/montecarlo.sbatch":         "#!/bin/bash\n#SBATCH --job-name=aicloudsim-mc\n",
		"slurm/merge.sbatch":              "#!/bin/bash\n#SBATCH --job-name=aicloudsim-merge\n",
	} {
		b, err := os.ReadFile(filepath.Join("../../examples", file))
		if err != nil {
			t.Fatal(err)
		}
		if got := readmeBlock(t, prefix); got != string(b) {
			t.Errorf("examples/%s differs from the README's block; keep them the same", file)
		}
	}
	mustRun(t, "validate", "../../examples/zhenwu-700.yaml")

	manifest, err := os.ReadFile("../../examples/kubernetes/montecarlo-jobs.yaml")
	if err != nil {
		t.Fatal(err)
	}
	d := yaml.NewDecoder(strings.NewReader(string(manifest)))
	var jobs []batchJob
	for {
		var j batchJob
		if err := d.Decode(&j); err != nil {
			break
		}
		jobs = append(jobs, j)
	}
	if len(jobs) != 2 {
		t.Fatalf("the manifest holds %d documents, want 2 Jobs", len(jobs))
	}
	for _, j := range jobs {
		s := j.Spec.Template.Spec
		if j.APIVersion != "batch/v1" || j.Kind != "Job" || j.Metadata.Name == "" || s.RestartPolicy != "Never" ||
			len(s.Containers) != 1 || s.Containers[0].Image == "" || s.Containers[0].Name == "" {
			t.Errorf("not a runnable batch/v1 Job: %+v", j)
		}
		for _, m := range s.Containers[0].VolumeMounts {
			found := false
			for _, v := range s.Volumes {
				found = found || v.Name == m.Name
			}
			if !found {
				t.Errorf("job %s mounts volume %q that it does not declare", j.Metadata.Name, m.Name)
			}
		}
	}
	if mc := jobs[0].Spec; mc.CompletionMode != "Indexed" || mc.Completions < 1 || mc.Parallelism < 1 {
		t.Errorf("the first Job should be Indexed with completions and parallelism: %+v", mc)
	}

	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash to check the Slurm scripts with")
	}
	for _, f := range []string{"montecarlo.sbatch", "merge.sbatch"} {
		if out, err := exec.Command(bash, "-n", filepath.Join("../../examples/slurm", f)).CombinedOutput(); err != nil {
			t.Errorf("bash -n %s: %v\n%s", f, err, out)
		}
	}
}

// batchJob is the part of a Kubernetes batch/v1 Job the test checks.
type batchJob struct {
	APIVersion string `yaml:"apiVersion"`
	Kind       string `yaml:"kind"`
	Metadata   struct {
		Name string `yaml:"name"`
	} `yaml:"metadata"`
	Spec struct {
		CompletionMode string `yaml:"completionMode"`
		Completions    int    `yaml:"completions"`
		Parallelism    int    `yaml:"parallelism"`
		Template       struct {
			Spec struct {
				RestartPolicy string `yaml:"restartPolicy"`
				Containers    []struct {
					Name         string `yaml:"name"`
					Image        string `yaml:"image"`
					VolumeMounts []struct {
						Name string `yaml:"name"`
					} `yaml:"volumeMounts"`
				} `yaml:"containers"`
				Volumes []struct {
					Name string `yaml:"name"`
				} `yaml:"volumes"`
			} `yaml:"spec"`
		} `yaml:"template"`
	} `yaml:"spec"`
}
