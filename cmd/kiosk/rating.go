package main

import (
	"context"
	"fmt"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"

	"github.com/motcua-kiosk/motcua/kiosk/hub"
	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/settings"
	"github.com/motcua-kiosk/motcua/kiosk/supervise"
	"github.com/motcua-kiosk/motcua/kiosk/ui"
	"github.com/motcua-kiosk/motcua/kiosk/ui/rating"
)

func init() {
	register("rating", "a counter's rating tablet (--hub URL [--token T] --counter N)", runRating)
}

func runRating(ctx context.Context, args []string) error {
	fs := newFlags("rating")
	hf := addHubFlags(fs)
	counter := fs.Int("counter", 0, "counter number (default: the paired device's counter)")
	windowed := fs.Bool("windowed", false, "a normal window instead of full screen")
	logLevel := fs.String("log-level", "info", "debug, info, warn or error")
	if err := parse(fs, args); err != nil {
		return err
	}
	log, closeLog := startLogging(*hf.data, *logLevel)
	defer closeLog()
	client, paired, err := hf.client()
	if err != nil {
		return err
	}
	sf, err := settings.Open(*hf.data)
	if err != nil {
		return err
	}
	if *counter == 0 {
		*counter = paired
	}
	if *counter == 0 {
		*counter = sf.Get().Counter
	}
	if *counter <= 0 {
		return fmt.Errorf("rating: which counter? give --counter N: %w", errUsage)
	}
	if err := ui.LoadTranslations(); err != nil {
		log.Warn("translations", "err", err)
	}
	startTrimming(ctx, log)
	a := app.NewWithID("vn.motcua.kiosk.rating")
	s := sf.Get()
	tab := rating.NewTablet(rating.Options{
		API: client, Lang: ui.ParseLang(s.Language), Log: log,
		Timeout:     time.Duration(s.RatingSeconds) * time.Second,
		OfficerName: officerNames(client),
		ServiceName: serviceNames(client.Config),
	}, *counter)
	w := a.NewWindow(fmt.Sprintf("Một Cửa — Đánh giá quầy %d", *counter))
	w.SetPadded(false)
	w.SetContent(container.NewThemeOverride(tab.Content(), ui.Theme{}))
	if *windowed {
		w.Resize(fyne.NewSize(1280, 800))
	} else {
		ui.HideCursor.Store(true)
		w.SetFullScreen(true)
	}
	go tab.Run(ctx)
	go func() {
		<-ctx.Done()
		fyne.Do(a.Quit)
	}()
	log.Info("rating tablet started", "counter", *counter)
	supervise.StartHeartbeat(ctx, fyne.Do) // a hung UI stops the beat; the supervisor restarts us
	w.ShowAndRun()
	return nil
}

// officerNames looks officers' names up on the hub, keeping what it found
// so that each rating screen does not ask again.
func officerNames(c *hub.Client) func(ctx context.Context, id string) string {
	var mu sync.Mutex
	names := map[string]string{}
	return func(ctx context.Context, id string) string {
		mu.Lock()
		n, ok := names[id]
		mu.Unlock()
		if ok {
			return n
		}
		list, err := c.Officers(ctx)
		if err != nil {
			return ""
		}
		mu.Lock()
		defer mu.Unlock()
		for _, o := range list {
			names[o.ID] = o.Name
		}
		return names[id]
	}
}

// serviceNames names services from the hub's configuration, read again at
// most once a minute so that a renamed service shows its new name.
func serviceNames(config func(ctx context.Context) (queue.Config, error)) func(code string, l ui.Lang) string {
	var mu sync.Mutex
	var cfg queue.Config
	var read time.Time
	return func(code string, l ui.Lang) string {
		mu.Lock()
		defer mu.Unlock()
		if time.Since(read) > time.Minute {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			if c, err := config(ctx); err == nil {
				cfg, read = c, time.Now()
			}
			cancel()
		}
		if s, ok := cfg.Service(code); ok {
			return ui.Tr{Lang: l}.Pick(s.Name, s.NameEN)
		}
		return code
	}
}
