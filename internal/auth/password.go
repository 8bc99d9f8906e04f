// Package auth signs people in and out: password hashing (argon2id),
// server-side sessions with idle and absolute expiry, throttling of failed
// sign-ins, and personal access tokens for the API.
package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"github.com/remaker-bd/remaker/internal/app"
)

// Argon2Params are the argon2id cost settings written into each new hash.
// The defaults follow OWASP's recommendation (19 MiB, 2 passes, 1 lane),
// affordable on a small office machine. Tests lower them.
type Argon2Params struct {
	Time    uint32
	Memory  uint32 // KiB
	Threads uint8
}

// DefaultParams are the production settings.
var DefaultParams = Argon2Params{Time: 2, Memory: 19 * 1024, Threads: 1}

// Params is used for new hashes; existing hashes carry their own.
var Params = DefaultParams

const (
	saltLen = 16
	keyLen  = 32
)

// HashPassword returns a PHC-formatted argon2id hash of pw.
func HashPassword(pw string) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	p := Params
	key := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, keyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// VerifyPassword reports whether pw matches hash, in constant time.
func VerifyPassword(hash, pw string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var v int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return false
	}
	var p Argon2Params
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil {
		return false
	}
	if p.Memory == 0 || p.Memory > 1<<21 || p.Time == 0 || p.Time > 16 || p.Threads == 0 {
		return false
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	want, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// MinPasswordLength follows NIST SP 800-63B: length matters, composition
// rules do not.
const MinPasswordLength = 10 // the message in CheckPassword names this number

// common holds passwords that meet the length rule but are guessed first.
var common = map[string]bool{
	"1234567890": true, "0123456789": true, "password123": true, "passwordpassword": true,
	"qwertyuiop": true, "bangladesh": true, "bangladesh1": true, "iloveyou12": true,
	"remaker123": true, "remakerremaker": true, "1111111111": true, "abcdefghij": true,
}

// CheckPassword refuses passwords that are too short, too long, or easy to guess.
func CheckPassword(pw, username string) error {
	var v app.Validation
	n := utf8.RuneCountInString(pw)
	switch {
	case n < MinPasswordLength:
		v.Add("password", "use at least 10 characters; a few words together are easy to remember")
	case len(pw) > 256:
		v.Add("password", "use at most 256 characters")
	case common[strings.ToLower(pw)]:
		v.Add("password", "this password is too common; choose another")
	case username != "" && strings.Contains(strings.ToLower(pw), strings.ToLower(username)):
		v.Add("password", "the password must not contain the username")
	}
	return v.Err()
}

// NewToken returns a random URL-safe token with a readable prefix.
func NewToken(prefix string) string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return prefix + base64.RawURLEncoding.EncodeToString(b)
}

// HashToken returns the stored form of a session or API token. Tokens are
// long and random, so a fast hash is enough; argon2 would only add latency.
func HashToken(tok string) string {
	sum := sha256.Sum256([]byte(tok))
	return hex.EncodeToString(sum[:])
}
