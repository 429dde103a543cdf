package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/server/db"
	"github.com/motcua-kiosk/motcua/server/web"
)

func TestRun_SupervisorAdd(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	dsn := "sqlite:" + filepath.Join(dir, "s.db")
	pwFile := filepath.Join(dir, "pw")
	os.WriteFile(pwFile, []byte("mật-khẩu-đủ-dài-123\n"), 0o600)
	short := filepath.Join(dir, "short")
	os.WriteFile(short, []byte("ngắn\n"), 0o600)
	tests := []struct {
		name    string
		args    []string
		wantErr error
		wantOut string
	}{
		{"add", []string{"supervisor", "add", "--db", dsn, "--name", "GiamSat", "--display", "Giám sát", "--password-file", pwFile, "--iterations", "1000"}, nil, "supervisor: giamsat\n"},
		{"again", []string{"supervisor", "add", "--db", dsn, "--name", "giamsat", "--password-file", pwFile, "--iterations", "1000"}, db.ErrSupervisorExists, ""},
		{"short password", []string{"supervisor", "add", "--db", dsn, "--name", "khac", "--password-file", short}, web.ErrWeakPassword, ""},
		{"reset", []string{"supervisor", "add", "--db", dsn, "--name", "giamsat", "--password-file", pwFile, "--reset", "--iterations", "1000"}, nil, "password: changed\n"},
		{"unknown office", []string{"supervisor", "add", "--db", dsn, "--name", "x", "--office-id", "of-none", "--password-file", pwFile, "--iterations", "1000"}, db.ErrNotFound, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			err := Run(ctx, tc.args, &out, &errb)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("Run = %v, want %v", err, tc.wantErr)
			}
			if !strings.Contains(out.String(), tc.wantOut) {
				t.Errorf("output %q lacks %q", out.String(), tc.wantOut)
			}
		})
	}
	d, err := db.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	sv, err := d.SupervisorByName(ctx, "giamsat")
	if err != nil {
		t.Fatal(err)
	}
	if !web.CheckPassword(sv.PassHash, "mật-khẩu-đủ-dài-123") || sv.DisplayName != "Giám sát" {
		t.Errorf("stored supervisor = %+v, password check failed", sv)
	}
}

func TestRun_DemoData(t *testing.T) {
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "s.db")
	var out bytes.Buffer
	if err := Run(context.Background(), []string{"demo-data", "--db", dsn, "--days", "2", "--per-day", "30", "--seed", "5"}, &out, &out); err != nil {
		t.Fatal(err)
	}
	if got, want := out.String(), "tickets: 60\n"; !strings.Contains(got, want) { // 2 days × 30
		t.Errorf("output %q lacks %q", got, want)
	}
}

// TestRun_Help: "server -h" lists every command, not "Usage of serve:".
func TestRun_Help(t *testing.T) {
	for _, arg := range []string{"-h", "--help", "help"} {
		var out, errb bytes.Buffer
		if err := Run(context.Background(), []string{arg}, &out, &errb); err != nil {
			t.Fatalf("Run(%s) = %v", arg, err)
		}
		for _, c := range commands {
			if !strings.Contains(out.String(), c.name) {
				t.Errorf("server %s does not list %q:\n%s", arg, c.name, out.String())
			}
		}
	}
	var out, errb bytes.Buffer
	err := Run(context.Background(), []string{"enroll", "-h"}, &out, &errb)
	if !errors.Is(err, flag.ErrHelp) || !strings.Contains(errb.String(), "usage: server enroll") || !strings.Contains(errb.String(), "-time-zone") {
		t.Errorf("enroll -h = %v\n%s", err, errb.String())
	}
	err = Run(context.Background(), []string{"enrol"}, &out, &errb)
	if !errors.Is(err, flag.ErrHelp) || !strings.Contains(err.Error(), `"enrol"`) {
		t.Errorf("unknown command = %v", err)
	}
}

// TestRun_PortTaken: a taken port is refused with a sentence that says
// what to do, in Vietnamese and English, and the server does not start.
func TestRun_PortTaken(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "s.db")
	var out, errb bytes.Buffer
	err = Run(ctx, []string{"serve", "--db", dsn, "--addr", l.Addr().String()}, &out, &errb)
	if !errors.Is(err, syscall.EADDRINUSE) {
		t.Fatalf("Run on a taken port = %v, want EADDRINUSE", err)
	}
	for _, want := range []string{"Cổng này đã có chương trình khác dùng", "The port is taken", "--addr 127.0.0.1:0"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message lacks %q:\n%v", want, err)
		}
	}
}
