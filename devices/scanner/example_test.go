package scanner_test

import (
	"fmt"

	"github.com/motcua-kiosk/motcua/devices/scanner"
)

// A code arrives in pieces, ended by CR LF; the next is ended by the
// suffix the office set its scanner to send (TAB here).
func ExampleLines() {
	l := &scanner.Lines{Suffix: "\t"}
	print := func(code string) { fmt.Printf("%q\n", code) }
	l.Write([]byte("000.00.13.H12-24"), print)
	l.Write([]byte("0315-0001\r"), print)
	l.Write([]byte("\nH12.22-240315-0002\t"), print)
	// Output:
	// "000.00.13.H12-240315-0001"
	// "H12.22-240315-0002"
}
