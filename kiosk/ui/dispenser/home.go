package dispenser

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"

	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/ui"
)

// homeWidgets are the home screen's touchable parts, kept for tests.
type homeWidgets struct {
	services   map[string]*ui.BigButton
	priorities map[string]*ui.BigButton
	langs      map[ui.Lang]*ui.BigButton
	rate       *ui.BigButton
	lookup     *ui.BigButton // "Tra cứu thủ tục", nil without a catalogue
	prev, next *ui.BigButton
	corner     *ui.CornerGesture
	grid       *fyne.Container
	pager      *fyne.Container
	pageLabel  *ui.Text
	name       *ui.Text // the office's name in the header

	// The screen is built once per key (language, orientation, link
	// state, office name, priority kinds) and then only updated: a
	// rebuilt screen is new canvas objects, and the GL driver uploads a
	// new texture for each new image and keeps the old one for a minute.
	key    string
	screen fyne.CanvasObject
}

// ServiceButton returns the home screen's button of a service.
func (d *Dispenser) ServiceButton(code string) *ui.BigButton { return d.home.services[code] }

// PriorityButton returns the home screen's button of a priority kind.
func (d *Dispenser) PriorityButton(code string) *ui.BigButton { return d.home.priorities[code] }

// LangButton returns the language switch's button.
func (d *Dispenser) LangButton(l ui.Lang) *ui.BigButton { return d.home.langs[l] }

// RateButton returns the "Đánh giá" button.
func (d *Dispenser) RateButton() *ui.BigButton { return d.home.rate }

// NextPage returns the next-page button (nil when one page holds all).
func (d *Dispenser) NextPage() *ui.BigButton { return d.home.next }

// Corner returns the hidden admin gesture.
func (d *Dispenser) Corner() *ui.CornerGesture { return d.home.corner }

// Priority returns the priority chosen on the home screen.
func (d *Dispenser) Priority() string { return d.priority }

func (d *Dispenser) perPage() (cols, n int) {
	if d.landscape {
		return 2, 6
	}
	return 1, 5
}

// homeKey is what the built home screen depends on beyond the services.
func (d *Dispenser) homeKey(cfg queue.Config) string {
	return fmt.Sprintf("%s|%t|%t|%q|%q|%v|%t", d.lang, d.landscape, d.connected, cfg.Office.Name, cfg.Office.NameEN, cfg.Priorities, d.bookable())
}

func (d *Dispenser) showHome() {
	cfg := d.o.Config()
	if key := d.homeKey(cfg); d.home.screen != nil && d.home.key == key {
		d.clock.SetText(d.dateTime())
		d.paintPriorities()
		d.refreshServices()
		d.set(ScreenHome, d.home.screen)
	} else {
		d.buildHome(cfg)
	}
	d.touched()
}

// touched restarts the home screen's idle time: a citizen is using it.
// Like every screen's timeout it warns before it acts (issue 16), and
// only when it has something to undo.
func (d *Dispenser) touched() { d.startCountdown(HomeIdle, d.atStart) }

// idle brings the home screen back to the next citizen's start once it has
// been left untouched for HomeIdle: whoever switched it to English, chose a
// priority or turned the page and walked away must not leave that for the
// next citizen, who may read only Vietnamese.
func (d *Dispenser) idle() {
	if d.atStart() {
		return
	}
	d.o.Log.Info("home screen idle: back to the start", "lang", d.lang, "priority", d.priority, "page", d.page)
	d.Home()
}

func (d *Dispenser) buildHome(cfg queue.Config) {
	tr := d.tr()
	d.home = homeWidgets{key: d.homeKey(cfg), services: map[string]*ui.BigButton{}, priorities: map[string]*ui.BigButton{}, langs: map[ui.Lang]*ui.BigButton{}}

	// Header: office name, date and time, on the office's blue.
	name := ui.NewText(tr.Pick(cfg.Office.Name, cfg.Office.NameEN), ui.TextTitle, ui.ColorOnPrimary, true, fyne.TextAlignCenter)
	name.MaxLines = 2 // at most; one when it fits (see ui.Reflow below)
	d.home.name = name
	d.clock = ui.NewText(d.dateTime(), ui.TextBody, ui.ColorOnPrimary, false, fyne.TextAlignCenter)
	d.clock.SplitDigits = true
	// The language keys sit in the header, far from the ticket screen's
	// "Xong" key at the bottom: a late tap on it must not land on them.
	for _, l := range []ui.Lang{ui.LangVI, ui.LangEN} {
		b := ui.NewBigButton(tr.L("lang."+string(l)), func() { d.setLang(l) })
		b.TitleSize = ui.TextBody
		if l == d.lang {
			b.Fill = ui.ColorSelected
		} else {
			b.Fill, b.TextColor = ui.ColorSecondary, ui.ColorText
		}
		d.home.langs[l] = b
	}
	langs := container.New(keysLayout{}, d.home.langs[ui.LangVI], d.home.langs[ui.LangEN])
	// The speak and volume keys sit beside the language keys: the same
	// row on every screen's top (issue 16).
	speak, volume := ui.SpeechKeys(tr, d.o.Speech, d.homeSpeech)
	if d.access.homeSpeak = speak; speak != nil {
		langs = container.New(keysLayout{}, d.home.langs[ui.LangVI], d.home.langs[ui.LangEN], speak, volume)
	}
	var headerBox *fyne.Container
	if d.landscape { // room beside the clock
		headerBox = container.NewVBox(name, container.New(besideLayout{}, d.clock, langs))
	} else {
		headerBox = container.NewVBox(name, d.clock, container.NewCenter(langs))
	}
	if !d.connected {
		headerBox.Add(ui.NewText(tr.L("home.offline"), ui.TextBody, ui.ColorWarning, true, fyne.TextAlignCenter))
	}
	header := container.NewStack(canvas.NewRectangle(ui.ColorPrimary), container.NewPadded(headerBox))

	choose := ui.NewText(tr.L("home.choose"), ui.TextLarge, ui.ColorText, true, fyne.TextAlignCenter)

	// Priority choice: tap to choose, tap again to undo.
	var prios []fyne.CanvasObject
	for _, p := range cfg.Priorities {
		b := ui.NewBigButton(tr.Pick(p.Name, p.NameEN), func() { d.choosePriority(p.Code) })
		b.TitleSize = ui.TextBody
		d.home.priorities[p.Code] = b
		prios = append(prios, b)
	}
	d.paintPriorities()
	prioLabel := ui.NewText(tr.L("home.priority"), ui.TextBody, ui.ColorText, true, fyne.TextAlignLeading)
	var prioRow fyne.CanvasObject
	if len(prios) > 0 {
		prioRow = container.NewVBox(prioLabel, container.NewGridWithColumns(len(prios), prios...))
	}

	cols, _ := d.perPage()
	d.home.grid = container.NewGridWithColumns(cols)
	d.home.pager = container.NewGridWithColumns(3)
	d.refreshServices()

	// Bottom bar: rating, where it has always been.
	d.home.rate = ui.NewBigButton(tr.L("home.rate"), d.showRating)
	d.home.rate.Lines = []string{tr.L("home.rate.sub")}
	d.home.rate.Fill, d.home.rate.TitleSize, d.home.rate.LineSize = ui.ColorAccent, ui.TextBody, ui.TextSmall
	var left fyne.CanvasObject = layout.NewSpacer()
	d.home.lookup = nil
	if d.o.Procedures != nil {
		d.home.lookup = ui.NewBigButton(tr.L("home.lookup"), d.showLookup)
		d.home.lookup.Lines = []string{tr.L("home.lookup.sub")}
		d.home.lookup.TitleSize, d.home.lookup.LineSize = ui.TextBody, ui.TextSmall
		left = d.home.lookup
	}
	bottom := container.NewGridWithColumns(3, left, d.helpKey(), d.home.rate)
	bottom = d.withDossierKey(bottom)
	bottom = d.withBookingKey(bottom)

	top := container.NewVBox(header, choose)
	if prioRow != nil {
		top.Add(prioRow)
	}
	body := container.NewBorder(top, container.NewVBox(d.home.pager, bottom), nil, nil, container.NewPadded(d.home.grid))
	d.home.corner = ui.NewCornerGesture(func() {
		d.o.Log.Info("admin gesture")
		if d.o.OnAdmin != nil {
			d.o.OnAdmin()
		}
	})
	d.home.corner.Now = d.o.Now
	// Reflow: the header's name, the "choose" line and the buttons wrap
	// to the width they get, and each must take the lines it needs there
	// (one for a short office name, two for a long one), not the lines of
	// the width it had before.
	d.home.screen = ui.WithCorner(ui.Screen(container.NewPadded(ui.Reflow(body))), d.home.corner)
	d.set(ScreenHome, d.home.screen)
}

// refreshServices redraws the service buttons of the current page.
func (d *Dispenser) refreshServices() {
	tr := d.tr()
	views := d.services
	known := len(views) > 0
	if !known { // before the first summary: the configured services
		for _, s := range d.o.Config().Services {
			views = append(views, queue.ServiceView{Code: s.Code, Name: s.Name, NameEN: s.NameEN, Icon: s.Icon})
		}
	}
	cols, per := d.perPage()
	pages := max(1, (len(views)+per-1)/per)
	d.page = min(d.page, pages-1)
	from, to := d.page*per, min(len(views), (d.page+1)*per)
	var objs []fyne.CanvasObject
	for _, v := range views[from:to] {
		b := d.home.services[v.Code]
		if b == nil {
			code := v.Code
			b = ui.NewBigButton("", func() { d.issue(code) })
			b.SplitDigits = true // the waiting count and the minutes change all day
			d.home.services[v.Code] = b
		}
		d.paintService(b, tr, v, known)
		objs = append(objs, b)
	}
	// Keep the buttons the same height on every page.
	for len(objs)%cols != 0 || len(objs) < per && pages > 1 {
		objs = append(objs, canvas.NewRectangle(ui.ColorBackground))
	}
	d.home.grid.Objects = objs
	d.home.grid.Refresh()

	d.home.pager.Objects = nil
	if pages > 1 {
		if d.home.prev == nil {
			d.home.prev = ui.NewBigButton(tr.L("home.prev"), func() { d.turn(-1) })
			d.home.next = ui.NewBigButton(tr.L("home.next"), func() { d.turn(+1) })
			for _, b := range []*ui.BigButton{d.home.prev, d.home.next} {
				b.Fill, b.TextColor, b.TitleSize = ui.ColorSecondary, ui.ColorText, ui.TextBody
			}
			d.home.pageLabel = ui.NewText("", ui.TextBody, ui.ColorText, true, fyne.TextAlignCenter)
			d.home.pageLabel.SplitDigits = true
		}
		d.home.prev.Disabled, d.home.next.Disabled = d.page == 0, d.page == pages-1
		d.home.prev.Refresh()
		d.home.next.Refresh()
		d.home.pageLabel.SetText(tr.L("home.page", map[string]any{"Page": d.page + 1, "Pages": pages}))
		d.home.pager.Objects = []fyne.CanvasObject{d.home.prev, container.NewCenter(d.home.pageLabel), d.home.next}
	}
	d.home.pager.Refresh()
}

// paintService sets a service button to the service's live view. Known is
// false before the hub's first answer: then it promises nothing.
func (d *Dispenser) paintService(b *ui.BigButton, tr ui.Tr, v queue.ServiceView, known bool) {
	b.Title = tr.Pick(v.Name, v.NameEN)
	b.Icon, b.Align, b.MinHeight = ui.ServiceIcon(v.Icon), fyne.TextAlignLeading, 150
	b.Fill, b.TextColor, b.Disabled = nil, nil, false
	switch waiting := tr.L("home.waiting", map[string]any{"N": v.Waiting}); {
	case v.Unavailable != "":
		b.Fill, b.TextColor, b.Disabled = ui.ColorClosed, ui.ColorText, true
		b.Lines = []string{tr.L("closed." + v.Unavailable)}
	case !known:
		b.Lines = nil
	case d.open(v.Code) == 0:
		// A ticket can be had, but nobody calls it until a counter opens:
		// no minutes, no "Không phải chờ". One line, as the other cases:
		// a tile whose name wraps has no room for a fourth.
		b.Lines = []string{waiting + " · " + tr.L("home.no_counter")}
	case minutes(v.EstWait) > 0:
		b.Lines = []string{waiting + " · " + tr.L("home.wait_est", map[string]any{"Min": minutes(v.EstWait)})}
	case v.Waiting == 0 && queue.IdleCounters(d.counters, v.Code) > 0:
		b.Lines = []string{waiting + " · " + tr.L("home.wait_none")}
	default:
		// Nobody waits but every open counter is busy with someone: the
		// next ticket is next, not "Không phải chờ".
		b.Lines = []string{waiting + " · " + tr.L("home.wait_next")}
	}
	b.Refresh()
}

func (d *Dispenser) turn(delta int) {
	d.page += delta
	d.refreshServices()
	d.touched()
}

func (d *Dispenser) choosePriority(code string) {
	if d.priority == code {
		d.priority = ""
	} else {
		d.priority = code
	}
	d.paintPriorities()
	d.touched()
}

func (d *Dispenser) paintPriorities() {
	for code, b := range d.home.priorities {
		if code == d.priority {
			b.Fill, b.TextColor, b.Icon = ui.ColorSelected, ui.ColorOnPrimary, ui.CheckIcon()
		} else {
			b.Fill, b.TextColor, b.Icon = ui.ColorSecondary, ui.ColorText, ui.EmptyBox()
		}
		b.IconSize = 48
		b.Refresh()
	}
}

func (d *Dispenser) setLang(l ui.Lang) {
	if d.lang == l {
		return
	}
	d.lang = l
	d.showHome()
	d.speakAuto(d.homeSpeech())
}

// keysLayout puts the language keys side by side, each langKeyWidth
// wide: in a centring container a wrapping title would otherwise take the
// width of its longest word ("Tiếng" over "Việt").
type keysLayout struct{}

// langKeyWidth is the width of a language key: "Tiếng Việt" on one line.
const langKeyWidth = 240

func (keysLayout) Layout(objs []fyne.CanvasObject, s fyne.Size) {
	gap := theme.Padding()
	for i, o := range objs {
		o.Resize(fyne.NewSize(langKeyWidth, s.Height))
		o.Move(fyne.NewPos(float32(i)*(langKeyWidth+gap), 0))
	}
}

func (keysLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	n := float32(len(objs))
	return fyne.NewSize(n*langKeyWidth+(n-1)*theme.Padding(), ui.MinTouch)
}

// besideLayout centres its first object (the clock) across the whole width
// and puts its second (the language keys) at the right edge, both centred
// in height: the landscape header, wide enough for both on one row. In a
// window too narrow for that the clock is centred in what the keys leave.
type besideLayout struct{}

func (besideLayout) Layout(objs []fyne.CanvasObject, s fyne.Size) {
	c, k := objs[0].MinSize(), objs[1].MinSize()
	x, w := k.Width, s.Width-2*k.Width
	if w < c.Width {
		x, w = 0, s.Width-k.Width
	}
	objs[0].Resize(fyne.NewSize(w, c.Height))
	objs[0].Move(fyne.NewPos(x, (s.Height-c.Height)/2))
	objs[1].Resize(k)
	objs[1].Move(fyne.NewPos(s.Width-k.Width, (s.Height-k.Height)/2))
}

func (besideLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	c, k := objs[0].MinSize(), objs[1].MinSize()
	return fyne.NewSize(c.Width+2*k.Width, max(c.Height, k.Height))
}
