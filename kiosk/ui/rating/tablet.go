package rating

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/speech"
	"github.com/motcua-kiosk/motcua/kiosk/ui"
)

// Tablet is the rating screen on a counter's tablet. It waits, showing the
// counter, and when the officer at its counter completes a ticket it shows
// the stars for that ticket; the flow closes by itself after Timeout.
type Tablet struct {
	o       Options
	counter int
	tr      ui.Tr
	root    *fyne.Container
	flow    *Flow
	events  int // ticket.done events seen for this counter
	speak   *ui.SpeakKey
}

// NewTablet returns the tablet screen of counter.
func NewTablet(o Options, counter int) *Tablet {
	o.defaults()
	t := &Tablet{o: o, counter: counter, tr: ui.Tr{Lang: o.Lang}, root: container.NewStack()}
	t.idle()
	return t
}

// Content is the tablet's screen.
func (t *Tablet) Content() fyne.CanvasObject { return t.root }

// Flow returns the rating being shown, or nil when idle.
func (t *Tablet) Flow() *Flow { return t.flow }

func (t *Tablet) idle() {
	if t.flow != nil {
		t.flow.Stop()
	}
	t.flow = nil
	title := ui.NewText(t.tr.L("rate.counter_idle", map[string]any{"N": t.counter}), ui.TextHuge/2, ui.ColorPrimary, true, fyne.TextAlignCenter)
	sub := ui.NewText(t.tr.L("rate.waiting"), ui.TextLarge, ui.ColorText, false, fyne.TextAlignCenter)
	var body fyne.CanvasObject = ui.Box(1000, container.NewVBox(title, sub))
	var row fyne.CanvasObject
	if t.speak, row = ui.SpeechRow(t.tr, t.o.Speech, func() speech.Utterance {
		return speech.Lines(string(t.tr.Lang), title.Text, sub.Text)
	}); row != nil {
		body = container.NewBorder(ui.Inset(ui.Margin, row), nil, nil, nil, body)
	}
	t.root.Objects = []fyne.CanvasObject{ui.Screen(body)}
	t.root.Refresh()
}

// SpeakKey is the waiting screen's "Nghe hướng dẫn" key (nil without a
// speaker, or while a rating is shown: see Flow.SpeakKey).
func (t *Tablet) SpeakKey() *ui.SpeakKey {
	if t.flow != nil {
		return t.flow.SpeakKey()
	}
	return t.speak
}

// Show opens the rating of ticket tk (called from Run on ticket.done).
func (t *Tablet) Show(tk queue.Ticket) {
	if t.flow != nil {
		t.flow.Stop()
	}
	o := t.o
	o.OnDone = func() { t.idle() }
	f := NewForTicket(o, tk)
	t.flow = f
	t.root.Objects = []fyne.CanvasObject{f.Content()}
	t.root.Refresh()
	if o.OfficerName != nil && tk.Officer != "" {
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			name := o.OfficerName(ctx, tk.Officer)
			ui.Do(func() {
				if t.flow == f && f.Stage() == StageStars && name != "" {
					f.SetOfficer(name)
					f.showStars()
				}
			})
		}()
	}
}

// Run follows the hub's live events until ctx is done, resubscribing
// after a lost connection.
func (t *Tablet) Run(ctx context.Context) error {
	for {
		ch, err := t.o.API.Subscribe(ctx)
		if err == nil {
			for ev := range ch {
				if ev.Type != string(queue.EventDone) || ev.Event == nil || ev.Event.Ticket == nil {
					continue
				}
				tk := *ev.Event.Ticket
				if tk.Counter != t.counter {
					continue
				}
				t.o.Log.Info("ticket completed at this counter; asking for a rating", "ticket", tk.Number)
				ui.Do(func() { t.events++; t.Show(tk) })
			}
		} else {
			t.o.Log.Warn("rating tablet: subscribe", "err", err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(2 * time.Second):
		}
	}
}
