//go:build integration

package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/devices/serialport/socattest"
	"github.com/motcua-kiosk/motcua/kiosk/settings"
)

const (
	scanReady   = "000.00.13.H12-240315-0001" // "releasing": the result waits at the counter
	scanWaiting = "000.00.13.H12-240316-0002" // "processing": still being handled
	scanSecret  = "aB3xY9"
)

// openCPSServer serves kiosk/dossiers' recorded OpenCPS answers as an
// OpenCPS server would: the ready dossier (with its secret key) and one
// still in progress under their numbers, each with the recorded log.
func openCPSServer(t *testing.T) *httptest.Server {
	t.Helper()
	dir := filepath.Join("..", "..", "kiosk", "dossiers", "testdata", "opencps")
	answer := func(w http.ResponseWriter, code int, name, dossierNo string) {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Error(err)
		}
		if dossierNo != "" { // the same recorded dossier under another number
			var m map[string]any
			if err := json.Unmarshal(b, &m); err != nil {
				t.Error(err)
			}
			m["dossierNo"] = dossierNo
			b, _ = json.Marshal(m)
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		w.Write(b)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/o/rest/v2/dossiers/" + scanReady:
			if r.URL.Query().Get("secretKey") != scanSecret {
				answer(w, http.StatusForbidden, "forbidden.json", "")
				return
			}
			answer(w, http.StatusOK, "dossier_releasing.json", scanReady)
		case "/o/rest/v2/dossiers/" + scanWaiting:
			answer(w, http.StatusOK, "dossier_processing.json", scanWaiting)
		case "/o/rest/v2/dossierlogs/201845/logs":
			answer(w, http.StatusOK, "logs.json", "")
		default:
			answer(w, http.StatusNotFound, "notfound.json", "")
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// tickets lists the virtual printer's jobs (one .bin per ticket).
func tickets(dir string) []string {
	m, _ := filepath.Glob(filepath.Join(dir, "*.bin"))
	return m
}

// TestKioskUI_ScanDossierSlip runs the real binary under Xvfb with a
// barcode scanner on a socat serial pair and an OpenCPS server answering
// with the recorded answers. A slip scanned on the home screen opens its
// status: the dossier still in progress offers no ticket (taps where the
// ready dossier's key would be issue nothing), the ready one (its QR: a
// look-up URL with the secret key) offers "Lấy số nhận kết quả", which
// prints a ticket in "Trả kết quả" (D001) — and that is the only ticket.
// Every step waits for its effect in the kiosk's log or the printer's
// folder, and scans and taps are repeated until it shows.
func TestKioskUI_ScanDossierSlip(t *testing.T) {
	// The middle of "Lấy số nhận kết quả" on the result page under Xvfb
	// (docs/screenshots/dossier-kiosk-ready-*-vi.png: in portrait the key
	// spans y 670-818; in landscape x 976-1888, y 283-431).
	for _, l := range []struct {
		name       string
		w, h       int
		keyX, keyY int
	}{
		{"portrait", 1080, 1920, 540, 745},
		{"landscape", 1920, 1080, 1432, 357},
	} {
		t.Run(l.name, func(t *testing.T) { scanDossierSlip(t, l.name, l.w, l.h, l.keyX, l.keyY) })
	}
}

func scanDossierSlip(t *testing.T, orient string, w, h, keyX, keyY int) {
	needTools(t, "Xvfb", "xdotool")
	pair := socattest.New(t)
	bin := buildKiosk(t)
	srv := openCPSServer(t)
	display := startXvfb(t, w, h)
	dir, printDir := kioskData(t, "vi")
	sf, _ := settings.Open(dir)
	if err := sf.Update(func(s *settings.Settings) {
		s.DossierSource, s.OpenCPSURL, s.OpenCPSGroup = settings.DossierOpenCPS, srv.URL, "35417"
		s.Scanner, s.ScannerBaud = pair.A, 9600
	}); err != nil {
		t.Fatal(err)
	}
	s := startKiosk(t, bin, display, dir)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("kiosk log:\n%s", s.log)
		}
	})
	logHas := func(sub string) bool { return strings.Contains(s.log.String(), sub) }
	waitFor(t, "the scanner's port open", func() bool { return logHas("scanner: port open") })
	if !logHas("result-return service") || logHas("no result-return service") {
		t.Errorf("the kiosk did not find its result-return service; log:\n%s", s.log)
	}
	scanner, err := os.OpenFile(pair.B, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer scanner.Close()
	// scanUntil sends code as the scanner does (CR LF after it) about every
	// two seconds until cond holds: a code sent while the kiosk was busy
	// is sent again, as a citizen scans again.
	scanUntil := func(code, what string, cond func() bool) {
		t.Helper()
		var last time.Time
		waitFor(t, what, func() bool {
			if cond() {
				return true
			}
			if time.Since(last) > 2*time.Second {
				if _, err := scanner.WriteString(code + "\r\n"); err != nil {
					t.Fatalf("scan: %v", err)
				}
				last = time.Now()
			}
			return false
		})
	}
	countShown := func(ready string) int {
		n := 0
		for _, l := range strings.Split(s.log.String(), "\n") {
			if strings.Contains(l, "dossier shown") && strings.Contains(l, `"ready":`+ready) {
				n++
			}
		}
		return n
	}

	// Still in progress: its status, and no ticket whatever is tapped.
	scanUntil(scanWaiting, "the waiting dossier's status", func() bool { return countShown("false") > 0 })
	shotPainted(s, "dossier-kiosk-waiting-"+orient+"-vi")
	s.tap(keyX, keyY)
	s.tap(keyX, keyY)
	if logHas("ticket issued") || len(tickets(printDir)) > 0 {
		t.Fatalf("a ticket for a dossier still in progress; log:\n%s", s.log)
	}

	// Ready: the slip's QR, a look-up URL with the secret key.
	qr := "https://dichvucong.example.gov.vn/tra-cuu-ho-so?dossierNo=" + scanReady + "&secretKey=" + scanSecret
	scanUntil(qr, "the ready dossier's status", func() bool { return countShown("true") > 0 })
	shotPainted(s, "dossier-kiosk-ready-"+orient+"-vi")
	var last time.Time
	waitFor(t, "a ticket from 'Lấy số nhận kết quả'", func() bool {
		if logHas("ticket issued") {
			return true
		}
		if time.Since(last) > 2*time.Second { // a tap swallowed by the tap guard is tapped again
			s.xdo("mousemove", strconv.Itoa(keyX), strconv.Itoa(keyY), "click", "1")
			last = time.Now()
		}
		return false
	})
	waitFor(t, "the ticket printed", func() bool { return len(tickets(printDir)) > 0 })
	shotPainted(s, "dossier-kiosk-ticket-"+orient+"-vi")
	var printed []byte
	waitFor(t, "the ticket's bytes", func() bool {
		b, err := os.ReadFile(tickets(printDir)[0])
		printed = b
		return err == nil && len(b) > 0
	})
	if !strings.Contains(string(printed), "D001") {
		t.Errorf("the printed ticket holds no D001 (the first of Trả kết quả)")
	}
	if n := strings.Count(s.log.String(), "ticket issued"); n != 1 {
		t.Errorf("%d tickets issued, want exactly 1; log:\n%s", n, s.log)
	}
	if !logHas(`"ticket":"D001"`) {
		t.Errorf("the ticket issued is not D001; log:\n%s", s.log)
	}
	if got := len(tickets(printDir)); got != 1 {
		t.Errorf("%d tickets printed, want 1", got)
	}
}

// shotPainted is s.shot a moment later: the log line a step waits for is
// written before the frame that shows it is painted. Only the picture
// waits; no check depends on it.
func shotPainted(s *session, name string) {
	if os.Getenv("SCREENSHOTS") == "" {
		return
	}
	time.Sleep(1500 * time.Millisecond)
	s.shot(name)
}
