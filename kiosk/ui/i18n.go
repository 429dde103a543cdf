package ui

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"log/slog"
	"path"
	"strings"
	"sync"
	"text/template"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"golang.org/x/text/unicode/norm"

	"github.com/motcua-kiosk/motcua/assets"
)

// Lang is a screen language: LangVI or LangEN.
type Lang string

// The kiosk's languages; Vietnamese is the default.
const (
	LangVI Lang = "vi"
	LangEN Lang = "en"
)

// ParseLang reads "vi"/"en" (and "vi-VN", "en_US"); anything else is Vietnamese.
func ParseLang(s string) Lang {
	if strings.HasPrefix(strings.ToLower(s), "en") {
		return LangEN
	}
	return LangVI
}

// Tr is the translator of one screen language. The strings are the Fyne
// lang files in assets/i18n (vi.json, en.json, and staff/*.json); Tr reads
// the same files itself because Fyne's lang follows the system locale for
// the whole process, while a citizen switches the kiosk's language with a
// tap and a demo shows a Vietnamese desk beside an English kiosk.
type Tr struct{ Lang Lang }

var (
	catalogOnce sync.Once
	catalog     map[Lang]map[string]string
)

// LoadTranslations registers the kiosk's strings with Fyne's lang package
// (for widgets that use lang.L with the system locale) and fills the
// catalog Tr reads. It is safe to call more than once.
func LoadTranslations() error {
	loadCatalog()
	var first error
	for l, m := range catalog {
		b, _ := json.Marshal(m)
		if err := lang.AddTranslationsForLocale(b, fyne.Locale(l)); err != nil && first == nil {
			first = fmt.Errorf("load translations %s: %w", l, err)
		}
	}
	return first
}

func loadCatalog() {
	catalogOnce.Do(func() {
		catalog = map[Lang]map[string]string{LangVI: {}, LangEN: {}}
		_ = fs.WalkDir(assets.FS, "i18n", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".json") {
				return nil
			}
			base := strings.TrimSuffix(path.Base(p), ".json")
			if i := strings.LastIndex(base, "."); i >= 0 { // [prefix.]lang.json
				base = base[i+1:]
			}
			m, ok := catalog[Lang(base)]
			if !ok {
				return nil
			}
			b, _ := assets.ReadFile(p)
			var raw map[string]json.RawMessage
			if err := json.Unmarshal(b, &raw); err != nil {
				slog.Warn("bad translation file", "file", p, "err", err)
				return nil
			}
			for k, v := range raw {
				var s string
				if json.Unmarshal(v, &s) != nil {
					var forms map[string]string
					if json.Unmarshal(v, &forms) != nil {
						continue
					}
					s = forms["other"]
				}
				m[k] = norm.NFC.String(s)
			}
			return nil
		})
	})
}

// Has reports whether key has a string in the language (for tests).
func (t Tr) Has(key string) bool {
	loadCatalog()
	_, ok := catalog[t.Lang][key]
	return ok
}

// L returns the string for key, filled with data ("{{.N}}"), NFC. A
// missing English string falls back to Vietnamese, a missing key to itself.
func (t Tr) L(key string, data ...any) string {
	loadCatalog()
	s, ok := catalog[t.Lang][key]
	if !ok {
		if s, ok = catalog[LangVI][key]; !ok {
			s = key
		}
	}
	if len(data) > 0 && strings.Contains(s, "{{") {
		tpl, err := template.New(key).Option("missingkey=zero").Parse(s)
		if err == nil {
			var b strings.Builder
			if tpl.Execute(&b, data[0]) == nil {
				s = b.String()
			}
		}
	}
	return norm.NFC.String(s)
}

// Pick returns vi or en by the language: for names kept in two fields
// (service Name/NameEN). An empty English name falls back to Vietnamese.
func (t Tr) Pick(vi, en string) string {
	if t.Lang == LangEN && en != "" {
		return NFC(en)
	}
	return NFC(vi)
}

// NFC normalises text for display and printing.
func NFC(s string) string { return norm.NFC.String(s) }
