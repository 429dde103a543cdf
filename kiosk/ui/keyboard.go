package ui

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Keyboard is the on-screen keyboard of the admin menu's text fields. With
// Telex on (the default for names) it composes Vietnamese itself from the
// keys typed (see Telex); with Telex off it types plain letters, for
// addresses and codes. Delete takes back the last key typed, so "aa" then
// delete gives "a" again.
type Keyboard struct {
	widget.BaseWidget
	OnSubmit func(value string)
	OnCancel func()
	// MaxLen, when above 0, is the most characters the field takes: a key
	// that would make the value longer is refused with a message, so the
	// field never holds what its owner would have to refuse.
	MaxLen int

	tr        Tr
	committed string // text before the keys being composed
	raw       []rune // keys typed since, composed by Telex when on
	telex     bool
	shift     bool
	display   *Text
	message   *Text
	telexKey  *BigButton
	shiftKey  *BigButton
	keys      map[string]*BigButton
	content   fyne.CanvasObject
	letterSet []*BigButton
}

// NewKeyboard returns a keyboard for one field: its prompt, the current
// value and whether Telex starts on.
func NewKeyboard(tr Tr, prompt, value string, telex bool) *Keyboard {
	k := &Keyboard{tr: tr, committed: NFC(value), telex: telex, keys: map[string]*BigButton{}}
	k.ExtendBaseWidget(k)
	k.display = NewText("", TextLarge, ColorText, true, fyne.TextAlignLeading)
	k.message = NewText("", TextBody, ColorAccent, true, fyne.TextAlignCenter)
	row := func(labels string, extra ...fyne.CanvasObject) fyne.CanvasObject {
		var objs []fyne.CanvasObject
		for _, r := range labels {
			s := string(r)
			b := key(s, func() { k.typeKey(r) })
			k.keys[s] = b
			if unicode.IsLetter(r) {
				k.letterSet = append(k.letterSet, b)
			}
			objs = append(objs, b)
		}
		return container.NewGridWithColumns(10, append(objs, extra...)...)
	}
	k.keys["⌫"] = actionKey(tr.L("keypad.back"), ColorMuted, k.backspace)
	k.keys["⌫"].TitleSize = TextSmall // like the Telex key: "⌫ Delete" fits too
	k.shiftKey = actionKey("⇧", ColorMuted, k.toggleShift)
	k.keys["⇧"] = k.shiftKey
	k.telexKey = actionKey("", ColorPrimary, k.toggleTelex)
	k.keys["telex"] = k.telexKey
	k.keys["space"] = key(tr.L("keyboard.space"), func() { k.typeKey(' ') })
	k.keys["space"].TitleSize = TextBody
	k.keys["OK"] = actionKey(tr.L("keypad.ok"), ColorSelected, k.submit)
	// Clear-all: a long name is one tap to empty, not one per letter.
	k.keys["clear"] = actionKey(tr.L("keypad.clear"), ColorMuted, k.clear)
	k.keys["clear"].TitleSize = TextBody
	k.keys["cancel"] = actionKey(tr.L("keypad.cancel"), ColorAccent, func() {
		if k.OnCancel != nil {
			k.OnCancel()
		}
	})
	var syms []fyne.CanvasObject
	for _, r := range "-/:@_" {
		b := key(string(r), func() { k.typeKey(r) })
		k.keys[string(r)] = b
		syms = append(syms, b)
	}
	k.content = container.NewVBox(
		NewText(prompt, TextLarge, ColorText, true, fyne.TextAlignCenter),
		field(k.display), k.message,
		row("1234567890"),
		row("qwertyuiop"),
		// Delete takes two keys' room so that "⌫ Xóa" stays on one line
		// on a 1080-px portrait screen; the row's letters give way a little.
		weighted(row("asdfghjkl").(*fyne.Container).Objects, k.keys["⌫"], 2),
		container.NewGridWithColumns(10, append([]fyne.CanvasObject{k.shiftKey}, row("zxcvbnm,.").(*fyne.Container).Objects...)...),
		container.NewGridWithColumns(2, container.NewGridWithColumns(2, k.telexKey, k.keys["space"]), container.NewGridWithColumns(5, syms...)),
		container.NewGridWithColumns(3, k.keys["cancel"], k.keys["clear"], k.keys["OK"]),
	)
	k.refreshKeys()
	k.show()
	return k
}

// Key returns the key with the given label (a letter, digit or symbol;
// "⌫", "⇧", "space", "telex", "clear", "OK", "cancel").
func (k *Keyboard) Key(name string) *BigButton { return k.keys[name] }

// Type presses the keys for each rune of s (tests, scripted input).
func (k *Keyboard) Type(s string) {
	for _, r := range s {
		k.typeKey(r)
	}
}

// Value returns the text as composed so far (NFC).
func (k *Keyboard) Value() string {
	if k.telex {
		return NFC(k.committed + Telex(string(k.raw)))
	}
	return NFC(k.committed + string(k.raw))
}

// SetMessage shows a message (a validation error) under the field.
func (k *Keyboard) SetMessage(m string) { k.message.SetText(m) }

func (k *Keyboard) typeKey(r rune) {
	if k.shift {
		r = unicode.ToUpper(r)
		k.shift = false
		k.refreshKeys()
	}
	k.raw = append(k.raw, r)
	if k.MaxLen > 0 && utf8.RuneCountInString(k.Value()) > k.MaxLen {
		k.raw = k.raw[:len(k.raw)-1]
		k.message.SetText(k.tr.L("keyboard.too_long", map[string]any{"N": k.MaxLen}))
		return
	}
	k.message.SetText("")
	k.show()
}

// clear empties the field at once.
func (k *Keyboard) clear() {
	k.committed, k.raw = "", nil
	k.message.SetText("")
	k.show()
}

func (k *Keyboard) backspace() {
	if n := len(k.raw); n > 0 {
		k.raw = k.raw[:n-1]
	} else if k.committed != "" {
		_, n := utf8.DecodeLastRuneInString(k.committed)
		k.committed = k.committed[:len(k.committed)-n]
	}
	k.show()
}

func (k *Keyboard) toggleShift() {
	k.shift = !k.shift
	k.refreshKeys()
}

func (k *Keyboard) toggleTelex() {
	k.committed, k.raw = k.Value(), nil
	k.telex = !k.telex
	k.refreshKeys()
}

func (k *Keyboard) refreshKeys() {
	if k.telex {
		k.telexKey.Title = k.tr.L("keyboard.telex_on")
	} else {
		k.telexKey.Title = k.tr.L("keyboard.telex_off")
	}
	k.telexKey.TitleSize = TextSmall
	k.telexKey.Refresh()
	for _, b := range k.letterSet {
		if k.shift {
			b.Title = strings.ToUpper(b.Title)
		} else {
			b.Title = strings.ToLower(b.Title)
		}
		b.Refresh()
	}
	if k.shift {
		k.shiftKey.Fill = ColorSelected
	} else {
		k.shiftKey.Fill = ColorMuted
	}
	k.shiftKey.Refresh()
}

func (k *Keyboard) submit() {
	if k.OnSubmit != nil {
		k.OnSubmit(strings.TrimSpace(k.Value()))
	}
}

// show draws the value with a caret ("|", which Noto Sans has) at its end.
func (k *Keyboard) show() { k.display.SetText(k.Value() + "|") }

// CreateRenderer is part of fyne.Widget.
func (k *Keyboard) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(k.content) }

// weighted lays keys and then last out in one row, the keys one share each
// and last the given shares, with the grid's gap between them.
func weighted(keys []fyne.CanvasObject, last fyne.CanvasObject, shares float32) fyne.CanvasObject {
	return container.New(weightedRow{last: shares}, append(keys, last)...)
}

type weightedRow struct{ last float32 }

func (l weightedRow) Layout(objs []fyne.CanvasObject, s fyne.Size) {
	n := len(objs)
	if n == 0 {
		return
	}
	gap := theme.Padding()
	unit := (s.Width - gap*float32(n-1)) / (float32(n-1) + l.last)
	var x float32
	for i, o := range objs {
		w := unit
		if i == n-1 {
			w = s.Width - x
		}
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(w, s.Height))
		x += w + gap
	}
}

// MinSize gives each share the widest of the keys' least widths and of
// the last key's least width over its shares (the last key has its
// shares' room, so "⌫ Delete" needs half of its width a share, not all).
func (l weightedRow) MinSize(objs []fyne.CanvasObject) fyne.Size {
	n := len(objs)
	if n == 0 {
		return fyne.Size{}
	}
	var unit, h float32
	for i, o := range objs {
		m := o.MinSize()
		w := m.Width
		if i == n-1 {
			w /= l.last
		}
		unit, h = max(unit, w), max(h, m.Height)
	}
	return fyne.NewSize(unit*(float32(n-1)+l.last)+theme.Padding()*float32(n-1), h)
}
