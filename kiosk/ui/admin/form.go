package admin

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/ui"
)

// Field kinds.
const (
	kindText   = iota // on-screen keyboard, Telex on
	kindPlain         // on-screen keyboard, Telex off (addresses, codes)
	kindNumber        // numeric keypad
	kindChoice        // one button per choice
)

type choice struct{ value, label string }

// field is one editable value of a form, read from and written to the
// form's draft.
type field struct {
	key     string // the FieldError name it answers to ("office.name")
	label   string
	kind    int
	choices []choice
	get     func() string
	set     func(string) error // parse into the draft; error text is shown
	empty   string             // shown for an empty value; default "(không có)"
	// icon, when set, draws each choice's picture beside its label (the
	// icon picker; an empty value is the first choice).
	icon func(value string) fyne.Resource
}

// form is a page of fields with a save action.
type form struct {
	m      *Menu
	title  string
	fields []*field
	extra  []fyne.CanvasObject // buttons under the fields (test print, pair…)
	save   func() error
	// note, when set, is asked after a successful save for a word the
	// administrator should read (an English name left as it was); "" for
	// none.
	note    func() string
	after   func()            // back to where the form came from
	msgs    map[string]string // field key → the one message shown beside it
	raw     map[string]string // field key → what was typed and refused
	general *ui.Text
	page    int
	rows    map[string]*ui.BigButton
	saveKey *ui.BigButton
	backKey *ui.BigButton
	choices map[string]*ui.BigButton // the open choice picker's keys, by value
	// pageRows is the rows a page shows; 0: rowsPerPage.
	pageRows int
}

func (m *Menu) newForm(title string, fields []*field, save func() error) *form {
	return &form{m: m, title: title, fields: fields, save: save, after: m.showMenu, msgs: map[string]string{}, raw: map[string]string{}, rows: map[string]*ui.BigButton{}}
}

const rowsPerPage = 6

// perPage is the rows of one page of f: rowsPerPage unless the page set
// fewer to leave room for what it shows under them.
func (f *form) perPage() int {
	if f.pageRows > 0 {
		return f.pageRows
	}
	return rowsPerPage
}

func (f *form) show() {
	tr := f.m.tr
	f.m.current = f
	title := ui.NewText(f.title, ui.TextLarge, ui.ColorPrimary, true, fyne.TextAlignCenter)
	hint := ui.NewText(tr.L("admin.edit_hint"), ui.TextSmall, ui.ColorMuted, false, fyne.TextAlignCenter)
	if f.general == nil {
		f.general = ui.NewText("", ui.TextBody, ui.ColorAccent, true, fyne.TextAlignCenter)
	}
	n := f.perPage()
	pages := max(1, (len(f.fields)+n-1)/n)
	f.page = min(f.page, pages-1)
	var rows []fyne.CanvasObject
	for _, fl := range f.fields[f.page*n : min(len(f.fields), (f.page+1)*n)] {
		val, refused := f.raw[fl.key]
		if !refused {
			val = fl.get()
		}
		for _, c := range fl.choices {
			if c.value == val {
				val = c.label
			}
		}
		switch {
		case val == "" && refused:
			val = tr.L("admin.empty")
		case val == "" && fl.empty != "":
			val = fl.empty
		case val == "":
			val = tr.L("admin.none")
		}
		b := ui.NewBigButton(fl.label, func() { f.edit(fl) })
		b.Lines = []string{val}
		b.Align, b.TitleSize, b.LineSize = fyne.TextAlignLeading, ui.TextSmall, ui.TextBody
		b.Fill, b.TextColor = ui.ColorSecondary, ui.ColorText
		f.rows[fl.key] = b
		rows = append(rows, b)
		if msg := f.msgs[fl.key]; msg != "" {
			rows = append(rows, ui.NewText(msg, ui.TextBody, ui.ColorAccent, true, fyne.TextAlignLeading))
		}
	}
	var nav []fyne.CanvasObject
	back := ui.NewBigButton(tr.L("admin.back"), f.after)
	back.Fill, back.TextColor, back.TitleSize = ui.ColorSecondary, ui.ColorText, ui.TextBody
	f.backKey = back
	nav = append(nav, back)
	if pages > 1 {
		prev := ui.NewBigButton(tr.L("home.prev"), func() { f.page--; f.show() })
		next := ui.NewBigButton(tr.L("home.next"), func() { f.page++; f.show() })
		prev.Disabled, next.Disabled = f.page == 0, f.page == pages-1
		prev.TitleSize, next.TitleSize = ui.TextBody, ui.TextBody
		nav = append(nav, prev, next)
	}
	if f.save != nil {
		f.saveKey = ui.NewBigButton(tr.L("admin.save"), f.commit)
		f.saveKey.Fill, f.saveKey.TitleSize = ui.ColorSelected, ui.TextBody
		nav = append(nav, f.saveKey)
	}
	body := container.NewVBox(append([]fyne.CanvasObject{title, hint, f.general}, rows...)...)
	for _, e := range f.extra {
		body.Add(e)
	}
	f.m.set(container.NewBorder(nil, container.NewGridWithColumns(len(nav), nav...), nil, nil, ui.Centered(1200, body)))
}

// Field returns the row button of a field (tests).
func (f *form) Field(key string) *ui.BigButton { return f.rows[key] }

// Choice returns the open choice picker's key for a value (tests).
func (f *form) Choice(value string) *ui.BigButton { return f.choices[value] }

func (f *form) edit(fl *field) {
	tr := f.m.tr
	// What is typed is kept and shown as typed: a refused value stays on
	// its row with the one message beside it, not the old value.
	done := func(v string) {
		v = strings.TrimSpace(v)
		if err := fl.set(v); err != nil {
			f.msgs[fl.key], f.raw[fl.key] = errText(err, tr), v
		} else {
			delete(f.msgs, fl.key)
			delete(f.raw, fl.key)
		}
		f.general.SetText("")
		f.show()
	}
	current := fl.get()
	if v, ok := f.raw[fl.key]; ok {
		current = v
	}
	switch fl.kind {
	case kindNumber:
		k := ui.NewKeypad(tr, fl.label, nil, false, 9)
		k.SetValue(current)
		k.OnSubmit, k.OnCancel = done, f.show
		f.m.editor, f.m.keyboard = k, nil // Keyboard/Editor: the one shown
		f.m.set(ui.Box(760, k))
	case kindChoice:
		var bs []fyne.CanvasObject
		f.choices = map[string]*ui.BigButton{}
		cur := fl.get()
		if cur == "" && fl.icon != nil && len(fl.choices) > 0 {
			cur = fl.choices[0].value
		}
		for _, c := range fl.choices {
			b := ui.NewBigButton(c.label, func() { done(c.value) })
			f.choices[c.value] = b
			if c.value == cur {
				b.Fill = ui.ColorSelected
				b.Lines = []string{tr.L("admin.choice.current")}
			}
			if fl.icon != nil {
				b.Icon = fl.icon(c.value)
				b.TitleSize = ui.TextBody
			}
			bs = append(bs, b)
		}
		cancel := ui.NewBigButton(tr.L("keypad.cancel"), f.show)
		cancel.Fill = ui.ColorAccent
		title := ui.NewText(fl.label, ui.TextLarge, ui.ColorText, true, fyne.TextAlignCenter)
		if fl.icon != nil { // pictures: two columns, as the home screen's tiles
			f.m.set(ui.Box(1100, container.NewVBox(title, container.NewGridWithColumns(2, bs...), cancel)))
			return
		}
		f.m.set(ui.Box(900, container.NewVBox(append(append([]fyne.CanvasObject{title}, bs...), cancel)...)))
	default:
		k := ui.NewKeyboard(tr, fl.label, current, fl.kind == kindText)
		k.OnSubmit, k.OnCancel = done, f.show
		f.m.keyboard, f.m.editor = k, nil
		f.m.set(k)
	}
}

// refuse points at the field whose message stands beside it: its page is
// shown and the line at the top names it (the message itself is only
// beside the field, once).
func (f *form) refuse(key string) bool {
	for i, fl := range f.fields {
		if fl.key == key {
			f.page = i / f.perPage()
			f.general.Color = ui.ColorAccent
			f.general.SetText(f.m.tr.L("admin.error.fix", map[string]any{"Field": fl.label}))
			return true
		}
	}
	return false
}

func (f *form) commit() {
	tr := f.m.tr
	for _, fl := range f.fields {
		if f.msgs[fl.key] != "" {
			f.refuse(fl.key)
			f.show()
			return
		}
	}
	err := f.save()
	var fe *queue.FieldError
	switch {
	case err == nil:
		f.general.Color = ui.ColorSelected
		f.general.SetText(tr.L("admin.saved"))
		f.msgs, f.raw = map[string]string{}, map[string]string{}
		if f.note != nil {
			if n := f.note(); n != "" {
				f.general.Color = ui.ColorAccent
				f.general.SetText(n)
			}
		}
	case errors.As(err, &fe):
		msg := tr.Pick(fe.Msg, fe.MsgEN)
		f.msgs[fe.Field] = msg
		if !f.refuse(fe.Field) { // a field of another page: say it here
			f.general.Color = ui.ColorAccent
			f.general.SetText(msg)
		}
		f.m.o.Log.Info("admin: setting refused", "field", fe.Field, "err", fe.MsgEN)
	default:
		f.general.Color = ui.ColorAccent
		f.general.SetText(errText(err, tr))
		f.m.o.Log.Error("admin: save", "err", err)
	}
	f.show()
}

func errText(err error, tr ui.Tr) string {
	var fe *queue.FieldError
	if errors.As(err, &fe) {
		return tr.Pick(fe.Msg, fe.MsgEN)
	}
	var ue userError
	if errors.As(err, &ue) {
		return string(ue)
	}
	return tr.L("error.generic")
}

// userError is a sentence already in the screen's language.
type userError string

func (e userError) Error() string { return string(e) }

func intField(tr ui.Tr, p *int, lo, hi int) func(string) error {
	return func(s string) error {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			return userError(tr.L("admin.error.number"))
		}
		if n < lo || n > hi {
			return userError(tr.L("admin.error.range", map[string]any{"Min": lo, "Max": hi}))
		}
		*p = n
		return nil
	}
}

func strField(p *string) func(string) error {
	return func(s string) error { *p = ui.NFC(s); return nil }
}

func itoa(n int) string { return strconv.Itoa(n) }

// windowsText shows issuing hours as "07:00-11:15,13:15-16:30".
func windowsText(ws []queue.Window) string {
	var parts []string
	for _, w := range ws {
		parts = append(parts, w.From+"-"+w.To)
	}
	return strings.Join(parts, ",")
}

func parseWindows(tr ui.Tr, s string) ([]queue.Window, error) {
	var out []queue.Window
	for _, p := range strings.Split(s, ",") {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		from, to, ok := strings.Cut(p, "-")
		w := queue.Window{From: clock(from), To: clock(to)}
		if !ok || !w.Valid() {
			return nil, userError(tr.L("admin.error.hours"))
		}
		out = append(out, w)
	}
	return out, nil
}

// clock writes " 7:05" as "07:05", so that what is kept is what
// the screens show; anything else is left for Window.Valid to refuse.
func clock(s string) string {
	h, m, ok := strings.Cut(strings.TrimSpace(s), ":")
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if !ok || err1 != nil || err2 != nil || len(m) != 2 {
		return strings.TrimSpace(s)
	}
	return fmt.Sprintf("%02d:%02d", hh, mm)
}

// fmtMinSec is the lock-out message with the time left as a countdown,
// "1:00", "0:45" (minutes:seconds).
func fmtMinSec(tr ui.Tr, secs int) string {
	return tr.L("admin.pin.locked", map[string]any{"Wait": fmt.Sprintf("%d:%02d", secs/60, secs%60)})
}

func centered(obj fyne.CanvasObject) fyne.CanvasObject { return ui.Box(760, obj) }
