// Package devices holds the small interfaces and plain types through which
// the rest of the kiosk sees its hardware: the ticket printer, the serial
// port under it, the barcode scanner and the speaker. Implementations live
// in subpackages (escpos for the bytes, serialport for the wire, audio for
// sound); nothing here does I/O, so the queue, the hub and the UI can be
// tested with the fakes in this package or with the real parts.
package devices
