package backup

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/store"
)

// KeepPrevious is how many replaced data directories (DIR.prev-*) a restore
// keeps; older ones are deleted.
const KeepPrevious = 3

// The folders beside a data directory DIR that a restore uses.
func stagingDir(dataDir string) string { return filepath.Clean(dataDir) + ".restore-staging" }
func pendingDir(dataDir string) string { return filepath.Clean(dataDir) + ".restore" }

// StageRestore verifies the backup in backupDir and prepares it as the
// next data directory, beside dataDir (DIR.restore). It does not touch
// dataDir, so it is safe while the kiosk runs; the swap happens at the next
// start (ApplyPending, OpenStore). Staging again replaces a pending restore.
func StageRestore(ctx context.Context, backupDir, dataDir string) (Manifest, error) {
	m, err := Verify(ctx, backupDir)
	if err != nil {
		return m, fmt.Errorf("stage restore: %w", err)
	}
	staging := stagingDir(dataDir)
	if err := os.RemoveAll(staging); err != nil {
		return m, fmt.Errorf("stage restore: %w", err)
	}
	if err := copyTree(backupDir, staging); err != nil {
		os.RemoveAll(staging)
		return m, fmt.Errorf("stage restore: %w", err)
	}
	// The manifest stays as a record of where the data came from.
	if err := os.Rename(filepath.Join(staging, ManifestName), filepath.Join(staging, "restored-from.json")); err != nil {
		os.RemoveAll(staging)
		return m, fmt.Errorf("stage restore: %w", err)
	}
	if err := store.Check(ctx, filepath.Join(staging, DBName)); err != nil {
		os.RemoveAll(staging)
		return m, fmt.Errorf("stage restore: %w", err)
	}
	syncDir(staging)
	pending := pendingDir(dataDir)
	if err := os.RemoveAll(pending); err != nil {
		return m, fmt.Errorf("stage restore: %w", err)
	}
	if err := os.Rename(staging, pending); err != nil {
		return m, fmt.Errorf("stage restore: %w", err)
	}
	syncDir(filepath.Dir(pending))
	return m, nil
}

// Pending reports whether a staged restore waits for the next start.
func Pending(dataDir string) bool {
	st, err := os.Stat(pendingDir(dataDir))
	return err == nil && st.IsDir()
}

// CancelPending drops a staged restore.
func CancelPending(dataDir string) error {
	if err := os.RemoveAll(pendingDir(dataDir)); err != nil {
		return fmt.Errorf("cancel restore: %w", err)
	}
	return nil
}

// ApplyPending swaps a staged restore in: dataDir becomes
// DIR.prev-YYYYMMDD-HHMMSS, the staged folder becomes dataDir, and the old
// logs and pre-upgrade backups move over so nothing of the history is
// lost. It must run while no store is open on dataDir (at start-up, before
// OpenStore opens it; OpenStore calls it). It returns the previous
// directory's path, or "" when nothing was pending.
func ApplyPending(dataDir string) (prev string, err error) {
	pending := pendingDir(dataDir)
	if !Pending(dataDir) {
		return "", nil
	}
	dataDir = filepath.Clean(dataDir)
	if _, err := os.Stat(dataDir); err == nil {
		prev = dataDir + ".prev-" + time.Now().Format("20060102-150405")
		if err := os.Rename(dataDir, prev); err != nil {
			return "", fmt.Errorf("apply restore: keep previous data: %w", err)
		}
	}
	if err := os.Rename(pending, dataDir); err != nil {
		if prev != "" {
			os.Rename(prev, dataDir) // put the old data back rather than start empty
		}
		return "", fmt.Errorf("apply restore: %w", err)
	}
	syncDir(filepath.Dir(dataDir))
	if prev != "" {
		for _, sub := range []string{LogDirName, BackupsName} {
			if err := os.Rename(filepath.Join(prev, sub), filepath.Join(dataDir, sub)); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return prev, fmt.Errorf("apply restore: move %s: %w", sub, err)
			}
		}
	}
	prunePrevious(dataDir)
	return prev, nil
}

// prunePrevious keeps the KeepPrevious newest DIR.prev-* folders.
func prunePrevious(dataDir string) {
	olds, _ := filepath.Glob(filepath.Clean(dataDir) + ".prev-*")
	sort.Strings(olds)
	for len(olds) > KeepPrevious {
		os.RemoveAll(olds[0])
		olds = olds[1:]
	}
}

// Restore stages backupDir and applies it at once. Use it only when no
// store is open on dataDir (the `kiosk restore` command with the kiosk
// stopped); a running kiosk uses StageRestore and restarts.
func Restore(ctx context.Context, backupDir, dataDir string) (prev string, err error) {
	if _, err := StageRestore(ctx, backupDir, dataDir); err != nil {
		return "", err
	}
	return ApplyPending(dataDir)
}

// OpenStore opens the office store of dataDir the safe way at start-up:
// it applies a staged restore, and when the database was written by an
// older program it first saves it, at its old schema, to
// DIR/backups/pre-upgrade-v<N>-<time>/office.db (verified) so that the
// migration never runs without a copy. If that copy fails, the store is
// not opened and nothing is migrated.
func OpenStore(ctx context.Context, dataDir string, log *slog.Logger) (*store.Store, error) {
	if log == nil {
		log = slog.Default()
	}
	prev, err := ApplyPending(dataDir)
	if err != nil {
		return nil, err
	}
	if prev != "" {
		log.Warn("restored data directory from a backup", "data", dataDir, "previous", prev)
	}
	db := filepath.Join(dataDir, DBName)
	if saved, err := saveBeforeUpgrade(ctx, dataDir, store.LatestSchema()); err != nil {
		return nil, err
	} else if saved != "" {
		log.Warn("database from an older program: saved before upgrading", "copy", saved, "to_schema", store.LatestSchema())
	}
	return store.Open(db)
}

// saveBeforeUpgrade copies the database when its schema is older than
// latest (the program's schema); it returns the copy's path or "".
func saveBeforeUpgrade(ctx context.Context, dataDir string, latest int) (string, error) {
	db := filepath.Join(dataDir, DBName)
	have, err := store.FileSchema(db)
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil // a new office
	}
	if err != nil {
		return "", fmt.Errorf("open store: %w", err)
	}
	if have == 0 || have >= latest {
		return "", nil // empty file, current, or too new (store.Open refuses that)
	}
	dest := filepath.Join(dataDir, BackupsName, fmt.Sprintf("pre-upgrade-v%d-%s", have, time.Now().Format("20060102-150405")), DBName)
	if err := store.BackupFile(ctx, db, dest); err != nil {
		return "", fmt.Errorf("open store: save before upgrade: %w", err)
	}
	if err := store.Check(ctx, dest); err != nil {
		return "", fmt.Errorf("open store: save before upgrade: %w", err)
	}
	return dest, nil
}
