package stafftext

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/motcua-kiosk/motcua/assets"
)

func TestText_T(t *testing.T) {
	for _, tt := range []struct {
		lang, key string
		args      []any
		want      string
	}{
		{"vi", "desk.call_next", nil, "Gọi số tiếp theo"},
		{"en", "desk.call_next", nil, "Call next"},
		{"fr", "desk.skip", nil, "Vắng mặt"},
		{"vi", "desk.counter", []any{3}, "Quầy 3"},
		{"vi", "no.such.key", nil, "no.such.key"},
	} {
		t.Run(tt.lang+"/"+tt.key, func(t *testing.T) {
			if got, want := For(tt.lang).T(tt.key, tt.args...), tt.want; got != want {
				t.Errorf("T = %q, want %q", got, want)
			}
		})
	}
}

// TestFiles_SameKeys: every key exists in both languages with the same
// number of format verbs.
func TestFiles_SameKeys(t *testing.T) {
	read := func(lang string) map[string]string {
		b, err := assets.ReadFile("i18n/staff/" + lang + ".json")
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	vi, en := read("vi"), read("en")
	if got, want := len(en), len(vi); got != want {
		t.Errorf("en has %d keys, vi %d", got, want)
	}
	for k, v := range vi {
		e, ok := en[k]
		if !ok {
			t.Errorf("en lacks %q", k)
			continue
		}
		if got, want := strings.Count(e, "%"), strings.Count(v, "%"); got != want {
			t.Errorf("%s: en has %d verbs, vi %d", k, got, want)
		}
	}
}
