package dispenser

import (
	"context"
	"fmt"
	"image"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"github.com/skip2/go-qrcode"

	"github.com/motcua-kiosk/motcua/kiosk/hub"
	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/speech"
	"github.com/motcua-kiosk/motcua/kiosk/ui"
	"github.com/motcua-kiosk/motcua/kiosk/ui/rating"
)

// ticketWidgets are the ticket screen's parts. The screen is built once
// per language and orientation and then refilled for each ticket: new
// canvas objects per ticket would each get a new GL texture, kept for a
// minute after the screen is gone.
type ticketWidgets struct {
	key                                string
	screen                             fyne.CanvasObject
	heading, number, service, priority *ui.Text
	ahead, wait, take, qrNote          *ui.Text
	qr                                 *canvas.Image
	qrBox                              *fyne.Container
	qrPix                              *image.Gray // the QR's modules, one pixel each, reused
	status                             *ui.Text
	box                                *canvas.Rectangle
	done                               *ui.BigButton
	tap                                *ui.TapArea
}

// Issued returns the last ticket shown.
func (d *Dispenser) Issued() hub.Issued { return d.last }

// PrintState returns "printing", "printed" or "failed" for the ticket shown.
func (d *Dispenser) PrintState() string { return d.printState }

// StatusText returns the ticket screen's printing line.
func (d *Dispenser) StatusText() string {
	if d.ticketUI.status == nil {
		return ""
	}
	return d.ticketUI.status.Text
}

// DoneButton returns the ticket screen's back button.
func (d *Dispenser) DoneButton() *ui.BigButton { return d.ticketUI.done }

func (d *Dispenser) ticketTimeout(failed bool) time.Duration {
	t := time.Duration(d.o.Settings().TicketSeconds) * time.Second
	if failed {
		t = max(3*t, 45*time.Second) // time to note the number down
	}
	return t
}

func (d *Dispenser) showTicket(is hub.Issued) {
	d.set(ScreenTicket, nil) // a new screen: old timers and print results no longer apply
	d.last, d.printState = is, "printing"
	d.o.Log.Info("ticket issued", "ticket", is.Ticket.Number, "priority", is.Ticket.Priority, "ahead", is.Estimate.Ahead)
	d.renderTicket()
	d.print(is, d.lang)
	d.startTicketTimeout(false)
	d.speakAuto(d.ticketSpeech())
}

func (d *Dispenser) renderTicket() {
	key := fmt.Sprintf("%s|%t", d.lang, d.landscape)
	if d.ticketUI.screen == nil || d.ticketUI.key != key {
		d.buildTicket(key)
	}
	tr := d.tr()
	is := d.last
	t := is.Ticket
	u := &d.ticketUI
	u.heading.SetText(ticketHeading(tr, t, "ticket.heading"))
	u.number.SetText(t.Number)
	u.service.SetText(tr.Pick(is.Service.Name, is.Service.NameEN))
	cfg := d.o.Config()
	if p, ok := cfg.Priority(t.Priority); ok {
		u.priority.SetText(tr.L("ticket.priority", map[string]any{"Name": tr.Pick(p.Name, p.NameEN)}))
		u.priority.Show()
	} else {
		u.priority.Hide()
	}
	d.paintWait()
	if d.paintQR(d.o.Settings().TicketURL(t.Ref)) {
		u.qrBox.Show()
	} else {
		u.qrBox.Hide()
	}
	u.status.TextSize, u.status.Color, u.status.Bold = ui.TextBody, ui.ColorMuted, false
	u.box.FillColor = ui.ColorBackground
	d.replace(ScreenTicket, u.screen)
	d.paintPrintState()
}

// paintWait writes the ticket screen's people ahead and wait. It promises
// minutes only when a counter that serves the ticket's service is open,
// and "Ông/bà sẽ được gọi ngay" only when nobody is ahead and one of them is
// idle (all busy: "Ông/bà là người kế tiếp"); with none open it says the
// counter is not open yet and that the citizen will be called when it is.
func (d *Dispenser) paintWait() {
	tr, u, est := d.tr(), &d.ticketUI, d.last.Estimate
	d.ticketOpen = d.open(d.last.Ticket.Service)
	u.ahead.SetText(tr.L("ticket.ahead", map[string]any{"N": est.Ahead}))
	switch m := minutes(est.Wait); {
	case d.ticketOpen == 0:
		u.wait.SetText(tr.L("ticket.no_counter"))
	case m > 0:
		u.wait.SetText(tr.L("ticket.wait", map[string]any{"Min": m}))
	case est.Ahead == 0 && queue.IdleCounters(d.counters, d.last.Ticket.Service) > 0:
		u.wait.SetText(tr.L("ticket.wait_none"))
	default:
		// Every open counter is busy: the citizen is next, not called
		// at once.
		u.wait.SetText(tr.L("ticket.wait_next"))
	}
}

// refreshTicketWait follows the counters while the ticket screen is up: a
// counter that opens or closes for the ticket's service changes what the
// screen may promise. Closing needs no figure; an opening asks the hub for
// the ticket's estimate among the counters open now.
func (d *Dispenser) refreshTicketWait() {
	is := d.last
	open := d.open(is.Ticket.Service)
	if open == d.ticketOpen {
		return
	}
	if open == 0 {
		d.paintWait()
		return
	}
	// One question per change, not one per event until the answer: till
	// then the screen keeps its last, more careful, words.
	d.ticketOpen = open
	gen := d.gen
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		info, err := d.o.API.Ticket(ctx, is.Ticket.ID)
		if err != nil {
			d.o.Log.Warn("ticket estimate", "ticket", is.Ticket.Number, "err", err)
			return
		}
		ui.Do(func() {
			if d.gen == gen && d.screen == ScreenTicket {
				d.last.Estimate = info.Estimate
				d.paintWait()
			}
		})
	}()
}

// paintQR draws url's QR code into the screen's one QR image, a pixel per
// module: the GL driver scales it up by pixels (sharp modules) from a
// texture of a few kilobytes. It reports whether there is a code to show.
func (d *Dispenser) paintQR(url string) bool {
	if url == "" {
		return false
	}
	q, err := qrcode.New(url, qrcode.Medium)
	if err != nil {
		d.o.Log.Warn("ticket qr", "err", err)
		return false
	}
	q.DisableBorder = false
	bits := q.Bitmap()
	n := len(bits)
	u := &d.ticketUI
	if u.qrPix == nil || u.qrPix.Rect.Dx() != n {
		u.qrPix = image.NewGray(image.Rect(0, 0, n, n))
	}
	for y, row := range bits {
		for x, on := range row {
			c := uint8(0xff)
			if on {
				c = 0
			}
			u.qrPix.Pix[y*u.qrPix.Stride+x] = c
		}
	}
	u.qr.Image = u.qrPix
	u.qr.Refresh() // frees the last ticket's texture now and uploads this one
	return true
}

// buildTicket makes the ticket screen's objects for a language and an
// orientation.
func (d *Dispenser) buildTicket(key string) {
	tr := d.tr()
	u := &d.ticketUI
	*u = ticketWidgets{key: key}
	u.heading = ui.NewText(tr.L("ticket.heading"), ui.TextLarge, ui.ColorText, false, fyne.TextAlignCenter)
	u.number = ui.NewText("", ui.TextHuge, ui.ColorPrimary, true, fyne.TextAlignCenter)
	u.service = ui.NewText("", ui.TextLarge, ui.ColorText, true, fyne.TextAlignCenter)
	u.priority = ui.NewText("", ui.TextBody, ui.ColorSelected, true, fyne.TextAlignCenter)
	u.ahead = ui.NewText("", ui.TextLarge, ui.ColorText, false, fyne.TextAlignCenter)
	u.wait = ui.NewText("", ui.TextLarge, ui.ColorText, false, fyne.TextAlignCenter)
	// The number, the people ahead and the minutes change with every
	// ticket: drawn digit by digit they reuse the digits' textures.
	u.number.SplitDigits, u.ahead.SplitDigits, u.wait.SplitDigits = true, true, true
	info := []fyne.CanvasObject{u.heading, u.number, u.service, u.priority, u.ahead, u.wait}

	u.qr = canvas.NewImageFromImage(image.NewGray(image.Rect(0, 0, 1, 1)))
	u.qr.FillMode, u.qr.ScaleMode = canvas.ImageFillContain, canvas.ImageScalePixels
	u.qr.SetMinSize(fyne.NewSize(300, 300))
	u.qrNote = ui.NewText(tr.L("ticket.qr"), ui.TextSmall, ui.ColorMuted, false, fyne.TextAlignCenter)
	u.qrBox = container.NewVBox(container.NewCenter(u.qr), u.qrNote)

	u.take = ui.NewText(tr.L("ticket.take"), ui.TextTitle, ui.ColorSelected, true, fyne.TextAlignCenter)
	u.status = ui.NewText(tr.L("ticket.printing"), ui.TextBody, ui.ColorMuted, false, fyne.TextAlignCenter)
	u.box = canvas.NewRectangle(ui.ColorBackground)
	u.box.CornerRadius = 10
	status := container.NewStack(u.box, container.NewPadded(u.status))
	u.done = ui.NewBigButton(tr.L("ticket.done"), d.Home)
	u.done.Fill, u.done.TextColor, u.done.TitleSize = ui.ColorSecondary, ui.ColorText, ui.TextBody
	u.tap = ui.NewTapArea(d.Home)
	var speak fyne.CanvasObject // nil: no speaker, no row
	d.access.ticketKey, speak = ui.SpeechRow(tr, d.o.Speech, d.ticketSpeech)

	var body fyne.CanvasObject
	if d.landscape {
		left := container.NewVBox(info...)
		right := container.NewVBox(u.qrBox)
		body = container.NewBorder(speak, container.NewVBox(u.take, status, u.done), nil, nil,
			container.NewGridWithColumns(2, container.NewCenter(left), container.NewCenter(right)))
	} else {
		col := append(info, container.NewCenter(u.qrBox), u.take, status)
		body = container.NewBorder(speak, u.done, nil, nil, ui.Box(1000, container.NewVBox(col...)))
	}
	u.screen = ui.Screen(container.NewStack(u.tap, container.NewPadded(body)))
}

// printed takes the printer's answer for the ticket on screen.
func (d *Dispenser) printed(err error) {
	if err != nil {
		d.printState = "failed"
		d.startTicketTimeout(true)
	} else {
		d.printState = "printed"
	}
	d.paintPrintState()
}

func (d *Dispenser) paintPrintState() {
	tr := d.tr()
	switch d.printState {
	case "failed":
		d.ticketUI.status.TextSize, d.ticketUI.status.Color, d.ticketUI.status.Bold = ui.TextLarge, ui.ColorAccent, true
		d.ticketUI.status.SetText(tr.L("ticket.print_failed"))
		d.ticketUI.box.FillColor = ui.ColorWarning
	case "printed":
		d.ticketUI.status.SetText(tr.L("ticket.wait_call"))
		d.ticketUI.box.FillColor = ui.ColorBackground
	default:
		d.ticketUI.status.SetText(tr.L("ticket.printing"))
	}
	d.ticketUI.box.Refresh()
}

// showClosed tells the citizen why no ticket was given, then goes home.
func (d *Dispenser) showClosed(msg string) {
	tr := d.tr()
	t := ui.NewText(msg, ui.TextTitle, ui.ColorAccent, true, fyne.TextAlignCenter)
	sub := ui.NewText(tr.L("ticket.unavailable"), ui.TextLarge, ui.ColorText, false, fyne.TextAlignCenter)
	back := ui.NewBigButton(tr.L("error.back"), d.Home)
	var body fyne.CanvasObject = ui.Box(1000, container.NewVBox(t, sub, back))
	speak, row := ui.SpeechRow(tr, d.o.Speech, func() speech.Utterance { return speech.Lines(string(d.lang), t.Text, sub.Text, back.Title) })
	if row != nil {
		body = container.NewBorder(ui.Inset(ui.Margin, row), nil, nil, nil, body)
	}
	d.set(ScreenClosed, ui.Screen(body))
	d.access.closedKey = speak
	d.speakAuto(speech.Lines(string(d.lang), t.Text, sub.Text))
	d.startCountdown(ClosedFor, nil)
	// The home screen must show the closure at once, not at the next event.
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if st, err := d.o.API.State(ctx); err == nil {
			ui.Do(func() { d.services, d.counters = st.Services, st.Counters })
		}
	}()
}

// Flow returns the rating flow shown from "Đánh giá" (nil otherwise).
func (d *Dispenser) Flow() *rating.Flow { return d.flow }

func (d *Dispenser) showRating() {
	if d.screen != ScreenHome {
		return
	}
	cfg := d.o.Config()
	var letters []string
	for _, s := range cfg.Services {
		letters = append(letters, s.Code)
	}
	f := rating.NewLookup(rating.Options{
		API: d.o.API, Lang: d.lang, Letters: letters, OfficerName: d.o.OfficerName, Log: d.o.Log,
		Timeout:     time.Duration(d.o.Settings().RatingSeconds) * time.Second,
		ServiceName: func(code string, l ui.Lang) string { return serviceName(cfg, code, l) },
		OnDone:      d.Home,
		AfterFunc:   d.o.AfterFunc, Speech: d.o.Speech, SpeakAuto: d.o.Settings().SpeakAuto,
	})
	d.set(ScreenRating, f.Content())
	d.flow = f
}

// Scanned takes a code from the barcode scanner: on the rating lookup it
// is the ticket; elsewhere it is ignored.
func (d *Dispenser) Scanned(code string) {
	if d.screen == ScreenRating && d.flow != nil {
		d.flow.Scanned(code)
	}
}

func serviceName(cfg queue.Config, code string, l ui.Lang) string {
	if s, ok := cfg.Service(code); ok {
		return ui.Tr{Lang: l}.Pick(s.Name, s.NameEN)
	}
	return code
}
