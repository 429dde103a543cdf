package dispenser

import (
	"context"
	"strings"
	"time"

	"github.com/motcua-kiosk/motcua/devices"
	"github.com/motcua-kiosk/motcua/kiosk/procedures"
	"github.com/motcua-kiosk/motcua/kiosk/queue"
	"github.com/motcua-kiosk/motcua/kiosk/ui"
	"github.com/motcua-kiosk/motcua/kiosk/ui/lookup"
)

// ScreenLookup is the procedure look-up (tra cứu thủ tục, issue 13).
const ScreenLookup = "lookup"

// LookupButton is the home screen's "Tra cứu thủ tục" key, nil without a
// catalogue (tests).
func (d *Dispenser) LookupButton() *ui.BigButton { return d.home.lookup }

// Lookup is the open look-up screen, nil elsewhere (tests).
func (d *Dispenser) Lookup() *lookup.Screen { return d.lookup }

// showLookup opens the procedure look-up in the citizen's language; its
// "Lấy số cho thủ tục này" issues a ticket as a tile does, and it closes
// home by itself when left untouched.
func (d *Dispenser) showLookup() {
	if d.screen != ScreenHome || d.o.Procedures == nil {
		return
	}
	cat := d.o.Procedures
	l := lookup.New(lookup.Options{
		Catalogue: cat,
		Lang:      d.lang,
		// The printed list's time is on the office's clock.
		Now:       func() time.Time { cfg := d.o.Config(); return d.o.Now().In(cfg.Location()) },
		Log:       d.o.Log,
		AfterFunc: d.o.AfterFunc,
		Speech:    d.o.Speech, SpeakAuto: d.o.Settings().SpeakAuto,
		ServiceFor: func(p procedures.Procedure) string {
			return serviceForProcedure(d.o.Config(), cat, p)
		},
		OnTicket: func(code string) { d.issueFrom(ScreenLookup, code) },
		OnPrint:  d.printDocuments,
		OnClose:  d.Home,
	})
	d.lookup = l
	d.set(ScreenLookup, l.Content())
}

// printDocuments prints a procedure's documents list on the ticket
// printer, one job at a time with the tickets.
func (d *Dispenser) printDocuments(lines []string) error {
	if d.o.Printer == nil || len(lines) < 2 {
		return devices.ErrDisconnected
	}
	cfg := d.o.Config()
	tr := d.tr()
	d.printMu.Lock()
	defer d.printMu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	return d.o.Printer.Print(ctx, devices.Ticket{
		Office:  tr.Pick(cfg.Office.Name, cfg.Office.NameEN),
		Heading: lines[0], Service: lines[1], Lines: lines[2:],
	})
}

// serviceForProcedure is the queue service a procedure's ticket goes to:
// the catalogue's own mapping when it names a service this office has,
// else the service whose name holds the procedure's field's name ("Hộ
// tịch" → "Hộ tịch – Chứng thực"), folded; "" offers no ticket. The
// admin menu's mapping (Config.ProcedureServices) comes before both.
func serviceForProcedure(cfg queue.Config, cat procedures.Catalogue, p procedures.Procedure) string {
	has := func(code string) bool {
		for _, s := range cfg.Services {
			if s.Code == code && !s.Disabled {
				return true
			}
		}
		return false
	}
	if s, ok := cfg.ProcedureServices[p.FieldID]; ok {
		// The administrator's choice is final: a disabled service
		// offers no ticket rather than another service's.
		if has(s) {
			return s
		}
		return ""
	}
	if s := procedures.ServiceFor(cat, p, nil); s != "" && has(s) {
		return s
	}
	for _, f := range cat.Fields() {
		if f.ID != p.FieldID {
			continue
		}
		name := procedures.Fold(f.Name)
		if name == "" {
			return ""
		}
		for _, s := range cfg.Services {
			if !s.Disabled && strings.Contains(procedures.Fold(s.Name), name) {
				return s.Code
			}
		}
	}
	return ""
}
