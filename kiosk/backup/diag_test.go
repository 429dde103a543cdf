package backup

import (
	"archive/zip"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/devices"
	"github.com/motcua-kiosk/motcua/devices/printer"
	"github.com/motcua-kiosk/motcua/kiosk/logging"
	"github.com/motcua-kiosk/motcua/kiosk/store"
)

func readZip(t *testing.T, path string) map[string]string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	out := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		out[f.Name] = string(b)
	}
	return out
}

func TestDiag(t *testing.T) {
	const token = "q3Xv9Lk2_Pz8RtY0aBcD4eFgH5iJ6kLm7nOp8QrS9tU"
	dir, st := newDataDir(t, 2)
	// Secrets the office really keeps: a sync credential, an admin PIN
	// hash, a paired device's token (as the hub logs would show it).
	st.SetMeta(ctx, "sync_token", token)
	st.SetMeta(ctx, "admin_pin_hash", store.HashPIN("482916"))
	st.SetMeta(ctx, "sync", `{"url":"https://motcua.example.gov.vn","credential":"`+token+`"}`)
	st.SetMeta(ctx, "screen", "1920x1080")
	if err := st.SetOfficer(ctx, "cb07", "Nguyễn Thị Hoa", "482916"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.AddDevice(ctx, "Quầy 3", store.RoleDesk, 3); err != nil {
		t.Fatal(err)
	}
	logDir := filepath.Join(dir, LogDirName)
	os.Remove(filepath.Join(logDir, "kiosk.log"))
	log, lf, err := logging.New(logging.Options{Dir: logDir})
	if err != nil {
		t.Fatal(err)
	}
	log.Info("ticket issued", "number", "A001")
	log.Warn("desk signed in", "officer", "cb07", "pin", "482916", "token", token)
	lf.Close()

	// The real printer driver on a serial path that is not there: the
	// kiosk starts with the printer unplugged and the bundle must say so.
	p, err := printer.Open(filepath.Join(t.TempDir(), "ttyUSB9"), printer.Config{Profile: "epson-tm-t82"})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()

	usb := t.TempDir()
	at := time.Date(2026, 11, 23, 16, 45, 0, 0, time.Local)
	path, err := Diag(ctx, DiagOptions{Version: "0.1.0", Role: "dispenser", Store: st, DataDir: dir, Printer: p,
		PrinterName: "serial ttyUSB9 epson-tm-t82", Extra: map[string]any{"hub": "127.0.0.1:8700", "hub_token": token},
		Now: func() time.Time { return at }}, usb)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := filepath.Base(path), "motcua-diag-20261123-164500.zip"; got != want {
		t.Errorf("bundle %s, want %s", got, want)
	}
	files := readZip(t, path)
	for _, name := range []string{"versions.json", "settings.json", "printer.json", "memory.json", "extra.json", "logs/kiosk-last.log"} {
		if _, ok := files[name]; !ok {
			t.Errorf("bundle lacks %s (has %v)", name, keys(files))
		}
	}
	all := strings.Join(values(files), "\n")
	for _, secret := range []string{token, "482916", "pbkdf2", store.HashPIN("482916")[:20]} {
		if strings.Contains(all, secret) {
			t.Errorf("bundle holds secret %q", secret)
		}
	}
	var v map[string]any
	if err := json.Unmarshal([]byte(files["versions.json"]), &v); err != nil {
		t.Fatal(err)
	}
	if v["version"] != "0.1.0" || v["device_id"] != st.DeviceID() || v["schema"] != float64(store.LatestSchema()) {
		t.Errorf("versions = %v", v)
	}
	if runtime.GOOS == "linux" {
		var m map[string]float64
		if err := json.Unmarshal([]byte(files["memory.json"]), &m); err != nil {
			t.Fatalf("memory.json: %v (%s)", err, files["memory.json"])
		}
		if m["rss_kb"] < 1024 || m["peak_rss_kb"] < m["rss_kb"] || m["go_heap_kb"] <= 0 {
			t.Errorf("memory.json = %v: want this process's RSS, peak and Go heap", m)
		}
	}
	var s struct {
		Meta    map[string]json.RawMessage `json:"meta"`
		Left    []string                   `json:"left_out_keys"`
		Devices []store.Device             `json:"devices"`
		Pending int                        `json:"outbox_pending"`
	}
	if err := json.Unmarshal([]byte(files["settings.json"]), &s); err != nil {
		t.Fatal(err)
	}
	if string(s.Meta["screen"]) != `"1920x1080"` || !strings.Contains(string(s.Meta["sync"]), "motcua.example.gov.vn") {
		t.Errorf("useful settings lost: %v", s.Meta)
	}
	if got, want := strings.Join(s.Left, ","), "admin_pin_hash,sync_token"; got != want {
		t.Errorf("secret keys left out = %s, want %s", got, want)
	}
	if len(s.Devices) != 1 || s.Devices[0].Name != "Quầy 3" || s.Pending != 2 {
		t.Errorf("devices %+v, pending %d", s.Devices, s.Pending)
	}
	var pr struct {
		Name     string `json:"name"`
		State    string `json:"state"`
		CanPrint bool   `json:"can_print"`
	}
	json.Unmarshal([]byte(files["printer.json"]), &pr)
	if pr.State != devices.StateDisconnected.String() || pr.CanPrint || !strings.Contains(pr.Name, "epson-tm-t82") {
		t.Errorf("printer.json = %s", files["printer.json"])
	}
	lg := files["logs/kiosk-last.log"]
	if !strings.Contains(lg, "A001") || !strings.Contains(lg, "desk signed in") {
		t.Errorf("log missing lines:\n%s", lg)
	}
	ents, _ := os.ReadDir(usb)
	if len(ents) != 1 {
		t.Errorf("USB folder holds %d entries, want only the zip", len(ents))
	}
}

// TestDiag_NothingOpen is the bundle of a kiosk that cannot even open its
// store: still written, saying what is missing.
func TestDiag_NothingOpen(t *testing.T) {
	fp := &devices.FakePrinter{StatusFunc: func(context.Context) (devices.Status, error) {
		return devices.Status{Online: true, PaperEnd: true}, nil
	}}
	path, err := Diag(ctx, DiagOptions{Version: "0.1.0", Printer: fp}, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	files := readZip(t, path)
	if !strings.Contains(files["settings.json"], "no store") || !strings.Contains(files["printer.json"], `"paper_end"`) {
		t.Errorf("settings %s printer %s", files["settings.json"], files["printer.json"])
	}
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func values(m map[string]string) []string {
	var out []string
	for _, v := range m {
		out = append(out, v)
	}
	return out
}
