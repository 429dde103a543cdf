package ui

import (
	"image/color"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// HideCursor hides the mouse pointer over every kiosk widget (set on the
// real kiosk, where the pointer is only a finger; left false for the demo).
var HideCursor atomic.Bool

func cursor() desktop.Cursor {
	if HideCursor.Load() {
		return desktop.HiddenCursor
	}
	return desktop.DefaultCursor
}

// BigButton is a large touch button: a coloured panel with an optional
// icon, a title and smaller lines below it, all wrapping. It reacts to a
// single tap only (no double-tap, no long press, no drag).
type BigButton struct {
	widget.BaseWidget
	Title string
	Lines []string // smaller lines under the title
	Icon  fyne.Resource
	// IconTop draws the icon above the title, IconSize high and as wide as
	// the button (the rating stars); otherwise it sits at the left.
	IconTop   bool
	IconSize  float32
	Fill      color.Color // background; default ColorPrimary
	TextColor color.Color // default ColorOnPrimary
	TitleSize float32     // default TextLarge
	LineSize  float32     // default TextBody
	Align     fyne.TextAlign
	// MinHeight raises the height above MinTouch.
	MinHeight float32
	// Disabled buttons are drawn as given but ignore taps.
	Disabled bool
	// SplitDigits draws the title's and lines' digits run by run (see
	// Text.SplitDigits): for lines whose counts change.
	SplitDigits bool
	OnTapped    func()
}

// NewBigButton returns a primary big button.
func NewBigButton(title string, tapped func()) *BigButton {
	b := &BigButton{Title: title, OnTapped: tapped, Align: fyne.TextAlignCenter}
	b.ExtendBaseWidget(b)
	return b
}

// Tapped is part of fyne.Tappable.
func (b *BigButton) Tapped(*fyne.PointEvent) {
	if b.Disabled || b.OnTapped == nil {
		return
	}
	b.OnTapped()
}

// Cursor is part of desktop.Cursorable: hidden on a kiosk.
func (b *BigButton) Cursor() desktop.Cursor { return cursor() }

// CreateRenderer is part of fyne.Widget.
func (b *BigButton) CreateRenderer() fyne.WidgetRenderer {
	r := &buttonRenderer{b: b, bg: canvas.NewRectangle(ColorPrimary)}
	r.bg.CornerRadius = 14
	r.build()
	return r
}

type buttonRenderer struct {
	b     *BigButton
	bg    *canvas.Rectangle
	icon  *canvas.Image
	title *Text
	lines []*Text
}

const buttonPad float32 = 18

func (r *buttonRenderer) build() {
	b := r.b
	fill, fg := b.Fill, b.TextColor
	if fill == nil {
		fill = ColorPrimary
	}
	if fg == nil {
		fg = ColorOnPrimary
	}
	ts, ls := b.TitleSize, b.LineSize
	if ts == 0 {
		ts = TextLarge
	}
	if ls == 0 {
		ls = TextBody
	}
	r.bg.FillColor = fill
	// Keep the same objects across refreshes: the GL driver keys an
	// image's texture by its object, so a new canvas.Image per refresh
	// would upload the icon again and keep the old texture for a minute.
	switch {
	case b.Icon == nil:
		r.icon = nil
	case r.icon == nil:
		r.icon = canvas.NewImageFromResource(b.Icon)
		r.icon.FillMode = canvas.ImageFillContain
	case r.icon.Resource != b.Icon:
		r.icon.Resource = b.Icon
		r.icon.Refresh()
	}
	r.title = r.text(r.title, b.Title, ts, fg, true, 3)
	for i, l := range b.Lines {
		var old *Text
		if i < len(r.lines) {
			old = r.lines[i]
		}
		t := r.text(old, l, ls, fg, false, 2)
		if i < len(r.lines) {
			r.lines[i] = t
		} else {
			r.lines = append(r.lines, t)
		}
	}
	r.lines = r.lines[:len(b.Lines)]
}

// text returns t updated to show s as asked, or a new Text when t is nil.
func (r *buttonRenderer) text(t *Text, s string, size float32, c color.Color, bold bool, maxLines int) *Text {
	if t == nil {
		t = NewText(s, size, c, bold, r.b.Align)
		t.MaxLines, t.SplitDigits = maxLines, r.b.SplitDigits
		return t
	}
	s = NFC(s)
	if t.Text == s && t.TextSize == size && t.Color == c && t.Bold == bold && t.Alignment == r.b.Align &&
		t.MaxLines == maxLines && t.SplitDigits == r.b.SplitDigits {
		return t
	}
	t.Text, t.TextSize, t.Color, t.Bold, t.Alignment = s, size, c, bold, r.b.Align
	t.MaxLines, t.SplitDigits = maxLines, r.b.SplitDigits
	t.Refresh()
	return t
}

func (r *buttonRenderer) iconSize() float32 {
	switch {
	case r.icon == nil:
		return 0
	case r.b.IconSize > 0:
		return r.b.IconSize
	}
	return 72
}

// iconSide is the width the icon takes beside the text (0 when on top).
func (r *buttonRenderer) iconSide() float32 {
	if r.b.IconTop {
		return 0
	}
	return r.iconSize()
}

func (r *buttonRenderer) Layout(s fyne.Size) {
	r.bg.Resize(s)
	x, w := buttonPad, s.Width-2*buttonPad
	var top float32
	if r.icon != nil && r.b.IconTop {
		top = r.iconSize() + 6
	} else if r.icon != nil {
		is := r.iconSize()
		r.icon.Move(fyne.NewPos(buttonPad, (s.Height-is)/2))
		r.icon.Resize(fyne.NewSize(is, is))
		x += is + buttonPad
		w -= is + buttonPad
	}
	// Lay the texts out once to learn their heights, then centre them.
	items := append([]*Text{r.title}, r.lines...)
	var total float32
	hs := make([]float32, len(items))
	for i, t := range items {
		t.Resize(fyne.NewSize(w, t.MinSize().Height))
		hs[i] = t.MinSize().Height
		total += hs[i]
	}
	total += float32(len(items)-1) * 4
	y := max(buttonPad/2, (s.Height-total-top)/2)
	if r.icon != nil && r.b.IconTop {
		r.icon.Move(fyne.NewPos(buttonPad, y))
		r.icon.Resize(fyne.NewSize(w, r.iconSize()))
		y += top
	}
	for i, t := range items {
		t.Move(fyne.NewPos(x, y))
		t.Resize(fyne.NewSize(w, hs[i]))
		y += hs[i] + 4
	}
}

func (r *buttonRenderer) MinSize() fyne.Size {
	h := r.title.MinSize().Height
	w := r.title.MinSize().Width
	for _, l := range r.lines {
		h += l.MinSize().Height + 4
		w = max(w, l.MinSize().Width)
	}
	if r.b.IconTop {
		h += r.iconSize() + 6
	}
	h = max(h+buttonPad, r.iconSize()+buttonPad, MinTouch, r.b.MinHeight)
	w = max(w+2*buttonPad+r.iconSide(), MinTouch)
	return fyne.NewSize(w, h)
}

func (r *buttonRenderer) Refresh() {
	r.build()
	r.Layout(r.b.Size())
	canvas.Refresh(r.b)
}

func (r *buttonRenderer) Objects() []fyne.CanvasObject {
	out := []fyne.CanvasObject{r.bg}
	if r.icon != nil {
		out = append(out, r.icon)
	}
	out = append(out, r.title)
	for _, l := range r.lines {
		out = append(out, l)
	}
	return out
}

func (r *buttonRenderer) Destroy() {}

// TapArea is an invisible area that reports taps: the "touch anywhere to
// go back" of the ticket screen and the background that hides the cursor.
type TapArea struct {
	widget.BaseWidget
	OnTapped func()
}

// NewTapArea returns a tap area; tapped may be nil.
func NewTapArea(tapped func()) *TapArea {
	t := &TapArea{OnTapped: tapped}
	t.ExtendBaseWidget(t)
	return t
}

// Tapped is part of fyne.Tappable.
func (t *TapArea) Tapped(*fyne.PointEvent) {
	if t.OnTapped != nil {
		t.OnTapped()
	}
}

// Cursor is part of desktop.Cursorable.
func (t *TapArea) Cursor() desktop.Cursor { return cursor() }

// CreateRenderer is part of fyne.Widget.
func (t *TapArea) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(canvas.NewRectangle(color.Transparent))
}
