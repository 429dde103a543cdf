package backup

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/store"
)

// Names inside a data directory and a backup folder.
const (
	DBName       = "office.db"     // the office database in a data directory
	ManifestName = "manifest.json" // a backup's description and checksums
	LogDirName   = "logs"          // log files, not part of a backup
	BackupsName  = "backups"       // automatic pre-upgrade copies, not part of a backup
	folderPrefix = "motcua-backup-"
)

// Errors callers branch on.
var (
	// ErrNotBackup means the folder is not a complete, intact backup.
	ErrNotBackup = errors.New("not a valid backup")
	// ErrTooNew means the backup was made by a newer program than this one.
	ErrTooNew = errors.New("backup is from a newer program")
)

// Manifest describes a backup folder; it is its manifest.json.
type Manifest struct {
	Program   string     `json:"program"`
	Version   string     `json:"version"` // program version that made it
	Schema    int        `json:"schema"`  // database schema of office.db
	DeviceID  string     `json:"device_id,omitempty"`
	CreatedAt time.Time  `json:"created_at"`
	Host      string     `json:"host,omitempty"`
	OS        string     `json:"os"`
	Files     []FileInfo `json:"files"`
}

// FileInfo is one file of a backup with its checksum.
type FileInfo struct {
	Name   string `json:"name"` // slash-separated, relative to the backup folder
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// Options describe one backup.
type Options struct {
	DataDir string // the kiosk's data directory
	ToDir   string // where the backup folder is created, e.g. a USB stick's folder
	Version string // the program's version, recorded in the manifest
	// Store is the open store of DataDir, if the caller has it (the
	// running kiosk does). When nil the database file is copied without
	// opening it as a store (no migration runs), which is also safe while
	// another process uses it.
	Store *store.Store
	Now   func() time.Time // nil: time.Now
}

// Create writes a backup of o.DataDir into a new folder under o.ToDir and
// returns the folder's path. It is safe while the kiosk runs. The folder
// appears only when complete and verified.
func Create(ctx context.Context, o Options) (string, error) {
	now := time.Now
	if o.Now != nil {
		now = o.Now
	}
	at := now()
	name := folderPrefix + at.Format("20060102-150405")
	final := filepath.Join(o.ToDir, name)
	if _, err := os.Stat(final); err == nil {
		return "", fmt.Errorf("backup: %s already exists", final)
	}
	if err := os.MkdirAll(o.ToDir, 0o750); err != nil {
		return "", fmt.Errorf("backup: %w", err)
	}
	tmp, err := os.MkdirTemp(o.ToDir, "."+name+".tmp-")
	if err != nil {
		return "", fmt.Errorf("backup: %w", err)
	}
	defer os.RemoveAll(tmp) // a no-op after the rename
	m, err := fill(ctx, o, tmp)
	if err != nil {
		return "", fmt.Errorf("backup: %w", err)
	}
	m.CreatedAt = at.UTC()
	if err := writeJSONFile(filepath.Join(tmp, ManifestName), m); err != nil {
		return "", fmt.Errorf("backup: %w", err)
	}
	syncDir(tmp)
	if _, err := Verify(ctx, tmp); err != nil {
		return "", fmt.Errorf("backup: verify copy: %w", err)
	}
	if err := os.Rename(tmp, final); err != nil {
		return "", fmt.Errorf("backup: %w", err)
	}
	syncDir(o.ToDir)
	return final, nil
}

// fill copies the database and the other files into dir and returns the
// manifest without its time.
func fill(ctx context.Context, o Options, dir string) (Manifest, error) {
	m := Manifest{Program: "Một Cửa Kiosk", Version: o.Version, OS: runtime.GOOS + "/" + runtime.GOARCH}
	m.Host, _ = os.Hostname()
	db := filepath.Join(dir, DBName)
	var err error
	if o.Store != nil {
		err = o.Store.Backup(ctx, db)
		m.DeviceID = o.Store.DeviceID()
	} else {
		err = store.BackupFile(ctx, filepath.Join(o.DataDir, DBName), db)
	}
	if err != nil {
		return m, err
	}
	if err := syncFile(db); err != nil {
		return m, err
	}
	if m.Schema, err = store.FileSchema(db); err != nil {
		return m, err
	}
	if err := copyExtras(o.DataDir, dir); err != nil {
		return m, err
	}
	m.Files, err = sums(dir)
	return m, err
}

// skipInDataDir reports whether a data directory entry stays out of a
// backup: the live database files (copied by VACUUM INTO instead), logs,
// older copies, and run-time files.
func skipInDataDir(rel string, d fs.DirEntry) bool {
	base := d.Name()
	top := strings.SplitN(filepath.ToSlash(rel), "/", 2)[0]
	switch {
	case top == LogDirName || top == BackupsName:
		return true
	case rel == DBName || rel == DBName+"-wal" || rel == DBName+"-shm" || rel == DBName+"-journal":
		return true
	case base == "heartbeat" || strings.HasSuffix(base, ".tmp") || strings.HasSuffix(base, ".lock") || strings.HasPrefix(base, ".") && rel != ".":
		return true
	}
	return false
}

func copyExtras(from, to string) error {
	return filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if rel == "." {
			return nil
		}
		if skipInDataDir(rel, d) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		dst := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o750)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		return copyFile(p, dst)
	})
}

// sums lists every file under dir except the manifest, with checksums.
func sums(dir string) ([]FileInfo, error) {
	var out []FileInfo
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if rel == ManifestName {
			return nil
		}
		fi, err := sumFile(p)
		if err != nil {
			return err
		}
		fi.Name = filepath.ToSlash(rel)
		out = append(out, fi)
		return nil
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, err
}

func sumFile(p string) (FileInfo, error) {
	f, err := os.Open(p)
	if err != nil {
		return FileInfo{}, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return FileInfo{}, err
	}
	return FileInfo{Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// Verify checks that dir is a complete backup this program can restore:
// the manifest reads, every listed file is there with its checksum, the
// database passes SQLite's integrity check and its schema is not newer
// than this program's.
func Verify(ctx context.Context, dir string) (Manifest, error) {
	var m Manifest
	b, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if err != nil {
		return m, fmt.Errorf("%w: %v", ErrNotBackup, err)
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return m, fmt.Errorf("%w: manifest: %v", ErrNotBackup, err)
	}
	hasDB := false
	for _, f := range m.Files {
		if strings.Contains(f.Name, "..") || filepath.IsAbs(f.Name) {
			return m, fmt.Errorf("%w: bad file name %q", ErrNotBackup, f.Name)
		}
		got, err := sumFile(filepath.Join(dir, filepath.FromSlash(f.Name)))
		if err != nil {
			return m, fmt.Errorf("%w: %v", ErrNotBackup, err)
		}
		if got.SHA256 != f.SHA256 || got.Size != f.Size {
			return m, fmt.Errorf("%w: %s does not match its checksum", ErrNotBackup, f.Name)
		}
		hasDB = hasDB || f.Name == DBName
	}
	if !hasDB {
		return m, fmt.Errorf("%w: no %s", ErrNotBackup, DBName)
	}
	db := filepath.Join(dir, DBName)
	if err := store.Check(ctx, db); err != nil {
		return m, fmt.Errorf("%w: %v", ErrNotBackup, err)
	}
	schema, err := store.FileSchema(db)
	if err != nil {
		return m, fmt.Errorf("%w: %v", ErrNotBackup, err)
	}
	if schema > store.LatestSchema() {
		return m, fmt.Errorf("%w: schema %d, this program knows %d (version %s made it)", ErrTooNew, schema, store.LatestSchema(), m.Version)
	}
	return m, nil
}

// List returns the backup folders directly under dir, newest first. It
// does not verify them.
func List(dir string) ([]string, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("list backups: %w", err)
	}
	var out []string
	for _, e := range ents {
		if e.IsDir() && strings.HasPrefix(e.Name(), folderPrefix) {
			out = append(out, filepath.Join(dir, e.Name()))
		}
	}
	sort.Sort(sort.Reverse(sort.StringSlice(out)))
	return out, nil
}
