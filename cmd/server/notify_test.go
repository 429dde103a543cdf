package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/wire"
	"github.com/motcua-kiosk/motcua/server/db"
	"github.com/motcua-kiosk/motcua/server/notify"
)

// TestRun_NotifyResultReady: a dossier that reaches "ready" on a running
// server is announced once to the webhook, signed with the secret file's key.
func TestRun_NotifyResultReady(t *testing.T) {
	defer func(old time.Duration) { resultsEvery = old }(resultsEvery)
	resultsEvery = 50 * time.Millisecond
	const secret = "a-webhook-secret-of-some-length"
	got := make(chan notify.Message, 8)
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if !notify.Verify([]byte(secret), r.Header.Get(notify.HeaderTimestamp), body, r.Header.Get(notify.HeaderSignature)) {
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		var m notify.Message
		json.Unmarshal(body, &m)
		got <- m
	}))
	defer hook.Close()
	dir := t.TempDir()
	secretFile := filepath.Join(dir, "secret")
	os.WriteFile(secretFile, []byte(secret+"\n"), 0o600)
	dsn := "sqlite:" + filepath.Join(dir, "s.db")

	// The office and its dossier, as its hub would have synced them.
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	d, err := db.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	o, _ := d.CreateOffice(ctx, "Trung tâm Phục vụ hành chính công xã Tân Châu")
	code, _ := d.CreateEnrollCode(ctx, o.ID, time.Hour)
	dev, _, err := d.Enroll(ctx, code, "hub-1", "Hub")
	if err != nil {
		t.Fatal(err)
	}
	const dossier = "000.00.13.H12-261207-0011"
	now := time.Now()
	send := func(seq int64, x wire.DossierEvent) {
		body, _ := json.Marshal(x)
		ev := db.Event{ID: fmt.Sprintf("%s:%d", dev.ID, seq), Device: dev.ID, Seq: seq, Kind: x.Kind, At: x.At, Body: body, Dossier: &x}
		if _, err := d.IngestBatch(ctx, dev, []db.Event{ev}); err != nil {
			t.Fatal(err)
		}
	}
	send(1, wire.DossierEvent{Kind: wire.KindDossierReceived, At: now, Code: dossier, Secret: "s3cr3t", ProcedureCode: "1.001193",
		ProcedureName: "Thủ tục đăng ký khai sinh", ReceivedAt: now, State: wire.DossierReceived, Step: "Tiếp nhận hồ sơ", Unit: "Bộ phận Một cửa"})

	sctx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() {
		done <- Run(sctx, []string{"serve", "--db", dsn, "--addr", "127.0.0.1:0", "--metrics-addr", "off",
			"--notify-webhook", hook.URL, "--notify-secret-file", secretFile}, io.Discard, io.Discard)
	}()
	send(2, wire.DossierEvent{Kind: wire.KindDossierStep, At: now.Add(time.Second), Code: dossier, State: wire.DossierReady, Step: "Trả kết quả", Unit: "Bộ phận Một cửa"})
	select {
	case m := <-got:
		if m.Key != "result_ready:"+dossier || m.Kind != notify.KindResultReady || !strings.Contains(m.TextVI, "đã có kết quả") {
			t.Errorf("message %+v", m)
		}
	case err := <-done:
		t.Fatalf("server stopped: %v", err)
	case <-ctx.Done():
		t.Fatal("no message reached the webhook")
	}
	stop()
	if err := <-done; err != nil && err != context.Canceled {
		t.Errorf("Run = %v", err)
	}
	select {
	case m := <-got:
		t.Errorf("a second message: %+v", m)
	default:
	}
}

func TestNotifyFlags_Refused(t *testing.T) {
	dir := t.TempDir()
	short := filepath.Join(dir, "short")
	os.WriteFile(short, []byte("abc\n"), 0o600)
	good := filepath.Join(dir, "good")
	os.WriteFile(good, []byte("0123456789abcdef0123\n"), 0o600)
	for _, tc := range []struct{ name, url, secret, want string }{
		{"plain http elsewhere", "http://relay.example/x", good, "plain http only to a loopback"},
		{"no secret", "https://relay.example/x", "", "needs --notify-secret-file"},
		{"short secret", "https://relay.example/x", short, "at least 16"},
		{"not a URL", "relay", good, "want an http(s) URL"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := &notifyFlags{webhook: &tc.url, secretFile: &tc.secret}
			if _, err := f.sender(nil); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("sender = %v, want %q", err, tc.want)
			}
		})
	}
	for _, u := range []string{"http://127.0.0.1:9/x", "http://localhost:9/x", "https://relay.example/x"} {
		f := &notifyFlags{webhook: &u, secretFile: &good}
		if _, err := f.sender(nil); err != nil {
			t.Errorf("%s: %v", u, err)
		}
	}
}
