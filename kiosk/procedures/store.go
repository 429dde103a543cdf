package procedures

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/motcua-kiosk/motcua/assets"
)

// ShippedPath is the shipped catalogue inside the assets.
const ShippedPath = "procedures/catalogue.json"

// FileName is the imported catalogue in a kiosk's data directory; when it
// is there it replaces the shipped one.
const FileName = "procedures.json"

// Shipped returns the catalogue built into the binary.
func Shipped() (*Index, error) {
	b, err := assets.ReadFile(ShippedPath)
	if err != nil {
		return nil, fmt.Errorf("shipped procedure catalogue: %w", err)
	}
	x, err := ParseJSON(b)
	if err != nil {
		return nil, fmt.Errorf("shipped procedure catalogue: %w", err)
	}
	return x, nil
}

// Open returns the catalogue a kiosk with data directory dir shows: the
// one imported there, or the shipped one when none was. An imported file
// that no longer reads (edited by hand) gives the shipped catalogue and
// the error, which the caller logs: the screen still has a catalogue.
func Open(dir string) (x *Index, imported bool, err error) {
	b, err := os.ReadFile(filepath.Join(dir, FileName))
	if errors.Is(err, fs.ErrNotExist) {
		x, err = Shipped()
		return x, false, err
	}
	if err == nil {
		if x, err = ParseJSON(b); err == nil {
			return x, true, nil
		}
	}
	s, serr := Shipped()
	if serr != nil {
		return nil, false, serr
	}
	return s, false, fmt.Errorf("imported procedure catalogue %s: %w", filepath.Join(dir, FileName), err)
}

// Install stores x in dir so that Open returns it from now on. It writes
// a temporary file and renames it over the old one, so a kiosk reading at
// the same moment sees the old catalogue or the new one, never a part.
func Install(dir string, x *Index) error {
	b, err := json.MarshalIndent(x.File(), "", "  ")
	if err != nil {
		return fmt.Errorf("install procedure catalogue: %w", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("install procedure catalogue: %w", err)
	}
	tmp, err := os.CreateTemp(dir, FileName+".*.tmp")
	if err != nil {
		return fmt.Errorf("install procedure catalogue: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(append(b, '\n')); err != nil {
		tmp.Close()
		return fmt.Errorf("install procedure catalogue: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("install procedure catalogue: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("install procedure catalogue: %w", err)
	}
	if err := os.Rename(tmp.Name(), filepath.Join(dir, FileName)); err != nil {
		return fmt.Errorf("install procedure catalogue: %w", err)
	}
	return nil
}

// Remove deletes the imported catalogue of dir, so the shipped one shows
// again; no imported catalogue is not an error.
func Remove(dir string) error {
	err := os.Remove(filepath.Join(dir, FileName))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}
