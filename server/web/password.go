package web

import (
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// DefaultIterations is the PBKDF2-HMAC-SHA256 work factor of new password
// hashes (OWASP's 2023 advice is 600,000). The count is stored in each
// hash, so raising it later keeps old hashes working.
const DefaultIterations = 600_000

// MinPasswordLen is the shortest password HashPassword accepts.
const MinPasswordLen = 10

// ErrWeakPassword is returned for a password shorter than MinPasswordLen.
var ErrWeakPassword = fmt.Errorf("password must have at least %d characters", MinPasswordLen)

const hashScheme = "pbkdf2-sha256"

// HashPassword returns a self-describing hash of password
// ("pbkdf2-sha256$iterations$salt$key", base64) with a fresh random salt.
// iter ≤ 0 means DefaultIterations. The password is normalised to NFC
// first, so that the same Vietnamese letters typed through different input
// methods (precomposed or combining marks) are the same password.
func HashPassword(password string, iter int) (string, error) {
	password = norm.NFC.String(password)
	if len([]rune(password)) < MinPasswordLen {
		return "", ErrWeakPassword
	}
	if iter <= 0 {
		iter = DefaultIterations
	}
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	key, err := pbkdf2.Key(sha256.New, password, salt, iter, 32)
	if err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	enc := base64.RawStdEncoding
	return hashScheme + "$" + strconv.Itoa(iter) + "$" + enc.EncodeToString(salt) + "$" + enc.EncodeToString(key), nil
}

// CheckPassword reports whether password matches hash, comparing in
// constant time (after the same NFC normalisation). A malformed hash
// never matches.
func CheckPassword(hash, password string) bool {
	password = norm.NFC.String(password)
	parts := strings.Split(hash, "$")
	if len(parts) != 4 || parts[0] != hashScheme {
		return false
	}
	iter, err := strconv.Atoi(parts[1])
	if err != nil || iter < 1 || iter > 10_000_000 {
		return false
	}
	enc := base64.RawStdEncoding
	salt, err1 := enc.DecodeString(parts[2])
	want, err2 := enc.DecodeString(parts[3])
	if err := errors.Join(err1, err2); err != nil || len(want) == 0 {
		return false
	}
	got, err := pbkdf2.Key(sha256.New, password, salt, iter, len(want))
	if err != nil {
		return false
	}
	return subtle.ConstantTimeCompare(got, want) == 1
}
