package market

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"math"
	"runtime"
)

// Fingerprint returns a hash of the result's records, 16 hex digits: two
// results with the same fingerprint hold the same numbers, bit for bit.
//
// The same configuration and seed give the same records only from the
// same build: another version of aicloudsim may change the model, and
// another CPU architecture rounds differently (Go fuses a multiplication
// and an addition into one instruction on arm64 but not on amd64, and the
// math package's exp and log are written differently for each), which
// moves the last digits in the first month and, through the agents'
// discrete choices, later months by more. Ensembles and classroom games
// record fingerprints to refuse mixing the numbers of two builds.
func (r *Result) Fingerprint() string {
	h := sha256.New()
	var b []byte
	for _, rec := range r.Records {
		b = binary.AppendVarint(b[:0], int64(rec.Day))
		for _, s := range []string{rec.Company, rec.Segment, rec.Metric} {
			b = binary.AppendUvarint(b, uint64(len(s)))
			b = append(b, s...)
		}
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(rec.Value))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil)[:8])
}

// IsFingerprint reports whether s has the form of a Fingerprint: 16
// lower-case hex digits. Files that record fingerprints check it when
// read, so a message never quotes more of an edited file than that.
func IsFingerprint(s string) bool {
	if len(s) != 16 {
		return false
	}
	for _, c := range []byte(s) {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// Platform is the operating system and CPU architecture of this build,
// as messages about fingerprints name it.
func Platform() string { return runtime.GOOS + "/" + runtime.GOARCH }
