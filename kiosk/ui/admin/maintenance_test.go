package admin

import (
	"context"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/motcua-kiosk/motcua/kiosk/ui"
)

type fakeMaint struct {
	mu    sync.Mutex
	calls []string
}

func (f *fakeMaint) note(what, dir string) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, what+" "+dir)
	if what == "restore" {
		return "", fmt.Errorf("%w: %s", ErrNoBackup, dir)
	}
	return filepath.Join(dir, what+".out"), nil
}
func (f *fakeMaint) Backup(ctx context.Context, dir string) (string, error) {
	return f.note("backup", dir)
}
func (f *fakeMaint) StageRestore(ctx context.Context, dir string) (string, error) {
	return f.note("restore", dir)
}
func (f *fakeMaint) ExportLog(ctx context.Context, dir string) (string, error) {
	return f.note("log", dir)
}
func (f *fakeMaint) Diag(ctx context.Context, dir string) (string, error) { return f.note("diag", dir) }

// TestMenu_Maintenance: the admin names a folder, then backs up; a failed
// restore says why in Vietnamese; the page shows the version.
func TestMenu_Maintenance(t *testing.T) {
	r := newRig(t)
	(Guard{Meta: r.st, Now: time.Now}).SetPIN(context.Background(), "1234")
	fm := &fakeMaint{}
	var m *Menu
	var w fyne.Window
	ui.Locked(func() {
		m = New(Options{Hub: r.h, Store: r.st, Settings: r.sf, Maintenance: fm, Version: "0.1.0", Now: func() time.Time { return r.now }})
		w = test.NewWindow(m.Content())
		w.Resize(fyne.NewSize(1920, 1080))
	})
	typePIN(m, "1234")
	waitFor(t, "menu", func() bool { return m.Stage() == StageMenu })
	tap(m.Section("maintenance"))
	waitFor(t, "version", func() bool { return m.StatusText() == "Phiên bản phần mềm: 0.1.0" })
	if runtime.GOOS == "linux" { // the kiosk's own memory, for the technician
		var line string
		ui.Locked(func() {
			for _, o := range test.LaidOutObjects(m.Content()) {
				if txt, ok := o.(*ui.Text); ok && strings.HasPrefix(txt.Text, "Bộ nhớ đang dùng: ") {
					line = txt.Text
				}
			}
		})
		var now, peak int
		if _, err := fmt.Sscanf(line, "Bộ nhớ đang dùng: %d MB (cao nhất từ khi mở: %d MB)", &now, &peak); err != nil || now < 1 || peak < now {
			t.Errorf("memory line %q: want this process's MB now and at peak (%v)", line, err)
		}
	}
	tap(m.MaintenanceButton("admin.maint.backup"))
	waitFor(t, "ask for a folder", func() bool { return m.StatusText() == "Hãy nhập thư mục (ổ USB) trước" })
	tap(m.Form().Field("folder"))
	ui.Locked(func() {
		m.Keyboard().Type("/media/usb")
		test.Tap(m.Keyboard().Key("OK"))
	})
	tap(m.MaintenanceButton("admin.maint.backup"))
	waitFor(t, "backed up", func() bool { return m.StatusText() == "Đã sao lưu vào /media/usb/backup.out" })
	tap(m.MaintenanceButton("admin.maint.restore"))
	waitFor(t, "restore refused", func() bool {
		return m.StatusText() == "Thư mục này không có bản sao lưu nào"
	})
	if *shot != "" {
		ui.Locked(func() {
			f, err := os.Create(*shot)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			png.Encode(f, w.Canvas().Capture())
		})
	}
	fm.mu.Lock()
	defer fm.mu.Unlock()
	if len(fm.calls) != 2 || fm.calls[0] != "backup /media/usb" {
		t.Errorf("calls = %v", fm.calls)
	}
}
