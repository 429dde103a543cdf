package lookup_test

import (
	"context"
	"log"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/motcua-kiosk/motcua/devices"
	"github.com/motcua-kiosk/motcua/kiosk/procedures"
	"github.com/motcua-kiosk/motcua/kiosk/ui"
	"github.com/motcua-kiosk/motcua/kiosk/ui/lookup"
)

// Example wires the look-up as a dispenser would: tickets to its issue,
// the documents list to its ticket printer, closing to its home screen.
func Example() {
	cat, err := procedures.Shipped() // procedures.Open(dataDir) on a kiosk
	if err != nil {
		log.Fatal(err)
	}
	var printer devices.Printer = &devices.FakePrinter{}
	byField := map[string]string{"ho-tich": "A"} // the admin's mapping, from settings
	w := test.NewWindow(nil)
	defer w.Close()
	var home func() // the dispenser's Home
	l := lookup.New(lookup.Options{
		Catalogue: cat,
		Lang:      ui.LangVI,
		ServiceFor: func(p procedures.Procedure) string {
			return procedures.ServiceFor(cat, p, byField)
		},
		OnTicket: func(code string) { log.Printf("issue a ticket for service %s", code) },
		OnPrint: func(lines []string) error {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			return printer.Print(ctx, devices.Ticket{Heading: lines[0], Service: lines[1], Lines: lines[2:]})
		},
		OnClose: func() {
			if home != nil {
				home()
			}
		},
	})
	w.SetContent(l.Content())
}
