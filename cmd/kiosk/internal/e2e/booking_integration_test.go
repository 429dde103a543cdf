//go:build integration

package e2e

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/devices/serialport/socattest"
	"github.com/motcua-kiosk/motcua/kiosk/bookings"
	"github.com/motcua-kiosk/motcua/kiosk/hub"
	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/settings"
	"github.com/motcua-kiosk/motcua/kiosk/store"
	"github.com/motcua-kiosk/motcua/kiosk/syncer"
	"github.com/motcua-kiosk/motcua/server/app"
	"github.com/motcua-kiosk/motcua/server/db"
	"github.com/motcua-kiosk/motcua/server/web"
)

var binDir string

func TestMain(m *testing.M) {
	binDir, _ = os.MkdirTemp("", "motcua-e2e-bin-")
	code := m.Run()
	os.RemoveAll(binDir)
	os.Exit(code)
}

// TestBooking_ServerToCounter is issue 14's end-to-end booking: a citizen
// books on the central server's phone booking page (server/app and
// server/web on SQLite, over HTTP, with its cookie and form token), the
// office hub inside the real
// kiosk binary receives it through kiosk/syncer, the citizen's QR is
// scanned on the kiosk's home screen through a socat serial pair under
// Xvfb and the kiosk prints a booked ticket, and the desk of counter 1
// (the hub's LAN API through hub.Client, as the desk screen uses it)
// calls that booked ticket. Then the server learns the check-in and has
// erased the phone number. Every wait is for an effect; the timeouts only
// end a hang.
func TestBooking_ServerToCounter(t *testing.T) {
	needTools(t, "Xvfb")
	pair := socattest.New(t)
	bin := buildKiosk(t)
	ctx := context.Background()

	// The central server.
	sdb, err := db.Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "server.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sdb.Close() })
	server := app.New(sdb, app.Options{})
	page, err := web.New(sdb, web.Options{Bookings: server.Bookings}) // the citizen's phone booking page
	if err != nil {
		t.Fatal(err)
	}
	page.Register(server)
	srv := httptest.NewServer(server.Handler())
	t.Cleanup(srv.Close)
	office, err := sdb.CreateOffice(ctx, "UBND xã Hòa An")
	if err != nil {
		t.Fatal(err)
	}
	enroll, err := sdb.CreateEnrollCode(ctx, office.ID, time.Hour)
	if err != nil {
		t.Fatal(err)
	}

	// The office's kiosk: its data, booking rules, an officer and a desk
	// device, enrolled with the server as the admin menu does.
	dir := t.TempDir()
	printDir := filepath.Join(dir, "printer")
	os.MkdirAll(printDir, 0o755)
	st, err := store.Open(filepath.Join(dir, "office.db"))
	if err != nil {
		t.Fatal(err)
	}
	cfg := queue.DefaultConfig()
	cfg.Office.Name = "UBND xã Hòa An — Trung tâm Phục vụ hành chính công"
	for i := range cfg.Services {
		cfg.Services[i].Windows, cfg.Services[i].Days, cfg.Services[i].DailyCap = nil, []time.Weekday{0, 1, 2, 3, 4, 5, 6}, 0
	}
	if time.Now().In(cfg.Location()).Format("15:04") >= "23:45" {
		cfg.TimeZone = "UTC" // no slot left today there: move the office seven hours back
	}
	if err := st.SaveConfig(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	zone := cfg.Location()
	rules := bookings.DefaultRules()
	rules.MinLeadHours = 0
	rules.Services = []bookings.ServiceRules{{Service: "A", ServiceMinutes: 1, Slots: []bookings.SlotRule{
		{Days: []time.Weekday{0, 1, 2, 3, 4, 5, 6}, From: "00:00", To: "23:55", Minutes: 5, PerSlot: 1}}}}
	if err := st.SaveBookingRules(ctx, rules, cfg); err != nil {
		t.Fatal(err)
	}
	if err := st.SetOfficer(ctx, "cb01", "Nguyễn Văn An", "2468"); err != nil {
		t.Fatal(err)
	}
	_, deskToken, err := st.AddDevice(ctx, "Quầy 1", store.RoleDesk, 1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := syncer.New(st, syncer.Options{}).Enroll(ctx, srv.URL, enroll); err != nil {
		t.Fatal(err)
	}
	st.Close()
	listen := freeAddr(t)
	sf, _ := settings.Open(dir)
	if err := sf.Update(func(s *settings.Settings) {
		s.Printer, s.Listen, s.Language = "virtual:"+printDir, listen, "vi"
		s.Scanner, s.ScannerBaud, s.CentralURL = pair.A, 9600, srv.URL
	}); err != nil {
		t.Fatal(err)
	}

	display := startXvfb(t, 1080, 1920)
	log := startKiosk(t, bin, display, dir)
	logHas := func(sub string) bool { return strings.Contains(log.String(), sub) }
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("kiosk log:\n%s", log)
		}
	})

	// 1. The hub puts its rules on the server; the citizen books there.
	now := time.Now().In(zone)
	slot := now.Truncate(5 * time.Minute).Add(5 * time.Minute) // within the 15-minute early window
	day := slot.Format(time.DateOnly)
	waitFor(t, "the server has the office's booking rules", func() bool {
		free, err := server.Bookings.Free(ctx, office.ID, "A", day)
		return err == nil && len(free) > 0
	})
	code := bookByPhone(t, srv.URL, office.ID, "A", slot, "0912 345 678")
	_, booked, err := server.Bookings.Lookup(ctx, code)
	if err != nil || booked.Channel != bookings.ChannelPhone || !booked.Start.Equal(slot) {
		t.Fatalf("the server's booking %s: %+v, %v", code, booked, err)
	}

	// 2. The hub receives it. The desk's sign-in is a commit, which wakes
	// the hub's syncer at once instead of at its 30-second idle flush.
	desk := hub.NewClient("http://"+listen, deskToken)
	waitFor(t, "the hub answers", func() bool { _, err := desk.State(ctx); return err == nil })
	if _, err := desk.SignIn(ctx, 1, "cb01", "2468"); err != nil {
		t.Fatalf("desk sign-in: %v", err)
	}
	waitFor(t, "the hub holds the phone booking", func() bool {
		d, err := desk.BookingDay(ctx, day)
		if err != nil {
			return false
		}
		for _, b := range d.Bookings {
			if b.Code == booked.Code {
				return b.Status == bookings.StatusBooked && b.Channel == bookings.ChannelPhone
			}
		}
		return false
	})

	// 3. The citizen scans the booking's QR at the kiosk.
	waitFor(t, "the scanner's port open", func() bool { return logHas("scanner: port open") })
	scanner, err := os.OpenFile(pair.B, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer scanner.Close()
	var last time.Time
	waitFor(t, "the booked ticket issued", func() bool {
		if logHas("ticket issued") {
			return true
		}
		if time.Since(last) > 2*time.Second { // a code sent while the kiosk was busy is sent again
			if _, err := scanner.WriteString(bookings.QRPayload(srv.URL, booked.Code) + "\r\n"); err != nil {
				t.Fatalf("scan: %v", err)
			}
			last = time.Now()
		}
		return false
	})
	if !logHas(`"outcome":"booked"`) {
		t.Errorf("the check-in was not 'booked'")
	}
	waitFor(t, "the ticket printed", func() bool {
		m, _ := filepath.Glob(filepath.Join(printDir, "*.bin"))
		return len(m) == 1
	})

	// 4. The desk calls it.
	called, err := desk.CallNext(ctx, 1)
	if err != nil {
		t.Fatalf("call next: %v", err)
	}
	if !called.Booked() || called.Service != "A" || called.WaitFrom == nil || !called.WaitFrom.Equal(slot) {
		t.Errorf("counter 1 called %s (wait from %v), want the booked ticket waiting from the slot %v", called.Number, called.WaitFrom, slot)
	}
	d, err := desk.BookingDay(ctx, day)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range d.Bookings {
		if b.Code == booked.Code && (b.Status != bookings.StatusCheckedIn || b.TicketID != called.ID) {
			t.Errorf("the hub's booking after the call: %+v, want checked in to ticket %s", b, called.ID)
		}
	}

	t.Logf("booked %s on the server for %s; the kiosk printed a booked ticket; counter 1 called %s (booked %t)",
		bookings.FormatCode(booked.Code), slot.Format("15:04"), called.Number, called.Booked())

	// 5. The server learns the check-in and no longer holds the number.
	waitFor(t, "the server has the check-in", func() bool {
		_, b, err := server.Bookings.Lookup(ctx, booked.Code)
		return err == nil && b.Status == bookings.StatusCheckedIn && b.Phone == ""
	})
}

// bookByPhone books service's slot at office through the central
// server's phone booking page as a citizen's browser does: the last
// step's form (with its cookie and form token), then its POST, which
// redirects to the booking's page /b/{code}.
func bookByPhone(t *testing.T, base, office, service string, slot time.Time, phone string) string {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 30 * time.Second}
	form := fmt.Sprintf("%s/book/%s/%s/%s/%s", base, office, service, slot.Format(time.DateOnly), slot.Format("1504"))
	resp, err := c.Get(form)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := regexp.MustCompile(`name="token" value="([^"]+)"`).FindSubmatch(body)
	if resp.StatusCode != http.StatusOK || m == nil {
		t.Fatalf("GET %s: %s, no form token:\n%s", form, resp.Status, body)
	}
	resp, err = c.PostForm(form, url.Values{"token": {string(m[1])}, "phone": {phone}})
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	code, ok := strings.CutPrefix(resp.Request.URL.Path, "/b/")
	if resp.StatusCode != http.StatusOK || !ok {
		t.Fatalf("POST %s: %s at %s:\n%s", form, resp.Status, resp.Request.URL, body)
	}
	return code
}

// buildKiosk builds the real kiosk binary once per test process; with
// KIOSK_BIN set (make test builds bin/kiosk once) it runs that one.
func buildKiosk(t testing.TB) string {
	t.Helper()
	if bin := os.Getenv("KIOSK_BIN"); bin != "" {
		return bin
	}
	buildOnce.Do(func() {
		binPath = filepath.Join(binDir, "kiosk")
		out, err := exec.Command("go", "build", "-o", binPath, "github.com/motcua-kiosk/motcua/cmd/kiosk").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("build kiosk: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// needTools skips the test without a tool, except under CI (CI set),
// which installs them all.
func needTools(t testing.TB, names ...string) {
	t.Helper()
	for _, n := range names {
		if _, err := exec.LookPath(n); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("%s is missing: %v", n, err)
			}
			t.Skipf("%s is missing: %v", n, err)
		}
	}
}

// startXvfb starts a virtual X server on a display it picks itself
// (-displayfd) and returns its DISPLAY; stopped when the test ends.
func startXvfb(t testing.TB, w, h int) string {
	t.Helper()
	r, wr, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	x := exec.Command("Xvfb", "-displayfd", "3", "-screen", "0", fmt.Sprintf("%dx%dx24", w, h), "-nolisten", "tcp")
	x.ExtraFiles = []*os.File{wr}
	if err := x.Start(); err != nil {
		t.Fatal(err)
	}
	wr.Close()
	t.Cleanup(func() { x.Process.Kill(); x.Wait() })
	line, err := bufio.NewReader(r).ReadString('\n')
	r.Close()
	if err != nil {
		t.Fatalf("Xvfb gave no display number: %v", err)
	}
	return ":" + strings.TrimSpace(line)
}

// logBuffer is the kiosk's stderr as read so far.
type logBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *logBuffer) add(s string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.b.WriteString(s)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// startKiosk runs the kiosk's dispenser (its embedded hub, syncer,
// printer and scanner) on display with data dir; killed at the end.
func startKiosk(t testing.TB, bin, display, dir string) *logBuffer {
	t.Helper()
	log := &logBuffer{}
	cmd := exec.Command(bin, "dispenser", "--data", dir)
	cmd.Env = append(os.Environ(), "DISPLAY="+display, "LANG=C.UTF-8")
	out, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			log.add(sc.Text() + "\n")
		}
	}()
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	return log
}

func freeAddr(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// waitFor polls cond every 100 ms for up to 90 s (a hang).
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(90 * time.Second) // ends a hang only
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting until %s", what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
