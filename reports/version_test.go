package reports

import (
	"runtime/debug"
	"testing"
)

func TestDescribeBuild(t *testing.T) {
	rev := []debug.BuildSetting{{Key: "vcs.revision", Value: "8b9f1240c1d3e5f60718293a4b5c6d7e8f901234"}}
	for _, c := range []struct {
		reason string
		info   debug.BuildInfo
		want   string
	}{
		{"a test binary records nothing", debug.BuildInfo{}, "(devel)"},
		{"a tagged module without VCS data", debug.BuildInfo{Main: debug.Module{Version: "v1.2.0"}}, "v1.2.0"},
		{"a build from a clean work tree", debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: rev}, "(devel) 8b9f1240c1d3"},
		{"a build from a modified work tree", debug.BuildInfo{Main: debug.Module{Version: "v1.2.1-0.20261206-8b9f1240c1d3"},
			Settings: append(rev, debug.BuildSetting{Key: "vcs.modified", Value: "true"})}, "v1.2.1-0.20261206-8b9f1240c1d3 8b9f1240c1d3+dirty"},
	} {
		if got := describeBuild(&c.info); got != c.want {
			t.Errorf("%s: %q, want %q", c.reason, got, c.want)
		}
	}
}
