package queue

import (
	"testing"
	"time"
)

func TestLoadZone(t *testing.T) {
	at := time.Date(2026, 11, 23, 6, 10, 0, 0, time.UTC)
	for _, tt := range []struct {
		name, want string
		ok         bool
	}{
		{"", "13:10", true},
		{"Asia/Ho_Chi_Minh", "13:10", true},
		{"Asia/Tokyo", "15:10", true},
		{"Asia/Nowhere", "", false},
	} {
		loc, err := LoadZone(tt.name)
		if (err == nil) != tt.ok {
			t.Errorf("LoadZone(%q) error = %v, want ok=%v", tt.name, err, tt.ok)
			continue
		}
		if tt.ok {
			if got := at.In(loc).Format("15:04"); got != tt.want {
				t.Errorf("06:10 UTC in %q = %s, want %s", tt.name, got, tt.want)
			}
		}
	}
	if got := at.In(Zone("Asia/Nowhere")).Format("15:04"); got != "13:10" {
		t.Errorf("Zone of an unknown name = %s, want the default zone (13:10)", got)
	}
}

// TestEngine_SnapshotTimeZone: the snapshot names the office's zone, so
// that the screens reading it over the LAN show its clock.
func TestEngine_SnapshotTimeZone(t *testing.T) {
	cfg := DefaultConfig()
	cfg.TimeZone = "Asia/Tokyo"
	e, err := New(cfg, func() time.Time { return time.Date(2026, 11, 23, 6, 10, 0, 0, time.UTC) })
	if err != nil {
		t.Fatal(err)
	}
	st := e.Snapshot()
	if got, want := st.TimeZone, "Asia/Tokyo"; got != want {
		t.Errorf("TimeZone = %q, want %q", got, want)
	}
	if got, want := st.Now.In(st.Location()).Format("15:04"), "15:10"; got != want {
		t.Errorf("now in the snapshot's zone = %s, want %s", got, want)
	}
	if got, want := cfg.Location().String(), "Asia/Tokyo"; got != want {
		t.Errorf("Config.Location = %s, want %s", got, want)
	}
}
