package dispenser

import (
	"context"
	"time"

	"github.com/motcua-kiosk/motcua/kiosk/hub"
	"github.com/motcua-kiosk/motcua/kiosk/speech"
	"github.com/motcua-kiosk/motcua/kiosk/ui"
)

// accessWidgets are the parts of issue 16 (an accessible kiosk): the speak
// keys, the "Cần hỗ trợ" key and the ticket screen's warned timeout.
type accessWidgets struct {
	countdown  *ui.Countdown // the ticket screen's timeout, warned
	homeSpeak  *ui.SpeakKey
	ticketKey  *ui.SpeakKey
	closedKey  *ui.SpeakKey
	help       *ui.BigButton
	helpAsking bool
}

// HelpAlertKind is the kind of the staff alert the "Cần hỗ trợ" key raises.
const HelpAlertKind = "help"

// SpeakKey returns the speak key of the screen shown (nil without a
// speaker, or on a screen without one).
func (d *Dispenser) SpeakKey() *ui.SpeakKey {
	switch d.screen {
	case ScreenHome:
		return d.access.homeSpeak
	case ScreenTicket:
		return d.access.ticketKey
	case ScreenClosed:
		return d.access.closedKey
	}
	return nil
}

// HelpButton returns the home screen's "Cần hỗ trợ" key.
func (d *Dispenser) HelpButton() *ui.BigButton { return d.access.help }

// Countdown returns the ticket screen's warned timeout.
func (d *Dispenser) Countdown() *ui.Countdown { return d.access.countdown }

// speakAuto says u when the machine is set to speak each screen as it
// opens; a screen's own speech waits for the phrase being said.
func (d *Dispenser) speakAuto(u speech.Utterance) {
	if d.o.Speech != nil && d.o.Settings().SpeakAuto {
		d.o.Speech.Say(u)
	}
}

// homeSpeech is what the home screen says: what it shows.
func (d *Dispenser) homeSpeech() speech.Utterance {
	return speech.Lines(string(d.lang), ui.Shown(d.home.screen)...)
}

// ticketSpeech is what the ticket screen says: the number, the service,
// the people ahead, then its other lines as shown.
func (d *Dispenser) ticketSpeech() speech.Utterance {
	tr, is, u := d.tr(), d.last, &d.ticketUI
	then := []string{u.wait.Text}
	if u.priority.Visible() {
		then = append([]string{u.priority.Text}, then...)
	}
	then = append(then, u.take.Text, u.status.Text)
	return speech.Ticket(string(d.lang), speech.TicketInfo{
		Number: is.Ticket.Number, Service: tr.Pick(is.Service.Name, is.Service.NameEN),
		Ahead: is.Estimate.Ahead, Then: then,
	})
}

// ClosedFor is how long the "no ticket" screen stays before it goes home.
const ClosedFor = 8 * time.Second

// startTicketTimeout starts the ticket screen's timeout, which warns
// before it goes home and can be extended with a tap.
func (d *Dispenser) startTicketTimeout(failed bool) { d.startCountdown(d.ticketTimeout(failed), nil) }

// startCountdown starts the screen's timeout: it warns before it goes
// home (or, on the home screen, back to its start) and a tap on the
// warning extends it. Busy, if not nil, puts the warning off while it
// says there is nothing to lose.
func (d *Dispenser) startCountdown(total time.Duration, busy func() bool) {
	c := d.access.countdown
	c.Warning.Tr, c.Busy = d.tr(), busy
	c.Start(total)
}

// atStart reports whether the home screen is as the next citizen should
// find it: then its idle time has nothing to undo, and no warning to give.
func (d *Dispenser) atStart() bool {
	return d.lang == ui.ParseLang(d.o.Settings().Language) && d.priority == "" && d.page == 0
}

// askHelp raises the staff alert of the "Cần hỗ trợ" key: the desks show
// "Quầy hướng dẫn: người dân cần hỗ trợ tại máy lấy số". One alert at a
// time; the key then says whether it reached the staff.
func (d *Dispenser) askHelp() {
	if d.access.helpAsking {
		return
	}
	d.access.helpAsking = true
	d.touched()
	tr := d.tr()
	a := hub.Alert{Device: d.o.Device, Kind: HelpAlertKind, State: "needed", Message: ui.Tr{Lang: ui.LangVI}.L("help.alert")}
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		err := d.o.API.Alert(ctx, a)
		if err != nil {
			d.o.Log.Error("help alert", "err", err)
		} else {
			d.o.Log.Info("a citizen asked for help at the machine")
		}
		ui.Do(func() {
			d.access.helpAsking = false
			if b := d.access.help; b != nil {
				b.Lines = []string{tr.L("help.sent")}
				if err != nil {
					b.Lines = []string{tr.L("help.failed")}
				}
				b.Refresh()
				if d.o.Speech != nil {
					d.o.Speech.Interrupt(speech.Lines(string(tr.Lang), b.Lines...))
				}
			}
		})
	}()
}

// helpKey builds the home screen's "Cần hỗ trợ" key.
func (d *Dispenser) helpKey() *ui.BigButton {
	tr := d.tr()
	b := ui.NewBigButton(tr.L("help.key"), d.askHelp)
	b.Lines = []string{tr.L("help.sub")}
	b.Fill, b.TextColor, b.TitleSize, b.LineSize = ui.ColorSecondary, ui.ColorText, ui.TextBody, ui.TextSmall
	d.access.help = b
	return b
}

// timeUp is the end of the screen's warned timeout: the home screen goes
// back to its start, every other screen goes home.
func (d *Dispenser) timeUp() {
	if d.screen == ScreenHome {
		d.idle()
		return
	}
	d.Home()
}
