package dossiers

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParse: whatever a scanner sends, Parse returns a Ref or a
// *ParseError with sentences in both languages, never a panic; an
// accepted code is valid UTF-8 and parses back to itself.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"000.00.13.H12-240315-0001", "H12.22-240315-0001\r\n", "]Q1000.00.13.h12-240315-0001",
		"Ｈ１２．２２－２４０３１５－０００１", "https://dvc.example.gov.vn/tra-cuu?dossierNo=H12.22-240315-0001&secretKey=aB3",
		"https://dvc.example.gov.vn/#/?dossierNo=2403150001", "2403150001", "000.00.13.H12-240231-0001",
		"\x00\xff", "", "3f2504e0-4f89-11d3-9a0c-0305e82c3301", "http://[::1", "https://a/%zz",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		ref, err := Parse(in)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || !errors.Is(err, ErrUnrecognized) {
				t.Fatalf("Parse(%q) error %T %v is no *ParseError", in, err, err)
			}
			if pe.Message("vi") == "" || pe.Message("en") == "" || pe.Error() == "" {
				t.Fatalf("Parse(%q): empty message", in)
			}
			return
		}
		if ref.Code == "" || !utf8.ValidString(ref.Code) || len(ref.Code) > MaxInput {
			t.Fatalf("Parse(%q) = bad code %q", in, ref.Code)
		}
		if ref.Form == FormDecree61 && (ref.Seq < 1 || ref.Seq > 9999 || ref.Agency == "") {
			t.Fatalf("Parse(%q) = %+v", in, ref)
		}
		again, err := Parse(ref.Code)
		if err != nil || again.Code != ref.Code {
			t.Fatalf("Parse(%q).Code = %q does not parse back: %q, %v", in, ref.Code, again.Code, err)
		}
		if strings.ContainsAny(ref.Secret, " \t\r\n") {
			t.Fatalf("Parse(%q): secret %q has spaces", in, ref.Secret)
		}
	})
}
