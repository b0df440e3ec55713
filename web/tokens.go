package web

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/seed-e89a7ce8/aicloudsim/reports"
)

// TokensFile is where a game folder keeps the web access tokens: readable
// by its owner only, reused when the server restarts so that the links
// handed out stay valid.
const TokensFile = "web-tokens.json"

// tokenBytes is the entropy of a token: 160 bits.
const tokenBytes = 20

// tokens are a game's access tokens: one for the teacher, one per team,
// and the key that signs the forms' CSRF tokens.
type tokens struct {
	Teacher string            `json:"teacher"`
	Teams   map[string]string `json:"teams"`
	CSRFKey string            `json:"csrf_key"`
}

// newToken returns a fresh random token, URL-safe.
func newToken() string {
	b := make([]byte, tokenBytes)
	rand.Read(b) // crypto/rand.Read never fails
	return base64.RawURLEncoding.EncodeToString(b)
}

// loadTokens reads dir's tokens, adding any that are missing (a new file,
// a new team) and writing the file back if it changed.
func loadTokens(dir string, teams []string) (*tokens, error) {
	path := filepath.Join(dir, TokensFile)
	t := &tokens{}
	data, err := os.ReadFile(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
	case err != nil:
		return nil, err
	default:
		if err := json.Unmarshal(data, t); err != nil {
			return nil, fmt.Errorf("%s: %v (delete it to hand out new links)", path, err)
		}
	}
	changed := false
	fill := func(s *string) {
		if len(*s) < 22 { // under 128 bits: replace
			*s, changed = newToken(), true
		}
	}
	fill(&t.Teacher)
	fill(&t.CSRFKey)
	if t.Teams == nil {
		t.Teams = map[string]string{}
	}
	for _, team := range teams {
		s := t.Teams[team]
		fill(&s)
		t.Teams[team] = s
	}
	if !changed {
		return t, nil
	}
	out, err := json.MarshalIndent(t, "", "  ")
	if err != nil {
		return nil, err
	}
	return t, reports.WriteFileAtomic(path, append(out, '\n'), 0o600) // readable by its owner only
}

// holder says whose token a request carries: the teacher, a team, or
// nobody (ok false).
type holder struct {
	teacher bool
	team    string
	token   string
}

// who finds the holder of token. Every token is compared in constant
// time, so the answer's timing says nothing about how close a guess was.
func (t *tokens) who(token string, teams []string) (holder, bool) {
	var h holder
	found := 0
	if eq(token, t.Teacher) {
		h, found = holder{teacher: true, token: token}, 1
	}
	for _, team := range teams {
		if eq(token, t.Teams[team]) {
			h, found = holder{team: team, token: token}, found|1
		}
	}
	return h, found == 1 && token != ""
}

// eq compares two tokens in constant time.
func eq(a, b string) bool { return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1 }

// csrf is the CSRF token of the pages of an access token: an HMAC of it
// under the game's key, so it needs no server state and survives restarts.
func (t *tokens) csrf(access string) string {
	m := hmac.New(sha256.New, []byte(t.CSRFKey))
	m.Write([]byte("csrf\x00" + access))
	return hex.EncodeToString(m.Sum(nil))
}

// csrfOK checks a form's CSRF token.
func (t *tokens) csrfOK(access, got string) bool {
	return hmac.Equal([]byte(t.csrf(access)), []byte(got))
}
