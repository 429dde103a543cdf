package ui

import (
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"
)

// Text is a block of text of one size and colour that wraps at word
// boundaries to the width it is given and never scrolls. Unlike
// widget.Label it takes any size and colour, which the big buttons and the
// ticket screen need.
type Text struct {
	widget.BaseWidget
	Text      string
	TextSize  float32
	Color     color.Color
	Bold      bool
	Alignment fyne.TextAlign
	// MaxLines bounds the wrapped lines (0: no bound); the last shown line
	// ends with "…" when text was cut.
	MaxLines int
}

// NewText returns a wrapping text block.
func NewText(s string, size float32, c color.Color, bold bool, align fyne.TextAlign) *Text {
	t := &Text{Text: NFC(s), TextSize: size, Color: c, Bold: bold, Alignment: align}
	t.ExtendBaseWidget(t)
	return t
}

// SetText changes the text and redraws it.
func (t *Text) SetText(s string) {
	t.Text = NFC(s)
	t.Refresh()
}

// CreateRenderer is part of fyne.Widget.
func (t *Text) CreateRenderer() fyne.WidgetRenderer {
	r := &textRenderer{t: t, width: 0}
	r.rebuild(0)
	return r
}

type textRenderer struct {
	t     *Text
	lines []*canvas.Text
	width float32
}

func (r *textRenderer) style() fyne.TextStyle { return fyne.TextStyle{Bold: r.t.Bold} }

func (r *textRenderer) rebuild(width float32) {
	r.width = width
	var parts []string
	if width <= 0 {
		parts = strings.Split(r.t.Text, "\n")
	} else {
		parts = wrap(r.t.Text, r.t.TextSize, r.style(), width)
	}
	if r.t.MaxLines > 0 && len(parts) > r.t.MaxLines {
		parts = parts[:r.t.MaxLines]
		parts[len(parts)-1] += "…"
	}
	r.lines = r.lines[:0]
	for _, p := range parts {
		c := canvas.NewText(p, r.t.Color)
		c.TextSize, c.TextStyle, c.Alignment = r.t.TextSize, r.style(), r.t.Alignment
		r.lines = append(r.lines, c)
	}
}

func (r *textRenderer) lineHeight() float32 {
	return fyne.MeasureText("Ấy", r.t.TextSize, r.style()).Height
}

func (r *textRenderer) Layout(s fyne.Size) {
	if s.Width != r.width {
		r.rebuild(s.Width)
	}
	h := r.lineHeight()
	for i, l := range r.lines {
		l.Move(fyne.NewPos(0, float32(i)*h))
		l.Resize(fyne.NewSize(s.Width, h))
	}
}

func (r *textRenderer) MinSize() fyne.Size {
	h := r.lineHeight()
	n := max(1, len(r.lines))
	// Width: the longest word, so that wrapping can always fit.
	var w float32
	for _, word := range strings.Fields(r.t.Text) {
		w = max(w, fyne.MeasureText(word, r.t.TextSize, r.style()).Width)
	}
	return fyne.NewSize(w, float32(n)*h)
}

func (r *textRenderer) Refresh() {
	r.rebuild(r.width)
	r.Layout(r.t.Size())
	for _, l := range r.lines {
		l.Refresh()
	}
}

func (r *textRenderer) Objects() []fyne.CanvasObject {
	out := make([]fyne.CanvasObject, len(r.lines))
	for i, l := range r.lines {
		out[i] = l
	}
	return out
}

func (r *textRenderer) Destroy() {}

// wrap breaks s into lines no wider than width (a word longer than width
// gets a line of its own); "\n" forces a break.
func wrap(s string, size float32, style fyne.TextStyle, width float32) []string {
	var out []string
	for _, para := range strings.Split(s, "\n") {
		line := ""
		for _, w := range strings.Fields(para) {
			try := w
			if line != "" {
				try = line + " " + w
			}
			if line != "" && fyne.MeasureText(try, size, style).Width > width {
				out = append(out, line)
				line = w
				continue
			}
			line = try
		}
		out = append(out, line)
	}
	return out
}
