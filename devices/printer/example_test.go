package printer_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/motcua-kiosk/motcua/devices/escpos"
	"github.com/motcua-kiosk/motcua/devices/printer"
	"github.com/motcua-kiosk/motcua/devices/serialport"
)

// ExampleOpen opens a printer by SPEC and prints the reference ticket. A
// kiosk passes its configured SPEC: "/dev/ttyUSB0", "COM3",
// "usb:0416:5011", "file:/var/log/kiosk/tickets.bin" or "virtual:DIR";
// this example uses virtual:DIR so it runs anywhere.
func ExampleOpen() {
	dir, err := os.MkdirTemp("", "tickets")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)

	p, err := printer.Open("virtual:"+dir, printer.Config{
		Profile: "generic-80mm",
		// Used only by serial SPECs: 38400 8N1 with XON/XOFF.
		Serial: serialport.Config{Baud: 38400, XONXOFF: true},
	})
	if err != nil {
		fmt.Println("open:", err)
		return
	}
	defer p.Close()

	st, _ := p.Status(context.Background())
	fmt.Println("state:", st.State())
	if err := p.Print(context.Background(), escpos.ReferenceTicket()); err != nil {
		fmt.Println("print:", err)
		return
	}
	jobs, _ := filepath.Glob(filepath.Join(dir, "*.bin"))
	pictures, _ := filepath.Glob(filepath.Join(dir, "*.png"))
	fmt.Println("jobs saved:", len(jobs), "pictures:", len(pictures))
	// Output:
	// state: ready
	// jobs saved: 1 pictures: 1
}
