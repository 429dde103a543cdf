package lookup

import (
	"fmt"
	"image"
	"image/color"
	"log/slog"
	"math"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	qrcode "github.com/skip2/go-qrcode"

	"github.com/motcua-kiosk/motcua/kiosk/procedures"
	"github.com/motcua-kiosk/motcua/kiosk/speech"
	"github.com/motcua-kiosk/motcua/kiosk/ui"
)

// Options wires the screens to the catalogue and to the kiosk.
type Options struct {
	// Catalogue is searched and browsed; required.
	Catalogue procedures.Catalogue
	// Lang is the screen language (the one the citizen chose at home).
	Lang ui.Lang
	// OnTicket issues a ticket for a queue service ("Lấy số cho thủ tục
	// này"); the dispenser shows its ticket screen from there.
	OnTicket func(serviceCode string)
	// OnPrint prints the documents list on the ticket printer. It may
	// block: it runs on a goroutine of its own, and its error is shown.
	OnPrint func(lines []string) error
	// OnClose goes back to the home screen ("Quay lại" on the start page).
	OnClose func()
	// ServiceFor maps a procedure to its queue service (usually
	// procedures.ServiceFor with the admin's mapping); "" hides "Lấy số
	// cho thủ tục này". Nil offers no ticket.
	ServiceFor func(procedures.Procedure) string
	// Now is the clock of the printed list's time; nil is time.Now.
	Now func() time.Time
	// Log gets what the citizen is not shown; nil is slog.Default().
	Log *slog.Logger
	// Idle is how long the look-up waits untouched before it closes
	// (OnClose) for the next citizen, who may not read what the last one
	// left open; 0 is DefaultIdle, and the keyboard waits twice as long
	// (its keys are not seen here). AfterFunc starts that timer; nil is
	// ui.RealAfterFunc (tests pass ui.FakeTimers).
	Idle      time.Duration
	AfterFunc ui.AfterFunc
	// Speech says the pages aloud: their "Nghe hướng dẫn" key, and each
	// page as it opens with SpeakAuto. Nil shows no speak key.
	Speech    speech.Speaker
	SpeakAuto bool
}

// DefaultIdle is Options.Idle's default.
const DefaultIdle = 2 * time.Minute

// Page names which page the screen shows.
type Page string

// The screen's pages.
const (
	PageStart     Page = "start"
	PageKeyboard  Page = "keyboard"
	PageResults   Page = "results"
	PageProcedure Page = "procedure"
)

// Screen is the procedure look-up: build it with New, show Content.
type Screen struct {
	o         Options
	tr        ui.Tr
	root      *fyne.Container
	landscape bool
	page      Page
	fields    map[string]procedures.Field

	// state of the pages
	startPage   int
	query       string // the search typed; "" when a field was chosen
	field       procedures.Field
	results     []procedures.Procedure
	resultsPage int
	proc        procedures.Procedure
	sections    [][]item // the procedure's pages
	procPage    int
	printing    bool
	status      string
	// countdown is the idle close: it warns before it closes, and a tap
	// on the warning gives the time again (issue 16).
	countdown *ui.Countdown
	closed    bool // OnClose called and not shown again since
	speak     *ui.SpeakKey
	body      fyne.CanvasObject // the page shown, what its speak key says

	// widgets of the page shown, for tests
	search     *ui.BigButton
	back       *ui.BigButton
	prev, next *ui.BigButton
	fieldKeys  map[string]*ui.BigButton
	resultKeys map[string]*ui.BigButton
	ticket     *ui.BigButton
	print      *ui.BigButton
	statusText *ui.Text
	keyboard   *ui.Keyboard
	qr         *canvas.Image
	texts      []*ui.Text
}

// New returns the look-up screens on their start page.
func New(o Options) *Screen {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Log == nil {
		o.Log = slog.Default()
	}
	if o.Idle <= 0 {
		o.Idle = DefaultIdle
	}
	if o.AfterFunc == nil {
		o.AfterFunc = ui.RealAfterFunc
	}
	s := &Screen{o: o, tr: ui.Tr{Lang: o.Lang}, fields: map[string]procedures.Field{}}
	for _, f := range o.Catalogue.Fields() {
		s.fields[f.ID] = f
	}
	s.root = container.New(&orientLayout{s: s})
	s.countdown = ui.NewCountdown(s.tr, o.AfterFunc, s.idleClose)
	s.show(PageStart)
	return s
}

// Content is the screen to put in the window.
func (s *Screen) Content() fyne.CanvasObject { return s.root }

// Page is the page shown.
func (s *Screen) Page() Page { return s.page }

// SetLang switches the screen language and redraws the page.
func (s *Screen) SetLang(l ui.Lang) {
	s.o.Lang, s.tr = l, ui.Tr{Lang: l}
	s.show(s.page)
}

// Start goes back to the start page (the dispenser calls it when it
// opens the look-up again).
func (s *Screen) Start() {
	s.startPage, s.query, s.results = 0, "", nil
	s.show(PageStart)
}

// Widgets for tests and for the dispenser's own tests.

// SearchKey is "Tìm theo tên thủ tục" on the start page.
func (s *Screen) SearchKey() *ui.BigButton { return s.search }

// BackKey is "Quay lại" of the page shown.
func (s *Screen) BackKey() *ui.BigButton { return s.back }

// PrevKey and NextKey are the paging keys; nil when one page holds all.
func (s *Screen) PrevKey() *ui.BigButton { return s.prev }

// NextKey: see PrevKey.
func (s *Screen) NextKey() *ui.BigButton { return s.next }

// FieldKey is a field's key on the start page (nil when not on this page).
func (s *Screen) FieldKey(id string) *ui.BigButton { return s.fieldKeys[id] }

// ResultKey is a procedure's key on the results page shown.
func (s *Screen) ResultKey(id string) *ui.BigButton { return s.resultKeys[id] }

// ResultIDs lists the results in order, all pages.
func (s *Screen) ResultIDs() []string {
	var ids []string
	for _, p := range s.results {
		ids = append(ids, p.ID)
	}
	return ids
}

// Procedure is the procedure shown on the procedure page.
func (s *Screen) Procedure() procedures.Procedure { return s.proc }

// TicketKey is "Lấy số cho thủ tục này"; nil when there is no service.
func (s *Screen) TicketKey() *ui.BigButton { return s.ticket }

// PrintKey is "In danh sách giấy tờ".
func (s *Screen) PrintKey() *ui.BigButton { return s.print }

// Status is the print status shown ("Đang in…", an error, "").
func (s *Screen) Status() string { return s.status }

// Keyboard is the search keyboard while it is shown.
func (s *Screen) Keyboard() *ui.Keyboard { return s.keyboard }

// HasQR reports whether the procedure page shows a QR code.
func (s *Screen) HasQR() bool { return s.qr != nil }

func (s *Screen) resetWidgets() {
	s.search, s.back, s.prev, s.next, s.ticket, s.print, s.statusText, s.keyboard, s.qr = nil, nil, nil, nil, nil, nil, nil, nil, nil
	s.fieldKeys, s.resultKeys, s.texts = map[string]*ui.BigButton{}, map[string]*ui.BigButton{}, nil
}

func (s *Screen) show(p Page) {
	s.page = p
	s.closed = false
	s.touched()
	s.resetWidgets()
	var c fyne.CanvasObject
	switch p {
	case PageKeyboard:
		c = s.keyboardPage()
	case PageResults:
		c = s.resultsView()
	case PageProcedure:
		c = s.procedurePage()
	default:
		c = s.startPageView()
	}
	s.root.Objects = []fyne.CanvasObject{c, s.countdown.Warning}
	s.root.Refresh()
	if s.o.Speech != nil && s.o.SpeakAuto {
		s.o.Speech.Say(s.speech())
	}
}

// SpeakKey is the page's "Nghe hướng dẫn" key (nil without a speaker).
func (s *Screen) SpeakKey() *ui.SpeakKey { return s.speak }

// Countdown is the look-up's warned idle close, for tests.
func (s *Screen) Countdown() *ui.Countdown { return s.countdown }

// speech is what the page says: what it shows.
func (s *Screen) speech() speech.Utterance {
	return speech.Lines(string(s.o.Lang), ui.Shown(s.body)...)
}

// text makes a Text and keeps it for the overflow tests.
func (s *Screen) text(str string, size float32, bold bool, align fyne.TextAlign) *ui.Text {
	t := ui.NewText(str, size, ui.ColorText, bold, align)
	s.texts = append(s.texts, t)
	return t
}

// header is the blue band at the top: a title and a smaller line.
func (s *Screen) header(title string, size float32, sub string) fyne.CanvasObject {
	t := ui.NewText(title, size, ui.ColorOnPrimary, true, fyne.TextAlignCenter)
	box := container.NewVBox(t)
	if sub != "" {
		box.Add(ui.NewText(sub, ui.TextBody, ui.ColorOnPrimary, false, fyne.TextAlignCenter))
	}
	s.texts = append(s.texts, t)
	return container.NewStack(canvas.NewRectangle(ui.ColorPrimary), container.NewPadded(box))
}

func (s *Screen) screen(top, bottom, middle fyne.CanvasObject) fyne.CanvasObject {
	var row fyne.CanvasObject
	if s.speak, row = ui.SpeechRow(s.tr, s.o.Speech, s.speech); row != nil {
		top = container.NewVBox(row, top)
	}
	body := container.NewBorder(top, bottom, nil, nil, container.NewPadded(middle))
	s.body = body
	return ui.Screen(ui.Inset(ui.Margin/2, ui.Reflow(body)))
}

func secondary(b *ui.BigButton) *ui.BigButton {
	b.Fill, b.TextColor, b.TitleSize = ui.ColorSecondary, ui.ColorText, ui.TextBody
	return b
}

// bottomBar is the last row: "Quay lại", then the paging keys and the page
// number when there is more than one page.
func (s *Screen) bottomBar(back func(), page, pages int, turn func(int)) fyne.CanvasObject {
	s.back = secondary(ui.NewBigButton(s.tr.L("lookup.back"), back))
	objs := []fyne.CanvasObject{s.back}
	if pages > 1 {
		s.prev = secondary(ui.NewBigButton(s.tr.L("lookup.prev"), func() { turn(-1) }))
		s.next = secondary(ui.NewBigButton(s.tr.L("lookup.next"), func() { turn(+1) }))
		s.prev.Disabled, s.next.Disabled = page == 0, page == pages-1
		if s.prev.Disabled {
			s.prev.Fill, s.prev.TextColor = ui.ColorClosed, ui.ColorMuted
		}
		if s.next.Disabled {
			s.next.Fill, s.next.TextColor = ui.ColorClosed, ui.ColorMuted
		}
		label := ui.NewText(s.tr.L("lookup.page", map[string]any{"Page": page + 1, "Pages": pages}), ui.TextBody, ui.ColorText, true, fyne.TextAlignCenter)
		objs = append(objs, s.prev, container.NewVBox(layout.NewSpacer(), label, layout.NewSpacer()), s.next)
	} else {
		objs = append(objs, layout.NewSpacer(), layout.NewSpacer(), layout.NewSpacer())
	}
	return container.NewGridWithColumns(4, objs...)
}

// filler pads a page's keys so that keys keep one height on every page.
func filler(objs []fyne.CanvasObject, per int, paged bool) []fyne.CanvasObject {
	for paged && len(objs) < per {
		objs = append(objs, canvas.NewRectangle(ui.ColorBackground))
	}
	return objs
}

func pagesOf(n, per int) int { return max(1, (n+per-1)/per) }

// ---- start page ----

func (s *Screen) fieldsPerPage() (cols, per int) {
	if s.landscape {
		return 4, 12
	}
	return 2, 12
}

func (s *Screen) updatedLine() string {
	m := s.o.Catalogue.Info()
	if m.Updated.IsZero() {
		return ""
	}
	if s.tr.Lang == ui.LangVI {
		return m.UpdatedText()
	}
	return s.tr.L("lookup.updated", map[string]any{"Date": m.Updated.Format("02/01/2006")})
}

func (s *Screen) startPageView() fyne.CanvasObject {
	top := s.header(s.tr.L("lookup.title"), ui.TextTitle, s.updatedLine())
	// A new search starts empty; "Tìm lại" on the results keeps the words
	// typed, to mend them.
	s.search = ui.NewBigButton(s.tr.L("lookup.search"), func() { s.query = ""; s.show(PageKeyboard) })
	s.search.Lines = []string{s.tr.L("lookup.search.sub")}
	s.search.MinHeight = 150
	s.search.Fill = ui.ColorSelected
	choose := s.text(s.tr.L("lookup.by_field"), ui.TextLarge, true, fyne.TextAlignCenter)

	fields := s.o.Catalogue.Fields()
	cols, per := s.fieldsPerPage()
	pages := pagesOf(len(fields), per)
	s.startPage = min(s.startPage, pages-1)
	var keys []fyne.CanvasObject
	for _, f := range fields[s.startPage*per : min(len(fields), (s.startPage+1)*per)] {
		id := f.ID
		b := ui.NewBigButton(s.tr.Pick(f.Name, f.NameEN), func() { s.openField(id) })
		b.TitleSize, b.MinHeight = ui.TextLarge, 120
		s.fieldKeys[f.ID] = b
		keys = append(keys, b)
	}
	grid := container.NewGridWithColumns(cols, filler(keys, per, pages > 1)...)
	bottom := s.bottomBar(s.close, s.startPage, pages, func(d int) { s.startPage += d; s.show(PageStart) })
	return s.screen(container.NewVBox(top, container.NewPadded(s.search), choose), bottom, grid)
}

func (s *Screen) close() {
	s.stopIdle()
	s.closed = true
	if s.o.OnClose != nil {
		s.o.OnClose()
	}
}

// Stop stops the idle timer: for a dispenser that leaves the look-up its
// own way (a ticket, its own timeout). Showing any page starts it again.
func (s *Screen) Stop() {
	s.stopIdle()
	s.closed = true
}

// touched restarts the idle time: a citizen is using the screen.
func (s *Screen) touched() {
	s.stopIdle()
	d := s.o.Idle
	if s.page == PageKeyboard {
		d *= 2
	}
	s.countdown.Warning.Tr = s.tr
	s.countdown.Start(d)
}

// idleClose closes the look-up after its warned idle time.
func (s *Screen) idleClose() {
	if s.closed {
		return
	}
	s.o.Log.Info("procedure look-up idle: closed", "page", s.page)
	s.Start()
	s.close()
}

func (s *Screen) stopIdle() { s.countdown.Stop() }

// ---- keyboard ----

func (s *Screen) keyboardPage() fyne.CanvasObject {
	k := ui.NewKeyboard(s.tr, s.tr.L("lookup.search.prompt"), s.query, true)
	k.MaxLen = 60
	k.OnCancel = func() { s.show(PageStart) }
	k.OnSubmit = func(v string) {
		if strings.TrimSpace(v) == "" {
			k.SetMessage(s.tr.L("lookup.search.empty"))
			return
		}
		s.runSearch(v)
	}
	s.keyboard = k
	// At the bottom: within reach of a seated or short citizen, and the
	// keys stay where the dispenser's own keypads are.
	top := s.header(s.tr.L("lookup.title"), ui.TextTitle, s.tr.L("lookup.search.sub"))
	var row fyne.CanvasObject
	if s.speak, row = ui.SpeechRow(s.tr, s.o.Speech, s.speech); row != nil {
		top = container.NewVBox(row, top)
	}
	s.body = container.NewBorder(top, k, nil, nil)
	return ui.Screen(ui.Inset(ui.Margin/2, ui.Reflow(s.body)))
}

// MaxResults is the most search results listed.
const MaxResults = 30

func (s *Screen) runSearch(q string) {
	s.query, s.field, s.resultsPage = q, procedures.Field{}, 0
	s.results = nil
	for _, h := range s.o.Catalogue.Search(q, MaxResults) {
		s.results = append(s.results, h.Procedure)
	}
	s.o.Log.Info("procedure search", "query", q, "results", len(s.results))
	s.show(PageResults)
}

func (s *Screen) openField(id string) {
	s.query, s.field, s.resultsPage = "", s.fields[id], 0
	s.results = s.o.Catalogue.ByField(id)
	s.show(PageResults)
}

// ---- results ----

func (s *Screen) resultsPerPage() (cols, per int) {
	if s.landscape {
		return 2, 6
	}
	return 1, 6
}

func (s *Screen) fieldName(id, vi string) string {
	if f, ok := s.fields[id]; ok {
		return s.tr.Pick(f.Name, f.NameEN)
	}
	return ui.NFC(vi)
}

func (s *Screen) resultsView() fyne.CanvasObject {
	var title string
	if s.query != "" {
		title = s.tr.L("lookup.results.search", map[string]any{"Query": s.query})
	} else {
		title = s.tr.L("lookup.results.field", map[string]any{"Field": s.fieldName(s.field.ID, s.field.Name)})
	}
	sub := s.tr.L("lookup.results.choose")
	if len(s.results) == 0 {
		sub = ""
	}
	top := s.header(title, ui.TextLarge, sub)
	back := func() { s.show(PageStart) }
	if len(s.results) == 0 {
		again := ui.NewBigButton(s.tr.L("lookup.search.again"), func() { s.show(PageKeyboard) })
		again.Fill, again.MinHeight = ui.ColorSelected, 130
		s.search = again
		mid := container.NewVBox(
			s.text(s.tr.L("lookup.results.none"), ui.TextTitle, true, fyne.TextAlignCenter),
			s.text(s.tr.L("lookup.results.none.advice"), ui.TextLarge, false, fyne.TextAlignCenter),
			container.NewPadded(again))
		return s.screen(top, s.bottomBar(back, 0, 1, nil), mid)
	}
	cols, per := s.resultsPerPage()
	pages := pagesOf(len(s.results), per)
	s.resultsPage = min(s.resultsPage, pages-1)
	var keys []fyne.CanvasObject
	for _, p := range s.results[s.resultsPage*per : min(len(s.results), (s.resultsPage+1)*per)] {
		b := ui.NewBigButton(p.Name, func() { s.openProcedure(p) })
		b.Lines = []string{s.fieldName(p.FieldID, p.FieldName)}
		b.Align, b.MinHeight = fyne.TextAlignLeading, 130
		b.TitleSize = s.titleSize(p.Name, cols)
		s.resultKeys[p.ID] = b
		keys = append(keys, b)
	}
	grid := container.NewGridWithColumns(cols, filler(keys, per, pages > 1)...)
	bottom := s.bottomBar(back, s.resultsPage, pages, func(d int) { s.resultsPage += d; s.show(PageResults) })
	return s.screen(top, bottom, grid)
}

// titleSize is the largest size at which a result's name wraps to at
// most the three lines a key's title shows, in a grid of cols columns.
func (s *Screen) titleSize(name string, cols int) float32 {
	w := s.root.Size().Width
	if w <= 0 {
		w = 1080
	}
	w = (w-4*ui.Margin)/float32(cols) - 2*ui.Margin
	for _, size := range []float32{ui.TextLarge, ui.TextBody + 4, ui.TextBody} {
		if linesOf(name, size, true, w) <= 3 {
			return size
		}
	}
	return ui.TextSmall
}

// ---- procedure ----

// item is one paragraph of a procedure page: a section's title or a line.
type item struct {
	text string
	head bool
	// lead is a line that introduces the next ones (a case's title): a
	// page never ends with it.
	lead bool
}

func (s *Screen) openProcedure(p procedures.Procedure) {
	s.proc, s.procPage, s.status, s.printing = p, 0, "", false
	s.o.Log.Info("procedure opened", "id", p.ID)
	s.show(PageProcedure)
}

func (s *Screen) channelName(kind string) string {
	switch kind {
	case procedures.InPerson:
		return s.tr.L("lookup.channel.in_person")
	case procedures.Online:
		return s.tr.L("lookup.channel.online")
	case procedures.Post:
		return s.tr.L("lookup.channel.post")
	}
	return kind
}

// documentLine is one paper: its name, how many originals and copies, its form.
func (s *Screen) documentLine(d procedures.Document) string {
	line := d.Name
	var counts []string
	if d.Originals > 0 {
		counts = append(counts, s.tr.L("lookup.doc.originals", map[string]any{"N": d.Originals}))
	}
	if d.Copies > 0 {
		counts = append(counts, s.tr.L("lookup.doc.copies", map[string]any{"N": d.Copies}))
	}
	if len(counts) > 0 {
		line += ": " + strings.Join(counts, ", ")
	}
	if d.Form != "" {
		line += ". " + s.tr.L("lookup.doc.form", map[string]any{"Form": d.Form})
	}
	return ui.NFC(line)
}

// sectionsOf is the procedure's filled sections, in the order a citizen
// needs them.
func (s *Screen) sectionsOf(p procedures.Procedure) [][]item {
	var out [][]item
	add := func(key string, lines []string) {
		if len(lines) == 0 {
			return
		}
		sec := []item{{text: s.tr.L(key), head: true}}
		for _, l := range lines {
			sec = append(sec, item{text: l})
		}
		out = append(out, sec)
	}
	var ch []string
	for _, c := range p.Channels {
		var parts []string
		if c.Deadline != "" {
			parts = append(parts, s.tr.L("lookup.deadline", map[string]any{"Text": c.Deadline}))
		}
		if c.Fee != "" {
			parts = append(parts, s.tr.L("lookup.fee", map[string]any{"Text": c.Fee}))
		}
		if c.Note != "" {
			parts = append(parts, c.Note)
		}
		if len(parts) > 0 {
			ch = append(ch, "• "+s.channelName(c.Kind)+" — "+strings.Join(parts, ". "))
		}
	}
	add("lookup.sec.channels", ch)
	if docs := s.documentLines(p, "• "); len(docs) > 0 {
		sec := []item{{text: s.tr.L("lookup.sec.documents"), head: true}}
		for _, d := range docs {
			sec = append(sec, item{text: d, lead: !strings.HasPrefix(d, "• ")})
		}
		out = append(out, sec)
	}
	var steps []string
	for i, st := range p.Steps {
		steps = append(steps, fmt.Sprintf("%d. %s", i+1, st))
	}
	add("lookup.sec.steps", steps)
	if p.Result != "" {
		add("lookup.sec.result", []string{p.Result})
	}
	if p.Requirements != "" {
		add("lookup.sec.requirements", []string{p.Requirements})
	}
	var legal []string
	for _, l := range p.LegalBasis {
		legal = append(legal, "• "+l)
	}
	add("lookup.sec.legal", legal)
	if p.Agency != "" {
		add("lookup.sec.agency", []string{p.Agency})
	}
	return out
}

// documentLines is thành phần hồ sơ, a line per case title and per paper.
func (s *Screen) documentLines(p procedures.Procedure, bullet string) []string {
	var out []string
	for _, c := range p.Dossier {
		if c.Case != "" {
			out = append(out, s.tr.L("lookup.doc.case", map[string]any{"Case": c.Case}))
		}
		for _, d := range c.Documents {
			out = append(out, bullet+s.documentLine(d))
		}
	}
	return out
}

// textWidth is the width the procedure's paragraphs wrap at.
func (s *Screen) textWidth(w float32) float32 {
	if s.landscape {
		return w - asideWidth - 6*ui.Margin
	}
	return w - 4*ui.Margin
}

// asideWidth is the landscape column of the keys and the QR.
const asideWidth float32 = 560

// linesOf estimates how many lines t wraps to at width w (a little more
// than exact: words do not fill a line to its end).
func linesOf(t string, size float32, bold bool, w float32) int {
	n := 0
	for _, para := range strings.Split(t, "\n") {
		tw := fyne.MeasureText(para, size, fyne.TextStyle{Bold: bold}).Width
		n += max(1, int(math.Ceil(float64(tw*1.12/w))))
	}
	return n
}

// paginate splits the sections into pages of at most budget height; a
// section cut across pages repeats its title with "(tiếp)".
func (s *Screen) paginate(secs [][]item, width, budget float32) [][]item {
	lh := func(head bool) float32 {
		size := ui.TextBody
		if head {
			size = ui.TextLarge
		}
		return fyne.MeasureText("Ấy", size, fyne.TextStyle{Bold: head}).Height
	}
	height := func(it item) float32 {
		size := ui.TextBody
		if it.head {
			size = ui.TextLarge
		}
		return float32(linesOf(it.text, size, it.head, width))*lh(it.head) + 8
	}
	var pages [][]item
	var cur []item
	var used float32
	for _, sec := range secs {
		head := sec[0]
		for i, it := range sec {
			h := height(it)
			if i == 0 && used > 0 && used+h+height(sec[1]) > budget || i > 0 && used+h > budget {
				var carry []item
				if n := len(cur); n > 0 && cur[n-1].lead {
					cur, carry = cur[:n-1], cur[n-1:]
				}
				pages = append(pages, cur)
				cur, used = nil, 0
				if i > 0 {
					cont := item{text: head.text + " " + s.tr.L("lookup.continued"), head: true}
					cur, used = append(cur, cont), height(cont)
				}
				for _, c := range carry {
					cur, used = append(cur, c), used+height(c)
				}
			}
			if i == 0 && len(cur) > 0 {
				used += sectionGap + theme.Padding()
			}
			cur = append(cur, it)
			used += h
		}
	}
	if len(cur) > 0 {
		pages = append(pages, cur)
	}
	return pages
}

func (s *Screen) serviceFor(p procedures.Procedure) string {
	if s.o.ServiceFor == nil {
		return ""
	}
	return s.o.ServiceFor(p)
}

func (s *Screen) procedurePage() fyne.CanvasObject {
	p := s.proc
	size := s.root.Size()
	if size.Width <= 0 {
		size = fyne.NewSize(1080, 1920)
	}
	sub := s.fieldName(p.FieldID, p.FieldName)
	if p.Code != "" {
		sub += " · " + s.tr.L("lookup.code", map[string]any{"Code": p.Code})
	}
	top := s.header(p.Name, ui.TextLarge, sub)

	// The keys and the QR: a column at the right in landscape, a row
	// above the bottom bar in portrait.
	var keys []fyne.CanvasObject
	if svc := s.serviceFor(p); svc != "" {
		s.ticket = ui.NewBigButton(s.tr.L("lookup.ticket"), func() {
			s.o.Log.Info("ticket for procedure", "id", p.ID, "service", svc)
			s.Stop() // the dispenser shows its ticket now: no idle close after
			if s.o.OnTicket != nil {
				s.o.OnTicket(svc)
			}
		})
		s.ticket.Fill, s.ticket.MinHeight = ui.ColorSelected, 120
		keys = append(keys, s.ticket)
	}
	if len(p.Dossier) > 0 && s.o.OnPrint != nil {
		s.print = ui.NewBigButton(s.tr.L("lookup.print"), s.startPrint)
		s.print.MinHeight = 120
		keys = append(keys, s.print)
	}
	s.statusText = ui.NewText(s.status, ui.TextBody, ui.ColorAccent, true, fyne.TextAlignCenter)
	s.texts = append(s.texts, s.statusText)
	qr := s.qrImage(p)
	var aside fyne.CanvasObject
	var asideH float32
	if s.landscape {
		col := container.NewVBox(append(keys, s.statusText)...)
		if qr != nil {
			col.Add(container.NewCenter(qr))
			col.Add(s.text(s.tr.L("lookup.qr"), ui.TextSmall, false, fyne.TextAlignCenter))
		}
		aside = container.New(fixedWidth{asideWidth}, col)
	} else {
		row := container.NewVBox(container.NewGridWithColumns(max(1, len(keys)), keys...), s.statusText)
		asideH = 120 + 60
		if qr != nil {
			caption := s.text(s.tr.L("lookup.qr"), ui.TextSmall, false, fyne.TextAlignLeading)
			row = container.NewVBox(container.NewBorder(nil, nil, qr, nil, container.NewVBox(caption, row)))
			asideH = max(asideH, qrSize) + 20
		}
		aside = row
	}

	width := s.textWidth(size.Width)
	headerH := float32(linesOf(p.Name, ui.TextLarge, true, size.Width-4*ui.Margin))*fyne.MeasureText("Ấy", ui.TextLarge, fyne.TextStyle{Bold: true}).Height +
		float32(linesOf(sub, ui.TextBody, false, size.Width-4*ui.Margin))*fyne.MeasureText("Ấy", ui.TextBody, fyne.TextStyle{}).Height + 30
	budget := size.Height - headerH - asideH - ui.MinTouch - 6*ui.Margin
	s.sections = s.paginate(s.sectionsOf(p), width, budget)
	pages := len(s.sections)
	s.procPage = min(s.procPage, max(0, pages-1))
	col := container.NewVBox()
	if pages > 0 {
		for i, it := range s.sections[s.procPage] {
			if it.head {
				if i > 0 {
					gap := canvas.NewRectangle(color.Transparent)
					gap.SetMinSize(fyne.NewSize(1, sectionGap))
					col.Add(gap)
				}
				t := s.text(it.text, ui.TextLarge, true, fyne.TextAlignLeading)
				t.Color = ui.ColorPrimary
				col.Add(t)
				continue
			}
			col.Add(s.text(it.text, ui.TextBody, false, fyne.TextAlignLeading))
		}
	}
	bottom := s.bottomBar(func() { s.show(PageResults) }, s.procPage, pages, func(d int) { s.procPage += d; s.show(PageProcedure) })
	if s.landscape {
		return s.screen(top, bottom, container.NewBorder(nil, nil, nil, aside, col))
	}
	return s.screen(top, container.NewVBox(aside, bottom), col)
}

// sectionGap is the space above a section's title.
const sectionGap float32 = 16

// qrSize is the side of the QR code on screen.
const qrSize float32 = 240

// qrImage is the QR code of the procedure's page on the national portal,
// or nil when the catalogue has no link for it. (A link to the portal's
// search for its name would do for the others, but the portal's search
// address could not be checked offline: no QR rather than a wrong one.)
func (s *Screen) qrImage(p procedures.Procedure) *canvas.Image {
	if p.PortalURL == "" {
		return nil
	}
	q, err := qrcode.New(p.PortalURL, qrcode.Medium)
	if err != nil {
		s.o.Log.Warn("procedure qr", "id", p.ID, "err", err)
		return nil
	}
	bits := q.Bitmap()
	n := len(bits)
	img := image.NewGray(image.Rect(0, 0, n, n))
	for y, row := range bits {
		for x, on := range row {
			c := uint8(0xff)
			if on {
				c = 0
			}
			img.Pix[y*img.Stride+x] = c
		}
	}
	s.qr = canvas.NewImageFromImage(img)
	s.qr.ScaleMode = canvas.ImageScalePixels
	s.qr.FillMode = canvas.ImageFillContain
	s.qr.SetMinSize(fyne.NewSize(qrSize, qrSize))
	return s.qr
}

// PrintLines is the documents list as printed: the procedure, its papers
// case by case, and when it was printed.
func (s *Screen) PrintLines(p procedures.Procedure) []string {
	lines := []string{s.tr.L("lookup.print.title"), ui.NFC(p.Name), ""}
	lines = append(lines, s.documentLines(p, "- ")...)
	lines = append(lines, "")
	if u := s.updatedLine(); u != "" {
		lines = append(lines, u)
	}
	lines = append(lines, s.tr.L("lookup.print.at", map[string]any{"Time": s.o.Now().Format("15:04 02/01/2006")}))
	return lines
}

func (s *Screen) setStatus(st string) {
	s.status = st
	if s.statusText != nil {
		s.statusText.SetText(st)
	}
}

func (s *Screen) startPrint() {
	if s.printing {
		return
	}
	s.printing = true
	s.setStatus(s.tr.L("lookup.printing"))
	lines, p := s.PrintLines(s.proc), s.proc
	go func() {
		err := s.o.OnPrint(lines)
		ui.Do(func() {
			s.printing = false
			if err != nil {
				s.o.Log.Warn("print documents list", "id", p.ID, "err", err)
				s.setStatus(s.tr.L("lookup.print.failed"))
				return
			}
			s.setStatus(s.tr.L("lookup.print.done"))
		})
	}()
}

// orientLayout fills the window with the page and redraws it when the
// window turns between portrait and landscape (or first gets its size:
// the procedure page is paged for the height it has).
type orientLayout struct {
	s    *Screen
	last fyne.Size
}

func (l *orientLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if size.Width > 0 && size != l.last {
		land := size.Width > size.Height
		turned := land != l.s.landscape
		l.last = size
		l.s.landscape = land
		if turned || l.s.page == PageProcedure {
			l.s.show(l.s.page)
			objs = l.s.root.Objects
		}
	}
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// fixedWidth gives its object w, whatever the object's own least width.
type fixedWidth struct{ w float32 }

func (f fixedWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

func (f fixedWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var h float32
	for _, o := range objs {
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(f.w, h)
}

func (l *orientLayout) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.NewSize(480, 480) }
