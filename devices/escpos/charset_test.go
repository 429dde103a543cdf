package escpos

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode"
)

func TestVietnameseLetters_Count(t *testing.T) {
	letters := vietnameseLetters()
	if got, want := len(letters), 134; got != want {
		t.Fatalf("len = %d, want %d", got, want)
	}
	seen := map[rune]bool{}
	for _, r := range letters {
		if seen[r] {
			t.Errorf("%q twice", r)
		}
		seen[r] = true
	}
	if got, want := len(tonedCapitals()), 60; got != want {
		t.Errorf("toned capitals = %d, want %d", got, want)
	}
	if !seen['Đ'] || seen['Ð'] {
		t.Errorf("Đ must be U+0110, never U+00D0")
	}
}

// TestCharset_EveryLetter checks each of the 134 letters against each
// Vietnamese table: it encodes and decodes back to itself, or it is in
// the table's documented list of missing letters.
func TestCharset_EveryLetter(t *testing.T) {
	caps := string(tonedCapitals())
	tests := []struct {
		name    string
		missing string // letters the table lacks, by design
	}{
		{"tcvn3", caps},
		{"tcvn3-upper", strings.Map(func(r rune) rune {
			if unicode.IsUpper(r) && !strings.ContainsRune("ĂÂÊÔƠƯĐ", r) {
				return -1
			}
			return r
		}, string(vietnameseLetters()))},
		{"viscii", "ẲẴẪỶỸỴ"},
		{"cp437", "-"}, // sentinel: checked below
	}
	for _, tt := range tests[:3] {
		t.Run(tt.name, func(t *testing.T) {
			cs, err := LookupCharset(tt.name)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range vietnameseLetters() {
				b, ok := cs.Encode(r)
				wantOK := !strings.ContainsRune(tt.missing, r)
				if got, want := ok, wantOK; got != want {
					t.Errorf("Encode(%q U+%04X) ok = %v, want %v", r, r, got, want)
					continue
				}
				if !ok {
					continue
				}
				if b < 0x80 {
					t.Errorf("Encode(%q) = %#x, below 0x80", r, b)
				}
				if got, want := cs.Decode(b), r; got != want {
					t.Errorf("Decode(Encode(%q)) = %q (%#x)", r, got, b)
				}
			}
		})
	}
}

// TestCharset_PageUnion checks the rule the codepage strategy relies on:
// TCVN-3 pages 1 and 2 together write every letter, VISCII all but six.
func TestCharset_PageUnion(t *testing.T) {
	p := Profile{Name: "t", DotsPerLine: 576, CodePages: map[int]string{0: "cp437", 30: "tcvn3", 31: "tcvn3-upper"}}
	for _, r := range vietnameseLetters() {
		if _, _, ok := findPage(p.pages(), -1, r); !ok {
			t.Errorf("no page for %q", r)
		}
	}
}

func TestCharset_DangerousLookalikes(t *testing.T) {
	for _, name := range []string{"tcvn3", "tcvn3-upper", "viscii"} {
		cs, _ := LookupCharset(name)
		for _, r := range []rune{'Ð', 'ð', '\u0300', '\u0301', 0} {
			if b, ok := cs.Encode(r); ok {
				t.Errorf("%s.Encode(U+%04X) = %#x, want not encodable", name, r, b)
			}
		}
		for b := 0; b < 0x20; b++ {
			if got := cs.Decode(byte(b)); got != 0xFFFD {
				t.Errorf("%s.Decode(%#x) = %q, want U+FFFD (control byte)", name, b, got)
			}
		}
	}
	tc, _ := LookupCharset("tcvn3")
	if b, _ := tc.Encode('Đ'); b != 0xA7 {
		t.Errorf("tcvn3 Đ = %#x, want 0xa7", b)
	}
	if b, _ := tc.Encode('đ'); b != 0xAE {
		t.Errorf("tcvn3 đ = %#x, want 0xae", b)
	}
}

// readIconv reads a testdata table made by glibc iconv.
func readIconv(t *testing.T, name string) map[byte]rune {
	t.Helper()
	f, err := os.Open("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m := map[byte]rune{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var b byte
		var r rune
		if strings.HasPrefix(sc.Text(), "#") {
			continue
		}
		if _, err := fmt.Sscanf(sc.Text(), "%X U+%X", &b, &r); err != nil {
			t.Fatalf("%s: %q: %v", name, sc.Text(), err)
		}
		m[b] = r
	}
	return m
}

// TestCharset_AgainstIconv compares the tables with glibc's: VISCII's
// upper half must match exactly; TCVN-3 page 1 must be VN1 without its
// capitals-with-tone, and page 2 must hold each capital where VN1 holds
// its lowercase letter.
func TestCharset_AgainstIconv(t *testing.T) {
	vis := readIconv(t, "iconv-viscii.txt")
	cs, _ := LookupCharset("viscii")
	for b := 0x80; b <= 0xFF; b++ {
		if got, want := cs.Decode(byte(b)), vis[byte(b)]; got != want {
			t.Errorf("viscii %#x = %q, iconv says %q", b, got, want)
		}
	}
	vn1 := readIconv(t, "iconv-tcvn5712-1.txt")
	lower, _ := LookupCharset("tcvn3")
	upper, _ := LookupCharset("tcvn3-upper")
	caps := tonedCapitals()
	for b := 0x80; b <= 0xFF; b++ {
		r := vn1[byte(b)]
		want := r
		if slices.Contains(caps, r) || (r >= 0x300 && r < 0x370) || r == 0xA0 || b < 0xA1 {
			want = 0xFFFD // VN1 only: capitals with tone, combining marks, NBSP
		}
		if got := lower.Decode(byte(b)); got != want {
			t.Errorf("tcvn3 %#x = %q, want %q (iconv VN1 %q)", b, got, want, r)
		}
		wantUp := rune(0xFFFD)
		if want != 0xFFFD && unicode.IsLower(want) && want != 'đ' && !strings.ContainsRune("ăâêôơư", want) {
			wantUp = unicode.ToUpper(want)
		}
		if got := upper.Decode(byte(b)); got != wantUp {
			t.Errorf("tcvn3-upper %#x = %q, want %q", b, got, wantUp)
		}
	}
}

func TestLookupCharset(t *testing.T) {
	tests := []struct {
		name, want string
		err        error
	}{
		{"tcvn3", "tcvn3", nil},
		{"TCVN-3-1", "tcvn3", nil},
		{"TCVN-3-2", "tcvn3-upper", nil},
		{"VISCII", "viscii", nil},
		{"PC437", "cp437", nil},
		{"ascii", "ascii", nil},
		{"klingon", "", ErrUnknownCharset},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cs, err := LookupCharset(tt.name)
			if !errors.Is(err, tt.err) {
				t.Fatalf("err = %v, want %v", err, tt.err)
			}
			if err == nil {
				if got, want := cs.Name(), tt.want; got != want {
					t.Errorf("Name() = %q, want %q", got, want)
				}
			}
		})
	}
	cp, _ := LookupCharset("cp437")
	if b, ok := cp.Encode('é'); !ok || b != 0x82 {
		t.Errorf("cp437 é = %#x %v, want 0x82", b, ok)
	}
	if _, ok := cp.Encode('ạ'); ok {
		t.Errorf("cp437 must lack ạ")
	}
}

func TestLookupProfile(t *testing.T) {
	tests := []struct {
		name      string
		dots      int
		wantPages map[int]string
		err       error
	}{
		{"generic-80mm", 576, map[int]string{0: "cp437"}, nil},
		{"generic-58mm", 384, map[int]string{0: "cp437"}, nil},
		{"epson-tm-t82", 576, map[int]string{0: "cp437", 16: "cp1252", 30: "tcvn3", 31: "tcvn3-upper"}, nil},
		{"Citizen-CT-S310II", 576, map[int]string{0: "cp437", 30: "tcvn3", 31: "tcvn3-upper"}, nil},
		{"bixolon-srp-330ii", 576, map[int]string{0: "cp437", 49: "tcvn3", 50: "tcvn3-upper"}, nil},
		{"nope", 0, nil, ErrUnknownProfile},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := LookupProfile(tt.name)
			if !errors.Is(err, tt.err) {
				t.Fatalf("err = %v, want %v", err, tt.err)
			}
			if err != nil {
				return
			}
			if got, want := p.DotsPerLine, tt.dots; got != want {
				t.Errorf("DotsPerLine = %d, want %d", got, want)
			}
			if got, want := fmt.Sprint(p.CodePages), fmt.Sprint(tt.wantPages); got != want {
				t.Errorf("CodePages = %s, want %s", got, want)
			}
		})
	}
	for _, n := range ProfileNames() {
		if _, err := LookupProfile(n); err != nil {
			t.Errorf("%s: %v", n, err)
		}
	}
}

func TestParseProfiles_Invalid(t *testing.T) {
	tests := []struct{ name, json string }{
		{"bad json", `{`},
		{"no name", `{"profiles":[{"dots_per_line":576}]}`},
		{"odd width", `{"profiles":[{"name":"x","dots_per_line":577}]}`},
		{"unknown charset", `{"profiles":[{"name":"x","dots_per_line":576,"code_pages":{"0":"klingon"}}]}`},
		{"bad strategy", `{"profiles":[{"name":"x","dots_per_line":576,"strategy":"magic"}]}`},
		{"twice", `{"profiles":[{"name":"x","dots_per_line":576},{"name":"x","dots_per_line":576}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := parseProfiles([]byte(tt.json)); err == nil {
				t.Errorf("parseProfiles(%s) = nil error", tt.json)
			}
		})
	}
}
