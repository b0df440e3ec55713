package main

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/seed-e89a7ce8/aicloudsim/study"
)

// shardOf reads the shard flags: --shard k/n, or --shard-index and
// --shard-count, either of which may be "auto".
func shardOf(opt mcOptions) (study.Shard, error) {
	if opt.shard != "" {
		if opt.shardIndex != "" || opt.shardCount != "" {
			return study.Shard{}, errors.New("give --shard k/n or --shard-index and --shard-count, not both")
		}
		return study.ParseShard(opt.shard)
	}
	if opt.shardIndex == "" && opt.shardCount == "" {
		return study.Whole, nil
	}
	if opt.shardIndex == "" || opt.shardCount == "" {
		return study.Shard{}, errors.New("--shard-index and --shard-count go together")
	}
	k, err := shardNumber("--shard-index", opt.shardIndex, autoIndex)
	if err != nil {
		return study.Shard{}, err
	}
	n, err := shardNumber("--shard-count", opt.shardCount, autoCount)
	if err != nil {
		return study.Shard{}, err
	}
	sh := study.Shard{Index: k, Count: n}
	return sh, sh.Valid()
}

// shardNumber parses a shard flag's value, or reads it with auto.
func shardNumber(flag, v string, auto func() (int, error)) (int, error) {
	if v == "auto" {
		n, err := auto()
		if err != nil {
			return 0, fmt.Errorf("%s auto: %w", flag, err)
		}
		return n, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, fmt.Errorf("%s %q: want a whole number or auto", flag, v)
	}
	return n, nil
}

// autoIndex reads the shard index from a Kubernetes Indexed Job
// (JOB_COMPLETION_INDEX, from 0) or a Slurm job array
// (SLURM_ARRAY_TASK_ID, counted from SLURM_ARRAY_TASK_MIN, default 0).
func autoIndex() (int, error) {
	if v, ok := lookupEnv("JOB_COMPLETION_INDEX"); ok {
		return envInt("JOB_COMPLETION_INDEX", v)
	}
	v, ok := lookupEnv("SLURM_ARRAY_TASK_ID")
	if !ok {
		return 0, errors.New("neither JOB_COMPLETION_INDEX (Kubernetes Indexed Job) nor SLURM_ARRAY_TASK_ID (Slurm array) is set")
	}
	id, err := envInt("SLURM_ARRAY_TASK_ID", v)
	if err != nil {
		return 0, err
	}
	if m, ok := lookupEnv("SLURM_ARRAY_TASK_MIN"); ok {
		lo, err := envInt("SLURM_ARRAY_TASK_MIN", m)
		if err != nil {
			return 0, err
		}
		id -= lo
	}
	return id, nil
}

// autoCount reads the shard count of a Slurm job array. Kubernetes does
// not tell a pod its Job's completions, so an Indexed Job passes the count.
func autoCount() (int, error) {
	v, ok := lookupEnv("SLURM_ARRAY_TASK_COUNT")
	if !ok {
		return 0, errors.New("SLURM_ARRAY_TASK_COUNT is not set; give the count, e.g. --shard-count 8 (a Kubernetes Job's completions)")
	}
	return envInt("SLURM_ARRAY_TASK_COUNT", v)
}

// lookupEnv returns a variable's value; an empty one counts as unset.
func lookupEnv(name string) (string, bool) {
	v := os.Getenv(name)
	return v, v != ""
}

func envInt(name, v string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil {
		return 0, fmt.Errorf("%s=%q is not a whole number", name, v)
	}
	return n, nil
}
