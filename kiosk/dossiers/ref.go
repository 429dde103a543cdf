package dossiers

import (
	"fmt"
	"log/slog"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// MaxInput is the longest text Parse reads, in bytes after the scanner's
// noise is trimmed. A slip's QR (a look-up URL with its key) is well
// under 500 bytes; anything longer is refused before it is looked at.
const MaxInput = 2048

// Form says which of the accepted forms a Ref was read from.
type Form int

// The forms of a dossier code.
const (
	// FormDecree61 is Decree 61/2018 Art. 26's
	// agency-YYMMDD-XXXX: Agency, Received and Seq are set.
	FormDecree61 Form = iota + 1
	// FormNumber is any other dossier number (an OpenCPS dossierNo made
	// by another pattern, a numeric id, a referenceUid).
	FormNumber
)

// Date is a calendar date without a zone: the day a dossier was
// received, as the code states it.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// String is the date as a slip prints it, dd/mm/yyyy.
func (d Date) String() string { return fmt.Sprintf("%02d/%02d/%04d", d.Day, d.Month, d.Year) }

// In is midnight of the date in loc.
func (d Date) In(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// Ref is what a slip's code says about a dossier: the number to look it
// up by and, from a look-up URL, the secret that lets its status be
// shown. It carries no citizen identity.
type Ref struct {
	// Code is the dossier number in canonical form: upper case for a
	// code (a UUID is lower case), the key a Source and the cache use.
	Code string
	Form Form
	// Agency is the receiving agency's code (e.g. "000.00.13.H12"),
	// Received the date in the code and Seq the day's sequence number;
	// set for FormDecree61 only.
	Agency   string
	Received Date
	Seq      int
	// Secret is the dossier's secret key (mã bí mật) when the code was a
	// look-up URL that carries one; case is kept.
	Secret string
	// URL is the look-up URL as scanned (noise trimmed), "" otherwise. A
	// Source must not follow it: it is shown for information and the
	// adapter talks to the server it was configured with.
	URL string
}

// String is the code as a screen shows it (never the secret).
func (r Ref) String() string { return r.Code }

// LogValue logs a Ref as its code and form, never its secret or its URL
// (which holds the secret).
func (r Ref) LogValue() slog.Value {
	return slog.GroupValue(slog.String("code", r.Code), slog.Int("form", int(r.Form)), slog.Bool("secret", r.Secret != ""))
}

var (
	// Decree 61 order, most specific level first: V1V2V3.Z1Z2.Y1Y2.MX1X2.
	agencyDecree = regexp.MustCompile(`^[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2}\.[A-Z][0-9]{2}$`)
	// The level-1 code first, as some provincial systems print it:
	// MX1X2 then up to three lower levels (H12, H12.22, H12.22.10).
	agencyShort = regexp.MustCompile(`^[A-Z][0-9]{2}(\.[0-9A-Z]{1,3}){0,3}$`)
	// Anything ending in -6 digits-4 digits is judged as a Decree 61 code.
	decreeTail = regexp.MustCompile(`^(.+)-([0-9]{6})-([0-9]{4})$`)
	// Looks like the Decree 61 form, but with the wrong date or sequence
	// width: refused rather than taken as some other number.
	decreeLike = regexp.MustCompile(`^[0-9A-Z.]+-[0-9]{4,8}-[0-9]{2,6}$`)
	bareNumber = regexp.MustCompile(`^[0-9A-Z]+([.\-][0-9A-Z]+)*$`)
	uuidForm   = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
	secretForm = regexp.MustCompile(`^[0-9A-Za-z._~\-]{1,128}$`)
	aimPrefix  = regexp.MustCompile(`^\][A-Za-z][0-9A-Za-z]`)
)

// URL query keys that carry the dossier number and the secret key, in
// the order they are tried, compared without case. dossierNo and
// secretKey are what OpenCPS uses (secretKey is the query parameter of
// its GET /o/rest/v2/dossiers/{id}); the others are seen in provincial
// portals' look-up pages (an assumption, see doc.go).
var (
	numberKeys = []string{"dossierno", "dossier_no", "mahoso", "ma_ho_so", "referenceuid", "dossierid", "code", "id"}
	secretKeys = []string{"secretkey", "secret", "password", "matkhau", "ma_bi_mat"}
)

// Parse reads what a barcode scanner or the on-screen keypad delivered
// from a "Giấy tiếp nhận hồ sơ và hẹn trả kết quả". It accepts:
//
//   - the Decree 61/2018 Art. 26 code AGENCY-YYMMDD-XXXX, where AGENCY is
//     either the Decree's V1V2V3.Z1Z2.Y1Y2.MX1X2 (3.2.2.3 characters,
//     digits or letters, the last group a letter and two digits, e.g.
//     000.00.13.H12) or the level-1 code first with up to three lower
//     levels (H12, H12.22, H12.22.10); YYMMDD is a real date of 2000-2099
//     and XXXX is 0001-9999;
//   - an http(s) look-up URL whose query (or the query inside its
//     #fragment, as single-page portals route) has the dossier number
//     under dossierNo (or ma_ho_so, referenceUid, dossierId, code, id) and
//     optionally the secret key under secretKey (or secret, password); a
//     URL without such a key may end in the code as its last path segment;
//   - a bare dossier number: 4-64 letters and digits in groups joined by
//     single '.' or '-', with at least one digit; or a UUID.
//
// Before that it removes scanner noise: surrounding whitespace and
// control characters (CR, LF, TAB, STX/ETX), a byte-order mark, an AIM
// symbology prefix (]Q1, ]C0, ]d2 ...), full-width forms (ＡＢＣ１２３
// becomes ABC123) and Unicode dashes (– — ‐ become '-'); letters in a
// code are upper-cased, a URL's secret keeps its case. Other separators
// ('/', '_', spaces, ',') are refused, as is anything longer than
// MaxInput. Every refusal is a *ParseError; Parse never panics.
func Parse(scanned string) (Ref, error) {
	if len(scanned) > 4*MaxInput {
		return Ref{}, refuse(scanned, ReasonTooLong, "")
	}
	s, err := clean(scanned)
	if err != nil {
		return Ref{}, err
	}
	if len(s) > MaxInput {
		return Ref{}, refuse(scanned, ReasonTooLong, "")
	}
	lower := strings.ToLower(s)
	if strings.HasPrefix(lower, "http://") || strings.HasPrefix(lower, "https://") {
		return parseURL(scanned, s)
	}
	return parseCode(scanned, s)
}

// clean strips the scanner's noise and refuses binary input.
func clean(scanned string) (string, error) {
	if !utf8.ValidString(scanned) {
		return "", refuse(scanned, ReasonBinary, "")
	}
	s := width.Fold.String(scanned)
	s = strings.Map(func(r rune) rune {
		switch r {
		case '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212':
			return '-'
		case '\u3000':
			return ' '
		}
		return r
	}, s)
	trim := func(s string) string {
		return strings.TrimFunc(s, func(r rune) bool {
			return unicode.IsSpace(r) || unicode.IsControl(r) || r == '\ufeff'
		})
	}
	s = trim(s)
	if loc := aimPrefix.FindStringIndex(s); loc != nil {
		s = trim(s[loc[1]:])
	}
	if s == "" {
		return "", refuse(scanned, ReasonEmpty, "")
	}
	for _, r := range s {
		if unicode.IsControl(r) || r == utf8.RuneError || r == '\ufeff' {
			return "", refuse(scanned, ReasonBinary, "")
		}
	}
	return s, nil
}

// parseCode reads a Decree 61 code or a bare number (no URL).
func parseCode(scanned, s string) (Ref, error) {
	if uuidForm.MatchString(strings.ToLower(s)) {
		return Ref{Code: strings.ToLower(s), Form: FormNumber}, nil
	}
	u := strings.ToUpper(s)
	if m := decreeTail.FindStringSubmatch(u); m != nil {
		return parseDecree(scanned, u, m[1], m[2], m[3])
	}
	if decreeLike.MatchString(u) {
		return Ref{}, refuse(scanned, ReasonUnknown, "")
	}
	if len(u) < 4 || len(u) > 64 || !bareNumber.MatchString(u) || !strings.ContainsAny(u, "0123456789") {
		return Ref{}, refuse(scanned, ReasonUnknown, "")
	}
	return Ref{Code: u, Form: FormNumber}, nil
}

func parseDecree(scanned, code, agency, date, seq string) (Ref, error) {
	if !agencyDecree.MatchString(agency) && !agencyShort.MatchString(agency) {
		return Ref{}, refuse(scanned, ReasonBadAgency, "")
	}
	yy, _ := strconv.Atoi(date[0:2])
	mm, _ := strconv.Atoi(date[2:4])
	dd, _ := strconv.Atoi(date[4:6])
	d := Date{Year: 2000 + yy, Month: time.Month(mm), Day: dd}
	if t := d.In(time.UTC); mm < 1 || mm > 12 || t.Day() != dd || t.Month() != time.Month(mm) {
		return Ref{}, refuse(scanned, ReasonBadDate, fmt.Sprintf("%02d/%02d/%04d", dd, mm, d.Year))
	}
	n, _ := strconv.Atoi(seq)
	if n == 0 {
		return Ref{}, refuse(scanned, ReasonBadSeq, "")
	}
	return Ref{Code: code, Form: FormDecree61, Agency: agency, Received: d, Seq: n}, nil
}

// parseURL reads a look-up URL: the number and secret from its query.
func parseURL(scanned, s string) (Ref, error) {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || strings.ContainsAny(s, " \t") {
		return Ref{}, refuse(scanned, ReasonBadURL, "")
	}
	q := u.Query()
	if i := strings.IndexByte(u.Fragment, '?'); i >= 0 {
		if fq, err := url.ParseQuery(u.Fragment[i+1:]); err == nil {
			for k, v := range fq {
				q[k] = append(q[k], v...)
			}
		}
	}
	number := pick(q, numberKeys)
	if number == "" {
		segs := strings.Split(strings.Trim(u.Path, "/"), "/")
		number = segs[len(segs)-1]
	}
	if number == "" {
		return Ref{}, refuse(scanned, ReasonBadURL, "")
	}
	ref, err := parseCode(scanned, number)
	if err != nil {
		return Ref{}, refuse(scanned, ReasonBadURL, "")
	}
	if secret := pick(q, secretKeys); secret != "" {
		if !secretForm.MatchString(secret) {
			return Ref{}, refuse(scanned, ReasonBadSecret, "")
		}
		ref.Secret = secret
	}
	ref.URL = s
	return ref, nil
}

// pick returns the first non-empty value under any of keys, without case.
func pick(q url.Values, keys []string) string {
	for _, want := range keys {
		for k, v := range q {
			if strings.EqualFold(k, want) && len(v) > 0 && strings.TrimSpace(v[0]) != "" {
				return strings.TrimSpace(v[0])
			}
		}
	}
	return ""
}

func refuse(input string, r Reason, detail string) *ParseError {
	// A scanned link may carry a key or a session in its query or
	// fragment: the log keeps the address, never those.
	if strings.Contains(input, "://") {
		if i := strings.IndexAny(input, "?#"); i >= 0 {
			input = input[:i] + "?…"
		}
	}
	if len(input) > 64 {
		input = input[:64]
		for !utf8.ValidString(input) && len(input) > 0 {
			input = input[:len(input)-1]
		}
	}
	return &ParseError{Input: input, Reason: r, Detail: detail}
}
