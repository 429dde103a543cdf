package logging

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"regexp"
	"strings"
	"unicode"
)

// Redacted replaces a secret in the output.
const Redacted = "[REDACTED]"

// secretWords are the words of an attribute key that make its value
// secret, compared after splitting the key into words ("adminPIN",
// "device_token", "Authorization", "pin-hash" all match).
var secretWords = map[string]bool{
	"pin": true, "pins": true, "token": true, "tokens": true, "password": true, "passwd": true,
	"pwd": true, "secret": true, "secrets": true, "credential": true, "credentials": true,
	"authorization": true, "cookie": true, "apikey": true, "passphrase": true, "otp": true,
}

// IsSecretKey reports whether an attribute, JSON field or setting named key
// holds a secret that must not be logged or exported.
func IsSecretKey(key string) bool {
	words := splitWords(key)
	for i, w := range words {
		if secretWords[w] {
			return true
		}
		if w == "api" && i+1 < len(words) && words[i+1] == "key" {
			return true
		}
		if w == "auth" && (len(words) == 1 || i+1 < len(words) && words[i+1] == "header") {
			return true
		}
	}
	return false
}

// splitWords lowercases key and splits it at separators and at
// lower-to-upper camel-case boundaries: "adminPINHash" → admin pin hash.
func splitWords(key string) []string {
	var words []string
	var cur []rune
	rs := []rune(key)
	flush := func() {
		if len(cur) > 0 {
			words = append(words, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	for i, r := range rs {
		switch {
		case !unicode.IsLetter(r) && !unicode.IsDigit(r):
			flush()
			continue
		case unicode.IsUpper(r) && i > 0 && (unicode.IsLower(rs[i-1]) ||
			(unicode.IsUpper(rs[i-1]) && i+1 < len(rs) && unicode.IsLower(rs[i+1]))):
			flush()
		}
		cur = append(cur, r)
	}
	flush()
	return words
}

var (
	// "Bearer abc..." anywhere in a string.
	bearerRE = regexp.MustCompile(`(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]+`)
	// key=value or key: value pairs inside free text, e.g. a URL query
	// "?token=..." or an error "pin: 1234".
	pairRE = regexp.MustCompile(`(?i)\b([A-Za-z_]*(?:pin|token|password|passwd|secret|credential|authorization|api[_-]?key)s?)(["']?\s*[:=]\s*["']?)([^\s"'&,;]+)`)
	// A long unbroken run of token characters (base64url, hex, JWT parts):
	// 32 or more, as random tokens are; ticket IDs, numbers and paths are
	// shorter or broken by other characters.
	longTokenRE = regexp.MustCompile(`[A-Za-z0-9_\-+/=.]{32,}`)
)

// RedactString removes what looks like a credential from free text: bearer
// or basic authorization values, key=value pairs whose key names a secret,
// and long token-like runs of letters and digits.
func RedactString(s string) string {
	if len(s) < 4 {
		return s
	}
	s = bearerRE.ReplaceAllString(s, "$1 "+Redacted)
	s = pairRE.ReplaceAllStringFunc(s, func(m string) string {
		sub := pairRE.FindStringSubmatch(m)
		if sub[3] == Redacted || !IsSecretKey(sub[1]) {
			return m
		}
		return sub[1] + sub[2] + Redacted
	})
	return longTokenRE.ReplaceAllStringFunc(s, redactRun)
}

// redactRun judges one long run of token characters: without a path
// separator it is a token when letters and digits mix; with one it is a
// path or URL, and only a segment that itself looks random (32 or more
// characters, mixed, no run of six lower-case letters as words and names
// have) is replaced.
func redactRun(m string) string {
	if !strings.ContainsRune(m, '/') {
		if mixed(m) {
			return Redacted
		}
		return m
	}
	segs := strings.Split(m, "/")
	for i, seg := range segs {
		if len(seg) >= 32 && mixed(seg) && longestLowerRun(seg) < 6 {
			segs[i] = Redacted
		}
	}
	return strings.Join(segs, "/")
}

func mixed(s string) bool {
	var letters, digits bool
	for _, r := range s {
		letters = letters || unicode.IsLetter(r)
		digits = digits || r >= '0' && r <= '9'
	}
	return letters && digits
}

func longestLowerRun(s string) int {
	best, run := 0, 0
	for _, r := range s {
		if r >= 'a' && r <= 'z' {
			run++
			best = max(best, run)
		} else {
			run = 0
		}
	}
	return best
}

// Redactor is a slog.Handler that removes secrets from every record before
// passing it on: see NewRedactor.
type Redactor struct {
	next slog.Handler
}

// NewRedactor wraps next so that no secret reaches it. An attribute whose
// key names a secret (IsSecretKey) gets the value "[REDACTED]" whatever
// its type; strings, errors, Stringers and the message are scrubbed with
// RedactString; any other value (a struct, a map) is turned into JSON,
// secret fields replaced, and logged as that JSON text. Groups are
// followed.
func NewRedactor(next slog.Handler) *Redactor { return &Redactor{next: next} }

// Enabled reports whether the wrapped handler logs at level.
func (h *Redactor) Enabled(ctx context.Context, level slog.Level) bool {
	return h.next.Enabled(ctx, level)
}

// Handle redacts the record and passes a copy on.
func (h *Redactor) Handle(ctx context.Context, r slog.Record) error {
	out := slog.NewRecord(r.Time, r.Level, RedactString(r.Message), r.PC)
	r.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(redactAttr(a))
		return true
	})
	return h.next.Handle(ctx, out)
}

// WithAttrs redacts attrs once, when they are bound.
func (h *Redactor) WithAttrs(attrs []slog.Attr) slog.Handler {
	red := make([]slog.Attr, len(attrs))
	for i, a := range attrs {
		red[i] = redactAttr(a)
	}
	return &Redactor{next: h.next.WithAttrs(red)}
}

// WithGroup opens a group on the wrapped handler.
func (h *Redactor) WithGroup(name string) slog.Handler {
	return &Redactor{next: h.next.WithGroup(name)}
}

func redactAttr(a slog.Attr) slog.Attr {
	if IsSecretKey(a.Key) {
		return slog.String(a.Key, Redacted)
	}
	v := a.Value.Resolve()
	switch v.Kind() {
	case slog.KindString:
		return slog.String(a.Key, RedactString(v.String()))
	case slog.KindGroup:
		g := v.Group()
		red := make([]any, len(g))
		for i, m := range g {
			red[i] = redactAttr(m)
		}
		return slog.Group(a.Key, red...)
	case slog.KindAny:
		return slog.String(a.Key, redactAny(v.Any()))
	}
	return slog.Attr{Key: a.Key, Value: v}
}

// redactAny renders an arbitrary value for the log without its secrets.
func redactAny(x any) string {
	switch x := x.(type) {
	case nil:
		return "<nil>"
	case error:
		return RedactString(x.Error())
	case fmt.Stringer:
		return RedactString(x.String())
	case []byte:
		return RedactString(string(x))
	}
	b, err := json.Marshal(x)
	if err != nil {
		return RedactString(fmt.Sprintf("%+v", x))
	}
	var tree any
	if err := json.Unmarshal(b, &tree); err != nil {
		return RedactString(string(b))
	}
	b, _ = json.Marshal(redactJSON(tree))
	return string(b)
}

func redactJSON(x any) any {
	switch x := x.(type) {
	case map[string]any:
		for k, v := range x {
			if IsSecretKey(k) {
				x[k] = Redacted
			} else {
				x[k] = redactJSON(v)
			}
		}
	case []any:
		for i, v := range x {
			x[i] = redactJSON(v)
		}
	case string:
		return RedactString(x)
	}
	return x
}

// RedactJSON returns the JSON document b with the values of secret keys
// replaced and every string scrubbed with RedactString. Text that is not
// JSON is scrubbed as a string.
func RedactJSON(b []byte) []byte {
	var tree any
	if err := json.Unmarshal(b, &tree); err != nil {
		return []byte(RedactString(string(b)))
	}
	out, err := json.Marshal(redactJSON(tree))
	if err != nil {
		return []byte(Redacted)
	}
	return out
}
