package syncer_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/syncer"
	"github.com/motcua-kiosk/motcua/kiosk/wire"
	"github.com/motcua-kiosk/motcua/server/app"
	"github.com/motcua-kiosk/motcua/server/db"
)

// TestSyncer_SendsNames: the office's officer and service names reach the
// central server after the events, so its reports read "Nguyễn Thị Lan",
// not "cb01"; unchanged names are not sent again; a server without the
// names route (an older one) still gets every event.
func TestSyncer_SendsNames(t *testing.T) {
	ctx := context.Background()
	d, err := db.Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "server.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var puts atomic.Int32
	var old atomic.Bool // answer the names route as a server without it
	h := app.New(d, app.Options{}).Handler()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == wire.PathNames {
			if old.Load() {
				http.NotFound(w, r)
				return
			}
			puts.Add(1)
		}
		h.ServeHTTP(w, r)
	}))
	defer srv.Close()
	off, err := d.CreateOffice(ctx, "Xã Chi Lăng Bắc")
	if err != nil {
		t.Fatal(err)
	}
	code, err := d.CreateEnrollCode(ctx, off.ID, time.Hour)
	if err != nil {
		t.Fatal(err)
	}

	var mu sync.Mutex
	names := wire.Names{Officers: map[string]string{"cb01": "Nguyễn Thị Lan", "cb02": "Trần Văn Bình"}, Services: map[string]string{"A": "Đất đai"}}
	o := newOffice(t, t.TempDir())
	opt := fastOptions()
	opt.Idle = time.Hour // only Flush sends here
	opt.Names = func(context.Context) (wire.Names, error) {
		mu.Lock()
		defer mu.Unlock()
		return names, nil
	}
	s := syncer.New(o.st, opt)
	if _, err := s.Enroll(ctx, srv.URL, code); err != nil {
		t.Fatal(err)
	}
	o.serve(t, 5)
	nameOf := func(kind db.NameKind, id string) string {
		t.Helper()
		n, err := d.NameOf(ctx, off.ID, kind, id)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if err := s.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if got := nameOf(db.OfficerNames, "cb01"); got != "Nguyễn Thị Lan" {
		t.Errorf("server names cb01 %q, want Nguyễn Thị Lan", got)
	}
	if got := nameOf(db.ServiceNames, "A"); got != "Đất đai" {
		t.Errorf("server names service A %q, want Đất đai", got)
	}
	for range 3 {
		if err := s.Flush(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if got := puts.Load(); got != 1 {
		t.Errorf("names sent %d times for one set of names, want 1", got)
	}
	// A rename goes at the next flush.
	mu.Lock()
	names = wire.Names{Officers: map[string]string{"cb01": "Nguyễn Thị Lan Anh", "cb02": "Trần Văn Bình"}, Services: map[string]string{"A": "Đất đai"}}
	mu.Unlock()
	if err := s.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if got := nameOf(db.OfficerNames, "cb01"); got != "Nguyễn Thị Lan Anh" {
		t.Errorf("after the rename the server names cb01 %q", got)
	}
	if got := puts.Load(); got != 2 {
		t.Errorf("names sent %d times for two sets of names, want 2", got)
	}
	// An older server: names refused, events still go and Flush succeeds.
	old.Store(true)
	mu.Lock()
	names.Officers = map[string]string{"cb03": "Lê Thị Cúc"}
	mu.Unlock()
	o.serve(t, 3)
	want := hubEvents(t, o.st)
	if err := s.Flush(ctx); err != nil {
		t.Fatalf("flush with the names route missing: %v", err)
	}
	compare(t, d, o.st.DeviceID(), want)
	if got := nameOf(db.OfficerNames, "cb03"); got != "cb03" {
		t.Errorf("a refused names request stored %q", got)
	}
	// Back: the names not stored are sent at the next flush.
	old.Store(false)
	if err := s.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if got := nameOf(db.OfficerNames, "cb03"); got != "Lê Thị Cúc" {
		t.Errorf("after the route came back the server names cb03 %q", got)
	}
}
