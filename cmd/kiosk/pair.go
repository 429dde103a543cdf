package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/hub"
	"github.com/motcua-kiosk/motcua/kiosk/settings"
	"github.com/motcua-kiosk/motcua/kiosk/store"
)

func init() {
	register("pair", "pair this machine with a hub (--hub URL --name NAME CODE)", runPair)
}

// pairingFile is where a paired desk, display or rating tablet keeps its
// hub address and device token, in the data directory, readable by its
// owner only (the token is a password).
const pairingFile = "pairing.json"

// pairing is the content of pairingFile.
type pairing struct {
	Hub      string       `json:"hub"`
	Token    string       `json:"token"`
	Device   store.Device `json:"device"`
	PairedAt time.Time    `json:"paired_at"`
}

func runPair(ctx context.Context, args []string) error {
	fs := newFlags("pair")
	hubURL := fs.String("hub", "", "address of the office hub, e.g. http://192.168.1.10:8700")
	name := fs.String("name", "", "name of this machine as the admin sees it, e.g. \"Quầy 3\"")
	data := fs.String("data", defaultDataDir(), "data directory (the token is kept here)")
	// The code may come before or after the flags.
	var code string
	for {
		if err := parse(fs, args); err != nil {
			return err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			break
		}
		if code != "" {
			return fmt.Errorf("pair: more than one code: %w", errUsage)
		}
		code, args = rest[0], rest[1:]
	}
	if *hubURL == "" || code == "" {
		fmt.Fprintln(os.Stderr, "usage: kiosk pair --hub URL [--name NAME] [--data DIR] CODE")
		return fmt.Errorf("pair: need --hub and the code shown on the admin screen: %w", errUsage)
	}
	if *name == "" {
		*name, _ = os.Hostname()
	}
	pctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	d, token, err := hub.Pair(pctx, *hubURL, code, *name)
	if err != nil {
		return fmt.Errorf("pair with %s: %s: %w", *hubURL, hub.Message(err, "en"), err)
	}
	p := pairing{Hub: strings.TrimRight(*hubURL, "/"), Token: token, Device: d, PairedAt: time.Now().UTC()}
	if err := savePairing(*data, p); err != nil {
		return err
	}
	if d.Role == store.RoleRating {
		// The rating tablet reads its hub from the machine settings.
		if err := rememberInSettings(*data, p); err != nil {
			return err
		}
	}
	fmt.Printf("Đã ghép nối: %s, vai trò %s, quầy %d. Paired as %s (role %s, counter %d); token saved in %s\n",
		d.Name, d.Role, d.Counter, d.Name, d.Role, d.Counter, filepath.Join(*data, pairingFile))
	return nil
}

// savePairing writes p to dir/pairing.json with mode 0600, atomically.
func savePairing(dir string, p pairing) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("save pairing: %w", err)
	}
	b, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return fmt.Errorf("save pairing: %w", err)
	}
	f, err := os.CreateTemp(dir, ".pairing-*")
	if err != nil {
		return fmt.Errorf("save pairing: %w", err)
	}
	defer os.Remove(f.Name())
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return fmt.Errorf("save pairing: %w", err)
	}
	if _, err := f.Write(append(b, '\n')); err != nil {
		f.Close()
		return fmt.Errorf("save pairing: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("save pairing: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("save pairing: %w", err)
	}
	if err := os.Rename(f.Name(), filepath.Join(dir, pairingFile)); err != nil {
		return fmt.Errorf("save pairing: %w", err)
	}
	return nil
}

// loadPairing reads dir/pairing.json; a missing file is os.ErrNotExist.
func loadPairing(dir string) (pairing, error) {
	var p pairing
	b, err := os.ReadFile(filepath.Join(dir, pairingFile))
	if err != nil {
		return p, err
	}
	if err := json.Unmarshal(b, &p); err != nil {
		return p, fmt.Errorf("read %s: %w", pairingFile, err)
	}
	return p, nil
}

func rememberInSettings(dir string, p pairing) error {
	f, err := settings.Open(dir)
	if err != nil {
		return fmt.Errorf("pair: settings: %w", err)
	}
	return f.Update(func(s *settings.Settings) {
		s.Role, s.HubURL, s.HubToken, s.Counter = settings.RoleRating, p.Hub, p.Token, p.Device.Counter
	})
}

// hubFlags are the flags every hub client role shares.
type hubFlags struct {
	hub, token, data *string
}

func addHubFlags(fs interface {
	String(name, value, usage string) *string
}) hubFlags {
	return hubFlags{
		hub:   fs.String("hub", "", "address of the office hub (default: the one this machine was paired with)"),
		token: fs.String("token", "", "device token (default: the one saved by 'kiosk pair')"),
		data:  fs.String("data", defaultDataDir(), "data directory"),
	}
}

// client resolves the hub address and token from the flags or the saved
// pairing, and the paired device's counter (0 when unknown).
func (f hubFlags) client() (*hub.Client, int, error) {
	url, token, counter := *f.hub, *f.token, 0
	if p, err := loadPairing(*f.data); err == nil {
		if url == "" {
			url = p.Hub
		}
		if token == "" && (url == p.Hub || *f.hub == "") {
			token = p.Token
		}
		counter = p.Device.Counter
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, 0, err
	}
	if url == "" || token == "" {
		return nil, 0, fmt.Errorf("no hub: pair this machine first ('kiosk pair --hub URL CODE') or give --hub and --token: %w", errUsage)
	}
	return hub.NewClient(url, token), counter, nil
}
