package procedures

import (
	"strings"
	"testing"
)

// TestShipped_Catalogue: the shipped catalogue reads, has at least 100
// commune-level procedures in their fields, names its sources and its
// date, and leaves unknown national codes empty rather than guessed.
func TestShipped_Catalogue(t *testing.T) {
	x, err := Shipped()
	if err != nil {
		t.Fatal(err)
	}
	m := x.Info()
	if m.Count < 100 {
		t.Errorf("%d procedures, want at least 100", m.Count)
	}
	if len(m.Sources) == 0 || m.Version == "" || m.UpdatedText() != "Cập nhật ngày 07/12/2026" {
		t.Errorf("meta = %+v (%q)", m, m.UpdatedText())
	}
	for _, key := range []string{"MATTHC", "QUYETDINHCONGBO"} {
		if !strings.Contains(strings.Join(m.Unverified, " "), key) {
			t.Errorf("CANXACMINH does not list %s", key)
		}
	}
	n := 0
	for _, f := range x.Fields() {
		if f.NameEN == "" {
			t.Errorf("field %s has no English name", f.ID)
		}
		for _, p := range x.ByField(f.ID) {
			n++
			if p.Level != LevelCommune || len(p.LegalBasis) == 0 || len(p.Channels) == 0 {
				t.Errorf("%s: level %q, %d legal bases, %d channels", p.ID, p.Level, len(p.LegalBasis), len(p.Channels))
			}
		}
	}
	if n != m.Count {
		t.Errorf("fields hold %d procedures, catalogue %d", n, m.Count)
	}
	p, ok := x.Get("khai-sinh")
	if !ok || p.Name != "Đăng ký khai sinh" || p.FieldName != "Hộ tịch" {
		t.Errorf("Get(khai-sinh) = %+v, %v", p, ok)
	}
	if ps := x.ByField("ho-tich"); len(ps) == 0 || ps[0].ID != "khai-sinh" {
		t.Errorf("ByField(ho-tich) does not start with khai-sinh")
	}
}
