package logging

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A token exactly as the store makes them (32 random bytes, base64url).
const devToken = "q3Xv9Lk2_Pz8RtY0aBcD4eFgH5iJ6kLm7nOp8QrS9tU"

type device struct {
	Name  string `json:"name"`
	Token string `json:"token"`
	Inner struct {
		AdminPIN string `json:"admin_pin"`
		Counter  int    `json:"counter"`
	} `json:"inner"`
}

type leakyErr struct{}

func (leakyErr) Error() string { return "sync: server said 401 to Authorization: Bearer " + devToken }

func TestRedactor_Handle(t *testing.T) {
	dev := device{Name: "Quầy 3", Token: devToken}
	dev.Inner.AdminPIN, dev.Inner.Counter = "482916", 3
	tests := []struct {
		name string
		log  func(l *slog.Logger)
		keep []string // must still be there: redaction must not eat the useful part
	}{
		{"pin key", func(l *slog.Logger) { l.Info("sign in", "officer", "cb07", "pin", "482916") }, []string{"cb07"}},
		{"camel and upper keys", func(l *slog.Logger) { l.Info("x", "adminPIN", "482916", "PIN", "482916", "device_token", devToken) }, nil},
		{"password secret credential", func(l *slog.Logger) {
			l.Info("x", "password", "hunter2x", "client_secret", "s3cr3t-value", "credentials", "user:pw")
		}, nil},
		{"authorization header", func(l *slog.Logger) {
			l.Info("request", "Authorization", "Bearer "+devToken, "path", "/api/v1/tickets")
		}, []string{"/api/v1/tickets"}},
		{"bearer in a value", func(l *slog.Logger) { l.Warn("bad header", "header", "Bearer "+devToken) }, []string{"bad header"}},
		{"bearer in the message", func(l *slog.Logger) { l.Error("got Bearer " + devToken + " from desk") }, []string{"from desk"}},
		{"raw token value", func(l *slog.Logger) { l.Info("paired", "device", "hub-0123abcd", "got", devToken) }, []string{"hub-0123abcd"}},
		{"token in a URL path", func(l *slog.Logger) { l.Info("fetch", "url", "http://127.0.0.1:8700/pair/"+devToken+"/ok") }, []string{"/pair/", "/ok"}},
		{"token in a URL query", func(l *slog.Logger) {
			l.Info("fetch", "url", "http://127.0.0.1:8700/events?token=abc123&day=2026-11-23")
		}, []string{"day=2026-11-23"}},
		{"pin in an error text", func(l *slog.Logger) { l.Error("check", "err", errors.New("officer cb07 pin=482916 rejected")) }, []string{"rejected"}},
		{"error carrying a bearer", func(l *slog.Logger) { l.Error("sync failed", "err", leakyErr{}) }, []string{"401"}},
		{"struct with secret fields", func(l *slog.Logger) { l.Info("device", "dev", dev) }, []string{"Quầy 3", `\"counter\":3`}},
		{"group", func(l *slog.Logger) { l.Info("enroll", slog.Group("resp", "office", "Tân Châu", "token", devToken)) }, []string{"Tân Châu"}},
		{"bound attrs", func(l *slog.Logger) { l.With("pin", "482916").WithGroup("g").Info("x", "secret", "zzz") }, nil},
		{"LogValuer", func(l *slog.Logger) { l.Info("x", "v", valuer{}) }, []string{"ok"}},
	}
	secrets := []string{"482916", devToken, "hunter2x", "s3cr3t-value", "user:pw", "abc123", "zzz"}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			l := slog.New(NewRedactor(slog.NewJSONHandler(&buf, nil)))
			tc.log(l)
			out := buf.String()
			for _, s := range secrets {
				if strings.Contains(out, s) {
					t.Errorf("secret %q reached the output: %s", s, out)
				}
			}
			if !strings.Contains(out, Redacted) {
				t.Errorf("nothing redacted: %s", out)
			}
			for _, k := range tc.keep {
				if !strings.Contains(out, k) {
					t.Errorf("%q lost from the output: %s", k, out)
				}
			}
		})
	}
}

type valuer struct{}

func (valuer) LogValue() slog.Value {
	return slog.GroupValue(slog.String("status", "ok"), slog.String("token", devToken))
}

func TestRedactString_KeepsOrdinaryText(t *testing.T) {
	for _, s := range []string{
		"ticket 20261123-A012 issued at counter 3",
		"open /home/kiosk/.local/share/motcua-kiosk/office.db",
		"printer state paper_near_end on /dev/ttyUSB0",
		"hub listening addr=127.0.0.1:8700",
		"spinning wheel, shipping, mapping",
		"device hub-0123456789abcdef paired",
		"Xin mời số thứ tự A012 đến quầy số 3",
		"github.com/motcua-kiosk/motcua/kiosk/hub.(*Hub).Issue",
		"/tmp/TestSupervisedDispenser_SIGKILLUnderXvfb1966719353/002/data",
		"virtual:/tmp/TestDiag3307142886/002/ttyUSB9",
	} {
		if got := RedactString(s); got != s {
			t.Errorf("RedactString(%q) = %q, want it unchanged", s, got)
		}
	}
}

func TestIsSecretKey(t *testing.T) {
	for key, want := range map[string]bool{
		"pin": true, "PIN": true, "adminPIN": true, "admin_pin_hash": true, "token": true, "DeviceToken": true,
		"password": true, "client-secret": true, "credential": true, "Authorization": true, "api_key": true,
		"apiKey": true, "cookie": true, "auth": true,
		"ping": false, "spinner": false, "pinned": false, "tokenizer": false, "author": false, "office": false,
		"counter": false, "ticket": false, "key": false, "authority": false,
	} {
		if got := IsSecretKey(key); got != want {
			t.Errorf("IsSecretKey(%q) = %v, want %v", key, got, want)
		}
	}
}

func TestFile_Rotate(t *testing.T) {
	dir := t.TempDir()
	f, err := OpenFile(Options{Dir: dir, MaxSize: 1000, MaxFiles: 3})
	if err != nil {
		t.Fatal(err)
	}
	line := strings.Repeat("x", 99) + "\n" // 100 bytes: 10 per file
	for i := 0; i < 100; i++ {
		if _, err := f.Write([]byte(line)); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	files := Files(dir, "")
	if got, want := len(files), 4; got != want {
		t.Fatalf("%d files %v, want %d (current + 3 kept)", got, files, want)
	}
	if got, want := filepath.Base(files[len(files)-1]), "kiosk.log"; got != want {
		t.Errorf("newest = %s, want %s", got, want)
	}
	if got, want := filepath.Base(files[0]), "kiosk.3.log"; got != want {
		t.Errorf("oldest = %s, want %s", got, want)
	}
	for _, p := range files {
		st, _ := os.Stat(p)
		if st.Size() > 1000 {
			t.Errorf("%s is %d bytes, over MaxSize", p, st.Size())
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "kiosk.4.log")); err == nil {
		t.Error("kiosk.4.log kept beyond MaxFiles")
	}
}

func TestFile_ReopenAppends(t *testing.T) {
	dir := t.TempDir()
	for i := 0; i < 2; i++ {
		f, err := OpenFile(Options{Dir: dir})
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(f, "line %d\n", i)
		f.Close()
	}
	b, _ := os.ReadFile(filepath.Join(dir, "kiosk.log"))
	if got, want := string(b), "line 0\nline 1\n"; got != want {
		t.Errorf("file = %q, want %q", got, want)
	}
}

// TestNew_EndToEnd logs through New into rotated files and reads them back:
// every line is JSON, no secret is on disk in any file, and the console
// got the same redacted records.
func TestNew_EndToEnd(t *testing.T) {
	dir := t.TempDir()
	var console bytes.Buffer
	log, f, err := New(Options{Dir: dir, MaxSize: 4096, MaxFiles: 2, Console: &console})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 200; i++ {
		log.Info("ticket issued", "number", fmt.Sprintf("A%03d", i), "token", devToken, "pin", "482916")
	}
	f.Close()
	files := Files(dir, "")
	if len(files) != 3 {
		t.Errorf("files = %v, want 3", files)
	}
	for _, p := range files {
		b, _ := os.ReadFile(p)
		for _, s := range []string{devToken, "482916"} {
			if bytes.Contains(b, []byte(s)) {
				t.Errorf("%s holds a secret", p)
			}
		}
		for _, ln := range bytes.Split(bytes.TrimSpace(b), []byte("\n")) {
			if !json.Valid(ln) {
				t.Errorf("%s: not a JSON line: %s", p, ln)
			}
		}
	}
	if strings.Contains(console.String(), devToken) || !strings.Contains(console.String(), "A199") {
		t.Error("console output not redacted or incomplete")
	}
}

func TestExport(t *testing.T) {
	dir := t.TempDir()
	old := time.Now().Add(-48 * time.Hour).UTC().Format(time.RFC3339Nano)
	recent := time.Now().Add(-time.Hour).UTC().Format(time.RFC3339Nano)
	// An older file written without redaction, and the current file.
	os.WriteFile(filepath.Join(dir, "kiosk.1.log"), []byte(
		`{"time":"`+old+`","msg":"two days ago"}`+"\n"+
			`{"time":"`+recent+`","msg":"an hour ago","auth":"Bearer `+devToken+`"}`+"\n"), 0o640)
	os.WriteFile(filepath.Join(dir, "kiosk.log"), []byte(
		`{"time":"`+recent+`","msg":"current"}`+"\n"+"a line without time\n"), 0o640)
	old2 := filepath.Join(dir, "kiosk.2.log")
	os.WriteFile(old2, []byte(`{"time":"`+old+`","msg":"whole file is old"}`+"\n"), 0o640)
	os.Chtimes(old2, time.Now().Add(-47*time.Hour), time.Now().Add(-47*time.Hour))

	var buf bytes.Buffer
	n, err := Export(&buf, dir, "", time.Now().Add(-24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if got, want := n, 3; got != want {
		t.Errorf("exported %d lines, want %d:\n%s", got, want, out)
	}
	if strings.Contains(out, "two days ago") || strings.Contains(out, "whole file is old") {
		t.Errorf("old lines exported:\n%s", out)
	}
	if strings.Contains(out, devToken) {
		t.Errorf("token exported:\n%s", out)
	}
	if i, j := strings.Index(out, "an hour ago"), strings.Index(out, "current"); i < 0 || j < i {
		t.Errorf("lines missing or out of order:\n%s", out)
	}
}

func TestRedactJSON(t *testing.T) {
	in := `{"url":"https://motcua.example.gov.vn","credentials":{"user":"hub","password":"x"},"list":[{"pin":"1234","name":"Lan"}],"note":"Bearer ` + devToken + `"}`
	out := string(RedactJSON([]byte(in)))
	for _, s := range []string{`"x"`, "1234", devToken} {
		if strings.Contains(out, s) {
			t.Errorf("%s left in %s", s, out)
		}
	}
	for _, s := range []string{"motcua.example.gov.vn", "Lan"} {
		if !strings.Contains(out, s) {
			t.Errorf("%s lost from %s", s, out)
		}
	}
	if got, want := string(RedactJSON([]byte("pin=1234"))), "pin="+Redacted; got != want {
		t.Errorf("RedactJSON(non-JSON) = %q, want %q", got, want)
	}
}
