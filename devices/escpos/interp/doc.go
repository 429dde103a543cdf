// Package interp is the virtual printer: an ESC/POS interpreter that turns
// the byte stream a kiosk sends to a thermal receipt printer into the picture
// that printer would put on paper, 576 dots wide on 80 mm paper or 384 dots
// on 58 mm.
//
// It is written from the Epson ESC/POS command reference, not from this
// project's encoder, because it is the oracle the encoder is tested against:
// text is decoded through the code page selected with ESC t and drawn with the
// embedded Noto Sans at the size of the printer's Font A (12×24 dots), QR codes
// stored with GS ( k are drawn from their data, raster images (GS v 0) and bit
// images (ESC *) are copied dot for dot, and cuts are drawn as dashed lines.
// Every command the interpreter does not know or does not draw is listed in
// the Report with its byte offset instead of being skipped in silence, and
// Report.Commands counts every command met by its name in the manual.
//
// The interpreter also plays the printer's side of the status protocol: it
// answers real-time status requests (DLE EOT n) and Automatic Status Back
// (GS a) from a scripted State, so that a test printer on a serial line can
// behave like a real one.
package interp
