package dossiers

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
)

// Record is one dossier's last known status, as a Store keeps it.
type Record struct {
	Key string `json:"key"` // Ref.Code
	// Seal is a hash of the code and the secret the status was obtained
	// with ("" if none): offline, the cache shows the status only to a
	// Ref that presents the same secret, so a bare number cannot read
	// what only the QR's key may read.
	Seal   string `json:"seal,omitempty"`
	Status Status `json:"status"`
}

// Store keeps Records. Get reports found=false for a key never put. Put
// replaces the record with the same Key. Both are safe for concurrent use.
type Store interface {
	Get(key string) (rec Record, found bool, err error)
	Put(rec Record) error
}

// Cache is a Source that remembers the last status it was given for
// each dossier and, when its source is unreachable, answers with that
// instead, marked Stale. Set Now and Location before the first Lookup.
type Cache struct {
	src   Source
	store Store
	// Now is the clock that judges Late on a stale status; nil means time.Now.
	Now func() time.Time
	// Location is the office's zone for Late; nil means Asia/Ho_Chi_Minh.
	Location *time.Location
	// OnStoreError, if set, hears a failure to keep a fresh status (the
	// look-up itself still succeeds); a kiosk logs it.
	OnStoreError func(error)
}

var _ Source = (*Cache)(nil)

// Cached wraps src so that its answers are kept in st.
func Cached(src Source, st Store) *Cache { return &Cache{src: src, store: st} }

// Lookup asks the source. A fresh answer is kept and returned. On
// ErrUnreachable only, the last kept status for ref is returned with
// Stale=true, its AsOf unchanged (when it was live) and Late judged
// again now; with none kept, the source's error is returned. ErrNotFound
// and ErrWrongSecret pass through untouched: the system did answer.
func (c *Cache) Lookup(ctx context.Context, ref Ref) (Status, error) {
	st, err := c.src.Lookup(ctx, ref)
	if err == nil {
		st.Stale = false
		if perr := c.store.Put(Record{Key: ref.Code, Seal: seal(ref), Status: st}); perr != nil && c.OnStoreError != nil {
			c.OnStoreError(perr)
		}
		return st, nil
	}
	if !errors.Is(err, ErrUnreachable) {
		return Status{}, err
	}
	rec, found, gerr := c.store.Get(ref.Code)
	if gerr != nil || !found || (rec.Seal != "" && rec.Seal != seal(ref)) {
		return Status{}, err
	}
	now := time.Now
	if c.Now != nil {
		now = c.Now
	}
	last := rec.Status
	last.Stale = true
	last.Late = last.LateAt(now(), zoneOr(c.Location))
	return last, nil
}

func seal(ref Ref) string {
	if ref.Secret == "" {
		return ""
	}
	h := sha256.Sum256([]byte(ref.Code + "\x00" + ref.Secret))
	return hex.EncodeToString(h[:])
}

// CacheFile is the file FileStore keeps in its directory.
const CacheFile = "dossier-status.json"

// MaxRecords bounds a FileStore: the oldest answers go first. A commune
// office receives at most a few hundred dossiers a day.
const MaxRecords = 2000

// FileStore is a Store held in memory and written through to one small
// JSON file (temp file + rename, so a power cut leaves the old file or
// the new one, never half of one).
type FileStore struct {
	path string
	mu   sync.Mutex
	recs map[string]Record
}

var _ Store = (*FileStore)(nil)

// OpenFileStore opens (or starts) the cache in dir, which must exist. A
// file that cannot be decoded is set aside as CacheFile+".bad" and the
// cache starts empty: a lost cache costs only offline answers.
func OpenFileStore(dir string) (*FileStore, error) {
	fs := &FileStore{path: filepath.Join(dir, CacheFile), recs: map[string]Record{}}
	b, err := os.ReadFile(fs.path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		if _, serr := os.Stat(dir); serr != nil {
			return nil, fmt.Errorf("open dossier cache: %w", serr)
		}
		return fs, nil
	case err != nil:
		return nil, fmt.Errorf("open dossier cache: %w", err)
	}
	var recs []Record
	if err := json.Unmarshal(b, &recs); err != nil {
		if rerr := os.Rename(fs.path, fs.path+".bad"); rerr != nil {
			return nil, fmt.Errorf("open dossier cache: set aside %s: %w", fs.path, rerr)
		}
		return fs, nil
	}
	for _, r := range recs {
		fs.recs[r.Key] = r
	}
	return fs, nil
}

// Get returns the record kept for key.
func (fs *FileStore) Get(key string) (Record, bool, error) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	r, ok := fs.recs[key]
	return r, ok, nil
}

// Put keeps rec in memory and writes the file. When the write fails the
// memory copy is still kept, so the kiosk serves it until it restarts.
func (fs *FileStore) Put(rec Record) error {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.recs[rec.Key] = rec
	for len(fs.recs) > MaxRecords {
		var oldest string
		for k, r := range fs.recs {
			if oldest == "" || r.Status.AsOf.Before(fs.recs[oldest].Status.AsOf) {
				oldest = k
			}
		}
		delete(fs.recs, oldest)
	}
	recs := make([]Record, 0, len(fs.recs))
	for _, r := range fs.recs {
		recs = append(recs, r)
	}
	slices.SortFunc(recs, func(a, b Record) int { return strings.Compare(a.Key, b.Key) })
	b, err := json.Marshal(recs)
	if err != nil {
		return fmt.Errorf("write dossier cache: %w", err)
	}
	return writeAtomic(fs.path, b)
}

func writeAtomic(path string, b []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("write dossier cache: %w", err)
	}
	_, werr := f.Write(b)
	if werr == nil {
		werr = f.Sync()
	}
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Rename(f.Name(), path)
	}
	if werr != nil {
		os.Remove(f.Name())
		return fmt.Errorf("write dossier cache: %w", werr)
	}
	return nil
}
