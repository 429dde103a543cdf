package logging

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Defaults for Options.
const (
	DefaultMaxSize  = 5 << 20 // 5 MiB per file
	DefaultMaxFiles = 5       // old files kept besides the current one
	DefaultName     = "kiosk"
)

// Options say where and how much to log.
type Options struct {
	Dir      string // folder of the log files, created if missing
	Name     string // base name: NAME.log is current, NAME.1.log the previous...; "" is DefaultName
	MaxSize  int64  // bytes a file may reach before it is rotated; 0 is DefaultMaxSize
	MaxFiles int    // rotated files kept; 0 is DefaultMaxFiles
	Level    slog.Leveler
	// Console, when set, receives every record too (redacted the same
	// way), e.g. os.Stderr so that systemd's journal has it.
	Console io.Writer
}

func (o *Options) defaults() {
	if o.Name == "" {
		o.Name = DefaultName
	}
	if o.MaxSize <= 0 {
		o.MaxSize = DefaultMaxSize
	}
	if o.MaxFiles <= 0 {
		o.MaxFiles = DefaultMaxFiles
	}
}

// File is an io.Writer that appends to Dir/Name.log and rotates it by
// size: Name.log → Name.1.log → … → Name.N.log, the oldest dropped. Each
// Write goes whole into one file, so a JSON line is never split. It is
// safe for concurrent use.
type File struct {
	mu   sync.Mutex
	opts Options
	f    *os.File
	size int64
}

// OpenFile opens (appending) or creates the current log file.
func OpenFile(o Options) (*File, error) {
	o.defaults()
	if err := os.MkdirAll(o.Dir, 0o750); err != nil {
		return nil, fmt.Errorf("open log: %w", err)
	}
	w := &File{opts: o}
	if err := w.open(); err != nil {
		return nil, err
	}
	return w, nil
}

// Path is the file being written: Dir/Name.log.
func (w *File) Path() string { return logPath(w.opts.Dir, w.opts.Name, 0) }

func logPath(dir, name string, n int) string {
	if n == 0 {
		return filepath.Join(dir, name+".log")
	}
	return filepath.Join(dir, name+"."+strconv.Itoa(n)+".log")
}

func (w *File) open() error {
	f, err := os.OpenFile(w.Path(), os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o640)
	if err != nil {
		return fmt.Errorf("open log: %w", err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return fmt.Errorf("open log: %w", err)
	}
	w.f, w.size = f, st.Size()
	return nil
}

// Write appends p, rotating first if p would take the file past MaxSize.
func (w *File) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.f == nil {
		return 0, os.ErrClosed
	}
	if w.size > 0 && w.size+int64(len(p)) > w.opts.MaxSize {
		if err := w.rotate(); err != nil {
			return 0, err
		}
	}
	n, err := w.f.Write(p)
	w.size += int64(n)
	return n, err
}

// rotate closes the current file (Windows cannot rename an open file),
// shifts the old ones up by one and starts a new current file.
func (w *File) rotate() error {
	if err := w.f.Close(); err != nil {
		return fmt.Errorf("rotate log: %w", err)
	}
	w.f = nil
	dir, name, keep := w.opts.Dir, w.opts.Name, w.opts.MaxFiles
	os.Remove(logPath(dir, name, keep))
	for i := keep - 1; i >= 0; i-- {
		err := os.Rename(logPath(dir, name, i), logPath(dir, name, i+1))
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("rotate log: %w", err)
		}
	}
	return w.open()
}

// Sync flushes the current file to disk.
func (w *File) Sync() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.f == nil {
		return os.ErrClosed
	}
	return w.f.Sync()
}

// Close closes the current file; later Writes fail.
func (w *File) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.f == nil {
		return nil
	}
	err := w.f.Close()
	w.f = nil
	return err
}

// New returns a logger that writes JSON lines to a rotating File in
// o.Dir (and to o.Console if set), with every record redacted. Close the
// returned File when the program ends.
func New(o Options) (*slog.Logger, *File, error) {
	f, err := OpenFile(o)
	if err != nil {
		return nil, nil, err
	}
	var out io.Writer = f
	if o.Console != nil {
		out = io.MultiWriter(o.Console, f) // console first: a full disk must not silence it
	}
	h := slog.NewJSONHandler(out, &slog.HandlerOptions{Level: o.Level})
	return slog.New(NewRedactor(h)), f, nil
}

// Files lists the log files of name in dir, oldest first (the current file
// last).
func Files(dir, name string) []string {
	if name == "" {
		name = DefaultName
	}
	matches, _ := filepath.Glob(filepath.Join(dir, name+".*.log"))
	nums := []int{}
	for _, m := range matches {
		mid := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(m), name+"."), ".log")
		if n, err := strconv.Atoi(mid); err == nil && n > 0 {
			nums = append(nums, n)
		}
	}
	sort.Sort(sort.Reverse(sort.IntSlice(nums)))
	var out []string
	for _, n := range append(nums, 0) {
		if p := logPath(dir, name, n); fileExists(p) {
			out = append(out, p)
		}
	}
	return out
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular()
}

// Export copies to w the log lines of name in dir written at or after
// since, oldest first: the admin menu's "last day's log" is
// Export(w, dir, "", time.Now().Add(-24*time.Hour)). Lines are scrubbed
// with RedactString once more on the way out, so a line written by an older
// program without redaction does not leak either. A line whose time cannot
// be read is kept when the file is newer than since.
func Export(w io.Writer, dir, name string, since time.Time) (lines int, err error) {
	bw := bufio.NewWriter(w)
	for _, p := range Files(dir, name) {
		st, err := os.Stat(p)
		if err != nil || st.ModTime().Before(since) {
			continue
		}
		n, err := exportFile(bw, p, since)
		lines += n
		if err != nil {
			return lines, fmt.Errorf("export log %s: %w", p, err)
		}
	}
	return lines, bw.Flush()
}

func exportFile(w *bufio.Writer, path string, since time.Time) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 4<<20)
	n := 0
	for sc.Scan() {
		line := sc.Text()
		if t, ok := lineTime(line); ok && t.Before(since) {
			continue
		}
		w.WriteString(RedactString(line))
		w.WriteByte('\n')
		n++
	}
	return n, sc.Err()
}

// lineTime reads the "time" of a JSON log line (or time= of a text one).
func lineTime(line string) (time.Time, bool) {
	if strings.HasPrefix(line, "{") {
		var rec struct {
			Time time.Time `json:"time"`
		}
		if json.Unmarshal([]byte(line), &rec) == nil && !rec.Time.IsZero() {
			return rec.Time, true
		}
		return time.Time{}, false
	}
	if rest, ok := strings.CutPrefix(line, "time="); ok {
		field, _, _ := strings.Cut(rest, " ")
		if t, err := time.Parse(time.RFC3339Nano, field); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
