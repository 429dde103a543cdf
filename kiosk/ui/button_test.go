package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
)

// TestBigButton_ReservesWrappedTitle: a service button whose title wraps to
// two lines in a 900-px-wide window is as high as its title and lines need;
// the lines sit under the title and nothing that follows covers them,
// whether the window was wider before, narrower, or 900 px from the start.
func TestBigButton_ReservesWrappedTitle(t *testing.T) {
	test.NewTempApp(t)
	narrow := fyne.NewSize(900, 1000)
	for _, c := range []struct {
		name  string
		first fyne.Size
	}{
		{"narrowed from 1920", fyne.NewSize(1920, 1000)},
		{"widened from 500", fyne.NewSize(500, 1000)},
		{"900 from the start", narrow},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := NewBigButton("Lao động – Thương binh và Xã hội, Người có công", nil)
			b.Icon, b.Align, b.MinHeight = ServiceIcon("work"), fyne.TextAlignLeading, 150
			b.Lines = []string{"Đang chờ: 12 người · Khoảng 35 phút", "Nhận hồ sơ đến 16:30"}
			after := NewText("Ưu tiên (nếu có):", TextBody, ColorText, false, fyne.TextAlignLeading)
			w := test.NewWindow(container.NewThemeOverride(Reflow(container.NewVBox(b, after)), Theme{}))
			defer w.Close()
			w.SetPadded(false)
			w.Resize(c.first)
			w.Resize(narrow)

			r := test.WidgetRenderer(b).(*buttonRenderer)
			if got := len(test.WidgetRenderer(r.title).(*textRenderer).rows); got != 2 {
				t.Fatalf("title wraps to %d lines at 900 px, want 2 (the case under test)", got)
			}
			prev := r.title
			for _, l := range r.lines {
				if got, want := l.Position().Y, prev.Position().Y+prev.Size().Height; got < want {
					t.Errorf("line %q at y=%.1f overlaps %q, which ends at y=%.1f", l.Text, got, prev.Text, want)
				}
				prev = l
			}
			if got, want := b.Size().Height, prev.Position().Y+prev.Size().Height; got < want {
				t.Errorf("button %.1f high, its text needs %.1f", got, want)
			}
			if got, want := after.Position().Y, b.Position().Y+b.Size().Height; got < want {
				t.Errorf("the next object at y=%.1f covers the button, which ends at y=%.1f", got, want)
			}
		})
	}
}

// TestBigButton_IconWidth: a left icon of IconWidth keeps its place and size
// whatever the title's length, so the rating's stars line up.
func TestBigButton_IconWidth(t *testing.T) {
	test.NewTempApp(t)
	var bs []fyne.CanvasObject
	for _, title := range []string{"Hài lòng", "Rất không hài lòng với cách phục vụ hôm nay"} {
		b := NewBigButton(title, nil)
		b.Icon, b.IconSize, b.IconWidth = Stars(3), 56, 280
		bs = append(bs, b)
	}
	w := test.NewWindow(container.NewThemeOverride(Reflow(container.NewGridWithColumns(1, bs...)), Theme{}))
	defer w.Close()
	w.SetPadded(false)
	w.Resize(fyne.NewSize(700, 600))
	var icons []fyne.CanvasObject
	for _, b := range bs {
		r := test.WidgetRenderer(b.(*BigButton)).(*buttonRenderer)
		icons = append(icons, r.icon)
		if got, want := r.title.Position().X, r.icon.Position().X+r.icon.Size().Width; got < want {
			t.Errorf("title %q at x=%.1f overlaps the icon, which ends at x=%.1f", r.title.Text, got, want)
		}
	}
	for _, ic := range icons {
		if got, want := ic.Size(), fyne.NewSize(280, 56); got != want {
			t.Errorf("icon size %v, want %v", got, want)
		}
		if got, want := ic.Position().X, icons[0].Position().X; got != want {
			t.Errorf("icon at x=%.1f, want %.1f like the first", got, want)
		}
	}
}
