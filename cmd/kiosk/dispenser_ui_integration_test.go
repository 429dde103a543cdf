//go:build integration

package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/settings"
	"github.com/motcua-kiosk/motcua/kiosk/store"
	"github.com/motcua-kiosk/motcua/kiosk/ui/admin"
	"github.com/motcua-kiosk/motcua/kiosk/ui/dispenser"
)

// kioskData prepares a data dir: an office open at any hour, a virtual
// printer, the admin PIN 123456 and the given language.
func kioskData(t testing.TB, lang string) (dir, printDir string) {
	t.Helper()
	dir = t.TempDir()
	printDir = filepath.Join(dir, "printer")
	os.MkdirAll(printDir, 0o755)
	st, err := store.Open(filepath.Join(dir, "office.db"))
	if err != nil {
		t.Fatal(err)
	}
	cfg := queue.DefaultConfig()
	cfg.Office.Name = "UBND xã Hòa An — Trung tâm Phục vụ hành chính công"
	cfg.Office.NameEN = "Hoa An Commune — Public Administrative Service Centre"
	icons := []string{"land", "family", "work", "result"}
	for i := range cfg.Services {
		cfg.Services[i].Windows, cfg.Services[i].Days, cfg.Services[i].Icon = nil, []time.Weekday{0, 1, 2, 3, 4, 5, 6}, icons[i]
	}
	for i := range cfg.Services {
		cfg.Services[i].DailyCap = 0
	}
	ctx := context.Background()
	if err := st.SaveConfig(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	if err := (admin.Guard{Meta: st, Now: time.Now}).SetPIN(ctx, "123456"); err != nil {
		t.Fatal(err)
	}
	st.Close()
	sf, _ := settings.Open(dir)
	if err := sf.Update(func(s *settings.Settings) {
		s.Printer, s.Listen, s.Language = "virtual:"+printDir, freeAddr(t), lang
	}); err != nil {
		t.Fatal(err)
	}
	return dir, printDir
}

type session struct {
	t       testing.TB
	display string
	cmd     *exec.Cmd
	started time.Time
	shown   time.Duration
	log     *lockedBuilder
}

// lockedBuilder is the kiosk's stderr as read so far; the reader goroutine
// writes while the test reads.
type lockedBuilder struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuilder) WriteString(s string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.b.WriteString(s)
}

func (l *lockedBuilder) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func startKiosk(t testing.TB, bin, display, dir string, args ...string) *session {
	t.Helper()
	s := &session{t: t, display: display, log: &lockedBuilder{}}
	s.cmd = exec.Command(bin, append([]string{"dispenser", "--data", dir}, args...)...)
	s.cmd.Env = append(os.Environ(), "DISPLAY="+display, "LANG=C.UTF-8")
	if extra := os.Getenv("KIOSK_ENV"); extra != "" { // experiments: KIOSK_ENV="LP_NUM_THREADS=1 FYNE_CACHE=5s"
		s.cmd.Env = append(s.cmd.Env, strings.Fields(extra)...)
	}
	out, _ := s.cmd.StderrPipe()
	s.started = time.Now()
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			s.log.WriteString(sc.Text() + "\n")
		}
	}()
	t.Cleanup(func() { s.cmd.Process.Kill(); s.cmd.Wait() })
	// The first frame: the window is mapped and shows something.
	syncWindow(t, s.cmd.Env, "Máy lấy số")
	s.shown = time.Since(s.started)
	time.Sleep(700 * time.Millisecond) // let the first frame paint
	return s
}

// syncWindow waits up to 60 s (a hang) for a visible window whose name matches
// name on the display in env (xdotool search --sync: no polling, so the
// time it returns is when the window was mapped), and fails the test
// without one.
func syncWindow(t testing.TB, env []string, name string) {
	t.Helper()
	c := exec.Command("xdotool", "search", "--sync", "--onlyvisible", "--name", name)
	c.Env = env
	done := make(chan error, 1)
	go func() { done <- c.Run() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("window %q not found: %v", name, err)
		}
	case <-time.After(60 * time.Second):
		c.Process.Kill()
		t.Fatalf("no window %q after 60 s", name)
	}
}

func (s *session) stop() {
	s.cmd.Process.Signal(os.Interrupt)
	s.cmd.Wait()
}

func (s *session) xdo(args ...string) {
	s.t.Helper()
	c := exec.Command("xdotool", args...)
	c.Env = s.cmd.Env
	if out, err := c.CombinedOutput(); err != nil {
		s.t.Fatalf("xdotool %v: %v %s", args, err, out)
	}
}

// tap clicks at x, y and waits for the screen it brings to take taps: a
// screen ignores them for dispenser.TapGuard after it comes up.
func (s *session) tap(x, y int) {
	s.xdo("mousemove", strconv.Itoa(x), strconv.Itoa(y), "click", "1")
	time.Sleep(dispenser.TapGuard + 400*time.Millisecond)
}

// shot saves the screen as docs/screenshots/NAME.png when SCREENSHOTS is
// set to that folder.
func (s *session) shot(name string) {
	dir := os.Getenv("SCREENSHOTS")
	if dir == "" {
		return
	}
	c := exec.Command("import", "-window", "root", filepath.Join(dir, name+".png"))
	c.Env = s.cmd.Env
	if out, err := c.CombinedOutput(); err != nil {
		s.t.Errorf("import: %v %s", err, out)
	}
}

func (s *session) rss() int {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "VmRSS:") {
			n, _ := strconv.Atoi(strings.Fields(l)[1])
			return n
		}
	}
	return 0
}

func waitPNG(t *testing.T, dir string, n int) []string {
	t.Helper()
	for end := time.Now().Add(60 * time.Second); time.Now().Before(end); time.Sleep(100 * time.Millisecond) {
		m, _ := filepath.Glob(filepath.Join(dir, "*.png"))
		if len(m) >= n {
			return m
		}
	}
	t.Fatalf("fewer than %d ticket PNGs in %s", n, dir)
	return nil
}

// layout holds where to tap on each orientation.
type layout struct {
	w, h          int
	service, rate [2]int
	name          string
}

var layouts = []layout{
	{1080, 1920, [2]int{540, 650}, [2]int{897, 1860}, "portrait"},
	{1920, 1080, [2]int{488, 541}, [2]int{1596, 1022}, "landscape"},
}

// TestKioskUI_TapServicePrintsTicket starts the real binary on a virtual
// screen and a virtual printer, taps a service with xdotool, and finds the
// ticket the virtual printer drew. With SCREENSHOTS=docs/screenshots it also
// keeps a picture of each screen in both orientations and both languages.
func TestKioskUI_TapServicePrintsTicket(t *testing.T) {
	needTools(t, "Xvfb", "xdotool", "import")
	bin := buildKiosk(t)
	for _, l := range layouts {
		for _, lang := range []string{"vi", "en"} {
			t.Run(l.name+"-"+lang, func(t *testing.T) {
				display := startXvfb(t, l.w, l.h)
				dir, printDir := kioskData(t, lang)
				var snd *kioskSound
				if l.name == "portrait" && lang == "vi" { // one session also speaks, into a WAV file
					snd = withSound(t, dir)
				}
				s := startKiosk(t, bin, display, dir)
				// How soon is a figure, not a check: BenchmarkKioskUI_ColdStart
				// measures it (docs/perf/ui.md); a loaded machine may be slow.
				t.Logf("window shown %v after start", s.shown)
				name := func(screen string) string { return fmt.Sprintf("%s-%s-%s-%s", prefix(screen), screen, l.name, lang) }
				s.shot(name("home"))
				s.tap(l.service[0], l.service[1])
				pngs := waitPNG(t, printDir, 1)
				s.shot(name("ticket"))
				if fi, err := os.Stat(pngs[0]); err != nil || fi.Size() < 1000 {
					t.Errorf("ticket PNG %s: %v", pngs[0], err)
				}
				if snd != nil { // the ticket screen's "Nghe hướng dẫn", top right
					snd.listenTicket(t, s, l.w-495, 54, "A001", "Đất đai")
				}
				s.tap(l.w/2, l.h/2) // anywhere: home again
				s.tap(l.rate[0], l.rate[1])
				s.shot(name("lookup"))
				s.stop()

				// A fresh start for the hidden gesture (the keypad above has
				// no key that leaves at a fixed place).
				s = startKiosk(t, bin, display, dir)
				for range 5 {
					s.xdo("mousemove", "20", "20", "click", "1")
					time.Sleep(120 * time.Millisecond)
				}
				time.Sleep(400 * time.Millisecond)
				s.shot(name("pin"))
				if !strings.Contains(s.log.String(), "admin gesture") {
					t.Errorf("five corner taps did not open the admin PIN; log:\n%s", s.log)
				}
			})
		}
	}
}

func prefix(screen string) string {
	switch screen {
	case "lookup":
		return "rating"
	case "pin":
		return "admin"
	}
	return "dispenser"
}

// memoryRun is what one run of n tickets tapped on the real window left
// in the kiosk's resident memory.
type memoryRun struct {
	n, printed              int
	floor, at100, end, peak memSplit
}

// ticketMemory starts the real binary under Xvfb, issues n tickets by
// tapping its window (service, then back home) and reads its resident
// memory along the way, split by mapping.
func ticketMemory(t testing.TB, n int) memoryRun {
	t.Helper()
	needTools(t, "Xvfb", "xdotool")
	bin := buildKiosk(t)
	display := startXvfb(t, 1080, 1920)
	dir, _ := kioskData(t, "vi")
	// The kiosk's printer gets bytes down a line; the virtual printer would
	// also render every ticket to a PNG in the kiosk's process, which a
	// kiosk does not do. So the tickets go to a file, as to a serial line.
	out := filepath.Join(dir, "printer.bin")
	sf, _ := settings.Open(dir)
	if err := sf.Update(func(s *settings.Settings) { s.Printer = "file:" + out }); err != nil {
		t.Fatal(err)
	}
	r := memoryRun{n: n}
	r.floor = blankWindowMemory(t, display)
	t.Logf("floor, an empty full-screen Fyne window on the same display: %v", r.floor)
	s := startKiosk(t, bin, display, dir)
	dumpSmaps(t, s.cmd.Process.Pid, "start")
	start := readMemSplit(s.cmd.Process.Pid)
	t.Logf("at start: %v", start)
	r.peak, r.at100 = start, start
	// Each tap waits out the tap guard of the screen the last one brought.
	for i := 0; i < n; i++ {
		s.xdo("mousemove", "540", "650", "click", "1")
		time.Sleep(dispenser.TapGuard + 150*time.Millisecond)
		s.xdo("mousemove", "540", "1000", "click", "1") // back home
		time.Sleep(dispenser.TapGuard + 150*time.Millisecond)
		if i%100 == 99 || i < 100 && i%20 == 19 {
			m := readMemSplit(s.cmd.Process.Pid)
			if m.Total > r.peak.Total {
				r.peak = m
			}
			t.Logf("after %d tickets: %v", i+1, m)
			if i == 99 {
				r.at100 = m
			}
		}
	}
	// Every ticket in the file (the printer works in the background), not
	// a fixed sleep: a loaded machine may print later.
	for end := time.Now().Add(60 * time.Second); time.Now().Before(end); time.Sleep(500 * time.Millisecond) {
		if r.printed = countQRs(t, out); r.printed >= n {
			break
		}
	}
	rss := s.rss()
	dumpSmaps(t, s.cmd.Process.Pid, "end")
	r.end = readMemSplit(s.cmd.Process.Pid)
	t.Logf("tickets printed: %d; VmRSS after: %d kB (%.1f MB)", r.printed, rss, float64(rss)/1024)
	t.Logf("peak: %v", r.peak)
	t.Logf("after: %v", r.end)
	t.Logf("largest mappings after:\n%s", strings.Join(r.end.top, "\n"))
	var gcs []string
	for _, l := range strings.Split(s.log.String(), "\n") {
		if strings.HasPrefix(l, "gc ") {
			gcs = append(gcs, l)
		}
	}
	if len(gcs) > 0 { // with GODEBUG=gctrace=1: how much of it is Go's heap
		t.Logf("last GC: %s", gcs[len(gcs)-1])
	}
	return r
}

// TestKioskUI_MemoryPerTicket issues tickets by tapping the real window
// and checks that every one printed and that memory does not grow per
// ticket once the glyphs and screens are drawn. How much the kiosk holds
// is a figure, not a check here: BenchmarkKioskUI_Memory1000Tickets
// measures it against the 150 MB target (docs/perf/ui.md), because
// resident memory depends on the page cache and the software renderer.
func TestKioskUI_MemoryPerTicket(t *testing.T) {
	// 200 tickets (about five minutes, at two taps a ticket that each wait
	// out the tap guard): enough to see memory per ticket after
	// the first hundred. KIOSK_MEM=N runs N.
	n := 200
	if v, err := strconv.Atoi(os.Getenv("KIOSK_MEM")); err == nil && v >= 200 {
		n = v
	}
	if os.Getenv("CI") == "" && os.Getenv("KIOSK_MEM") == "" {
		t.Skip("set KIOSK_MEM=1 (or a ticket count ≥ 200) to run the memory-per-ticket test (about five minutes)")
	}
	r := ticketMemory(t, n)
	if r.printed < n {
		t.Errorf("only %d of %d tickets printed", r.printed, n)
	}
	// A leak is a behaviour, not a speed: 20 MB per 100–900 tickets is
	// far above what the glyph and texture caches can still settle by, and
	// far below the ~30 MB per hundred that the fonts chain or
	// per-refresh objects leaked when they came back.
	if grew := r.end.Product() - r.at100.Product(); grew > 20*1024 {
		t.Errorf("RSS grew %d kB from ticket 100 to %d: memory per ticket", grew, n)
	}
}

// BenchmarkKioskUI_Memory1000Tickets reports what the kiosk holds after
// 1,000 tickets (KIOSK_MEM=N for another count), once per run:
//
//	go test -tags integration -run '^$' -bench Memory1000 -benchtime 1x ./cmd/kiosk
//
// own-MB is above an empty Fyne window on the same display; product-MB is
// the RSS without the software renderer's mappings (the kiosk's GPU loads
// none of them); grown-MB is from ticket 100 to the last.
func BenchmarkKioskUI_Memory1000Tickets(b *testing.B) {
	n := 1000
	if v, err := strconv.Atoi(os.Getenv("KIOSK_MEM")); err == nil && v >= 100 {
		n = v
	}
	var r memoryRun
	for b.Loop() {
		r = ticketMemory(b, n)
	}
	b.ReportMetric(float64(r.end.Total-r.floor.Total)/1024, "own-MB")
	b.ReportMetric(float64(r.end.Product())/1024, "product-MB")
	b.ReportMetric(float64(r.end.Total)/1024, "rss-MB")
	b.ReportMetric(float64(r.end.Product()-r.at100.Product())/1024, "grown-MB")
	b.ReportMetric(float64(r.printed), "printed")
}

// BenchmarkKioskUI_ColdStart measures the real binary's cold start on a
// fresh data directory under Xvfb, until its window is mapped (xdotool
// search --sync), against the 2 s target (docs/perf/ui.md):
//
//	go test -tags integration -run '^$' -bench ColdStart -benchtime 5x ./cmd/kiosk
func BenchmarkKioskUI_ColdStart(b *testing.B) {
	needTools(b, "Xvfb", "xdotool")
	bin := buildKiosk(b)
	display := startXvfb(b, 1080, 1920)
	var shown []time.Duration
	for b.Loop() {
		b.StopTimer()
		dir, _ := kioskData(b, "vi")
		b.StartTimer()
		s := startKiosk(b, bin, display, dir)
		shown = append(shown, s.shown)
		b.StopTimer()
		s.stop()
		b.StartTimer()
	}
	sort.Slice(shown, func(i, j int) bool { return shown[i] < shown[j] })
	b.ReportMetric(float64(shown[len(shown)/2].Milliseconds()), "median-ms")
	b.ReportMetric(float64(shown[len(shown)-1].Milliseconds()), "worst-ms")
}

// blankWindowMemory starts testdata/blankwindow (one line of text in a
// full-screen Fyne window) on display and returns its resident memory once
// it has drawn: what any Fyne app costs on this display and GL driver.
func blankWindowMemory(t testing.TB, display string) memSplit {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "blankwindow")
	b := exec.Command("go", "build", "-o", bin, "./testdata/blankwindow")
	b.Stderr = os.Stderr
	if err := b.Run(); err != nil {
		t.Fatalf("build blankwindow: %v", err)
	}
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(), "DISPLAY="+display, "LANG=C.UTF-8")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	syncWindow(t, cmd.Env, "blank")
	time.Sleep(3 * time.Second) // first frames drawn, shaders compiled
	return readMemSplit(cmd.Process.Pid)
}

// countQRs counts the tickets in a printer capture by their QR codes'
// "store the data" command (GS ( k … 49 80 48), one per ticket.
func countQRs(t testing.TB, path string) int {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("printer capture: %v", err)
	}
	n := 0
	for i := 0; i+8 <= len(b); i++ {
		if b[i] == 0x1D && b[i+1] == '(' && b[i+2] == 'k' && b[i+5] == 49 && b[i+6] == 80 && b[i+7] == 48 {
			n++
		}
	}
	return n
}

// memSplit is a process's resident memory split by what holds it, read
// from /proc/PID/smaps (kB).
type memSplit struct {
	Total int
	// Renderer is what only the software renderer under Xvfb holds: Mesa's
	// llvmpipe driver and the LLVM it JIT-compiles shaders with (file
	// pages), and the MIT-SHM segment the frame is handed to Xvfb through.
	// On the kiosk's GPU none of these is loaded.
	Renderer int
	// CHeap is glibc malloc's main arena ([heap]): Mesa's textures and
	// state, fontconfig, SQLite is pure Go so not here.
	CHeap int
	// Anon is the other private anonymous memory: Go's heap arenas and
	// stacks, malloc's mmapped chunks, llvmpipe's colour buffer.
	Anon int
	// Binary is the kiosk executable's own pages; Libs the other libraries.
	Binary, Libs, Other int
	top                 []string
}

// Product is the resident memory the software renderer does not explain.
func (m memSplit) Product() int { return m.Total - m.Renderer }

func (m memSplit) String() string {
	return fmt.Sprintf("RSS %d kB = software renderer %d + malloc [heap] %d + anon (Go heap, mmap) %d + kiosk binary %d + other libs %d + other %d; without the renderer %d kB (%.1f MB)",
		m.Total, m.Renderer, m.CHeap, m.Anon, m.Binary, m.Libs, m.Other, m.Product(), float64(m.Product())/1024)
}

// rendererMapping tells the mappings only the software renderer brings.
func rendererMapping(name string) bool {
	for _, s := range []string{"libLLVM", "swrast_dri", "libgallium", "libz3", "/SYSV"} {
		if strings.Contains(name, s) {
			return true
		}
	}
	return false
}

// readMemSplit reads /proc/PID/smaps.
func readMemSplit(pid int) memSplit {
	var m memSplit
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/smaps", pid))
	if err != nil {
		return m
	}
	exe, _ := os.Readlink(fmt.Sprintf("/proc/%d/exe", pid))
	type region struct {
		name string
		rss  int
	}
	var regions []region
	for _, l := range strings.Split(string(b), "\n") {
		f := strings.Fields(l)
		if len(f) >= 5 && strings.Contains(f[0], "-") && !strings.HasSuffix(f[0], ":") {
			name := ""
			if len(f) >= 6 {
				name = strings.Join(f[5:], " ")
			}
			regions = append(regions, region{name: f[0] + " " + name})
			continue
		}
		if len(f) >= 2 && f[0] == "Rss:" && len(regions) > 0 {
			regions[len(regions)-1].rss, _ = strconv.Atoi(f[1])
		}
	}
	for _, r := range regions {
		name := r.name[strings.IndexByte(r.name, ' ')+1:]
		m.Total += r.rss
		switch {
		case rendererMapping(name):
			m.Renderer += r.rss
		case name == "[heap]":
			m.CHeap += r.rss
		case name == "":
			m.Anon += r.rss
		case exe != "" && name == exe:
			m.Binary += r.rss
		case strings.HasPrefix(name, "/"):
			m.Libs += r.rss
		default:
			m.Other += r.rss
		}
	}
	sort.Slice(regions, func(i, j int) bool { return regions[i].rss > regions[j].rss })
	for i := 0; i < len(regions) && i < 8; i++ {
		m.top = append(m.top, fmt.Sprintf("%8d kB %s", regions[i].rss, regions[i].name))
	}
	return m
}

// dumpSmaps copies /proc/PID/smaps to $KIOSK_MEM_DUMP/smaps-WHEN.txt when
// that variable names a folder, for a closer look (pmap -x reads the same).
func dumpSmaps(t testing.TB, pid int, when string) {
	dir := os.Getenv("KIOSK_MEM_DUMP")
	if dir == "" {
		return
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/smaps", pid))
	if err == nil {
		err = os.WriteFile(filepath.Join(dir, "smaps-"+when+".txt"), b, 0o644)
	}
	if err != nil {
		t.Errorf("dump smaps: %v", err)
	}
}
