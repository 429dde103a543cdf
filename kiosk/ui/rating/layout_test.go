package rating

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/ui"
)

// children are o's parts: a container's objects or a widget's renderer's.
func children(o fyne.CanvasObject) []fyne.CanvasObject {
	switch o := o.(type) {
	case *fyne.Container:
		return o.Objects
	case fyne.Widget:
		return test.WidgetRenderer(o).Objects()
	}
	return nil
}

// images lists every image under o.
func images(o fyne.CanvasObject) []*canvas.Image {
	var out []*canvas.Image
	if img, ok := o.(*canvas.Image); ok {
		out = append(out, img)
	}
	for _, c := range children(o) {
		out = append(out, images(c)...)
	}
	return out
}

// starIcon returns the strip of stars of a star button and its label.
func starIcon(t *testing.T, b *ui.BigButton) (*canvas.Image, *ui.Text) {
	t.Helper()
	var img *canvas.Image
	var label *ui.Text
	for _, o := range test.WidgetRenderer(b).Objects() {
		switch o := o.(type) {
		case *canvas.Image:
			img = o
		case *ui.Text:
			if label == nil {
				label = o
			}
		}
	}
	if img == nil || label == nil {
		t.Fatalf("star button %q: no icon or no label", b.Title)
	}
	return img, label
}

// abs is o's position in the window (the test driver puts the content
// itself at a small offset: measure from the content).
func abs(o fyne.CanvasObject) fyne.Position {
	d := fyne.CurrentApp().Driver()
	root := d.CanvasForObject(o).Content()
	return d.AbsolutePositionForObject(o).Subtract(d.AbsolutePositionForObject(root))
}

// forTicket shows the stars for a served ticket as the counter tablet does.
func forTicket(s screen) (*Flow, fyne.Window) {
	var f *Flow
	ui.Locked(func() {
		f = NewForTicket(Options{Lang: s.lang, Timeout: time.Minute}, queue.Ticket{Number: "A001", Service: "A", Counter: 1, Officer: "Nguyễn Thị Hòa"})
	})
	return f, s.window(f.Content())
}

// TestFlow_StarsLineUp: in portrait the five strips of stars stand in one
// column, at the same place and size in every button, each label to their
// right; in landscape they stand in one row at the same height. The star
// buttons and the skip button keep the kiosk's margin from the screen's
// edges. A narrower landscape screen, where the labels wrap, is checked too.
func TestFlow_StarsLineUp(t *testing.T) {
	for _, s := range append(screens, screen{"landscape", fyne.NewSize(1440, 900), ui.LangVI}) {
		t.Run(s.name(), func(t *testing.T) {
			test.NewTempApp(t)
			f, w := forTicket(s)
			defer w.Close()
			ui.Locked(func() {
				first, _ := starIcon(t, f.Star(1))
				p0, s0 := abs(first), first.Size()
				for n := 1; n <= 5; n++ {
					img, label := starIcon(t, f.Star(n))
					p := abs(img)
					if got, want := img.Size(), s0; got != want {
						t.Errorf("%d stars: strip %v, want %v like 1 star's", n, got, want)
					}
					if s.orient == "portrait" {
						if got, want := p.X, p0.X; got != want {
							t.Errorf("%d stars: strip at x=%.1f, want %.1f (one column)", n, got, want)
						}
						if got, want := abs(label).X, p.X+img.Size().Width; got < want {
							t.Errorf("%d stars: label %q at x=%.1f covers the strip, which ends at x=%.1f", n, label.Text, got, want)
						}
						if got, want := abs(label).Y+label.Size().Height, abs(f.Star(n)).Y+f.Star(n).Size().Height; got > want {
							t.Errorf("%d stars: label %q ends at y=%.1f, below its button's bottom at %.1f", n, label.Text, got, want)
						}
					} else if got, want := p.Y, p0.Y; got != want {
						t.Errorf("%d stars: strip at y=%.1f, want %.1f (one row)", n, got, want)
					}
				}
				skip := f.Content().(*fyne.Container)
				var buttons []fyne.CanvasObject
				for n := 1; n <= 5; n++ {
					buttons = append(buttons, f.Star(n))
				}
				buttons = append(buttons, findButton(skip, ui.Tr{Lang: s.lang}.L("rate.cancel")))
				for _, b := range buttons {
					p, size := abs(b), b.Size()
					if p.X < ui.Margin || p.X+size.Width > s.size.Width-ui.Margin || p.Y+size.Height > s.size.Height-ui.Margin {
						t.Errorf("button %q at %v size %v: closer than %.0f to the screen's edge", b.(*ui.BigButton).Title, p, size, ui.Margin)
					}
				}
			})
		})
	}
}

// findButton returns the big button titled title under o.
func findButton(o fyne.CanvasObject, title string) fyne.CanvasObject {
	if b, ok := o.(*ui.BigButton); ok && b.Title == title {
		return b
	}
	if _, ok := o.(*ui.BigButton); ok {
		return nil
	}
	for _, c := range children(o) {
		if b := findButton(c, title); b != nil {
			return b
		}
	}
	return nil
}

// TestFlow_OfficerPlaceholder: the officer's photo placeholder is the
// neutral person (officer.svg), not a service's icon, and square.
func TestFlow_OfficerPlaceholder(t *testing.T) {
	test.NewTempApp(t)
	f, w := forTicket(screens[0])
	defer w.Close()
	ui.Locked(func() {
		var photo *canvas.Image
		for _, img := range images(f.Content()) {
			if img.Resource == nil {
				continue
			}
			switch img.Resource.Name() {
			case "officer.svg":
				photo = img
			case "family.svg", "document.svg", "land.svg", "work.svg", "result.svg", "stamp.svg":
				t.Errorf("a service icon (%s) on the rating screen", img.Resource.Name())
			}
		}
		if photo == nil {
			t.Fatal("no officer.svg placeholder on the rating screen")
		}
		if got := photo.Size(); got.Width != got.Height || got.Width < 100 {
			t.Errorf("placeholder %v, want a square of at least 100", got)
		}
	})
}
