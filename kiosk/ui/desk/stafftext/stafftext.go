// Package stafftext holds the staff screens' sentences (desk and lobby
// display), read from assets/i18n/staff/<lang>.json: Vietnamese first,
// English where the office enables it.
package stafftext

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"sync"

	"golang.org/x/text/unicode/norm"

	"github.com/motcua-kiosk/motcua/assets"
)

// Text is one language's sentences by key.
type Text struct {
	lang string
	m    map[string]string
	vi   map[string]string
}

var (
	mu    sync.Mutex
	cache = map[string]map[string]string{}
)

func load(lang string) map[string]string {
	mu.Lock()
	defer mu.Unlock()
	if m, ok := cache[lang]; ok {
		return m
	}
	m := map[string]string{}
	b, err := assets.ReadFile("i18n/staff/" + lang + ".json")
	if err == nil {
		err = json.Unmarshal(b, &m)
	}
	if err != nil {
		slog.Warn("staff strings missing", "lang", lang, "err", err)
	}
	for k, v := range m {
		m[k] = norm.NFC.String(v)
	}
	cache[lang] = m
	return m
}

// For returns the sentences of lang ("vi" or "en"); anything but "en"
// is Vietnamese. A key missing in English falls back to Vietnamese.
func For(lang string) Text {
	if lang != "en" {
		lang = "vi"
	}
	return Text{lang: lang, m: load(lang), vi: load("vi")}
}

// Lang is the language of t, "vi" or "en".
func (t Text) Lang() string { return t.lang }

// T returns the sentence for key formatted with args; a missing key
// returns the key itself so that it shows up in screenshots and tests.
func (t Text) T(key string, args ...any) string {
	s, ok := t.m[key]
	if !ok {
		if s, ok = t.vi[key]; !ok {
			s = key
		}
	}
	if len(args) > 0 {
		s = fmt.Sprintf(s, args...)
	}
	return norm.NFC.String(s)
}
