package reports

import (
	"runtime/debug"
	"sync"
)

// Version returns the version of the program writing the outputs: the main
// module's version (a tag such as v1.2.0, or "(devel)" for a build from a
// work tree) followed by the VCS revision and "+dirty" when the build
// recorded them, e.g. "(devel) 8b9f1240c1d3+dirty". It is constant for a
// build, so outputs stay byte-identical between runs of the same binary;
// test binaries record no revision and give "(devel)".
func Version() string { return version() }

var version = sync.OnceValue(func() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "(unknown)"
	}
	return describeBuild(info)
})

// describeBuild formats the version of info as [Version] does.
func describeBuild(info *debug.BuildInfo) string {
	v := info.Main.Version
	if v == "" {
		v = "(devel)"
	}
	var rev string
	var dirty bool
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev == "" {
		return v
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if dirty {
		rev += "+dirty"
	}
	return v + " " + rev
}
