package reports

import (
	"errors"
	"fmt"

	"golang.org/x/sys/unix"
)

// renameExchange swaps a and b with renameat2(RENAME_EXCHANGE); a kernel
// or file system without it gives errNoExchange.
func renameExchange(a, b string) error {
	err := unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, unix.ENOSYS), errors.Is(err, unix.EINVAL), errors.Is(err, unix.EOPNOTSUPP):
		return fmt.Errorf("%w: %v", errNoExchange, err)
	}
	return err
}
