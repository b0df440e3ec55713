// Package markettest builds small market configurations for tests of the
// market and its callers. It may import market and hardware.
package markettest
