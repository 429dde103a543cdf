package dossiers

import (
	"errors"
	"log/slog"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParse(t *testing.T) {
	type want struct {
		code   string
		form   Form
		agency string
		date   string // Received as dd/mm/yyyy
		seq    int
		secret string
		reason Reason // non-zero: Parse must refuse with it
	}
	tests := []struct {
		name string
		in   string
		want want
	}{
		// Decree 61 Art. 26, as provincial systems print it.
		{"decree full", "000.00.13.H12-240315-0001", want{code: "000.00.13.H12-240315-0001", form: FormDecree61, agency: "000.00.13.H12", date: "15/03/2024", seq: 1}},
		{"decree short level-1 first", "H12.22-240315-0001", want{code: "H12.22-240315-0001", form: FormDecree61, agency: "H12.22", date: "15/03/2024", seq: 1}},
		{"decree level-1 only", "H56-250101-0120", want{code: "H56-250101-0120", form: FormDecree61, agency: "H56", date: "01/01/2025", seq: 120}},
		{"decree three lower levels", "G12.01.10.005-231231-9999", want{code: "G12.01.10.005-231231-9999", form: FormDecree61, agency: "G12.01.10.005", date: "31/12/2023", seq: 9999}},
		{"decree letters in lower levels", "000.A1.13.H26-240229-0042", want{code: "000.A1.13.H26-240229-0042", form: FormDecree61, agency: "000.A1.13.H26", date: "29/02/2024", seq: 42}},
		{"lowercase from a caps-lock scanner", "000.00.13.h12-240315-0001", want{code: "000.00.13.H12-240315-0001", form: FormDecree61, agency: "000.00.13.H12", date: "15/03/2024", seq: 1}},
		{"CR LF suffix", "000.00.13.H12-240315-0001\r\n", want{code: "000.00.13.H12-240315-0001", form: FormDecree61, agency: "000.00.13.H12", date: "15/03/2024", seq: 1}},
		{"TAB suffix and spaces", "  H12.22-240315-0001\t", want{code: "H12.22-240315-0001", form: FormDecree61, agency: "H12.22", date: "15/03/2024", seq: 1}},
		{"AIM prefix QR", "]Q1000.00.13.H12-240315-0001\r", want{code: "000.00.13.H12-240315-0001", form: FormDecree61, agency: "000.00.13.H12", date: "15/03/2024", seq: 1}},
		{"AIM prefix Code 128 with STX/ETX", "\x02]C0H12.22-240315-0007\x03", want{code: "H12.22-240315-0007", form: FormDecree61, agency: "H12.22", date: "15/03/2024", seq: 7}},
		{"full-width characters", "Ｈ１２．２２－２４０３１５－０００１", want{code: "H12.22-240315-0001", form: FormDecree61, agency: "H12.22", date: "15/03/2024", seq: 1}},
		{"en dash typed or pasted", "H12.22–240315–0001", want{code: "H12.22-240315-0001", form: FormDecree61, agency: "H12.22", date: "15/03/2024", seq: 1}},
		{"byte-order mark", "\ufeff000.00.13.H12-240315-0001", want{code: "000.00.13.H12-240315-0001", form: FormDecree61, agency: "000.00.13.H12", date: "15/03/2024", seq: 1}},

		// OpenCPS look-up URLs.
		{"opencps url", "https://dichvucong.hanam.gov.vn/web/cong-dich-vu-cong/tra-cuu-ho-so?dossierNo=000.00.13.H12-240315-0001&secretKey=aB3xY9", want{code: "000.00.13.H12-240315-0001", form: FormDecree61, agency: "000.00.13.H12", date: "15/03/2024", seq: 1, secret: "aB3xY9"}},
		{"opencps url in fragment route", "https://dvc.example.gov.vn/web/cong-dich-vu-cong/tra-cuu#/tra-cuu-ho-so?dossierNo=H12.22-240315-0001&secretKey=Zk42Qp", want{code: "H12.22-240315-0001", form: FormDecree61, agency: "H12.22", date: "15/03/2024", seq: 1, secret: "Zk42Qp"}},
		{"url keys in other case, AIM and CRLF", "]Q1HTTPS://DVC.EXAMPLE.GOV.VN/tra-cuu?DOSSIERNO=h12.22-240315-0001&SecretKey=MiXeD9\r\n", want{code: "H12.22-240315-0001", form: FormDecree61, agency: "H12.22", date: "15/03/2024", seq: 1, secret: "MiXeD9"}},
		{"url with bare number, no secret", "http://10.0.0.5:8080/tra-cuu?dossierNo=2403150001", want{code: "2403150001", form: FormNumber}},
		{"url with code as last path segment", "https://motcua.example.vn/ho-so/000.00.13.H12-240315-0001", want{code: "000.00.13.H12-240315-0001", form: FormDecree61, agency: "000.00.13.H12", date: "15/03/2024", seq: 1}},

		// Bare dossier numbers.
		{"bare numeric", "2403150001", want{code: "2403150001", form: FormNumber}},
		{"bare with groups", "hs.2024-000123", want{code: "HS.2024-000123", form: FormNumber}},
		{"uuid referenceUid", "3F2504E0-4F89-11D3-9A0C-0305E82C3301", want{code: "3f2504e0-4f89-11d3-9a0c-0305e82c3301", form: FormNumber}},

		// Refusals.
		{"31 February", "000.00.13.H12-240231-0001", want{reason: ReasonBadDate}},
		{"29 February of a common year", "H12.22-230229-0001", want{reason: ReasonBadDate}},
		{"month 13", "H12.22-241301-0001", want{reason: ReasonBadDate}},
		{"sequence 0000", "H12.22-240315-0000", want{reason: ReasonBadSeq}},
		{"agency not a code", "HS-240315-0001", want{reason: ReasonBadAgency}},
		{"agency groups wrong width", "0000.00.13.H12-240315-0001", want{reason: ReasonBadAgency}},
		{"slash separators", "000.00.13.H12/240315/0001", want{reason: ReasonUnknown}},
		{"underscore separators", "000_00_13_H12-240315-0001", want{reason: ReasonBadAgency}},
		{"space inside", "000.00.13.H12 240315 0001", want{reason: ReasonUnknown}},
		{"date too short", "000.00.13.H12-24035-0001", want{reason: ReasonUnknown}},
		{"sequence five digits", "000.00.13.H12-240315-00001", want{reason: ReasonUnknown}},
		{"too long", strings.Repeat("A1", 1100), want{reason: ReasonTooLong}},
		{"10 kB input", strings.Repeat("000.00.13.H12-240315-0001", 410), want{reason: ReasonTooLong}},
		{"binary garbage", "\x00\xff\xfe\x01PK\x03\x04", want{reason: ReasonBinary}},
		{"control character inside", "H12.22-2403\x0015-0001", want{reason: ReasonBinary}},
		{"empty", "", want{reason: ReasonEmpty}},
		{"only noise", " ]Q1\r\n", want{reason: ReasonEmpty}},
		{"a word", "xin chào", want{reason: ReasonUnknown}},
		{"no digit", "ABCD.EFGH", want{reason: ReasonUnknown}},
		{"url without number", "https://dichvucong.gov.vn/p/home/dvc-tra-cuu-ho-so.html", want{reason: ReasonBadURL}},
		{"url with bad secret", "https://dvc.example.gov.vn/tra-cuu?dossierNo=H12.22-240315-0001&secretKey=<script>", want{reason: ReasonBadSecret}},
		{"url with impossible date", "https://dvc.example.gov.vn/tra-cuu?dossierNo=H12.22-240231-0001", want{reason: ReasonBadURL}},
		{"not http", "ftp://dvc.example.gov.vn/?dossierNo=2403150001", want{reason: ReasonUnknown}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ref, err := Parse(tt.in)
			if tt.want.reason != 0 {
				var pe *ParseError
				if !errors.As(err, &pe) {
					t.Fatalf("Parse(%q) = %+v, %v; want a *ParseError", tt.in, ref, err)
				}
				if got, want := pe.Reason, tt.want.reason; got != want {
					t.Errorf("reason = %v, want %v (%v)", got, want, err)
				}
				if !errors.Is(err, ErrUnrecognized) {
					t.Errorf("errors.Is(%v, ErrUnrecognized) = false", err)
				}
				if len(pe.Input) > 64 {
					t.Errorf("error keeps %d bytes of input, want at most 64", len(pe.Input))
				}
				return
			}
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.in, err)
			}
			if got, want := ref.Code, tt.want.code; got != want {
				t.Errorf("Code = %q, want %q", got, want)
			}
			if got, want := ref.Form, tt.want.form; got != want {
				t.Errorf("Form = %v, want %v", got, want)
			}
			if got, want := ref.Agency, tt.want.agency; got != want {
				t.Errorf("Agency = %q, want %q", got, want)
			}
			if tt.want.date != "" {
				if got, want := ref.Received.String(), tt.want.date; got != want {
					t.Errorf("Received = %s, want %s", got, want)
				}
			}
			if got, want := ref.Seq, tt.want.seq; got != want {
				t.Errorf("Seq = %d, want %d", got, want)
			}
			if got, want := ref.Secret, tt.want.secret; got != want {
				t.Errorf("Secret = %q, want %q", got, want)
			}
		})
	}
}

// Every refusal has a Vietnamese sentence with diacritics and an English
// one, and the impossible date is named in it.
func TestParseError_Message(t *testing.T) {
	_, err := Parse("000.00.13.H12-240231-0001")
	vi, en := ErrorText(err, "vi"), ErrorText(err, "en")
	if got, want := vi, "Mã hồ sơ có ngày tiếp nhận không có thật (31/02/2024)."; !strings.HasPrefix(got, want) {
		t.Errorf("vi = %q, want prefix %q", got, want)
	}
	if !strings.Contains(en, "does not exist (31/02/2024)") {
		t.Errorf("en = %q", en)
	}
	for r := ReasonEmpty; r <= ReasonUnknown; r++ {
		pe := &ParseError{Input: "x", Reason: r, Detail: "01/01/2024"}
		if m := pe.Message("vi"); !strings.Contains(m, "Giấy tiếp nhận hồ sơ và hẹn trả kết quả") {
			t.Errorf("reason %d: vi message %q does not say what to scan", r, m)
		}
		if m := pe.Message("en"); !strings.Contains(m, "receipt") {
			t.Errorf("reason %d: en message %q", r, m)
		}
		if !strings.HasPrefix(pe.Error(), "parse dossier code") || reasonEnglish[r] == "" {
			t.Errorf("reason %d: Error() = %q", r, pe.Error())
		}
	}
}

// The code a Ref carries parses back to itself: the screens show it and
// a citizen may type it again.
func TestParse_CodeRoundTrips(t *testing.T) {
	for _, in := range []string{"]Q1000.00.13.h12-240315-0001\r\n", "Ｈ１２．２２－２４０３１５－０００１", "https://x.vn/?dossierNo=hs.2024-000123&secretKey=k"} {
		ref, err := Parse(in)
		if err != nil {
			t.Fatalf("Parse(%q): %v", in, err)
		}
		again, err := Parse(ref.Code)
		if err != nil || again.Code != ref.Code || !utf8.ValidString(again.Code) {
			t.Errorf("Parse(%q) = %q, %v; want %q", ref.Code, again.Code, err, ref.Code)
		}
	}
}

// A Ref in the log shows its code, never its secret.
func TestRef_LogValue(t *testing.T) {
	ref, err := Parse("https://dvc.example.gov.vn/tra-cuu?dossierNo=H12.22-240315-0001&secretKey=Zk42Qp")
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	slog.New(slog.NewTextHandler(&b, nil)).Info("lookup", "ref", ref)
	if strings.Contains(b.String(), "Zk42Qp") || !strings.Contains(b.String(), "H12.22-240315-0001") {
		t.Errorf("log line = %q", b.String())
	}
}

// A scanned link's query and fragment may hold a key or a session: the
// log line of a refusal keeps the address and drops them.
func TestParseError_LogDropsLinkQuery(t *testing.T) {
	for _, in := range []string{
		"https://dvc.example.gov.vn/tra-cuu?session=s3cr3tK3y",
		"https://dvc.example.gov.vn/tra-cuu#s3cr3tK3y",
	} {
		_, err := Parse(in)
		if err == nil {
			t.Fatalf("Parse(%q) accepted", in)
		}
		if msg := err.Error(); strings.Contains(msg, "s3cr3tK3y") || !strings.Contains(msg, "dvc.example.gov.vn/tra-cuu?…") {
			t.Errorf("Parse(%q): log line %q, want the address without its query", in, msg)
		}
	}
}
