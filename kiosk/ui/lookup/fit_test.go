package lookup

import (
	"flag"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"github.com/motcua-kiosk/motcua/kiosk/ui"
)

// shots, when set, is the directory the screens are written to as PNGs
// (go test -tags ci ./kiosk/ui/lookup -run FitsScreen -screenshots $PWD/docs/screenshots).
var shots = flag.String("screenshots", "", "write the look-up screens as PNGs into this directory (docs/screenshots)")

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

// walk calls f for every object under o.
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
// lies inside it with its whole text (no line cut with "…", as high as its
// wrapped text needs), and that no text was cut.
func fits(t *testing.T, r *rig, size fyne.Size, what string) {
	t.Helper()
	root := r.w.Canvas().Content()
	// The page itself: the orientation layout above it asks for no more
	// than 480×480 whatever it holds.
	got := r.s.root.Objects[0].MinSize()
	if got.Width > size.Width || got.Height > size.Height {
		t.Errorf("%s: least size %.0f×%.0f, more than the %.0f×%.0f screen", what, got.Width, got.Height, size.Width, size.Height)
	}
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
		case *canvas.Text:
			if strings.HasSuffix(v.Text, "…") && !strings.HasSuffix(v.Text, "in…") && !strings.HasSuffix(v.Text, "ing…") {
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
	path := filepath.Join(*shots, "lookup-"+what+"-"+sc.name()+".png")
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

// TestScreen_FitsScreen: every page of the look-up — the start page and
// its second page, the keyboard, results of a search and of a field, no
// results, and every page of several long procedures — fits both
// orientations in both languages with no key's text overflowing.
func TestScreen_FitsScreen(t *testing.T) {
	for _, sc := range screens {
		t.Run(sc.name(), func(t *testing.T) {
			cat := shipped(t)
			r := newRig(t, sc, cat, map[string]string{"ho-tich": "A"})
			ui.Locked(func() { fits(t, r, sc.size, "start") })
			capture(t, r, sc, "start")
			tap(r.s.NextKey())
			ui.Locked(func() { fits(t, r, sc.size, "start page 2") })
			tap(r.s.PrevKey())
			tap(r.s.SearchKey())
			ui.Locked(func() { r.s.Keyboard().Type("khai sinh") })
			ui.Locked(func() { fits(t, r, sc.size, "keyboard") })
			capture(t, r, sc, "keyboard")
			ui.Locked(func() { test.Tap(r.s.Keyboard().Key("cancel")) })
			r.search(t, "khai sinh")
			ui.Locked(func() { fits(t, r, sc.size, "results") })
			capture(t, r, sc, "results")
			tap(r.s.ResultKey("khai-sinh"))
			ui.Locked(func() { fits(t, r, sc.size, "procedure khai-sinh") })
			capture(t, r, sc, "procedure")
			tap(r.s.BackKey())
			tap(r.s.BackKey())
			r.search(t, "qqqzzz")
			ui.Locked(func() { fits(t, r, sc.size, "no results") })
			capture(t, r, sc, "none")
			// Every field's list, every procedure's every page.
			for _, f := range cat.Fields() {
				ui.Locked(func() {
					r.s.openField(f.ID)
					fits(t, r, sc.size, "field "+f.ID)
				})
			}
			for _, p := range cat.All() {
				ui.Locked(func() {
					r.s.openProcedure(p)
					for i := 0; ; i++ {
						fits(t, r, sc.size, "procedure "+p.ID+" page "+string(rune('1'+i)))
						if r.s.NextKey() == nil || r.s.NextKey().Disabled {
							break
						}
						test.Tap(r.s.NextKey())
					}
				})
			}
		})
	}
}
