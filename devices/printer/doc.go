// Package printer is the kiosk's ticket printer driver: a devices.Printer
// over a devices.Port (normally a serialport.Port). It encodes tickets with
// devices/escpos, asks the printer for its state with DLE EOT 1..4 before
// and after every job (no answer means unplugged), reports each change of
// state to watchers between jobs, and reopens a port that failed, with
// capped exponential backoff, so unplugging and re-plugging the printer
// needs no restart. Open reads the kiosk's printer SPEC: a serial path,
// usb:VID:PID, file:PATH or virtual:DIR, and refuses a text strategy the
// profile says the printer cannot run. PrintTestPage is the admin's test
// print, in the profile's way; PrintProbePage the installer's probe page,
// which tries every feature to find the profile; ErrorText turns a
// failure into the sentence staff read. The
// scripted printer the tests talk to is in the printertest subpackage.
package printer
