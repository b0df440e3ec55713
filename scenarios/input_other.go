//go:build !unix

package scenarios

// nonBlock is not needed where there are no FIFOs in the file system.
const nonBlock = 0
