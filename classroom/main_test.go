package classroom

import (
	"os"
	"testing"
)

// TestMain leaves the charts out of the teacher's report, most of a
// round's work, for every test but TestClassroomRound, which looks at them.
// The package's tests do not run in parallel, so a test may turn them on
// for its own length.
func TestMain(m *testing.M) {
	teacherCharts = false
	os.Exit(m.Run())
}
