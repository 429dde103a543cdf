// Package escpos turns a queue ticket into the bytes an ESC/POS thermal
// printer prints, and reads the status bytes the printer sends back. It
// is pure: no I/O, no clock; devices/printer moves the bytes over a
// serial line and devices/escpos/interp is the virtual printer that
// renders them for tests.
//
// Vietnamese is the hard part. A printer profile
// (assets/printers/profiles.json, LookupProfile) says which ESC t pages hold which tables;
// EncodeTicket then writes the ticket with one of four strategies:
//
//   - codepage: NFC text in TCVN-3 (page 1 lowercase, page 2 toned
//     capitals, switching with ESC t) or VISCII; a line with a letter no
//     page has goes as raster instead, never with the letter dropped.
//   - hybrid (the default for unknown printers): the big number in the
//     printer's font, every other line (English ones too, so both
//     languages look alike) as an image in the embedded Noto Sans,
//     trimmed to the ink and sent at half horizontal resolution with
//     GS v 0 in double-width mode.
//   - userchars: the Vietnamese letters the ticket uses, and only those,
//     downloaded as user-defined characters (ESC &) and printed inline;
//     only on a profile with user_defined_chars, refused elsewhere
//     (Profile.ResolveStrategy, ErrUnsupported).
//   - raster: every line as an image, for printers with nothing better.
//
// QR codes go natively (GS ( k, model 2, level M) where the profile says
// the printer has it, else as a raster image of the same symbol; the cut
// is GS V only where the profile has a cutter. No ticket or test page
// ever holds a command the profile says its printer lacks. EncodeTestPage
// is the admin's test print: the profile's strategy, code pages,
// Vietnamese marks, QR, paper width and cut, printed the way tickets are.
// EncodeProbePage is the one deliberate exception: the installer's probe
// page follows no profile and tries every feature (each Vietnamese ESC t
// page of the shipped profiles, GS ( k, ESC &, GS V), each after a label
// that prints on any printer and says what the paper shows when the
// printer has it, ending with a table of the profiles, so the installer
// chooses one by looking at the paper.
// Every ticket is laid out for a reader without glasses (issue 12): body
// letters at least 3 mm tall (36 px raster, GS ! 2x2 in the printer's
// font), 3 mm of blank paper each side of every line, the number as
// large as fits, and under the service the counters serving it
// (devices.Ticket.Counters) when the caller says.
// ParseStatus and ParseASB fold DLE EOT and Automatic Status Back answers
// into devices.Status. ReferenceTicket is the ticket every benchmark,
// golden file and print test uses; docs/perf/escpos.md has its figures.
package escpos
