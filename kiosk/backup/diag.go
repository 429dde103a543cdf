package backup

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"time"

	"github.com/motcua-kiosk/motcua/devices"
	"github.com/motcua-kiosk/motcua/kiosk/logging"
	"github.com/motcua-kiosk/motcua/kiosk/procmem"
	"github.com/motcua-kiosk/motcua/kiosk/store"
)

// DiagOptions say what goes into a diagnostic bundle. Only Version and
// ToDir are required; whatever is nil is reported as missing.
type DiagOptions struct {
	Version string       // the program's version
	Role    string       // "dispenser", "hub"...
	Store   *store.Store // the open store, for schema, settings and outbox
	DataDir string
	LogDir  string // default DataDir/logs
	LogName string // log base name, default logging.DefaultName
	// Since is where the exported log starts; zero means the last 24 hours.
	Since time.Time
	// Printer, when set, is asked for its status (with a 5 s limit);
	// PrinterName says which printer and profile ("serial:/dev/ttyUSB0
	// epson-tm-t82").
	Printer     devices.Printer
	PrinterName string
	// Extra is added as extra.json after redaction, for what the caller
	// knows and this package does not (screen size, hub address...).
	Extra map[string]any
	Now   func() time.Time
}

// Diag writes a diagnostic bundle motcua-diag-YYYYMMDD-HHMMSS.zip into
// toDir and returns its path. The zip holds versions.json, settings.json
// (queue configuration and settings with every secret key dropped, paired
// devices without tokens, outbox counts), printer.json, memory.json (this
// process's resident memory now and at its peak), extra.json and
// logs/NAME-last.log (the log since o.Since, redacted again). The file is
// written to a temporary name and renamed, so a pulled USB stick never
// holds a truncated zip under the final name. A part that cannot be read
// is reported inside its JSON ("error"), not fatal: a bundle is most
// wanted when something is broken.
func Diag(ctx context.Context, o DiagOptions, toDir string) (string, error) {
	now := time.Now
	if o.Now != nil {
		now = o.Now
	}
	at := now()
	if o.Since.IsZero() {
		o.Since = at.Add(-24 * time.Hour)
	}
	if o.LogDir == "" && o.DataDir != "" {
		o.LogDir = filepath.Join(o.DataDir, LogDirName)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	add := func(name string, b []byte) error {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: at})
		if err != nil {
			return err
		}
		_, err = w.Write(b)
		return err
	}
	parts := []struct {
		name string
		v    any
	}{
		{"versions.json", versions(o, at)},
		{"settings.json", settings(ctx, o)},
		{"printer.json", printerInfo(ctx, o)},
		{"memory.json", memoryInfo()},
	}
	if o.Extra != nil {
		parts = append(parts, struct {
			name string
			v    any
		}{"extra.json", o.Extra})
	}
	for _, p := range parts {
		b, err := json.MarshalIndent(p.v, "", "  ")
		if err != nil {
			b = []byte(fmt.Sprintf(`{"error": %q}`, err.Error()))
		}
		if err := add(p.name, logging.RedactJSON(b)); err != nil {
			return "", fmt.Errorf("diagnostic bundle: %w", err)
		}
	}
	var logBuf bytes.Buffer
	if o.LogDir != "" {
		if _, err := logging.Export(&logBuf, o.LogDir, o.LogName, o.Since); err != nil {
			fmt.Fprintf(&logBuf, "export failed: %v\n", err)
		}
	}
	name := o.LogName
	if name == "" {
		name = logging.DefaultName
	}
	if err := add("logs/"+name+"-last.log", logBuf.Bytes()); err != nil {
		return "", fmt.Errorf("diagnostic bundle: %w", err)
	}
	if err := zw.Close(); err != nil {
		return "", fmt.Errorf("diagnostic bundle: %w", err)
	}
	if err := os.MkdirAll(toDir, 0o750); err != nil {
		return "", fmt.Errorf("diagnostic bundle: %w", err)
	}
	out := filepath.Join(toDir, "motcua-diag-"+at.Format("20060102-150405")+".zip")
	if err := writeFileAtomic(out, buf.Bytes()); err != nil {
		return "", fmt.Errorf("diagnostic bundle: %w", err)
	}
	return out, nil
}

// memoryInfo is the process's resident memory (procmem): from the admin
// menu, that is the running kiosk's own, on its own GPU driver.
func memoryInfo() map[string]any {
	s, err := procmem.Read()
	if err != nil {
		return map[string]any{"error": err.Error()}
	}
	return s.Map()
}

func versions(o DiagOptions, at time.Time) map[string]any {
	v := map[string]any{
		"program": "Một Cửa Kiosk", "version": o.Version, "role": o.Role,
		"go": runtime.Version(), "os": runtime.GOOS, "arch": runtime.GOARCH, "cpus": runtime.NumCPU(),
		"time": at.Format(time.RFC3339), "latest_schema": store.LatestSchema(), "data_dir": o.DataDir,
	}
	v["host"], _ = os.Hostname()
	if bi, ok := debug.ReadBuildInfo(); ok {
		deps := map[string]string{}
		for _, d := range bi.Deps {
			deps[d.Path] = d.Version
		}
		v["modules"] = deps
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" || s.Key == "vcs.time" || s.Key == "CGO_ENABLED" || s.Key == "-tags" {
				v["build_"+s.Key] = s.Value
			}
		}
	}
	if o.Store != nil {
		v["schema"], _ = o.Store.SchemaVersion()
		v["device_id"] = o.Store.DeviceID()
	}
	return v
}

func settings(ctx context.Context, o DiagOptions) map[string]any {
	out := map[string]any{}
	if o.Store == nil {
		out["error"] = "no store"
		return out
	}
	if cfg, err := o.Store.Config(ctx); err != nil {
		out["config_error"] = err.Error()
	} else {
		out["config"] = cfg
	}
	keys, meta, err := o.Store.MetaAll(ctx)
	if err != nil {
		out["meta_error"] = err.Error()
	}
	clean := map[string]json.RawMessage{}
	var dropped []string
	for _, k := range keys {
		switch {
		case k == "config":
			// already above, decoded
		case logging.IsSecretKey(k):
			dropped = append(dropped, k)
		case json.Valid([]byte(meta[k])) && len(meta[k]) > 0 && (meta[k][0] == '{' || meta[k][0] == '['):
			clean[k] = logging.RedactJSON([]byte(meta[k]))
		default:
			b, _ := json.Marshal(logging.RedactString(meta[k]))
			clean[k] = b
		}
	}
	out["meta"] = clean
	out["left_out_keys"] = dropped
	if devs, err := o.Store.Devices(ctx); err == nil {
		out["devices"] = devs // store.Device has no token field
	}
	if n, err := o.Store.OutboxPending(ctx); err == nil {
		out["outbox_pending"] = n
	}
	return out
}

func printerInfo(ctx context.Context, o DiagOptions) map[string]any {
	out := map[string]any{"name": o.PrinterName}
	if o.Printer == nil {
		out["error"] = "no printer configured"
		return out
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	st, err := o.Printer.Status(ctx)
	if err != nil {
		out["error"] = err.Error()
	}
	out["status"] = st
	out["state"] = st.State().String()
	out["can_print"] = st.State().CanPrint()
	return out
}
