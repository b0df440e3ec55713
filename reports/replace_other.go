//go:build !linux

package reports

// renameExchange is not available here: swap uses two renames, and
// Recover repairs what a crash between them leaves.
func renameExchange(a, b string) error { return errNoExchange }
