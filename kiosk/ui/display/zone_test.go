package display

import (
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/ui/desk/stafftest"
)

// TestBoard_ClockInOfficeZone: the lobby clock shows the office's time
// (from the hub's snapshot), not the machine's: 06:10 UTC is 13:10 in Hà
// Nội on a display PC whose zone is UTC (the Makefile runs this package
// under TZ=UTC and TZ=Asia/Ho_Chi_Minh), 15:10 for an office on Asia/Tokyo.
func TestBoard_ClockInOfficeZone(t *testing.T) {
	now := time.Date(2026, 11, 23, 6, 10, 0, 0, time.UTC)
	for _, tt := range []struct{ zone, want string }{
		{"", "13:10:00"},
		{"Asia/Tokyo", "15:10:00"},
	} {
		t.Run("zone="+tt.zone, func(t *testing.T) {
			cfg := stafftest.Config(1)
			cfg.TimeZone = tt.zone
			o := stafftest.Start(t, cfg)
			b := newBoard(t, o, nil, Options{Now: func() time.Time { return now }})
			eventually(t, "the clock at "+tt.want, b, func() bool { return b.clock.Text == tt.want })
		})
	}
}
