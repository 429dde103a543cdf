package dispenser

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"github.com/skip2/go-qrcode"

	"github.com/motcua-kiosk/motcua/kiosk/hub"
	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/ui"
	"github.com/motcua-kiosk/motcua/kiosk/ui/rating"
)

// ticketWidgets are the ticket screen's parts, kept for tests.
type ticketWidgets struct {
	status *ui.Text
	box    *canvas.Rectangle
	done   *ui.BigButton
	tap    *ui.TapArea
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
	d.after(d.ticketTimeout(false), d.Home)
}

func (d *Dispenser) renderTicket() {
	tr := d.tr()
	is := d.last
	t := is.Ticket
	heading := ui.NewText(tr.L("ticket.heading"), ui.TextLarge, ui.ColorText, false, fyne.TextAlignCenter)
	number := ui.NewText(t.Number, ui.TextHuge, ui.ColorPrimary, true, fyne.TextAlignCenter)
	service := ui.NewText(tr.Pick(is.Service.Name, is.Service.NameEN), ui.TextLarge, ui.ColorText, true, fyne.TextAlignCenter)
	info := []fyne.CanvasObject{heading, number, service}
	cfg := d.o.Config()
	if p, ok := cfg.Priority(t.Priority); ok {
		info = append(info, ui.NewText(tr.L("ticket.priority", map[string]any{"Name": tr.Pick(p.Name, p.NameEN)}), ui.TextBody, ui.ColorSelected, true, fyne.TextAlignCenter))
	}
	info = append(info, ui.NewText(tr.L("ticket.ahead", map[string]any{"N": is.Estimate.Ahead}), ui.TextLarge, ui.ColorText, false, fyne.TextAlignCenter))
	if m := minutes(is.Estimate.Wait); m > 0 {
		info = append(info, ui.NewText(tr.L("ticket.wait", map[string]any{"Min": m}), ui.TextLarge, ui.ColorText, false, fyne.TextAlignCenter))
	} else {
		info = append(info, ui.NewText(tr.L("ticket.wait_none"), ui.TextLarge, ui.ColorText, false, fyne.TextAlignCenter))
	}

	var qr fyne.CanvasObject = canvas.NewRectangle(ui.ColorBackground)
	if url := d.o.Settings().TicketURL(t.Ref); url != "" {
		if q, err := qrcode.New(url, qrcode.Medium); err == nil {
			q.DisableBorder = false
			img := canvas.NewImageFromImage(q.Image(256)) // scaled up by pixels: small texture, sharp modules
			img.FillMode, img.ScaleMode = canvas.ImageFillContain, canvas.ImageScalePixels
			img.SetMinSize(fyne.NewSize(300, 300))
			qr = container.NewVBox(container.NewCenter(img), ui.NewText(tr.L("ticket.qr"), ui.TextSmall, ui.ColorMuted, false, fyne.TextAlignCenter))
		}
	}

	take := ui.NewText(tr.L("ticket.take"), ui.TextTitle, ui.ColorSelected, true, fyne.TextAlignCenter)
	d.ticketUI.status = ui.NewText(tr.L("ticket.printing"), ui.TextBody, ui.ColorMuted, false, fyne.TextAlignCenter)
	d.ticketUI.box = canvas.NewRectangle(ui.ColorBackground)
	d.ticketUI.box.CornerRadius = 10
	status := container.NewStack(d.ticketUI.box, container.NewPadded(d.ticketUI.status))
	d.ticketUI.done = ui.NewBigButton(tr.L("ticket.done"), d.Home)
	d.ticketUI.done.Fill, d.ticketUI.done.TextColor, d.ticketUI.done.TitleSize = ui.ColorSecondary, ui.ColorText, ui.TextBody
	d.ticketUI.tap = ui.NewTapArea(d.Home)

	var body fyne.CanvasObject
	if d.landscape {
		left := container.NewVBox(info...)
		right := container.NewVBox(qr)
		body = container.NewBorder(nil, container.NewVBox(take, status, d.ticketUI.done), nil, nil,
			container.NewGridWithColumns(2, container.NewCenter(left), container.NewCenter(right)))
	} else {
		col := append(info, container.NewCenter(qr), take, status)
		body = container.NewBorder(nil, d.ticketUI.done, nil, nil, ui.Box(1000, container.NewVBox(col...)))
	}
	d.replace(ScreenTicket, ui.Screen(container.NewStack(d.ticketUI.tap, container.NewPadded(body))))
	d.paintPrintState()
}

// printed takes the printer's answer for the ticket on screen.
func (d *Dispenser) printed(err error) {
	if err != nil {
		d.printState = "failed"
		d.after(d.ticketTimeout(true), d.Home)
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
	d.set(ScreenClosed, ui.Screen(ui.Box(1000, container.NewVBox(t, sub, back))))
	d.after(8*time.Second, d.Home)
	// The home screen must show the closure at once, not at the next event.
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if st, err := d.o.API.State(ctx); err == nil {
			ui.Do(func() { d.services = st.Services })
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
