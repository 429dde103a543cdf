package escpos

// Glyph is one user-defined character for ESC & with y = 3 (24 dots
// high): W columns of 3 bytes each, top byte first, most significant
// bit on top. W is at most 12 in font A.
type Glyph struct {
	W    int
	Cols []byte
}

// userChars maps the runes a ticket needs to downloaded character codes.
type userChars struct {
	code map[rune]byte
}

func (u *userChars) covers(s string) bool { return false }

func (w *ticketWriter) defineUserChars(lines []line) error { return nil }

func (w *ticketWriter) userLine(l line, size int) error { return w.rasterLine(l) }
