package dossiers

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// switchable is a source that can be taken down and brought back.
type switchable struct {
	mu   sync.Mutex
	down bool
	st   Status
}

func (s *switchable) Lookup(_ context.Context, ref Ref) (Status, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.down {
		return Status{}, fmt.Errorf("test source: %w", ErrUnreachable)
	}
	st := s.st
	st.Code = ref.Code
	return st, nil
}

func (s *switchable) setDown(down bool) {
	s.mu.Lock()
	s.down = down
	s.mu.Unlock()
}

func testStatus() Status {
	return Status{
		Procedure: "Thủ tục đăng ký khai sinh",
		State:     StateProcessing,
		Received:  time.Date(2024, 3, 15, 8, 20, 0, 0, hcm),
		Promised:  time.Date(2024, 3, 20, 0, 0, 0, 0, hcm),
		Step:      Step{Name: "Thẩm định hồ sơ", Unit: "Công chức tư pháp - hộ tịch"},
		History:   []Entry{{At: time.Date(2024, 3, 15, 8, 20, 0, 0, hcm), Text: "Tiếp nhận hồ sơ"}},
		AsOf:      time.Date(2024, 3, 19, 9, 0, 0, 0, hcm),
		Source:    "test",
	}
}

func newCache(t *testing.T, src Source, dir string) *Cache {
	t.Helper()
	fs, err := OpenFileStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	c := Cached(src, fs)
	c.Location = hcm
	c.Now = func() time.Time { return time.Date(2024, 3, 19, 15, 0, 0, 0, hcm) }
	c.OnStoreError = func(err error) { t.Errorf("store: %v", err) }
	return c
}

func TestCache_Lookup(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	src := &switchable{st: testStatus()}
	c := newCache(t, src, dir)
	ref := Ref{Code: testCode, Secret: testSecret}

	// Source up: the live answer, kept.
	st, err := c.Lookup(ctx, ref)
	if err != nil || st.Stale || st.Procedure != "Thủ tục đăng ký khai sinh" {
		t.Fatalf("up: %+v, %v", st, err)
	}
	if _, err := os.Stat(filepath.Join(dir, CacheFile)); err != nil {
		t.Fatalf("cache file not written: %v", err)
	}

	// Source down: the last known status, its time, and Stale.
	src.setDown(true)
	st, err = c.Lookup(ctx, ref)
	if err != nil {
		t.Fatalf("down: %v", err)
	}
	if !st.Stale || !st.AsOf.Equal(testStatus().AsOf) || st.Step.Name != "Thẩm định hồ sơ" || len(st.History) != 1 {
		t.Errorf("down: Stale=%v AsOf=%v Step=%q history=%d; want the last known status, stale", st.Stale, st.AsOf, st.Step.Name, len(st.History))
	}

	// Never seen + down: unreachable.
	if _, err := c.Lookup(ctx, Ref{Code: "H12.22-240316-0002"}); !errors.Is(err, ErrUnreachable) {
		t.Errorf("never seen, down: %v, want ErrUnreachable", err)
	}

	// After a restart the file still answers.
	c2 := newCache(t, src, dir)
	st, err = c2.Lookup(ctx, ref)
	if err != nil || !st.Stale || st.Procedure != "Thủ tục đăng ký khai sinh" {
		t.Errorf("after restart, down: %+v, %v", st, err)
	}

	// Up again: live, not stale.
	src.setDown(false)
	if st, err := c2.Lookup(ctx, ref); err != nil || st.Stale {
		t.Errorf("up again: Stale=%v, %v", st.Stale, err)
	}
}

// Offline, the cache shows a status only to whoever presents the secret
// it was fetched with: a typed bare number cannot read what only the QR's
// key may read.
func TestCache_LookupKeepsTheSecret(t *testing.T) {
	ctx := context.Background()
	src := &switchable{st: testStatus()}
	c := newCache(t, src, t.TempDir())
	if _, err := c.Lookup(ctx, Ref{Code: testCode, Secret: testSecret}); err != nil {
		t.Fatal(err)
	}
	src.setDown(true)
	for _, secret := range []string{"", "guess"} {
		if _, err := c.Lookup(ctx, Ref{Code: testCode, Secret: secret}); !errors.Is(err, ErrUnreachable) {
			t.Errorf("secret %q: %v, want ErrUnreachable", secret, err)
		}
	}
	if _, err := c.Lookup(ctx, Ref{Code: testCode, Secret: testSecret}); err != nil {
		t.Errorf("right secret: %v", err)
	}
}

// A dossier that became late while the kiosk was offline shows late.
func TestCache_LookupJudgesLateNow(t *testing.T) {
	ctx := context.Background()
	src := &switchable{st: testStatus()}
	c := newCache(t, src, t.TempDir())
	if st, err := c.Lookup(ctx, Ref{Code: testCode}); err != nil || st.Late {
		t.Fatalf("live: Late=%v, %v", st.Late, err)
	}
	src.setDown(true)
	c.Now = func() time.Time { return time.Date(2024, 3, 21, 8, 0, 0, 0, hcm) }
	if st, err := c.Lookup(ctx, Ref{Code: testCode}); err != nil || !st.Late || !st.Stale {
		t.Errorf("stale on the 21st: Late=%v Stale=%v, %v; want late", st.Late, st.Stale, err)
	}
}

// The system answering "no" is an answer: no cached status over it.
func TestCache_LookupPassesAnswers(t *testing.T) {
	ctx := context.Background()
	var answer error
	src := SourceFunc(func(_ context.Context, ref Ref) (Status, error) {
		if answer != nil {
			return Status{}, answer
		}
		return testStatus(), nil
	})
	c := newCache(t, src, t.TempDir())
	if _, err := c.Lookup(ctx, Ref{Code: testCode}); err != nil {
		t.Fatal(err)
	}
	for _, answer = range []error{ErrNotFound, ErrWrongSecret} {
		if _, err := c.Lookup(ctx, Ref{Code: testCode}); !errors.Is(err, answer) {
			t.Errorf("Lookup = %v, want %v", err, answer)
		}
	}
}

func TestOpenFileStore_Corrupt(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, CacheFile), []byte(`[{"key": "X", "sta`), 0o600); err != nil {
		t.Fatal(err)
	}
	fs, err := OpenFileStore(dir)
	if err != nil {
		t.Fatalf("OpenFileStore: %v", err)
	}
	if _, found, _ := fs.Get("X"); found {
		t.Error("a record survived a corrupt file")
	}
	if _, err := os.Stat(filepath.Join(dir, CacheFile+".bad")); err != nil {
		t.Errorf("corrupt file not set aside: %v", err)
	}
	if err := fs.Put(Record{Key: "Y", Status: testStatus()}); err != nil {
		t.Errorf("Put after corrupt file: %v", err)
	}
}

func TestOpenFileStore_MissingDir(t *testing.T) {
	if _, err := OpenFileStore(filepath.Join(t.TempDir(), "nope")); err == nil {
		t.Error("OpenFileStore on a missing dir: no error")
	}
}

// The file never holds more than MaxRecords; the oldest answers go.
func TestFileStore_PutBounded(t *testing.T) {
	fs, err := OpenFileStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	base := time.Date(2024, 3, 1, 0, 0, 0, 0, hcm)
	for i := 0; i < MaxRecords+5; i++ {
		fs.recs[fmt.Sprint("K", i)] = Record{Key: fmt.Sprint("K", i), Status: Status{AsOf: base.Add(time.Duration(i) * time.Minute)}}
	}
	if err := fs.Put(Record{Key: "NEW", Status: Status{AsOf: base.Add(time.Hour * 1000)}}); err != nil {
		t.Fatal(err)
	}
	if got := len(fs.recs); got != MaxRecords {
		t.Errorf("records = %d, want %d", got, MaxRecords)
	}
	if _, found, _ := fs.Get("K0"); found {
		t.Error("the oldest record was kept")
	}
	if _, found, _ := fs.Get("NEW"); !found {
		t.Error("the newest record was dropped")
	}
}

// The whole path as the kiosk will wire it: OpenCPS behind the cache,
// then the OpenCPS server goes away.
func TestCache_OverOpenCPS(t *testing.T) {
	f := &fakeOpenCPS{detail: "dossier_processing.json"}
	o := newOpenCPS(t, f)
	c := newCache(t, o, t.TempDir())
	ref, err := Parse("]Q1https://dvc.example.gov.vn/tra-cuu?dossierNo=" + testCode + "&secretKey=" + testSecret + "\r\n")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	live, err := c.Lookup(ctx, ref)
	if err != nil || live.Stale {
		t.Fatalf("live: %v", err)
	}
	f.override = func(w http.ResponseWriter, r *http.Request) { http.Error(w, "Bad Gateway", http.StatusBadGateway) }
	st, err := c.Lookup(ctx, ref)
	if err != nil || !st.Stale || !st.AsOf.Equal(live.AsOf) || st.Step.Name != live.Step.Name || len(st.History) != len(live.History) {
		t.Errorf("OpenCPS down: Stale=%v AsOf=%v Step=%q, %v; want the live answer marked stale", st.Stale, st.AsOf, st.Step.Name, err)
	}
}
