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
	// SplitDigits draws every digit as a run of its own, for text whose
	// numbers change (ticket numbers, counts, minutes, the clock). The GL
	// driver keeps one texture per distinct string for a minute after its
	// last use; drawn whole, "A001" … "A999" would each leave a texture
	// behind, while split they share the ten digits' and the words'.
	SplitDigits bool
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
	lines []*canvas.Text // every run, in order (the renderer's objects)
	objs  []fyne.CanvasObject
	rows  [][]*canvas.Text // the runs of each wrapped line
	// pool holds every canvas.Text this renderer has made; rebuilds reuse
	// them. Fyne keeps per-object state (its canvas and size caches) for a
	// while after an object goes, so a new object per run per refresh,
	// with the clock and the counts refreshing all day, kept ~25,000 dead
	// runs and their cache entries alive: 6 MB of the kiosk's 14 MB heap.
	pool  []*canvas.Text
	width float32
}

func (r *textRenderer) style() fyne.TextStyle { return fyne.TextStyle{Bold: r.t.Bold} }

func (r *textRenderer) rebuild(width float32) {
	r.width = width
	var parts []string
	if width <= 0 {
		parts = strings.Split(r.t.Text, "\n")
	} else {
		parts = wrap(r.t.Text, r.t.TextSize, r.t.Bold, width)
	}
	if r.t.MaxLines > 0 && len(parts) > r.t.MaxLines {
		parts = parts[:r.t.MaxLines]
		parts[len(parts)-1] += "…"
	}
	r.lines, r.objs, r.rows = r.lines[:0], r.objs[:0], r.rows[:0]
	for _, p := range parts {
		runs := fontRuns(p, r.t.SplitDigits)
		start := len(r.lines)
		for _, run := range runs {
			align := r.t.Alignment
			if len(runs) > 1 || r.t.SplitDigits {
				align = fyne.TextAlignLeading // placed run by run in Layout
			}
			c := r.run(len(r.lines))
			c.Text, c.Color, c.TextSize, c.TextStyle = run.text, r.t.Color, r.t.TextSize, r.style()
			c.Alignment, c.FontSource = align, fontFor(r.t.Bold, run.symbols)
			r.lines = append(r.lines, c)
			r.objs = append(r.objs, c)
		}
		r.rows = append(r.rows, r.lines[start:len(r.lines):len(r.lines)])
	}
}

// run returns the i-th canvas.Text of the pool, made if it is the first
// time this renderer needs that many.
func (r *textRenderer) run(i int) *canvas.Text {
	if i < len(r.pool) {
		return r.pool[i]
	}
	c := &canvas.Text{}
	r.pool = append(r.pool, c)
	return c
}

func (r *textRenderer) lineHeight() float32 {
	return measure("Ấy", r.t.TextSize, r.t.Bold).Height
}

func (r *textRenderer) Layout(s fyne.Size) {
	if s.Width != r.width {
		r.rebuild(s.Width)
	}
	h := r.lineHeight()
	for i, row := range r.rows {
		y := float32(i) * h
		if len(row) == 1 && !r.t.SplitDigits {
			row[0].Move(fyne.NewPos(0, y))
			row[0].Resize(fyne.NewSize(s.Width, h))
			continue
		}
		widths := make([]float32, len(row))
		var total float32
		for j, l := range row {
			widths[j] = measureRun(fontRun{l.Text, l.FontSource == fontSymbols}, l.TextSize, r.t.Bold).Width
			total += widths[j]
		}
		var x float32
		switch r.t.Alignment {
		case fyne.TextAlignCenter:
			x = (s.Width - total) / 2
		case fyne.TextAlignTrailing:
			x = s.Width - total
		}
		for j, l := range row {
			l.Move(fyne.NewPos(x, y))
			l.Resize(fyne.NewSize(widths[j], h))
			x += widths[j]
		}
	}
}

func (r *textRenderer) MinSize() fyne.Size {
	h := r.lineHeight()
	n := max(1, len(r.rows))
	// Width: the longest word, so that wrapping can always fit.
	var w float32
	for _, word := range strings.Fields(r.t.Text) {
		w = max(w, measure(word, r.t.TextSize, r.t.Bold).Width)
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

func (r *textRenderer) Objects() []fyne.CanvasObject { return r.objs }

func (r *textRenderer) Destroy() {}

// wrap breaks s into lines no wider than width (a word longer than width
// gets a line of its own); "\n" forces a break. The spaces between two
// words on one line are kept as they were written ("A: 2     ·     B: 1"
// keeps its wide gap); a line never starts or ends with the spaces where
// it was broken.
func wrap(s string, size float32, bold bool, width float32) []string {
	var out []string
	for _, para := range strings.Split(s, "\n") {
		line := ""
		for gap, w := range words(para) {
			try := w
			if line != "" {
				try = line + gap + w
			}
			if line != "" && measure(try, size, bold).Width > width {
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

// words yields each word of s with the spaces written before it.
func words(s string) func(yield func(gap, word string) bool) {
	return func(yield func(gap, word string) bool) {
		i := 0
		for i < len(s) {
			start := i
			for i < len(s) && s[i] == ' ' {
				i++
			}
			gap, wordStart := s[start:i], i
			for i < len(s) && s[i] != ' ' {
				i++
			}
			if i > wordStart && !yield(gap, s[wordStart:i]) {
				return
			}
		}
	}
}
