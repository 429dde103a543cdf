package ui

import (
	"image/color"
	"strings"
	"time"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// CornerGesture is the hidden door to the admin menu: an invisible square
// that fires OnTriggered after Taps taps within Within. It is touch only:
// there is no key or mouse shortcut.
type CornerGesture struct {
	widget.BaseWidget
	Taps        int           // default 5
	Within      time.Duration // default 3 s
	Now         func() time.Time
	OnTriggered func()
	times       []time.Time
}

// NewCornerGesture returns the five-taps-in-three-seconds gesture.
func NewCornerGesture(triggered func()) *CornerGesture {
	g := &CornerGesture{Taps: 5, Within: 3 * time.Second, Now: time.Now, OnTriggered: triggered}
	g.ExtendBaseWidget(g)
	return g
}

// Tapped is part of fyne.Tappable.
func (g *CornerGesture) Tapped(*fyne.PointEvent) {
	now := g.Now()
	keep := g.times[:0]
	for _, t := range g.times {
		if now.Sub(t) < g.Within {
			keep = append(keep, t)
		}
	}
	g.times = append(keep, now)
	if len(g.times) >= g.Taps {
		g.times = nil
		if g.OnTriggered != nil {
			g.OnTriggered()
		}
	}
}

// Cursor is part of desktop.Cursorable.
func (g *CornerGesture) Cursor() desktop.Cursor { return cursor() }

// CreateRenderer is part of fyne.Widget.
func (g *CornerGesture) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(canvas.NewRectangle(color.Transparent))
}

// cornerSize is the side of the hidden corner square.
const cornerSize float32 = 120

type cornerLayout struct{}

func (cornerLayout) Layout(objs []fyne.CanvasObject, s fyne.Size) {
	objs[0].Resize(s)
	objs[0].Move(fyne.NewPos(0, 0))
	objs[1].Resize(fyne.NewSize(cornerSize, cornerSize))
	objs[1].Move(fyne.NewPos(0, 0))
}

func (cornerLayout) MinSize(objs []fyne.CanvasObject) fyne.Size { return objs[0].MinSize() }

// WithCorner puts the gesture in the top-left corner over content.
func WithCorner(content fyne.CanvasObject, g *CornerGesture) fyne.CanvasObject {
	return container.New(cornerLayout{}, content, g)
}

// Screen is a full kiosk page: the background colour, a cursor-hiding tap
// area under everything, and the content.
func Screen(content fyne.CanvasObject) fyne.CanvasObject {
	return container.NewStack(canvas.NewRectangle(ColorBackground), NewTapArea(nil), content)
}

type maxWidth struct{ w float32 }

func (m maxWidth) Layout(objs []fyne.CanvasObject, s fyne.Size) {
	w := min(s.Width, m.w)
	for _, o := range objs {
		o.Resize(fyne.NewSize(w, s.Height))
		o.Move(fyne.NewPos((s.Width-w)/2, 0))
	}
}

func (m maxWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	return s
}

// Centered lays obj out no wider than w, centred horizontally.
func Centered(w float32, obj fyne.CanvasObject) fyne.CanvasObject {
	return container.New(maxWidth{w}, obj)
}

// key returns a keypad key: light with dark text, bigger than body text.
func key(label string, tapped func()) *BigButton {
	b := NewBigButton(label, tapped)
	b.Fill, b.TextColor, b.TitleSize = ColorSecondary, ColorText, TextLarge
	b.MinWidth = KeyMinWidth
	return b
}

func actionKey(label string, fill color.Color, tapped func()) *BigButton {
	b := NewBigButton(label, tapped)
	b.Fill, b.TitleSize = fill, TextBody
	b.MinWidth = KeyMinWidth
	return b
}

// field is the box that shows what was typed.
func field(t *Text) fyne.CanvasObject {
	bg := canvas.NewRectangle(color.White)
	bg.StrokeColor, bg.StrokeWidth, bg.CornerRadius = ColorPrimary, 3, 10
	return container.NewStack(bg, container.NewPadded(t))
}

// Keypad is the on-screen numeric keypad: digits, optional letter keys
// (the services' ticket prefixes, to type "A012"), delete, OK and cancel.
// With Mask it shows dots (PINs).
type Keypad struct {
	widget.BaseWidget
	OnSubmit func(value string)
	OnCancel func()

	tr      Tr
	mask    bool
	maxLen  int
	value   string
	display *Text
	message *Text
	keys    map[string]*BigButton
	content fyne.CanvasObject
}

// NewKeypad returns a keypad with a prompt. letters are extra keys such as
// "A", "B"; maxLen bounds the input.
func NewKeypad(tr Tr, prompt string, letters []string, mask bool, maxLen int) *Keypad {
	k := &Keypad{tr: tr, mask: mask, maxLen: maxLen, keys: map[string]*BigButton{}}
	k.ExtendBaseWidget(k)
	k.display = NewText(" ", TextTitle, ColorText, true, fyne.TextAlignCenter)
	k.message = NewText("", TextBody, ColorAccent, true, fyne.TextAlignCenter)
	var rows []fyne.CanvasObject
	rows = append(rows, NewText(prompt, TextLarge, ColorText, true, fyne.TextAlignCenter), field(k.display), k.message)
	if len(letters) > 0 {
		var ls []fyne.CanvasObject
		for _, l := range letters {
			ls = append(ls, k.add(l, key(l, func() { k.press(l) })))
		}
		rows = append(rows, container.NewGridWithColumns(min(len(ls), 6), ls...))
	}
	var digits []fyne.CanvasObject
	for _, d := range []string{"1", "2", "3", "4", "5", "6", "7", "8", "9"} {
		digits = append(digits, k.add(d, key(d, func() { k.press(d) })))
	}
	del := k.add("⌫", actionKey(tr.L("keypad.back"), ColorMuted, k.backspace))
	zero := k.add("0", key("0", func() { k.press("0") }))
	ok := k.add("OK", actionKey(tr.L("keypad.ok"), ColorSelected, k.submit))
	digits = append(digits, del, zero, ok)
	rows = append(rows, container.NewGridWithColumns(3, digits...))
	rows = append(rows, k.add("cancel", actionKey(tr.L("keypad.cancel"), ColorAccent, func() {
		if k.OnCancel != nil {
			k.OnCancel()
		}
	})))
	k.content = Centered(720, container.NewVBox(rows...))
	return k
}

func (k *Keypad) add(name string, b *BigButton) *BigButton {
	k.keys[name] = b
	return b
}

// Key returns the key with the given label ("0"-"9", a letter, "⌫", "OK",
// "cancel"), for tests and for scripted input.
func (k *Keypad) Key(name string) *BigButton { return k.keys[name] }

// Value returns what was typed.
func (k *Keypad) Value() string { return k.value }

// SetValue replaces what was typed (e.g. a scanned ticket number).
func (k *Keypad) SetValue(v string) {
	k.value = v
	k.show()
}

// SetMessage shows a message (an error) under the field.
func (k *Keypad) SetMessage(m string) {
	k.message.SetText(m)
	// A longer message may wrap onto more lines: lay the keypad out again
	// so that the keys make room instead of covering it.
	k.content.Refresh()
}

// Clear empties the field and the message.
func (k *Keypad) Clear() {
	k.value = ""
	k.message.SetText("")
	k.show()
}

func (k *Keypad) press(s string) {
	if k.maxLen > 0 && utf8.RuneCountInString(k.value) >= k.maxLen {
		return
	}
	k.value += s
	k.message.SetText("")
	k.show()
}

func (k *Keypad) backspace() {
	if k.value != "" {
		_, n := utf8.DecodeLastRuneInString(k.value)
		k.value = k.value[:len(k.value)-n]
	}
	k.show()
}

func (k *Keypad) submit() {
	if k.OnSubmit != nil {
		k.OnSubmit(k.value)
	}
}

func (k *Keypad) show() {
	s := k.value
	if k.mask {
		s = strings.Repeat("●", utf8.RuneCountInString(s))
	}
	if s == "" {
		s = " "
	}
	k.display.SetText(s)
}

// CreateRenderer is part of fyne.Widget.
func (k *Keypad) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(k.content) }

// Message returns the message under the field.
func (k *Keypad) Message() string { return k.message.Text }

type boxLayout struct{ w float32 }

func (b boxLayout) Layout(objs []fyne.CanvasObject, s fyne.Size) {
	w := min(s.Width, b.w)
	for _, o := range objs {
		h := min(s.Height, o.MinSize().Height)
		o.Resize(fyne.NewSize(w, h))
		o.Move(fyne.NewPos((s.Width-w)/2, (s.Height-h)/2))
	}
}

func (b boxLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	return s
}

// Box centres obj both ways at its own height and a width of w (or the
// space there is): keypads and messages that must not shrink to their
// narrowest.
func Box(w float32, obj fyne.CanvasObject) fyne.CanvasObject {
	return container.New(boxLayout{w}, obj)
}
