package ui

import (
	"image/color"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
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
	IconTop  bool
	IconSize float32
	// IconWidth is the width of a left icon when it is not square (the
	// rating stars' strip beside their label); 0 makes it IconSize wide.
	// The icon keeps this width whatever the title's length, so icons of
	// buttons of one width line up in a column.
	IconWidth float32
	Fill      color.Color // background; default ColorPrimary
	TextColor color.Color // default ColorOnPrimary
	TitleSize float32     // default TextLarge
	LineSize  float32     // default TextBody
	Align     fyne.TextAlign
	// MinHeight raises the height above MinTouch.
	MinHeight float32
	// MinWidth, when set, replaces MinTouch as the least width: the
	// on-screen keyboard's keys, eleven of which share a row of a
	// 1080-px portrait screen (KeyMinWidth).
	MinWidth float32
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
	switch {
	case r.b.IconTop || r.icon == nil:
		return 0
	case r.b.IconWidth > 0:
		return r.b.IconWidth
	}
	return r.iconSize()
}

// titleLine is the height of one line of the title.
func (r *buttonRenderer) titleLine() float32 {
	return fyne.MeasureText("Ấy", r.title.TextSize, fyne.TextStyle{Bold: true}).Height
}

// measure lays the texts out at width w and returns their heights and the
// height of all of them with the gaps between.
func (r *buttonRenderer) measure(w float32) (items []*Text, hs []float32, total float32) {
	items = append([]*Text{r.title}, r.lines...)
	hs = make([]float32, len(items))
	for i, t := range items {
		t.Resize(fyne.NewSize(w, t.MinSize().Height)) // wraps at w
		hs[i] = t.MinSize().Height
		total += hs[i]
	}
	return items, hs, total + float32(len(items)-1)*4
}

func (r *buttonRenderer) Layout(s fyne.Size) {
	r.bg.Resize(s)
	x, w := buttonPad, s.Width-2*buttonPad
	topIcon := r.icon != nil && r.b.IconTop
	if r.icon != nil && !topIcon {
		is, iw := r.iconSize(), r.iconSide()
		r.icon.Move(fyne.NewPos(buttonPad, (s.Height-is)/2))
		r.icon.Resize(fyne.NewSize(iw, is))
		x += iw + buttonPad
		w -= iw + buttonPad
	}
	items, hs, total := r.measure(w)
	y := max(buttonPad/2, (s.Height-total)/2)
	if topIcon {
		// The icon and the title's first line are centred; more title
		// lines hang below (MinSize keeps as much room above). So a row
		// of these buttons, one height and one title size, shows its
		// icons in one line however their titles wrap.
		is := r.iconSize()
		y = max(buttonPad/2, (s.Height-(is+6+total-(hs[0]-r.titleLine())))/2)
		r.icon.Move(fyne.NewPos(buttonPad, y))
		r.icon.Resize(fyne.NewSize(w, is))
		y += is + 6
	}
	for i, t := range items {
		t.Move(fyne.NewPos(x, y))
		t.Resize(fyne.NewSize(w, hs[i]))
		y += hs[i] + 4
	}
}

// MinSize is the size the button needs at the width it was last given:
// its texts wrap at that width (see Reflow for a parent that asks before
// the width is known).
func (r *buttonRenderer) MinSize() fyne.Size {
	h := r.title.MinSize().Height
	w := r.title.MinSize().Width
	for _, l := range r.lines {
		h += l.MinSize().Height + 4
		w = max(w, l.MinSize().Width)
	}
	if r.icon != nil && r.b.IconTop {
		// Room above for the title lines that hang below (see Layout).
		h += r.iconSize() + 6 + max(0, r.title.MinSize().Height-r.titleLine())
	}
	h = max(h+buttonPad, r.iconSize()+buttonPad, MinTouch, r.b.MinHeight)
	if side := r.iconSide(); side > 0 {
		w += side + buttonPad
	}
	least := MinTouch
	if r.b.MinWidth > 0 {
		least = r.b.MinWidth
	}
	w = max(w+2*buttonPad, least)
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

// Margin is the space the kiosk keeps between a screen's edge and its
// buttons (the dispenser home's two paddings): touch targets that run edge
// to edge look cut off and are hard to reach on a bezel.
const Margin float32 = 20

// Inset lays obj out m units in from every edge.
func Inset(m float32, obj fyne.CanvasObject) fyne.CanvasObject {
	return container.New(insetLayout{m}, obj)
}

type insetLayout struct{ m float32 }

func (l insetLayout) Layout(objs []fyne.CanvasObject, s fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(l.m, l.m))
		o.Resize(fyne.NewSize(max(0, s.Width-2*l.m), max(0, s.Height-2*l.m)))
	}
}

func (l insetLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	return s.AddWidthHeight(2*l.m, 2*l.m)
}

// Reflow lays content out again until its heights settle. A Text or a
// BigButton knows how many lines it wraps to only once it has been given
// its width, but a Fyne layout asks every child's MinSize before it gives
// the child its width: after one pass each wrapping text has the height of
// the width it had before (too short, and it covers what follows; too
// tall, and an empty line stands under it). While content's MinSize still
// changes, Reflow lays out every container in it again, top down, at most
// three more times. The GL driver would mend most of this a frame or two
// later (and not always: it follows one changed parent at a time); the
// test driver, and so the screenshots, never does.
func Reflow(content fyne.CanvasObject) fyne.CanvasObject {
	return container.New(reflowLayout{}, content)
}

type reflowLayout struct{}

func (reflowLayout) Layout(objs []fyne.CanvasObject, s fyne.Size) {
	for _, o := range objs {
		before := o.MinSize()
		o.Move(fyne.NewPos(0, 0))
		o.Resize(s)
		for range 3 {
			after := o.MinSize()
			if after == before {
				break
			}
			before = after
			relayout(o)
		}
	}
}

// relayout runs the layout of every container under o, parents first.
// Resize alone would not: it stops at a container whose size is unchanged,
// though its children's heights have changed. A widget's own parts are
// not reached (Fyne keeps renderers private); BigButton and Text lay
// themselves out whenever their size changes.
func relayout(o fyne.CanvasObject) {
	c, ok := o.(*fyne.Container)
	if !ok {
		return
	}
	if c.Layout != nil {
		c.Layout.Layout(c.Objects, c.Size())
	}
	for _, child := range c.Objects {
		relayout(child)
	}
}

func (reflowLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	return s
}
