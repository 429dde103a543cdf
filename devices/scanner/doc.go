// Package scanner reads a serial barcode scanner: the kind that sits under
// the kiosk's counter top and types each code it reads down a serial line
// (RS-232, or USB in its CDC/serial mode), ended by CR, LF or CR LF as
// most scanners leave the factory, or by a suffix the office set.
//
// A Scanner implements devices.Scanner. Its Run opens the port through
// devices/serialport (the one importer of go.bug.st/serial), hands every
// code to its callback as one string, and keeps going through what a
// lobby does to a cable: a code that arrives in pieces is joined (a
// 9600-baud line delivers a long QR's URL over several reads), a line
// longer than MaxLen is dropped whole with a log line rather than cut
// into a wrong code, and a port that goes away (unplugged, powered off)
// is reopened every Retry until it is back. A code half read when the
// port went away is dropped: its end never came.
//
// Lines is the framing on its own, plain Go with no port, for whoever
// has bytes from elsewhere.
package scanner
