package backup

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/store"
)

var ctx = context.Background()

func issued(seq int) []queue.Event {
	n := fmt.Sprintf("A%03d", seq)
	at := time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC).Add(time.Duration(seq) * time.Second)
	return []queue.Event{{Kind: queue.EventIssued, At: at, Ticket: &queue.Ticket{ID: "20261123-" + n, Day: "2026-11-23",
		Number: n, Service: "A", Status: queue.StatusWaiting, IssuedAt: at, ArrivedAt: at}}}
}

// newDataDir makes a data directory with n tickets, a settings file and a
// log folder, and returns it with its open store.
func newDataDir(t *testing.T, n int) (string, *store.Store) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "data")
	st, err := store.Open(filepath.Join(dir, DBName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	for i := 1; i <= n; i++ {
		if err := st.Commit(ctx, issued(i)); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(dir, "printer.json"), []byte(`{"spec":"/dev/ttyUSB0","profile":"epson-tm-t82"}`), 0o640)
	os.MkdirAll(filepath.Join(dir, LogDirName), 0o750)
	os.WriteFile(filepath.Join(dir, LogDirName, "kiosk.log"), []byte("{}\n"), 0o640)
	os.WriteFile(filepath.Join(dir, "heartbeat"), nil, 0o640)
	return dir, st
}

func tickets(t *testing.T, st *store.Store) int {
	t.Helper()
	ts, err := st.Tickets(ctx, "2026-11-23")
	if err != nil {
		t.Fatal(err)
	}
	return len(ts)
}

func TestCreate(t *testing.T) {
	dir, st := newDataDir(t, 3)
	usb := filepath.Join(t.TempDir(), "usb")
	at := time.Date(2026, 11, 23, 10, 30, 0, 0, time.Local)
	got, err := Create(ctx, Options{DataDir: dir, ToDir: usb, Version: "0.1.0", Store: st, Now: func() time.Time { return at }})
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(usb, "motcua-backup-20261123-103000"); got != want {
		t.Errorf("backup at %s, want %s", got, want)
	}
	m, err := Verify(ctx, got)
	if err != nil {
		t.Fatal(err)
	}
	if m.Version != "0.1.0" || m.Schema != store.LatestSchema() || m.DeviceID != st.DeviceID() {
		t.Errorf("manifest = %+v", m)
	}
	var names []string
	for _, f := range m.Files {
		names = append(names, f.Name)
	}
	if got, want := strings.Join(names, ","), "office.db,printer.json"; got != want {
		t.Errorf("files = %s, want %s (no logs, wal, heartbeat)", got, want)
	}
	ents, _ := os.ReadDir(usb)
	if len(ents) != 1 {
		t.Errorf("USB folder holds %d entries, want only the backup (temporary folder left?)", len(ents))
	}
	// A second backup in the same second must not overwrite the first.
	if _, err := Create(ctx, Options{DataDir: dir, ToDir: usb, Store: st, Now: func() time.Time { return at }}); err == nil {
		t.Error("second backup with the same name succeeded")
	}
	// Without a store (the CLI, another process): same result.
	st2, err := Create(ctx, Options{DataDir: dir, ToDir: usb, Now: func() time.Time { return at.Add(time.Second) }})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Verify(ctx, st2); err != nil {
		t.Error(err)
	}
}

// TestCreate_WhileWriting takes backups while tickets are committed as
// fast as possible: every backup must be intact and hold a prefix of the
// committed tickets (a snapshot), never a torn state.
func TestCreate_WhileWriting(t *testing.T) {
	dir, st := newDataDir(t, 0)
	var committed atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 1; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if err := st.Commit(ctx, issued(i)); err != nil {
				t.Error(err)
				return
			}
			committed.Store(int64(i))
		}
	}()
	usb := t.TempDir()
	var last int
	for i := 0; i < 5; i++ {
		before := committed.Load()
		path, err := Create(ctx, Options{DataDir: dir, ToDir: usb, Store: st, Now: func() time.Time { return time.Unix(int64(1e9+i), 0) }})
		if err != nil {
			t.Fatal(err)
		}
		after := committed.Load()
		c, err := store.Open(filepath.Join(path, DBName))
		if err != nil {
			t.Fatal(err)
		}
		n := tickets(t, c)
		c.Close()
		if int64(n) < before || int64(n) > after+1 || n < last {
			t.Errorf("backup %d holds %d tickets; committed %d before, %d after", i, n, before, after)
		}
		last = n
	}
	close(stop)
	wg.Wait()
	if last == 0 {
		t.Error("no ticket committed during the backups: the test did not exercise anything")
	}
}

func TestVerify_Rejects(t *testing.T) {
	dir, st := newDataDir(t, 2)
	good, err := Create(ctx, Options{DataDir: dir, ToDir: t.TempDir(), Store: st})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		spoil func(t *testing.T, dir string)
		want  error
	}{
		{"no manifest", func(t *testing.T, d string) { os.Remove(filepath.Join(d, ManifestName)) }, ErrNotBackup},
		{"changed settings", func(t *testing.T, d string) {
			os.WriteFile(filepath.Join(d, "printer.json"), []byte(`{"spec":"COM9"}`), 0o640)
		}, ErrNotBackup},
		{"truncated database", func(t *testing.T, d string) { os.Truncate(filepath.Join(d, DBName), 4096) }, ErrNotBackup},
		{"newer schema", func(t *testing.T, d string) {
			db := filepath.Join(d, DBName)
			c, err := store.Open(db)
			if err != nil {
				t.Fatal(err)
			}
			c.Close()
			setUserVersion(t, db, store.LatestSchema()+1)
			rewriteManifest(t, d)
		}, ErrTooNew},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := filepath.Join(t.TempDir(), "b")
			if err := copyTree(good, d); err != nil {
				t.Fatal(err)
			}
			tc.spoil(t, d)
			if _, err := Verify(ctx, d); !errors.Is(err, tc.want) {
				t.Errorf("Verify = %v, want %v", err, tc.want)
			}
		})
	}
}

// setUserVersion writes PRAGMA user_version into the header bytes 60..63,
// as SQLite stores it, without opening a store (which would refuse).
func setUserVersion(t *testing.T, db string, v int) {
	t.Helper()
	for _, suffix := range []string{"-wal", "-shm"} {
		os.Remove(db + suffix)
	}
	f, err := os.OpenFile(db, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteAt([]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)}, 60); err != nil {
		t.Fatal(err)
	}
	if got, err := store.FileSchema(db); err != nil || got != v {
		t.Fatalf("user_version = %d, %v; want %d", got, err, v)
	}
}

func rewriteManifest(t *testing.T, dir string) {
	t.Helper()
	var m Manifest
	b, _ := os.ReadFile(filepath.Join(dir, ManifestName))
	json.Unmarshal(b, &m)
	var err error
	if m.Files, err = sums(dir); err != nil {
		t.Fatal(err)
	}
	if err := writeJSONFile(filepath.Join(dir, ManifestName), m); err != nil {
		t.Fatal(err)
	}
}

// TestRestore_StagedWhileRunning is the admin menu's path: back up, keep
// issuing, stage the restore while the store is open, close, and start
// again through OpenStore: the data is the backup's, the previous folder
// is kept, logs carried over.
func TestRestore_StagedWhileRunning(t *testing.T) {
	dir, st := newDataDir(t, 3)
	b, err := Create(ctx, Options{DataDir: dir, ToDir: t.TempDir(), Store: st})
	if err != nil {
		t.Fatal(err)
	}
	for i := 4; i <= 6; i++ {
		st.Commit(ctx, issued(i))
	}
	if _, err := StageRestore(ctx, b, dir); err != nil {
		t.Fatal(err)
	}
	if !Pending(dir) {
		t.Fatal("nothing pending after StageRestore")
	}
	if got, want := tickets(t, st), 6; got != want {
		t.Errorf("staging changed the running store: %d tickets, want %d", got, want)
	}
	st.Close()

	st2, err := OpenStore(ctx, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st2.Close()
	if got, want := tickets(t, st2), 3; got != want {
		t.Errorf("after restore: %d tickets, want %d", got, want)
	}
	if Pending(dir) {
		t.Error("still pending after the restart")
	}
	prevs, _ := filepath.Glob(dir + ".prev-*")
	if len(prevs) != 1 {
		t.Fatalf("previous data folders = %v, want one", prevs)
	}
	old, err := store.Open(filepath.Join(prevs[0], DBName))
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	if got, want := tickets(t, old), 6; got != want {
		t.Errorf("previous data holds %d tickets, want %d", got, want)
	}
	if _, err := os.Stat(filepath.Join(dir, LogDirName, "kiosk.log")); err != nil {
		t.Errorf("logs not carried over: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "printer.json")); err != nil {
		t.Errorf("settings file not restored: %v", err)
	}
}

func TestRestore_BadBackupLeavesDataAlone(t *testing.T) {
	dir, st := newDataDir(t, 2)
	bad := t.TempDir()
	os.WriteFile(filepath.Join(bad, DBName), []byte("not sqlite"), 0o640)
	st.Close()
	if _, err := Restore(ctx, bad, dir); !errors.Is(err, ErrNotBackup) {
		t.Errorf("Restore(bad) = %v, want ErrNotBackup", err)
	}
	if Pending(dir) {
		t.Error("a bad backup was staged")
	}
	st2, err := OpenStore(ctx, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st2.Close()
	if got := tickets(t, st2); got != 2 {
		t.Errorf("data after a refused restore: %d tickets, want 2", got)
	}
}

func TestApplyPending_KeepsThreePrevious(t *testing.T) {
	dir, st := newDataDir(t, 1)
	b, err := Create(ctx, Options{DataDir: dir, ToDir: t.TempDir(), Store: st})
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	for i := 0; i < KeepPrevious+2; i++ {
		// Fake older prev folders with distinct names (the real ones carry the second).
		os.MkdirAll(fmt.Sprintf("%s.prev-2020010%d-000000", dir, i), 0o750)
	}
	if _, err := Restore(ctx, b, dir); err != nil {
		t.Fatal(err)
	}
	prevs, _ := filepath.Glob(dir + ".prev-*")
	if len(prevs) != KeepPrevious {
		t.Errorf("kept %d previous folders, want %d: %v", len(prevs), KeepPrevious, prevs)
	}
}

// TestOpenStore_SavesBeforeUpgrade opens the committed v1 fixture through
// OpenStore: it opens with the queue intact, and a pre-upgrade copy exists
// exactly when this program's schema is newer than the fixture's.
func TestOpenStore_SavesBeforeUpgrade(t *testing.T) {
	fixture := filepath.Join("..", "store", "testdata", "v1", DBName)
	dir := filepath.Join(t.TempDir(), "data")
	os.MkdirAll(dir, 0o750)
	if err := copyFile(fixture, filepath.Join(dir, DBName)); err != nil {
		t.Fatal(err)
	}
	st, err := OpenStore(ctx, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	saved, _ := filepath.Glob(filepath.Join(dir, BackupsName, "pre-upgrade-v1-*", DBName))
	if store.LatestSchema() > 1 {
		if len(saved) != 1 {
			t.Fatalf("pre-upgrade copies = %v, want one", saved)
		}
		if v, _ := store.FileSchema(saved[0]); v != 1 {
			t.Errorf("pre-upgrade copy at schema %d, want 1", v)
		}
	} else if len(saved) != 0 {
		t.Errorf("a copy was made though the schema is current: %v", saved)
	}
	if got := tickets(t, st); got != 3 {
		t.Errorf("fixture opened with %d tickets, want 3", got)
	}
}

// TestSaveBeforeUpgrade_OlderFile runs the copy step as a program one
// schema newer than today's would: the v1 fixture is saved, at schema 1,
// verified, under backups/, and the original is untouched.
func TestSaveBeforeUpgrade_OlderFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	os.MkdirAll(dir, 0o750)
	if err := copyFile(filepath.Join("..", "store", "testdata", "v1", DBName), filepath.Join(dir, DBName)); err != nil {
		t.Fatal(err)
	}
	saved, err := saveBeforeUpgrade(ctx, dir, store.LatestSchema()+1)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(saved, filepath.Join(dir, BackupsName, "pre-upgrade-v1-")) {
		t.Fatalf("saved to %q", saved)
	}
	if v, err := store.FileSchema(saved); err != nil || v != 1 {
		t.Errorf("copy at schema %d (%v), want 1", v, err)
	}
	if err := store.Check(ctx, saved); err != nil {
		t.Error(err)
	}
	c, err := store.Open(saved)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if got := tickets(t, c); got != 3 {
		t.Errorf("copy holds %d tickets, want 3", got)
	}
	if saved, err := saveBeforeUpgrade(ctx, dir, 1); err != nil || saved != "" {
		t.Errorf("current schema: saved %q, %v; want no copy", saved, err)
	}
	if saved, err := saveBeforeUpgrade(ctx, t.TempDir(), 2); err != nil || saved != "" {
		t.Errorf("new office (no database): saved %q, %v; want no copy", saved, err)
	}
}
