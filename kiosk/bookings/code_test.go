package bookings

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func TestNewCode(t *testing.T) {
	seen := map[string]bool{}
	for range 2000 {
		c, err := NewCode(nil)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := ParseCode(c); err != nil || got != c {
			t.Fatalf("ParseCode(%q) = %q, %v", c, got, err)
		}
		if strings.ContainsAny(c, "01ILOUV") {
			t.Fatalf("code %q has an ambiguous character", c)
		}
		seen[c] = true
	}
	if len(seen) < 1999 {
		t.Errorf("%d distinct codes of 2000", len(seen))
	}
	if _, err := NewCode(bytes.NewReader(nil)); err == nil {
		t.Error("an empty random source gave a code")
	}
}

func TestParseCode(t *testing.T) {
	c, _ := NewCode(nil)
	for _, in := range []string{c, strings.ToLower(c), FormatCode(c), " " + strings.ToLower(FormatCode(c)) + "\r\n",
		c[:2] + " " + c[2:5] + " " + c[5:], QRPayload("https://motcua.example.gov.vn/", c), QRPayload("https://x.vn", c) + "?src=qr"} {
		if got, err := ParseCode(in); err != nil || got != c {
			t.Errorf("ParseCode(%q) = %q, %v; want %q", in, got, err, c)
		}
	}
	for _, in := range []string{"", "K7M", "K7MQ2PTX", "K7M-Q2P0", "K7MQ2PÀ", "https://x.vn/t/abc", strings.Repeat("A", 40)} {
		if _, err := ParseCode(in); !errors.Is(err, ErrCodeForm) {
			t.Errorf("ParseCode(%q): %v, want ErrCodeForm", in, err)
		}
	}
}

// Every single wrong symbol and every swap of two neighbours is caught by
// the check symbol, so a misread code is never someone else's booking.
func TestParseCode_CatchesTypos(t *testing.T) {
	for range 50 {
		c, _ := NewCode(nil)
		for i := range CodeLen {
			for j := 0; j < len(Alphabet); j++ {
				if Alphabet[j] == c[i] {
					continue
				}
				typo := c[:i] + string(Alphabet[j]) + c[i+1:]
				if _, err := ParseCode(typo); !errors.Is(err, ErrCodeTypo) {
					t.Fatalf("%q for %q: %v, want ErrCodeTypo", typo, c, err)
				}
			}
			if i+1 < CodeLen && c[i] != c[i+1] {
				swap := c[:i] + string(c[i+1]) + string(c[i]) + c[i+2:]
				if _, err := ParseCode(swap); !errors.Is(err, ErrCodeTypo) {
					t.Fatalf("swap %q for %q: %v, want ErrCodeTypo", swap, c, err)
				}
			}
		}
	}
}

func FuzzParseCode(f *testing.F) {
	for _, s := range []string{"K7MQ2PT", "k7m-q2p4", "https://motcua.example.gov.vn/b/K7MQ2PT?x=1", "", "/b/", "0OIL1", "ÀÁẠ", "\x00\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseCode(s)
		if err != nil {
			if !errors.Is(err, ErrCodeForm) && !errors.Is(err, ErrCodeTypo) {
				t.Fatalf("ParseCode(%q): unexpected error %v", s, err)
			}
			return
		}
		if len(c) != CodeLen || strings.Trim(c, Alphabet) != "" {
			t.Fatalf("ParseCode(%q) = %q: not a code", s, c)
		}
		if again, err := ParseCode(FormatCode(c)); err != nil || again != c {
			t.Fatalf("ParseCode(FormatCode(%q)) = %q, %v", c, again, err)
		}
	})
}
