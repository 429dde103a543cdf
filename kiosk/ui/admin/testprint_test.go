package admin

import (
	"context"
	"flag"
	"fmt"
	"image/png"
	"os"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/motcua-kiosk/motcua/devices"
	"github.com/motcua-kiosk/motcua/devices/escpos"
	"github.com/motcua-kiosk/motcua/kiosk/ui"
)

var testPrintShot = flag.String("testprint-screenshot", "", "write the printer page showing a test print's error to this PNG (docs/screenshots)")

// TestMenu_TestPrint: "In thử" on the printer page shows the plain
// sentence for a failure (printer.ErrorText: the profile lacks a feature,
// no paper), never the raw error, and "Đã in thử." when it printed.
func TestMenu_TestPrint(t *testing.T) {
	r := newRig(t)
	(Guard{Meta: r.st, Now: time.Now}).SetPIN(context.Background(), "1234")
	results := []error{
		fmt.Errorf("print test page: encode: %w", &escpos.UnsupportedError{Profile: "generic-80mm", Strategy: escpos.StrategyUserChars, Feature: escpos.FeatureUserDefinedChars}),
		fmt.Errorf("print test page: %w", &devices.StatusError{Status: devices.Status{PaperEnd: true, At: time.Now()}, Op: "print"}),
		nil,
	}
	var mu sync.Mutex
	calls := 0
	var m *Menu
	var w fyne.Window
	ui.Locked(func() {
		m = New(Options{Hub: r.h, Store: r.st, Settings: r.sf, Now: func() time.Time { return r.now },
			TestPrint: func(ctx context.Context) error {
				mu.Lock()
				defer mu.Unlock()
				err := results[calls]
				calls++
				return err
			}})
		w = test.NewWindow(m.Content())
		w.Resize(fyne.NewSize(1080, 1920))
	})
	typePIN(m, "1234")
	waitFor(t, "menu", func() bool { return m.Stage() == StageMenu })
	tap(m.Section("printer"))
	var oneLine float32
	ui.Locked(func() { oneLine = m.status.Size().Height })
	unsupported := "Máy in loại generic-80mm không có ký tự tự định nghĩa (ESC &): hãy chọn đúng loại máy in hoặc cách in chữ khác."
	for _, want := range []string{unsupported, devices.StateText(devices.StatePaperEnd, "vi"), ui.Tr{Lang: ui.LangVI}.L("admin.printer.test_ok")} {
		tap(m.TestPrintButton())
		waitFor(t, want, func() bool { return m.StatusText() == want })
		if want == unsupported {
			// Two lines at 1080 px: the page is laid out again for them.
			var h float32
			ui.Locked(func() { h = m.status.Size().Height })
			if h < 1.5*oneLine {
				t.Errorf("status line %v high for a two-line sentence (one line: %v): cut off", h, oneLine)
			}
		}
		if want == unsupported && *testPrintShot != "" {
			ui.Locked(func() {
				f, err := os.Create(*testPrintShot)
				if err != nil {
					t.Fatal(err)
				}
				defer f.Close()
				png.Encode(f, w.Canvas().Capture())
			})
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if calls != len(results) {
		t.Errorf("TestPrint called %d times, want %d", calls, len(results))
	}
}

// TestMenu_TestPrint_keptOverPoll: the printer page reads the printer's
// state every 2 s; a test print's failure stays on the status line until
// that state changes instead of being replaced by the next read.
func TestMenu_TestPrint_keptOverPoll(t *testing.T) {
	r := newRig(t)
	(Guard{Meta: r.st, Now: time.Now}).SetPIN(context.Background(), "1234")
	var mu sync.Mutex
	reads := 0
	var m *Menu
	ui.Locked(func() {
		m = New(Options{Hub: r.h, Store: r.st, Settings: r.sf, Now: func() time.Time { return r.now },
			PrinterStatus: func(ctx context.Context) (devices.Status, error) {
				mu.Lock()
				defer mu.Unlock()
				reads++
				return devices.Status{Online: true, At: time.Now()}, nil // ready
			},
			TestPrint: func(ctx context.Context) error {
				return &escpos.UnsupportedError{Profile: "generic-58mm", Strategy: escpos.StrategyUserChars, Feature: escpos.FeatureUserDefinedChars}
			}})
		test.NewWindow(m.Content()).Resize(fyne.NewSize(1080, 1920))
	})
	typePIN(m, "1234")
	waitFor(t, "menu", func() bool { return m.Stage() == StageMenu })
	tap(m.Section("printer"))
	ready := ui.Tr{Lang: ui.LangVI}.L("admin.printer.status", map[string]any{"State": devices.StateText(devices.StateReady, "vi")})
	waitFor(t, "state shown", func() bool { return m.StatusText() == ready })
	tap(m.TestPrintButton())
	want := "Máy in loại generic-58mm không có ký tự tự định nghĩa (ESC &): hãy chọn đúng loại máy in hoặc cách in chữ khác."
	waitFor(t, "test print failure", func() bool { return m.StatusText() == want })
	mu.Lock()
	after := reads
	mu.Unlock()
	waitFor(t, "two more state reads", func() bool { mu.Lock(); defer mu.Unlock(); return reads >= after+2 })
	var got string
	ui.Locked(func() { got = m.StatusText() })
	if got != want {
		t.Errorf("status after two state reads = %q, want the failure %q", got, want)
	}
}
