// Package serialport is the kiosk's serial transport and the only package
// that imports go.bug.st/serial. It opens a line by device path (/dev/ttyUSB0,
// COM3) or by USB VID:PID through the enumerator, and turns it into a
// devices.Port that a receipt printer can live with: writes go out in chunks
// the printer's receive buffer can take, software flow control (XON/XOFF,
// which go.bug.st/serial lacks) pauses them, and a background reader keeps
// watching the line so that flow-control bytes are seen while a job is being
// written and status answers are kept for the next Read.
//
// About the ambiguity of XON (0x11) and XOFF (0x13) with status bytes: with
// XONXOFF set, every 0x11 and 0x13 that arrives is consumed as flow control
// and never handed to Read. This is safe for ESC/POS because Epson designed
// its status answers not to collide: every DLE EOT answer has bit 1 set and
// bit 0 clear (0xx1xx10); the first byte of an Automatic Status Back has
// bits 0 and 1 clear and the other three have bit 4 clear; so none of them
// can be 0x11 (00010001) or 0x13 (00010011). A device whose replies are
// arbitrary binary (a firmware dump, a printer ID with such bytes) must be
// used with XONXOFF off.
package serialport
