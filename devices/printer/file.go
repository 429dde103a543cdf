package printer

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"

	"github.com/motcua-kiosk/motcua/devices"
)

// ready is the state of printers that cannot report one: files, folders.
func ready() devices.Status { return devices.Status{Online: true, At: time.Now()} }

// fileBackend appends every job's raw bytes to a file: a capture for
// debugging, or a character device such as /dev/usb/lp0 that takes the
// bytes but never answers. It is always ready.
type fileBackend struct{ path string }

func (f fileBackend) send(ctx context.Context, job []byte) error {
	fh, err := os.OpenFile(f.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return fmt.Errorf("open printer file: %w", err)
	}
	if _, err := fh.Write(job); err != nil {
		fh.Close()
		return fmt.Errorf("write printer file: %w", err)
	}
	return fh.Close()
}

func (fileBackend) status(context.Context) (devices.Status, error) { return ready(), nil }
func (fileBackend) close() error                                   { return nil }

// virtualBackend keeps every job in a folder as DIR/<time>-<n>.bin and,
// through the render function, DIR/<time>-<n>.png: the printer of
// `make run` when none is configured. It is always ready.
type virtualBackend struct {
	dir    string
	n      atomic.Int64
	render func(job []byte) ([]byte, error) // PNG bytes; nil saves .bin only
}

func (v *virtualBackend) send(ctx context.Context, job []byte) error {
	if err := os.MkdirAll(v.dir, 0o755); err != nil {
		return fmt.Errorf("virtual printer: %w", err)
	}
	base := filepath.Join(v.dir, fmt.Sprintf("%s-%04d", time.Now().Format("20060102-150405.000"), v.n.Add(1)))
	if err := writeAtomic(base+".bin", job); err != nil {
		return fmt.Errorf("virtual printer: %w", err)
	}
	if v.render == nil {
		return nil
	}
	png, err := v.render(job)
	if err != nil {
		return fmt.Errorf("virtual printer: render %s.bin: %w", base, err)
	}
	if err := writeAtomic(base+".png", png); err != nil {
		return fmt.Errorf("virtual printer: %w", err)
	}
	return nil
}

func (*virtualBackend) status(context.Context) (devices.Status, error) { return ready(), nil }
func (*virtualBackend) close() error                                   { return nil }

// writeAtomic writes b to path through a temporary file and a rename, so
// a reader never sees half a file.
func writeAtomic(path string, b []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), path)
}
