package dossier

import (
	"context"
	"flag"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"github.com/motcua-kiosk/motcua/kiosk/dossiers"
	"github.com/motcua-kiosk/motcua/kiosk/ui"
)

// shots, when set, is the directory the screens are written to as PNGs
// (go test -tags ci ./kiosk/ui/dossier -run FitsScreen -screenshots $PWD/docs/screenshots).
var shots = flag.String("screenshots", "", "write the dossier screens as PNGs into this directory (docs/screenshots)")

// abs is o's position in the window.
func abs(root, o fyne.CanvasObject) (fyne.Position, bool) {
	if root == o {
		return root.Position(), true
	}
	var kids []fyne.CanvasObject
	switch c := root.(type) {
	case *fyne.Container:
		kids = c.Objects
	case fyne.Widget:
		kids = test.WidgetRenderer(c).Objects()
	}
	for _, k := range kids {
		if p, ok := abs(k, o); ok {
			return p.Add(root.Position()), true
		}
	}
	return fyne.Position{}, false
}

func walk(o fyne.CanvasObject, f func(fyne.CanvasObject)) {
	f(o)
	switch c := o.(type) {
	case *fyne.Container:
		for _, k := range c.Objects {
			walk(k, f)
		}
	case fyne.Widget:
		for _, k := range test.WidgetRenderer(c).Objects() {
			walk(k, f)
		}
	}
}

// fits checks that the page needs no more than the screen, that every key
// and every text lies inside it, keys as large as their text needs, and
// that no text was cut.
func fits(t *testing.T, r *rig, size fyne.Size, what string) {
	t.Helper()
	root := r.w.Canvas().Content()
	got := r.s.root.Objects[0].MinSize()
	if r.s.Page() == PageEnter && got.Width > size.Width {
		// ui.Keyboard's rows ask MinTouch a key (see kiosk/ui/lookup's
		// fit test): its keys still fit their labels, checked below.
		got.Width = size.Width
	}
	if got.Width > size.Width || got.Height > size.Height {
		t.Errorf("%s: least size %.0f×%.0f, more than the %.0f×%.0f screen", what, got.Width, got.Height, size.Width, size.Height)
	}
	var full []string
	walk(root, func(o fyne.CanvasObject) {
		if v, ok := o.(*ui.Text); ok {
			full = append(full, v.Text)
		}
	})
	keys := 0
	walk(root, func(o fyne.CanvasObject) {
		switch v := o.(type) {
		case *ui.BigButton:
			if !v.Visible() {
				return
			}
			keys++
			p, _ := abs(root, v)
			s := v.Size()
			if p.X < 0 || p.Y < 0 || p.X+s.Width > size.Width+0.5 || p.Y+s.Height > size.Height+0.5 {
				t.Errorf("%s: key %q at %v size %v is not inside the %v screen", what, v.Title, p, s, size)
			}
			if m := v.MinSize(); m.Height > s.Height+0.5 || m.Width > max(s.Width, ui.MinTouch)+0.5 {
				t.Errorf("%s: key %q is %v, its text needs %v", what, v.Title, s, m)
			}
			if s.Height < ui.MinTouch-0.5 {
				t.Errorf("%s: key %q is %.0f px high, less than %v", what, v.Title, s.Height, ui.MinTouch)
			}
		case *ui.Text:
			if !v.Visible() || v.Text == "" {
				return
			}
			p, _ := abs(root, v)
			s := v.Size()
			if p.Y+s.Height > size.Height+0.5 || p.X+s.Width > size.Width+0.5 {
				t.Errorf("%s: text %q at %v size %v is not inside the screen", what, v.Text, p, s)
			}
			if m := v.MinSize(); m.Height > s.Height+0.5 {
				t.Errorf("%s: text %q is %.0f px high, needs %.0f", what, v.Text, s.Height, m.Height)
			}
		case *canvas.Text:
			// A line ending in "…" is cut unless its text ends so itself
			// ("Đang tra cứu hồ sơ…").
			if strings.HasSuffix(v.Text, "…") && !slices.ContainsFunc(full, func(f string) bool { return strings.HasSuffix(f, v.Text) }) {
				t.Errorf("%s: text cut: %q", what, v.Text)
			}
		}
	})
	if keys == 0 {
		t.Errorf("%s: no keys", what)
	}
}

func capture(t *testing.T, r *rig, sc screen, what string) {
	t.Helper()
	if *shots == "" {
		return
	}
	path := filepath.Join(*shots, "dossier-"+what+"-"+sc.name()+".png")
	ui.Locked(func() {
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := png.Encode(f, r.w.Canvas().Capture()); err != nil {
			t.Fatal(err)
		}
	})
	t.Logf("wrote %s", path)
}

// TestScreen_FitsScreen: every page — the enter page empty and with a
// refused code's sentence, the look-up under way, a ready, a waiting
// (long procedure name), a late, a returned and a long-history dossier,
// the history pages, the offline status and the errors — fits both
// orientations in both languages with no text cut or overflowing.
func TestScreen_FitsScreen(t *testing.T) {
	for _, sc := range screens {
		t.Run(sc.name(), func(t *testing.T) {
			src := &fakeSource{known: statuses()}
			store, err := dossiers.OpenFileStore(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			c := dossiers.Cached(src, store)
			c.Now, c.Location = func() time.Time { return fixedNow }, ict
			r := newRig(t, sc, c)
			r.src = src
			ui.Locked(func() { fits(t, r, sc.size, "enter") })
			capture(t, r, sc, "enter")
			ui.Locked(func() { r.s.Submit("000.00.13.H12-240231-0001") })
			ui.Locked(func() { fits(t, r, sc.size, "enter refused") })
			capture(t, r, sc, "refused")
			// The loading page, held until the fit is checked.
			block := make(chan struct{})
			rb := newRig(t, sc, dossiers.SourceFunc(func(ctx context.Context, ref dossiers.Ref) (dossiers.Status, error) {
				<-block
				return dossiers.Status{}, dossiers.ErrNotFound
			}))
			ui.Locked(func() { rb.s.Scanned(readyCode) })
			ui.Locked(func() { fits(t, rb, sc.size, "loading") })
			capture(t, rb, sc, "loading")
			close(block)
			for _, code := range []string{readyCode, waitingCode, lateCode, doneCode, longCode} {
				r.open(t, code)
				ui.Locked(func() { fits(t, r, sc.size, "result "+code) })
			}
			r.open(t, readyCode)
			capture(t, r, sc, "ready")
			// Its idle close's warning, over the page, fits too.
			r.clock.Advance(DefaultIdle - ui.WarnFor(DefaultIdle))
			ui.Locked(func() {
				if !r.s.Countdown().Warning.Visible() {
					t.Fatal("no idle warning over the result page")
				}
				fits(t, r, sc.size, "result, idle warning")
			})
			capture(t, r, sc, "ready-warning")
			tap(r.s.Countdown().Warning.Key())
			r.open(t, waitingCode)
			capture(t, r, sc, "waiting")
			r.open(t, lateCode)
			capture(t, r, sc, "late")
			r.open(t, longCode)
			tap(r.s.HistoryKey())
			for i := 0; ; i++ {
				ui.Locked(func() { fits(t, r, sc.size, "history page "+string(rune('1'+i))) })
				if i == 0 {
					capture(t, r, sc, "history")
				}
				if r.s.NextKey() == nil || r.s.NextKey().Disabled {
					break
				}
				tap(r.s.NextKey())
			}
			src.setOffline(true)
			r.open(t, waitingCode)
			ui.Locked(func() { fits(t, r, sc.size, "offline") })
			capture(t, r, sc, "offline")
			for _, code := range []string{missingCode, secretCode} {
				src.setOffline(false)
				ui.Locked(func() { r.s.Scanned(code) })
				r.waitPage(t, PageError)
				ui.Locked(func() { fits(t, r, sc.size, "error "+code) })
			}
			capture(t, r, sc, "error")
		})
	}
}
