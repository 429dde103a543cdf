package main

import (
	"context"
	"errors"
	"io/fs"
	"log/slog"
	"os"
	"runtime"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"github.com/motcua-kiosk/motcua/devices"
	"github.com/motcua-kiosk/motcua/devices/audio"
	"github.com/motcua-kiosk/motcua/kiosk/supervise"
	"github.com/motcua-kiosk/motcua/kiosk/ui/display"
)

func init() {
	register("display", "the lobby board with the voice call (--hub URL [--token T])", runDisplay)
}

func runDisplay(ctx context.Context, args []string) error {
	fs := newFlags("display")
	hf := addHubFlags(fs)
	lang := fs.String("lang", "vi", "language of the board: vi or en")
	notice := fs.String("notice", "", "scrolling notice line at the bottom of the board")
	office := fs.String("office", "", "office name to show instead of the hub's")
	windowed := fs.Bool("windowed", false, "show in a window instead of full screen")
	volume := fs.Int("volume", 0, "voice volume, 1-100 (default: the office's, set in the admin menu)")
	mute := fs.Bool("mute", false, "do not say the calls, whatever the admin menu says")
	voice := fs.String("voice", "", "languages of the voice call, comma-separated: vi or vi,en (default: the office's)")
	logLevel := fs.String("log-level", "info", "debug, info, warn or error")
	if err := parse(fs, args); err != nil {
		return err
	}
	log, closeLog := startLogging(*hf.data, *logLevel)
	defer closeLog()
	client, _, err := hf.client()
	if err != nil {
		return err
	}
	speaker, closeSpeaker := newSpeaker(log)
	defer closeSpeaker()
	startTrimming(ctx, log)
	a := app.NewWithID("vn.motcua.kiosk.display")
	w := display.NewWindow(a, client, speaker, display.Options{Lang: *lang, Notice: *notice, Office: *office,
		Windowed: *windowed, Volume: *volume, Mute: *mute, VoiceLanguages: voiceLanguages(*voice), Logger: log})
	go func() {
		<-ctx.Done()
		fyne.Do(a.Quit)
	}()
	log.Info("display started")
	supervise.StartHeartbeat(ctx, fyne.Do) // a hung UI stops the beat; the supervisor restarts us
	w.ShowAndRun()
	return nil
}

// voiceLanguages reads --voice: "" (follow the hub) or "vi,en".
func voiceLanguages(flag string) []string {
	var out []string
	for _, l := range strings.Split(flag, ",") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// newSpeaker is the voice of a lobby display: the shipped clips played
// through the sound card. Without clips it is nil (the board stays silent);
// without a sound card the announcer logs each call it cannot play.
func newSpeaker(log *slog.Logger) (devices.Speaker, func()) {
	bank, err := audio.Shipped()
	if err != nil {
		log.Error("display: voice clips; the board stays silent", "err", err)
		return nil, func() {}
	}
	if !haveSoundCard() {
		log.Warn("display: this machine has no sound card; the board shows the calls without the voice")
		return nil, func() {}
	}
	player := audio.NewOtoPlayer(bank.Rate())
	if err := player.Open(); err != nil {
		log.Warn("display: no sound device; the board stays silent until restarted with speakers", "err", err)
	}
	ann := audio.NewAnnouncer(bank, player, audio.Options{Logger: log})
	return ann, func() { ann.Close() }
}

// haveSoundCard is false on Linux when the kernel lists no sound card, so
// that a machine without one (a server, a CI runner, the demo in a VM)
// does not open ALSA, which prints a dozen "ALSA lib" lines to stderr.
// Elsewhere, and when it cannot tell, it is true.
func haveSoundCard() bool {
	if runtime.GOOS != "linux" {
		return true
	}
	b, err := os.ReadFile("/proc/asound/cards")
	if err != nil {
		return !errors.Is(err, fs.ErrNotExist)
	}
	return !strings.Contains(string(b), "no soundcards")
}
