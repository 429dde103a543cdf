package bookings

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Alphabet is what a booking code is written in: digits and capital
// letters without the ones a citizen reads or types wrong (0 O, 1 I L, U V
// next to each other on a slip). 29 symbols, a prime, which
// the check symbol needs.
const Alphabet = "23456789ABCDEFGHJKMNPQRSTWXYZ"

// CodeLen is the length of a code: six random symbols and a check symbol,
// printed "K7M-Q2PT".
const (
	codeBody = 6
	CodeLen  = codeBody + 1
)

// Errors of ParseCode. ErrCodeTypo means the code has the right form but
// its check symbol does not match: a misread symbol, not an unknown code.
var (
	ErrCodeForm = errors.New("booking code: not a code")
	ErrCodeTypo = errors.New("booking code: check symbol does not match")
)

// NewCode returns a fresh random code read from r (crypto/rand.Reader in
// production), in its plain form "K7MQ2PT".
func NewCode(r io.Reader) (string, error) {
	if r == nil {
		r = rand.Reader
	}
	b := make([]byte, codeBody)
	var out strings.Builder
	for out.Len() < codeBody {
		if _, err := io.ReadFull(r, b); err != nil {
			return "", fmt.Errorf("booking code: %w", err)
		}
		for _, c := range b {
			// Reject the top of the byte range so that every symbol is
			// equally likely (256 = 8*29 + 24).
			if c < 232 && out.Len() < codeBody {
				out.WriteByte(Alphabet[int(c)%len(Alphabet)])
			}
		}
	}
	body := out.String()
	return body + string(Alphabet[check(body)]), nil
}

// check is a weighted sum modulo the alphabet's size: it catches any one
// wrong symbol and any swap of two neighbours (the size, 29, is prime).
func check(body string) int {
	sum := 0
	for i := 0; i < len(body); i++ {
		sum += (i + 1) * strings.IndexByte(Alphabet, body[i])
	}
	return sum % len(Alphabet)
}

// FormatCode prints a code for people: "K7M-Q2PT".
func FormatCode(code string) string {
	if len(code) != CodeLen {
		return code
	}
	return code[:3] + "-" + code[3:]
}

// ParseCode reads a code as a citizen types it or a scanner reads it:
// any case, with spaces or dashes, or a QR payload (a URL ending in
// "/b/CODE"). It returns the plain form, ErrCodeForm when the text is not
// a code, and ErrCodeTypo when one symbol is wrong.
func ParseCode(s string) (string, error) {
	if i := strings.LastIndex(s, "/b/"); i >= 0 {
		s = s[i+3:]
		if j := strings.IndexAny(s, "?#/"); j >= 0 {
			s = s[:j]
		}
	}
	if len(s) > 32 {
		return "", ErrCodeForm
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == ' ' || r == '-' || r == '\t' || r == '\r' || r == '\n':
			continue
		case r >= 'a' && r <= 'z':
			r -= 'a' - 'A'
		}
		if r > 127 || !strings.ContainsRune(Alphabet, r) {
			return "", ErrCodeForm
		}
		b.WriteRune(r)
	}
	code := b.String()
	if len(code) != CodeLen {
		return "", ErrCodeForm
	}
	if Alphabet[check(code[:codeBody])] != code[codeBody] {
		return "", ErrCodeTypo
	}
	return code, nil
}

// QRPayload is what the booking's QR code holds: the booking's page on
// the central server (base, "https://motcua.example.gov.vn"), which the
// kiosk's scanner also reads as the code. With no base it is the code.
func QRPayload(base, code string) string {
	if base == "" {
		return code
	}
	return strings.TrimRight(base, "/") + "/b/" + code
}
